// What every cross-engine journey gets: its engine's webdriverio session, the pages behind the
// proxy, files to upload, the page clock, and the errors the page collected. Journeys are plain
// async functions of this context, listed by the modules beside this one and run in each engine
// by journeys.test.mjs.
import { mkdtempSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLOCK_PARAM, COLLECTOR_PATH } from "../engines.mjs";
import { PNG, EMU } from "../helpers.mjs";

/// How long a journey waits for what it expects, and how often it looks.
export const WAIT = { timeout: 15_000, interval: 50 };

// Drivers upload files from disk: one directory for the run, a PNG per name asked for.
const dir = mkdtempSync(join(tmpdir(), "journeys-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

/// The context of one engine's journeys. `session` is what engines.mjs's `launch()` returned,
/// `pages` the proxy's base URL.
export function context(session, pages) {
  const { browser } = session;
  const ctx = {
    browser,
    /// The address of a page behind the proxy, set up for the emulator as the Chromium tests
    /// set it up; `clock` asks the proxy for the page clock (see `jump`).
    url(path, { query = "", clock = false, preset = "undoable" } = {}) {
      return `${pages}${path}?cloud=demo&preset=${preset}&api=${encodeURIComponent(EMU)}${query}${clock ? `&${CLOCK_PARAM}` : ""}`;
    },
    /// Opens a page in the current window.
    open: (path, options) => browser.url(ctx.url(path, options)),
    /// The path of a PNG named `name`, for a file input's `addValue`.
    file(name) {
      const path = join(dir, name);
      if (!existsSync(path)) writeFileSync(path, PNG);
      return path;
    },
    /// Picks the file `name` in the file input `input` (a selector, inside the custom element
    /// `host` if given), and resolves to the public id of the live row the upload adds to the
    /// list (the emulator's ids are random, as Cloudinary's are).
    async upload(input, name, host = null) {
      const ids = () => browser.execute((host) => {
        const root = host ? document.querySelector(host)?.shadowRoot : document;
        return [...(root?.querySelectorAll("li[data-public-id]") ?? [])].map((li) => [li.dataset.publicId, li.dataset.state]);
      }, host);
      const before = new Set((await ids()).map(([id]) => id));
      const field = host ? await browser.$(host).shadow$(input) : browser.$(input);
      await field.waitForExist(WAIT);
      await field.addValue(ctx.file(name));
      let added;
      await browser.waitUntil(async () => {
        added = (await ids()).find(([id, state]) => state === "live" && !before.has(id))?.[0];
        return added !== undefined;
      }, { ...WAIT, timeoutMsg: `no live row for ${name}` });
      return added;
    },
    /// Moves the page clock on by `ms` at once (the page was opened with `clock: true`). A
    /// driver may time its scripts with the page's own setTimeout (WebKit's does, so the jump
    /// would fire the timeout of the very script that jumps): the script timeout is raised past
    /// the jump while it runs.
    async jump(ms) {
      const { script } = await browser.getTimeouts();
      await browser.setTimeout({ script: script + ms });
      try {
        await browser.execute((ms) => { window.__clock.jump(ms); }, ms);
      } finally {
        await browser.setTimeout({ script });
      }
    },
    /// Every error the current page collected (pages/errors.js) and the browser logged.
    async errors() {
      const collected = await browser.execute(() => window.__errors ?? ["no collector in this page"]);
      return [...collected, ...session.logged];
    },
    /// Empties the storage of `origin` (a proxy's URL): a first visit's state.
    async clearStorage(origin) {
      await browser.url(origin + COLLECTOR_PATH);
      await browser.execute(() => { sessionStorage.clear(); localStorage.clear(); });
    },
    /// axe-core's violations in the current page that `before` (an earlier `axe()`) did not
    /// have, less those matching `own` (the uploader's own, which no text of ours can mend).
    async axeAdded(before, own) {
      return (await ctx.axe()).filter((v) => !before.includes(v) && !own.test(v));
    },
    /// Takes the errors reported so far (and clears them), for a journey that provokes one on
    /// purpose and checks it was reported as it should be.
    async takeErrors() {
      const collected = await browser.execute(() => window.__errors.splice(0));
      return [...collected, ...session.logged.splice(0)];
    },
    /// axe-core's violations in the current page, as `rule: target` lines; axe is loaded from
    /// the page server (same origin, so a strict CSP admits it).
    async axe() {
      // An async script: every driver awaits the promise it returns (WebDriver's Execute Script).
      return browser.execute(async (src) => {
        if (!window.axe) {
          const script = document.createElement("script");
          script.src = src;
          await new Promise((resolve, reject) => { script.onload = resolve; script.onerror = reject; document.head.append(script); });
        }
        const { violations } = await window.axe.run(document, { resultTypes: ["violations"] });
        return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
      }, `${pages}/e2e/node_modules/axe-core/axe.min.js`);
    },
    /// The first live row's button label, and whether the button sits on the line of the row's
    /// time left (it must not wrap below it). Boxes are read in the page: the same
    /// getBoundingClientRect in every engine. `host` names a custom element to look inside.
    async rowLayout(host = null) {
      const [status, button, label] = await browser.execute((host) => {
        const root = host ? document.querySelector(host).shadowRoot : document;
        const row = root.querySelector('li[data-state="live"]');
        const box = (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; };
        return [box(row.querySelector(".cdt-status")), box(row.querySelector("button")), row.querySelector("button").textContent];
      }, host);
      return { label, onStatusLine: button.top < status.bottom && status.top < button.bottom, status, button };
    },
  };
  return ctx;
}

