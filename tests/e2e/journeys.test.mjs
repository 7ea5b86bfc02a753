// The user journeys in Chromium, Firefox and WebKit: one suite, driven by webdriverio over each
// engine's own driver (WebDriver BiDi where the engine has it, classic WebDriver for WebKit). The
// journeys live in journeys/ by what they visit; each runs in every engine, against the emulator,
// and fails on any error its pages collected or its browser logged.
import { describe, test, before, after, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { ENGINES, launch, proxy } from "./engines.mjs";
import { context } from "./journeys/context.mjs";
import { reset, PAGE } from "./helpers.mjs";

/// Every module in journeys/ but the context: its default export names its journeys; it may
/// export `before` and `after`, run once around all engines (to start a server of its own).
const MODULES = await Promise.all(readdirSync(new URL("./journeys/", import.meta.url))
  .filter((f) => f.endsWith(".mjs") && f !== "context.mjs").sort()
  .map((f) => import(`./journeys/${f}`)));
const JOURNEYS = Object.assign({}, ...MODULES.map((m) => m.default));

let server;
before(async () => {
  server = await proxy(PAGE);
  for (const m of MODULES) await m.before?.();
}, { timeout: 120_000 });
after(async () => {
  for (const m of MODULES) await m.after?.();
  await server?.close();
});

for (const engine of Object.keys(ENGINES)) {
  describe(engine, () => {
    let session;
    let ctx;
    before(async () => {
      session = await launch(engine);
      ctx = context(session, server.url);
    }, { timeout: 90_000 });
    after(async () => { await session?.close(); });

    beforeEach(async () => {
      await reset();
      session.logged.length = 0;
    });

    // Each journey starts as a first visit: one window, nothing stored on the pages' origin.
    afterEach(async () => {
      const { browser } = session;
      const [first, ...others] = await browser.getWindowHandles();
      for (const handle of others) {
        await browser.switchToWindow(handle);
        await browser.closeWindow();
      }
      await browser.switchToWindow(first);
      await ctx.clearStorage(server.url);
    });

    for (const [name, journey] of Object.entries(JOURNEYS)) {
      test(name, { timeout: 60_000 }, async () => {
        await journey(ctx);
        assert.deepEqual(await ctx.errors(), [], "errors in the page or the browser's log");
      });
    }
  });
}
