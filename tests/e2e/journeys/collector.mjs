// The journeys' own safety net: a page's uncaught error, unhandled rejection and console.error
// each reach `errors()` (pages/errors.js, and the browser's log where the driver has one), so
// any journey would fail on them. The faults come from a script of the page's origin: an error
// thrown by a driver's own script reaches the page only as "Script error." in Chromium.
import assert from "node:assert/strict";
import { WAIT } from "./context.mjs";

export default {
  "the error collector reports a page's uncaught error, unhandled rejection and console.error": async (ctx) => {
    const { browser } = ctx;
    await ctx.open("/www/");
    assert.deepEqual(await ctx.errors(), [], "errors before the faults");
    await browser.execute(() => {
      const script = document.createElement("script");
      script.src = "/e2e/pages/faults.js";
      document.head.append(script);
    });
    // Each fault once from the page's collector, and once more from the browser's log where the
    // driver speaks BiDi; all of them in before they are taken, so none arrives after.
    const expected = ["console.error", "unhandled rejection", "uncaught error"];
    const times = browser.isBidi ? 2 : 1;
    let found = [];
    await browser.waitUntil(async () => {
      found = await ctx.errors();
      return expected.every((what) => found.filter((e) => e.includes(`faults.js: ${what}`)).length >= times);
    }, { ...WAIT, timeoutMsg: `not every fault reported ${times} times: ${JSON.stringify(found)}` });
    // Taken, so the runner's check after the journey finds none left.
    await ctx.takeErrors();
  },
};
