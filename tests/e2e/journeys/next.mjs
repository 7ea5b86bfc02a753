// Journeys through the Next.js example (examples/next) as Turbopack built it (.next), served by
// `next start` against the emulator, in every engine: the element on `/` renders into its shadow
// root, uploads and undoes; the npm module on `/client` uploads and undoes; client-side
// navigation away and back keeps both routes' rows. next.test.mjs drives the same in Chromium,
// for webpack's build too. The pages come through a proxy of this module's own in front of
// `next start` (engines.mjs's, which inserts the error collector and passes the router's
// requests through), so their URLs are built on it, not on ctx.url.
import assert from "node:assert/strict";
import { WAIT } from "./context.mjs";
import { proxy } from "../engines.mjs";
import { startNext } from "../next-server.mjs";
import { assets } from "../helpers.mjs";

let next;
let front;

/// Starts `next start` on the Turbopack build, and the proxy in front of it.
export async function before() {
  next = await startNext(".next");
  front = await proxy(next.base);
}

/// Stops the proxy, then Next.
export async function after() {
  await front?.close();
  await next?.stop();
}

/// Opens `path` of the app as a first visit to its origin: the runner clears the storage of the
/// page server's origin only, and `/client` keeps its uploads in the tab's sessionStorage.
async function openNext(ctx, path) {
  await ctx.clearStorage(front.url);
  await ctx.browser.url(front.url + path);
}

/// Follows the layout's link to `path` (a client-side navigation) and waits for its address.
async function follow({ browser }, path) {
  await browser.$(`nav a[href="${path}"]`).click();
  await browser.waitUntil(async () => (await browser.getUrl()) === front.url + path, WAIT);
}

/// The element on `/`, once its shadow root offers the input (it is defined after hydration; the
/// wait looks in the page, as webdriverio logs an error for each look at a missing shadow root).
async function element({ browser }) {
  await browser.waitUntil(() => browser.execute(() =>
    document.querySelector("cloudinary-undo")?.shadowRoot?.querySelector(".cdt-input") != null), WAIT);
  return browser.$("cloudinary-undo");
}

/// Uploads `name` through the element; resolves to the live row's public id.
const elementUpload = (ctx, name) => ctx.upload(".cdt-input", name, "cloudinary-undo");

/// Uploads `name` through `/client`'s input, once its component has the client (it enables the
/// input then); resolves to the live row's public id.
async function moduleUpload(ctx, name) {
  await ctx.browser.$("#file:not([disabled])").waitForExist(WAIT);
  return ctx.upload("#file", name);
}

/// The emulator's assets, as `{ public id: deleted }`.
const stored = async () => Object.fromEntries((await assets()).map((a) => [a.public_id, a.deleted]));

/// What `next start` printed must name no error (hydration and server errors included).
const serverClean = () => assert.doesNotMatch(next.log(), /error|⨯/i, next.log());

export default {
  "Next.js (Turbopack) /: the element renders into its shadow root, uploads and undoes": async (ctx) => {
    const { browser } = ctx;
    await openNext(ctx, "/");
    const host = await element(ctx);
    const id = await elementUpload(ctx, "next.png");
    // The widget renders into the shadow root only: React's element keeps no children.
    assert.deepEqual(await browser.execute(() => {
      const el = document.querySelector("cloudinary-undo");
      return [el.shadowRoot !== null, el.childNodes.length];
    }), [true, 0]);
    assert.deepEqual(await stored(), { [id]: false });
    await (await host.shadow$(`li[data-public-id="${id}"] button[aria-label^="Undo upload of"]`)).click();
    await (await host.shadow$(`li[data-public-id="${id}"][data-state="deleted"]`)).waitForExist(WAIT);
    assert.deepEqual(await stored(), { [id]: true });
    serverClean();
  },

  "Next.js (Turbopack) /client: the npm module in a server-rendered client component uploads and undoes": async (ctx) => {
    const { browser } = ctx;
    await openNext(ctx, "/client");
    const id = await moduleUpload(ctx, "client.png");
    const row = browser.$(`#entries li[data-public-id="${id}"]`);
    assert.match(await row.getText(), /^client: live \(9:[45]\d left\)/);
    assert.deepEqual(await stored(), { [id]: false });
    // The list is drawn anew every second: the button is found again by its row, not kept.
    await browser.$(`#entries li[data-public-id="${id}"] button`).click();
    await browser.$(`#entries li[data-public-id="${id}"][data-state="deleted"]`).waitForExist(WAIT);
    assert.deepEqual(await stored(), { [id]: true });
    serverClean();
  },

  "Next.js (Turbopack): navigating away and back keeps both routes mounted, with their rows": async (ctx) => {
    const { browser } = ctx;
    await openNext(ctx, "/");
    const host = await element(ctx);
    const widgetId = await elementUpload(ctx, "kept.png");
    // A mark on the element: a remount would lose it (and a new client, with memory storage, its rows).
    await browser.execute(() => { document.querySelector("cloudinary-undo").kept = true; });

    await follow(ctx, "/client");
    // `/` is still in the document, hidden by React's <Activity>, its widget still connected.
    await browser.$("cloudinary-undo").waitForDisplayed({ ...WAIT, reverse: true });
    const moduleId = await moduleUpload(ctx, "module.png");
    await browser.waitUntil(async () => (await browser.$("#status").getText()) === "module.png uploaded.", WAIT);

    // Twice there and back: each showing runs the route's effects again (defineCustomElement too).
    for (let round = 0; round < 2; round += 1) {
      // The route shown again: its rows were in the document, hidden, all along.
      await follow(ctx, "/");
      await (await host.shadow$(`li[data-public-id="${widgetId}"][data-state="live"]`)).waitForDisplayed(WAIT);
      assert.deepEqual(await browser.execute(() => {
        const el = document.querySelector("cloudinary-undo");
        return [el.kept, el.client.entries().map((e) => e.publicId), el.shadowRoot.querySelectorAll("li[data-public-id]").length];
      }), [true, [widgetId], 1]);

      await follow(ctx, "/client");
      await browser.$(`#entries li[data-public-id="${moduleId}"][data-state="live"]`).waitForDisplayed(WAIT);
      // React state of the hidden route survived too: the status line is the one it left.
      assert.equal(await browser.$("#status").getText(), "module.png uploaded.");
      assert.equal(await browser.$$("#entries li").length, 1);
    }

    await browser.$(`#entries li[data-public-id="${moduleId}"] button`).click();
    await browser.$(`#entries li[data-public-id="${moduleId}"][data-state="deleted"]`).waitForExist(WAIT);
    await follow(ctx, "/");
    await (await host.shadow$(`li[data-public-id="${widgetId}"] button[aria-label^="Undo upload of"]`)).click();
    await (await host.shadow$(`li[data-public-id="${widgetId}"][data-state="deleted"]`)).waitForExist(WAIT);
    assert.deepEqual(await stored(), { [widgetId]: true, [moduleId]: true });
    serverClean();
  },
};
