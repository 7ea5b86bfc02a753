// The timed figures of `cargo xtask bench` (not a test: node --test does not pick it up).
// Prints nothing but progress; writes its figures as JSON to $BENCH_OUT.
import { chromium } from "playwright-core";
import { writeFileSync } from "node:fs";
import { launch, PAGE, EMU, PNG } from "./helpers.mjs";

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const browser = await launch();
const out = { browser: `Chromium ${browser.version()}` };
const log = (...a) => console.error("bench:", ...a);

async function emuPost(path, body) {
  await fetch(EMU + path, { method: "POST", headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
}

async function uploads(n) {
  const replies = [];
  for (let i = 0; i < n; i++) {
    const form = new FormData();
    form.append("upload_preset", "undoable");
    form.append("file", new Blob([PNG], { type: "image/png" }), `b${i}.png`);
    replies.push(await (await fetch(`${EMU}/v1_1/demo/image/upload`, { method: "POST", body: form })).text());
  }
  return replies;
}

// cold_start_ms: from the start of a page's script to the widget's first render, with the npm
// widget build loaded as a page embeds it (pages/cold.html: glue and wasm preloaded, then
// imported, instantiated and mounted).
{
  const runs = [];
  for (let i = 0; i < 9; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.querySelector(".cdt")) { window.__firstRender = performance.now(); obs.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${PAGE}/e2e/pages/cold.html?api=${encodeURIComponent(EMU)}`);
    await page.waitForFunction(() => window.__firstRender !== undefined);
    runs.push(await page.evaluate(() => window.__firstRender - performance.getEntriesByName("script-start")[0].startTime));
    await context.close();
  }
  out.cold_start_ms = median(runs);
  log("cold start", runs.map((r) => r.toFixed(1)).join(" "));
}

/// A session snapshot of `n` live entries, as the widget stores them.
function snapshot(n) {
  const deadline = Date.now() + 590_000;
  const entries = Array.from({ length: n }, (_, i) => ({ public_id: `bench-${i}`, state: "live", token: `t${i}`, deadline, original_filename: `file-${i}` }));
  return JSON.stringify({ format: "cloudinary-delete-token", version: 1, cloud: "demo", entries });
}

// tick_ms_N: main-thread time of one countdown tick with N live entries in the widget: from the
// start of the interval callback to a message posted at its end (so microtasks, yew's render
// included, and any rendering the browser does in between count), less the same round trip
// measured for an empty interval in the same page. That round trip alone is 0.3 to 0.4 ms here,
// about what a tick now costs, and performance.now() is coarsened to 0.1 ms: without taking it
// off, the figure would say more about the harness than about the tick.
async function tick(n) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript((snapshot) => {
    sessionStorage.setItem("cloudinary-delete-token:demo", snapshot);
    window.__ticks = [];
    window.__empty = [];
    const setInterval = window.setInterval;
    const timed = (fn, into) => () => {
      const t0 = performance.now();
      fn();
      const channel = new MessageChannel();
      channel.port1.onmessage = () => into.push(performance.now() - t0);
      channel.port2.postMessage(0);
    };
    window.setInterval = (fn, ms, ...rest) => setInterval(timed(() => fn(...rest), window.__ticks), ms);
    setInterval(timed(() => {}, window.__empty), 1000);
  }, snapshot(n));
  await page.goto(`${PAGE}/?cloud=demo&preset=undoable&api=${encodeURIComponent(EMU)}`);
  await page.locator(`li.cdt-item[aria-setsize="${n}"]`).first().waitFor();
  // Steady state: the first seconds of a page (its first layouts, GC) are not a tick's cost.
  await page.waitForTimeout(5_000);
  await page.evaluate(() => { window.__ticks.length = 0; window.__empty.length = 0; });
  await page.waitForTimeout(11_500);
  const [ticks, empty] = await page.evaluate(() => [window.__ticks, window.__empty]);
  log(`ticks (${n})`, ticks.map((t) => t.toFixed(2)).join(" "), "| empty", empty.map((t) => t.toFixed(2)).join(" "));
  await context.close();
  // Both medians are in performance.now()'s 0.1 ms steps: so is their difference (without the
  // rounding, 0.5 - 0.2 is 0.30000000000000004, over a 0.3 budget).
  return Math.max(0, Math.round((median(ticks) - median(empty)) * 10) / 10);
}
out.tick_ms_1000 = await tick(1000);
out.tick_ms_10000 = await tick(10_000);

// restore_ms_10000: from the start of a page's script to the widget's first render of 10,000
// entries restored from sessionStorage (the cold-start page, its storage set to session).
{
  const runs = [];
  const saved = snapshot(10_000);
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript((saved) => {
      sessionStorage.setItem("cloudinary-delete-token:demo", saved);
      new MutationObserver((_, obs) => {
        if (document.querySelector('.cdt-item[aria-setsize="10000"]')) { window.__restored = performance.now(); obs.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    }, saved);
    await page.goto(`${PAGE}/e2e/pages/cold.html?storage=session&api=${encodeURIComponent(EMU)}`);
    await page.waitForFunction(() => window.__restored !== undefined);
    runs.push(await page.evaluate(() => window.__restored - performance.getEntriesByName("script-start")[0].startTime));
    await context.close();
  }
  out.restore_ms_10000 = median(runs);
  log("restore 10,000", runs.map((r) => r.toFixed(1)).join(" "));
}

// record_vs_json_parse, bytes_per_entry, delete_all_ratio: the npm module in a plain page.
{
  const page = await browser.newPage();
  await page.goto(`${PAGE}/e2e/pages/bench.html`);
  const [typical] = await uploads(1);
  const figures = await page.evaluate(async ({ typical, emu }) => {
    const m = await import("/pkg/cloudinary_delete_token.js");
    const wasm = await m.default();
    const parsed = JSON.parse(typical);
    const variant = (i) => typical.replace(parsed.public_id, `${parsed.public_id}-${i}`).replace(parsed.delete_token, parsed.delete_token.slice(0, -8) + String(i).padStart(8, "0"));
    // First, on the fresh module: memory growth per entry, nothing else allocated before.
    const client = new m.DeleteTokenClient({ cloudName: "demo", apiHost: emu, storage: "memory" });
    const before = wasm.memory.buffer.byteLength;
    for (let i = 0; i < 10_000; i++) client.record(variant(100_000 + i));
    const bytesPerEntry = (wasm.memory.buffer.byteLength - before) / 10_000;
    client.free();
    const strings = Array.from({ length: 2000 }, (_, i) => variant(i));
    const ratios = [];
    // Run 0 warms both paths up (JIT tiers) and is not counted.
    for (let run = 0; run < 12; run++) {
      const client = new m.DeleteTokenClient({ cloudName: "demo", apiHost: emu, storage: "memory" });
      const t0 = performance.now();
      for (const s of strings) client.record(s);
      const t1 = performance.now();
      let keep = 0;
      for (const s of strings) keep += JSON.parse(s).bytes;
      const t2 = performance.now();
      if (run > 0) ratios.push((t1 - t0) / (t2 - t1 || 0.001));
      client.free();
      if (keep < 0) throw new Error("unreachable");
    }
    return { ratios, bytesPerEntry };
  }, { typical, emu: EMU });
  out.record_vs_json_parse = median(figures.ratios);
  out.bytes_per_entry = figures.bytesPerEntry;
  log("record/JSON.parse", figures.ratios.map((r) => r.toFixed(2)).join(" "));

  const ratios = [];
  for (let run = 0; run < 3; run++) {
    const replies = await uploads(500);
    await emuPost("/__emulator/faults", { latency_ms: [50, 50], routes: ["delete_by_token"] });
    const result = await page.evaluate(async ({ replies, emu }) => {
      const m = await import("/pkg/cloudinary_delete_token.js");
      const client = new m.DeleteTokenClient({ cloudName: "demo", apiHost: emu, storage: "memory" });
      for (const r of replies) client.record(r);
      const t0 = performance.now();
      const outcomes = await client.deleteAll();
      const elapsed = performance.now() - t0;
      client.free();
      return { elapsed, deleted: outcomes.filter((o) => o.outcome === "deleted").length };
    }, { replies, emu: EMU });
    await emuPost("/__emulator/faults", {});
    if (result.deleted !== 500) throw new Error(`deleteAll deleted ${result.deleted} of 500`);
    ratios.push(result.elapsed / (Math.ceil(500 / 6) * 50));
  }
  out.delete_all_ratio = median(ratios);
  log("deleteAll/ideal", ratios.map((r) => r.toFixed(3)).join(" "));
  await page.close();
}

await browser.close();
writeFileSync(process.env.BENCH_OUT, JSON.stringify(out));
