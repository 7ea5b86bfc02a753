// temporary microbench of record(): serves /tmp/sz through page.route
import { launch, PNG } from "./helpers.mjs";
import { readFileSync } from "node:fs";
const EMU = process.env.EMU;
const browser = await launch();
const page = await browser.newPage();
await page.route("http://bench.test/**", (route) => {
  const path = new URL(route.request().url()).pathname;
  if (path === "/") return route.fulfill({ body: "<!doctype html><p>x", contentType: "text/html" });
  const file = "/tmp/sz" + path;
  return route.fulfill({ body: readFileSync(file), contentType: path.endsWith(".wasm") ? "application/wasm" : "text/javascript" });
});
await page.goto("http://bench.test/");
const form = new FormData();
form.append("upload_preset", "undoable");
form.append("file", new Blob([PNG], { type: "image/png" }), `b.png`);
const typical = await (await fetch(`${EMU}/v1_1/demo/image/upload`, { method: "POST", body: form })).text();
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
if (process.env.PROFILE) await cdp.send("Profiler.start");
const r = await page.evaluate(async ({ typical, emu, wasmPath }) => {
  const m = await import("/cloudinary_delete_token.js");
  await m.default({ module_or_path: wasmPath });
  const parsed = JSON.parse(typical);
  const variant = (i) => typical.replace(parsed.public_id, `${parsed.public_id}-${i}`).replace(parsed.delete_token, parsed.delete_token.slice(0, -8) + String(i).padStart(8, "0"));
  const strings = Array.from({ length: 2000 }, (_, i) => variant(i));
  const ratios = [], rec = [], js = [];
  for (let run = 0; run < 9; run++) {
    const client = new m.DeleteTokenClient({ cloudName: "demo", apiHost: emu, storage: "memory" });
    const t0 = performance.now();
    for (const s of strings) client.record(s);
    const t1 = performance.now();
    let keep = 0;
    for (const s of strings) keep += JSON.parse(s).bytes;
    const t2 = performance.now();
    ratios.push((t1 - t0) / (t2 - t1)); rec.push((t1 - t0) / 2); js.push((t2 - t1) / 2);
    client.free();
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  return { ratio: med(ratios), recordUs: med(rec), parseUs: med(js), len: typical.length };
}, { typical, emu: EMU, wasmPath: process.env.WASM ?? "/opt.wasm" });
console.log(JSON.stringify(r));
if (!process.env.PROFILE) process.exit(0);
const { profile } = await cdp.send("Profiler.stop");
const self = new Map(); const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map();
for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
for (const [id, c] of counts) { const n = byId.get(id); const k = n.callFrame.functionName || n.callFrame.url.split("/").pop() || "(anon)"; self.set(k, (self.get(k) ?? 0) + c); }
const total = profile.samples.length;
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, c]) => `${(100 * c / total).toFixed(1)}% ${k.slice(0, 110)}`).join("\n"));
await browser.close();
