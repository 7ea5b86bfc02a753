// Conformance: the official legacy jQuery client, not written here, against the emulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, reset, assets, requests, PAGE, EMU } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("cloudinary-jquery-file-upload: unsigned upload, delete_by_token once, second delete fails", async () => {
  await reset();
  const page = await browser.newPage();
  await page.goto(`${PAGE}/e2e/pages/jquery.html`);
  const result = await page.evaluate(async (emu) => {
    const $ = window.jQuery;
    $.cloudinary.config({ cloud_name: "demo" });
    const png = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="), (c) => c.charCodeAt(0));
    const file = new File([png], "jq.png", { type: "image/png" });
    const input = $.cloudinary.unsigned_upload_tag("undoable", { cloud_name: "demo", tags: ["a", "b"] }, { url: `${emu}/v1_1/demo/auto/upload` });
    const uploaded = await new Promise((resolve, reject) => {
      input.on("cloudinarydone", (_e, data) => resolve(data.result));
      input.on("cloudinaryfail", (_e, data) => reject(new Error(`upload failed: ${data.jqXHR?.status}`)));
      input.fileupload("add", { files: [file] });
    });
    const del = (token) => new Promise((resolve) => {
      $.cloudinary.delete_by_token(token, { url: `${emu}/v1_1/demo/delete_by_token` })
        .done((body) => resolve({ ok: true, body }))
        .fail((xhr) => resolve({ ok: false, status: xhr.status, body: xhr.responseJSON }));
    });
    const first = await del(uploaded.delete_token);
    const second = await del(uploaded.delete_token);
    return { uploaded, first, second };
  }, EMU);
  assert.deepEqual(result.uploaded.tags, ["a", "b"]);
  assert.match(result.uploaded.delete_token, /^[0-9a-f]{288}$/);
  assert.deepEqual(result.first, { ok: true, body: { result: "ok" } });
  assert.equal(result.second.ok, false);
  assert.equal(result.second.status, 400);
  assert.equal(result.second.body.error.message, "Invalid token");
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
  // What the official client sent: form-urlencoded with X-Requested-With (so a preflight passed).
  const deletes = (await requests()).filter((r) => r.path === "/v1_1/demo/delete_by_token");
  assert.equal(deletes.filter((r) => r.method === "OPTIONS").length >= 1, true);
  const post = deletes.find((r) => r.method === "POST");
  assert.match(post.headers["content-type"], /^application\/x-www-form-urlencoded/);
  assert.equal(post.headers["x-requested-with"], "XMLHttpRequest");
  await page.close();
});
