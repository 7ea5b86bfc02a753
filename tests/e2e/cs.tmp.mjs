import { launch } from "./helpers.mjs";
const PAGE = process.env.PAGE, EMU = process.env.EMU;
const browser = await launch();
for (let i = 0; i < 4; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector(".cdt")) { window.__firstRender = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
    const orig = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = async (...a) => { window.__instStart = performance.now(); const r = await orig(...a); window.__instEnd = performance.now(); return r; };
    const orig2 = WebAssembly.instantiate;
    WebAssembly.instantiate = async (...a) => { window.__inst2Start = performance.now(); const r = await orig2(...a); window.__inst2End = performance.now(); return r; };
  });
  await page.goto(`${PAGE}/?cloud=demo&preset=undoable&api=${encodeURIComponent(EMU)}&storage=memory`);
  await page.waitForFunction(() => window.__firstRender !== undefined);
  const r = await page.evaluate(() => {
    const res = performance.getEntriesByType("resource").map((r) => [r.name.split("/").pop().slice(0, 30), r.initiatorType, +r.startTime.toFixed(1), +r.responseEnd.toFixed(1), r.transferSize]);
    const script = performance.getEntriesByType("resource").find((r) => /\/ui-[0-9a-f]+\.js$/.test(r.name));
    return { res, t0: script.startTime, inst: [window.__instStart, window.__instEnd, window.__inst2Start, window.__inst2End], first: window.__firstRender, cold: window.__firstRender - script.startTime };
  });
  console.log(JSON.stringify(r));
  await context.close();
}
await browser.close();
