// Journeys through the custom element of the widget's npm package, on a page under the strictest
// CSP it needs (pages/csp.html: no inline script or style; memory storage).
import assert from "node:assert/strict";
import { WAIT } from "./context.mjs";
import { assets } from "../helpers.mjs";

/// Opens the element's page; resolves to the element once its shadow root offers the input.
async function openElement(ctx) {
  const { browser } = ctx;
  await ctx.open("/e2e/pages/csp.html");
  // Waited for in the page: asking the driver for a shadow root not yet attached logs an error.
  await browser.waitUntil(() => browser.execute(() =>
    document.querySelector("cloudinary-undo")?.shadowRoot?.querySelector(".cdt-input") != null), WAIT);
  return browser.$("cloudinary-undo");
}

/// Uploads `name` through the element; resolves to the live row's public id.
const upload = (ctx, host, name) => ctx.upload(".cdt-input", name, "cloudinary-undo");

const violations = (browser) => browser.execute(() => window.cspViolations);

export default {
  "custom element under a strict CSP: upload, Undo deletes, events reach the page": async (ctx) => {
    const { browser } = ctx;
    const host = await openElement(ctx);
    const id = await upload(ctx, host, "element.png");
    await (await host.shadow$(`li[data-public-id="${id}"] button`)).click();
    await (await host.shadow$(`li[data-public-id="${id}"][data-state="deleted"]`)).waitForExist(WAIT);
    assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, true]]);
    // The element's events bubble out of its shadow root to the page (csp.js records them).
    await browser.waitUntil(() => browser.execute(() => window.widgetEvents.length >= 2), WAIT);
    assert.deepEqual(await browser.execute(() => window.widgetEvents), [["recorded", id], ["deleted", id]]);
    assert.deepEqual(await violations(browser), []);
    assert.deepEqual(await ctx.axe(), [], "axe");
  },

  "custom element: attributes and properties apply at once, bad values are reported, uploads kept": async (ctx) => {
    const { browser } = ctx;
    const host = await openElement(ctx);
    await browser.execute(() => {
      window.elementErrors = [];
      document.addEventListener("cloudinary-undo:error", (e) => window.elementErrors.push(e.detail.name));
    });
    const id = await upload(ctx, host, "kept.png");
    await browser.execute(() => {
      const el = document.querySelector("cloudinary-undo");
      el.locale = "de";
      el.setAttribute("accept", "image/*");
      el.maxFileSize = 5_000_000;
    });
    await (await host.shadow$("section[lang=de]")).waitForExist(WAIT);
    assert.deepEqual(await browser.execute(() => {
      const el = document.querySelector("cloudinary-undo");
      return [el.getAttribute("locale"), el.maxFileSize, el.shadowRoot.querySelector(".cdt-input").accept,
        el.client.entries().map((e) => [e.publicId, e.state])];
    }), ["de", "5000000", "image/*", [[id, "live"]]]);
    // A bad value is reported as an event, and the element goes on as it was.
    await browser.execute(() => { document.querySelector("cloudinary-undo").maxFileSize = "lots"; });
    await browser.waitUntil(() => browser.execute(() => window.elementErrors.length === 1), WAIT);
    assert.deepEqual(await browser.execute(() => window.elementErrors), ["ConfigError"]);
    // ... and logged to the console, for the page's developer: as console.error (BiDi engines
    // report the same line a second time from their log).
    const logged = await ctx.takeErrors();
    assert.ok(logged.length >= 1 && logged.every((e) => /<cloudinary-undo>: invalid options: option `maxFileSize` must be a positive number of bytes$/.test(e)),
      JSON.stringify(logged));
    await browser.execute(() => { document.querySelector("cloudinary-undo").maxFileSize = 5_000_000; });
    // The element's client records an upload made elsewhere; the widget lists it.
    await browser.execute(() => document.querySelector("cloudinary-undo").client.record({ public_id: "elsewhere", delete_token: "t-elsewhere" }));
    await (await host.shadow$('li[data-public-id="elsewhere"]')).waitForExist(WAIT);
    assert.equal(await (await host.shadow$(`li[data-public-id="${id}"]`)).getAttribute("data-state"), "live");
    // Another preset is another client: its list starts empty.
    await browser.execute(() => { document.querySelector("cloudinary-undo").uploadPreset = "other"; });
    await browser.waitUntil(() => browser.execute(() =>
      document.querySelector("cloudinary-undo").shadowRoot.querySelectorAll("li[data-public-id]").length === 0), WAIT);
    assert.deepEqual(await violations(browser), []);
  },

  "custom element in each built-in language: the row's button stays on its time-left line": async (ctx) => {
    const { browser } = ctx;
    const host = await openElement(ctx);
    await upload(ctx, host, "words.png");
    for (const [locale, undo] of [["de-AT", "Rückgängig"], ["fr", "Annuler"], ["es-MX", "Deshacer"], ["ja", "取り消す"], ["en", "Undo"]]) {
      await browser.execute((l) => { document.querySelector("cloudinary-undo").locale = l; }, locale);
      await (await host.shadow$(`section[lang=${locale}]`)).waitForExist(WAIT);
      const { label, onStatusLine, status, button } = await ctx.rowLayout("cloudinary-undo");
      assert.equal(label, undo);
      assert.ok(onStatusLine, `${locale}: the button wrapped below its row's time left: ${JSON.stringify({ status, button })}`);
    }
    assert.deepEqual(await violations(browser), []);
  },
};
