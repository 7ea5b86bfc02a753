// The same user journeys in Chromium, Firefox and WebKit (webdriverio over each engine's own
// driver): the plain page's upload and undo, the custom element under a strict CSP, and its
// German row layout. Any error the page or browser reports fails the journey.
import { describe, test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINES, launch, proxy } from "./engines.mjs";
import { reset, assets, PNG, PAGE, EMU } from "./helpers.mjs";

// Drivers upload files from disk.
const dir = mkdtempSync(join(tmpdir(), "journeys-"));
const png = join(dir, "one.png");
writeFileSync(png, PNG);

let pages;
before(async () => { pages = await proxy(PAGE); });
after(async () => { await pages?.close(); rmSync(dir, { recursive: true, force: true }); });

const query = `?cloud=demo&preset=undoable&api=${encodeURIComponent(EMU)}`;
const WAIT = { timeout: 15_000, interval: 50 };

for (const engine of Object.keys(ENGINES)) {
  describe(engine, () => {
    let session;
    before(async () => { session = await launch(engine); }, { timeout: 90_000 });
    after(async () => { await session?.close(); });
    beforeEach(async () => {
      session.logged.length = 0;
      await reset();
    });

    /// Every error the page collected (pages/errors.js) and the browser logged.
    async function errors() {
      const collected = await session.browser.execute(() => window.__errors ?? ["no collector in this page"]);
      return [...collected, ...session.logged];
    }

    /// The custom element's page, once its shadow root shows the file input.
    async function openElement() {
      const { browser } = session;
      await browser.url(`${pages.url}/e2e/pages/csp.html${query}`);
      const host = await browser.$("cloudinary-undo");
      await host.waitForExist(WAIT);
      await (await host.shadow$(".cdt-input")).waitForExist(WAIT);
      return host;
    }

    test("plain page: upload, countdown, Undo deletes", async () => {
      const { browser } = session;
      await browser.url(`${pages.url}/www/${query}`);
      // The page enables its input once its module listens: a file picked before would be lost.
      await browser.$("#file:not([disabled])").waitForExist(WAIT);
      await browser.$("#file").addValue(png);
      const live = browser.$('#entries li[data-state="live"]');
      await live.waitForExist(WAIT);
      const id = await live.getAttribute("data-public-id");
      assert.match(await live.getText(), /\d:\d\d/, "the live row shows its countdown");
      await live.$("button=Undo").click();
      await browser.$(`#entries li[data-public-id="${id}"][data-state="deleted"]`).waitForExist(WAIT);
      assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, true]]);
      assert.deepEqual(await errors(), []);
    });

    test("custom element under a strict CSP: upload, Undo deletes, events reach the page", async () => {
      const { browser } = session;
      const host = await openElement();
      await (await host.shadow$(".cdt-input")).addValue(png);
      const live = await host.shadow$('li[data-state="live"]');
      await live.waitForExist(WAIT);
      const id = await live.getAttribute("data-public-id");
      await (await live.$("button")).click();
      await (await host.shadow$(`li[data-public-id="${id}"][data-state="deleted"]`)).waitForExist(WAIT);
      assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, true]]);
      // The element's events bubble out of its shadow root to the page (csp.js records them).
      await browser.waitUntil(() => browser.execute(() => window.widgetEvents.length >= 2), WAIT);
      assert.deepEqual(await browser.execute(() => window.widgetEvents), [["recorded", id], ["deleted", id]]);
      assert.deepEqual(await browser.execute(() => window.cspViolations), []);
      assert.deepEqual(await errors(), []);
    });

    test("custom element in German: the row's button stays on its time-left line", async () => {
      const { browser } = session;
      const host = await openElement();
      await browser.execute(() => { document.querySelector("cloudinary-undo").locale = "de"; });
      await (await host.shadow$("section[lang=de]")).waitForExist(WAIT);
      await (await host.shadow$(".cdt-input")).addValue(png);
      await (await host.shadow$('li[data-state="live"]')).waitForExist(WAIT);
      // Boxes read in the page: the same getBoundingClientRect in every engine.
      const [status, button, label] = await browser.execute(() => {
        const row = document.querySelector("cloudinary-undo").shadowRoot.querySelector('li[data-state="live"]');
        const box = (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; };
        return [box(row.querySelector(".cdt-status")), box(row.querySelector("button")), row.querySelector("button").textContent];
      });
      assert.equal(label, "Rückgängig");
      assert.ok(button.top < status.bottom && status.top < button.bottom,
        `the button wrapped below its row's time left: status ${JSON.stringify(status)}, button ${JSON.stringify(button)}`);
      assert.deepEqual(await browser.execute(() => window.cspViolations), []);
      assert.deepEqual(await errors(), []);
    });
  });
}
