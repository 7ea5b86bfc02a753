// Journeys through the two pages `cargo xtask demo` serves: the plain page (www/, the npm module
// without a bundler) and the demo page (the yew widget, built by trunk).
import assert from "node:assert/strict";
import { WAIT } from "./context.mjs";
import { assets, deleteRequests, requests, emu } from "../helpers.mjs";

/// Uploads `name` through the plain page's input, once its module listens (the page enables the
/// input then: a file picked before would be lost); resolves to the live row's public id.
async function plainUpload(ctx, name) {
  await ctx.browser.$("#file:not([disabled])").waitForExist(WAIT);
  return ctx.upload("#file", name);
}

/// Uploads `name` through the demo page's widget; resolves to the live row's public id.
const demoUpload = (ctx, name) => ctx.upload(".cdt-input", name);

/// The requests the emulator saw for one endpoint.
const sent = async (endpoint) => (await requests()).filter((r) => r.method === "POST" && r.path.endsWith(endpoint));

export default {
  "plain page: upload, countdown, Undo deletes": async (ctx) => {
    const { browser } = ctx;
    await ctx.open("/www/");
    const id = await plainUpload(ctx, "one.png");
    const live = browser.$(`#entries li[data-public-id="${id}"]`);
    assert.match(await live.getText(), /\d:\d\d/, "the live row shows its countdown");
    await live.$("button=Undo").click();
    await browser.$(`#entries li[data-public-id="${id}"][data-state="deleted"]`).waitForExist(WAIT);
    assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, true]]);
  },

  "plain page on localStorage in two tabs: each sees the other's upload and Undo, one request": async (ctx) => {
    const { browser } = ctx;
    await ctx.open("/www/", { query: "&storage=local" });
    const first = await browser.getWindowHandle();
    const id = await plainUpload(ctx, "shared.png");
    // The second tab learns of the upload from storage, and undoes it.
    await browser.newWindow(ctx.url("/www/", { query: "&storage=local" }));
    const second = await browser.getWindowHandle();
    await browser.$(`#entries li[data-public-id="${id}"][data-state="live"]`).waitForExist(WAIT);
    await browser.$(`#entries li[data-public-id="${id}"] button`).click();
    await browser.$(`#entries li[data-public-id="${id}"][data-state="deleted"]`).waitForExist(WAIT);
    assert.deepEqual(await ctx.errors(), [], "errors in the second tab");
    // The first tab shows the delete it did not send.
    await browser.switchToWindow(first);
    await browser.$(`#entries li[data-public-id="${id}"][data-state="deleted"]`).waitForExist(WAIT);
    assert.equal((await deleteRequests()).filter((r) => r.method === "POST").length, 1, "one delete request for both tabs");
    assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, true]]);
    // An upload in the second tab reaches the first one too.
    await browser.switchToWindow(second);
    const other = await plainUpload(ctx, "back.png");
    await browser.switchToWindow(first);
    await browser.$(`#entries li[data-public-id="${other}"][data-state="live"]`).waitForExist(WAIT);
  },

  "demo page: upload, countdown, Undo; a reload restores the rest with its time left; axe": async (ctx) => {
    const { browser } = ctx;
    await ctx.open("/");
    const gone = await demoUpload(ctx, "cat.png");
    const kept = await demoUpload(ctx, "stay.png");
    const row = browser.$(`li[data-public-id="${kept}"]`);
    assert.match(await row.$(".cdt-status").getText(), /^9:[45]\d left to undo$/);
    assert.deepEqual(await ctx.axe(), [], "axe, two live uploads");
    await browser.$('button[aria-label="Undo upload of cat"]').click();
    await browser.$(`li[data-public-id="${gone}"][data-state="deleted"]`).waitForExist(WAIT);
    // The token went in the body, never in the URL.
    const [request] = await sent("/delete_by_token");
    assert.equal(request.query, "");
    assert.match(request.body, /^token=[0-9a-f]+$/);

    await browser.refresh();
    const restored = browser.$(`li[data-public-id="${kept}"][data-state="live"]`);
    await restored.waitForExist(WAIT);
    assert.match(await restored.$(".cdt-status").getText(), /^9:[45]\d left to undo$/);
    // The live region is visually hidden: its text is read as a screen reader gets it, not as drawn.
    await browser.waitUntil(() => browser.execute(() => document.querySelector(".cdt-sr").textContent)
      .then((text) => text.includes("1 upload you can still undo was restored")), WAIT);
    assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]).sort(), [[gone, true], [kept, false]].sort());
  },

  "demo page: past the window it deletes through the demo signer, never sending the token": async (ctx) => {
    const { browser } = ctx;
    await ctx.open("/", { clock: true, query: "&signer=/demo/sign" });
    const id = await demoUpload(ctx, "late.png");
    await ctx.jump(600_000);
    // Past the window the row does not expire: it offers a permanent delete instead.
    const row = browser.$('li[data-via="signed"]');
    await row.waitForExist(WAIT);
    assert.equal(await row.$(".cdt-status").getText(), "Deleting it now is permanent");
    assert.equal(await row.$$("progress").length, 0);
    assert.deepEqual(await ctx.axe(), [], "axe, past the window with a signer");
    await browser.$('button[aria-label="Delete late permanently"]').click();
    await browser.$(`li[data-public-id="${id}"][data-state="deleted"]`).waitForExist(WAIT);
    assert.equal((await assets()).find((a) => a.public_id === id)?.deleted, true);
    assert.equal((await sent("/delete_by_token")).length, 0, "the token, past its window, is never sent");
    assert.equal((await sent("/image/destroy")).length, 1);
  },

  "demo page: past the window without a signer the row expires and nothing is sent": async (ctx) => {
    const { browser } = ctx;
    await ctx.open("/", { clock: true });
    const id = await demoUpload(ctx, "expiring.png");
    await emu("/__emulator/clock/advance?seconds=601", "POST");
    await ctx.jump(601_000);
    const expired = browser.$(`li[data-public-id="${id}"][data-state="expired"]`);
    await expired.waitForExist(WAIT);
    assert.match(await expired.getText(), /Undo window closed/);
    assert.equal(await expired.$$("button").length, 0);
    assert.equal((await sent("/delete_by_token")).length, 0);
    assert.deepEqual((await assets()).map((a) => a.deleted), [false]);
  },

  "demo page in each built-in language: the row's button stays on its time-left line; axe": async (ctx) => {
    const { browser } = ctx;
    await ctx.open("/");
    await demoUpload(ctx, "language.png");
    // The upload is kept in the tab's sessionStorage: each language's page restores it.
    for (const [locale, undo] of [["de", "Rückgängig"], ["fr", "Annuler"], ["es", "Deshacer"], ["ja", "取り消す"]]) {
      await ctx.open("/", { query: `&locale=${locale}` });
      await browser.$(`section[lang=${locale}] li[data-state="live"]`).waitForExist(WAIT);
      const { label, onStatusLine, status, button } = await ctx.rowLayout();
      assert.equal(label, undo);
      assert.ok(onStatusLine, `${locale}: the button wrapped below its row's time left: ${JSON.stringify({ status, button })}`);
      assert.deepEqual(await ctx.axe(), [], `axe, ${locale}`);
      assert.deepEqual(await ctx.errors(), [], `errors, ${locale}`);
    }
  },
};
