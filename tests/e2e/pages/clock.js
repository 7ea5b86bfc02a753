// Test-only page clock for the cross-engine journeys (Playwright's page.clock drives Chromium
// only): the proxy in engines.mjs bundles this with @sinonjs/fake-timers (the library Playwright's
// clock is built from) and inserts it before the error collector when the page's URL asks for it
// (`journeyclock` in its query). Time runs as usual until a journey calls `window.__clock.jump(ms)`:
// every clock the page reads (Date, performance.now and its time origin) moves on at once and
// each timer due by then fires once, as after a sleeping laptop.
import FakeTimers from "@sinonjs/fake-timers";

window.__clock = FakeTimers.withGlobal(window).install({
  now: Date.now(),
  shouldAdvanceTime: true,
  advanceTimeDelta: 10,
  // Not queueMicrotask, requestAnimationFrame and the like: promises and rendering run as usual.
  toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"],
});
