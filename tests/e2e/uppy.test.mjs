// Uppy 6 (@uppy/core 6.3.1, @uppy/dashboard 6.0.3, @uppy/xhr-upload 6.0.0) with
// `cloudinary-delete-token/uppy`, driven in Chromium through the Uppy example (examples/uppy, as
// `cargo xtask build` builds it) against the emulator: upload, remove deletes, cancelAll() and
// destroy() delete nothing, chunks, abort, recording xhr-upload's responses, the last-minute
// notice, Cloudinary's error, and axe-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, reset, assets, requests, AXE, faults, openExample, pngFile, deleteRequests, PNG, PAGE, EMU, SHOTS } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const open = (options) => openExample(browser, "uppy", () => window.uppy !== undefined, options);
/// Adds files through the Dashboard's input and presses its upload button.
async function upload(page, ...files) {
  await page.setInputFiles(".uppy-Dashboard-input >> nth=0", files);
  await page.locator(".uppy-StatusBar-actionBtn--upload").click();
}
const time = (page) => page.locator(".uppy-Dashboard-Item .cdt-uppy-time");
const publicIds = (page) => page.evaluate(() => window.uppy.getFiles().map((f) => f.response?.body?.public_id));
const live = (page, n) => page.waitForFunction((n) => window.client.entries().filter((e) => e.state === "live").length === n, n);
const deletedOnPage = (page, id) => page.waitForFunction((id) => window.client.entries().some((e) => e.publicId === id && e.state === "deleted"), id);

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.addScriptTag({ url: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

/// The violations beyond those of the empty page, less the Dashboard's own on its file items
/// (`role="listitem"` inside its virtual list's wrapper, not a `list`), which come with any file.
async function axeAdded(page, empty) {
  const own = /^aria-required-parent: #uppy_[^ ]+$/;
  return (await axe(page)).filter((v) => !empty.includes(v) && !own.test(v));
}

test("Uppy: an upload shows its time left in the Dashboard, and removing it deletes it", async () => {
  await reset();
  const { page, errors } = await open();
  const empty = await axe(page);
  await upload(page, pngFile("uppy.png"));
  await time(page).filter({ hasText: /^\u00a0·\u00a09:[45]\d left to undo$/ }).waitFor();
  const [id] = await publicIds(page);
  assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, false]]);
  assert.deepEqual(await axeAdded(page, empty), []);
  await page.screenshot({ path: `${SHOTS}uppy-uploaded.png` });
  await page.locator(".uppy-Dashboard-Item-action--remove").click();
  await deletedOnPage(page, id);
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
  assert.deepEqual(errors, []);
  await page.close();
});

for (const how of ["cancelAll", "destroy"]) {
  test(`Uppy: ${how}() deletes no completed upload`, async () => {
    await reset();
    const { page, errors } = await open();
    await upload(page, pngFile("one.png"), pngFile("two.png"));
    await live(page, 2);
    await time(page).nth(1).waitFor();
    await page.evaluate((how) => window.uppy[how](), how);
    assert.deepEqual(await page.evaluate(() => window.uppy.getFiles().length), 0);
    // Anything a delete would do has had its turn once the client answers a later call.
    await page.evaluate(() => window.client.entries());
    assert.equal((await deleteRequests()).length, 0);
    assert.deepEqual(await page.evaluate(() => window.client.entries().map((e) => e.state)), ["live", "live"]);
    assert.deepEqual((await assets()).map((a) => a.deleted), [false, false]);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("Uppy: a 25 MB file goes up in Cloudinary's chunks and is undoable", async () => {
  await reset();
  const { page, errors } = await open();
  await upload(page, { name: "big.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(25_000_000, 7) });
  await time(page).filter({ hasText: /left to undo$/ }).waitFor();
  const ranges = (await requests()).filter((r) => r.method === "POST" && r.path.endsWith("/upload")).map((r) => r.headers["content-range"]);
  assert.deepEqual(ranges, ["bytes 0-20971519/-1", "bytes 20971520-24999999/25000000"]);
  const [id] = await publicIds(page);
  await page.locator(".uppy-Dashboard-Item-action--remove").click();
  await deletedOnPage(page, id);
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Uppy: cancelling mid-upload leaves nothing tracked", async () => {
  await reset();
  await faults({ latency_ms: [60_000, 60_000], routes: ["upload"] });
  try {
    const { page, errors } = await open();
    await upload(page, pngFile("slow.png"));
    await page.waitForFunction(() => window.uppy.getFiles()[0]?.progress.uploadStarted);
    await page.locator(".uppy-StatusBar-actionBtn--cancel, .uppy-StatusBar button[aria-label='Cancel']").first().click();
    await page.waitForFunction(() => window.uppy.getFiles().length === 0);
    assert.deepEqual(await page.evaluate(() => window.client.entries()), []);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await faults({});
  }
});

test("Uppy: with @uppy/xhr-upload, the plugin records the responses and removing deletes", async () => {
  await reset();
  const { page, errors } = await open({ query: "&xhr" });
  await upload(page, pngFile("xhr.png"));
  await time(page).filter({ hasText: /^\u00a0·\u00a09:[45]\d left to undo$/ }).waitFor();
  const [id] = await publicIds(page);
  // xhr-upload sent the file and only the preset: no `name` or `type` field for Cloudinary to refuse.
  const [post] = (await requests()).filter((r) => r.method === "POST" && r.path.endsWith("/upload"));
  assert.equal(post.path, "/v1_1/demo/auto/upload");
  assert.deepEqual([...post.body.matchAll(/; name="([^"]+)"/g)].map((m) => m[1]).sort(), ["file", "upload_preset"]);
  await page.locator(".uppy-Dashboard-Item-action--remove").click();
  await deletedOnPage(page, id);
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Uppy: one minute before the window closes uppy.info says so; then the file says it closed", async () => {
  await reset();
  const { page, errors } = await open({ clock: true });
  await upload(page, pngFile("late.png"));
  await time(page).filter({ hasText: /left to undo$/ }).waitFor();
  await page.clock.fastForward("08:50");
  await page.waitForFunction(() => window.uppy.getState().info.some((i) => i.message === "late.png: one minute left to undo"));
  assert.equal(await page.evaluate(() => window.uppy.getState().info.filter((i) => i.message.endsWith("one minute left to undo")).length), 1);
  await page.getByRole("alert").filter({ hasText: "late.png: one minute left to undo" }).first().waitFor();
  await page.clock.fastForward("01:10");
  await time(page).filter({ hasText: "Undo window closed" }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [mode, query] of [["the plugin's uploads", ""], ["xhr-upload", "&xhr"]]) {
  test(`Uppy (${mode}): Cloudinary's error (a wrong preset) is shown in the Dashboard`, async () => {
    await reset();
    const { page, errors } = await open({ preset: "no-such-preset", query });
    await upload(page, pngFile("wrong.png"));
    await page.waitForFunction(() => window.uppy.getFiles()[0]?.error);
    // The client's UploadError carries Cloudinary's message after the status.
    assert.match(await page.evaluate(() => window.uppy.getFiles()[0].error), /^(upload failed \(HTTP 400\): )?Upload preset not found$/);
    await page.locator(".uppy-Dashboard-Item-errorDetails[aria-label$='Upload preset not found']").waitFor();
    assert.deepEqual(await page.evaluate(() => window.client.entries()), []);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("Uppy: removing a file after the window without a signer says why in uppy.info and deletes nothing", async () => {
  await reset();
  const { page, errors } = await open({ clock: true });
  await upload(page, pngFile("late.png"));
  await time(page).filter({ hasText: /left to undo$/ }).waitFor();
  await page.clock.fastForward("10:00");
  await time(page).filter({ hasText: "Undo window closed" }).waitFor();
  await page.locator(".uppy-Dashboard-Item-action--remove").click();
  // Uppy has let the file go; the asset stays, and the person is told why.
  await page.waitForFunction(() => window.uppy.getState().info.some((i) => / was not deleted: the delete window .* is over/.test(i.message)));
  assert.deepEqual((await assets()).map((a) => a.deleted), [false]);
  assert.equal((await deleteRequests()).length, 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Uppy: with the demo signer, removing a file after the window deletes it by signature", async () => {
  await reset();
  const { page, errors } = await open({ clock: true, query: "&signer=/demo/sign" });
  await upload(page, pngFile("signed.png"));
  await time(page).filter({ hasText: /left to undo$/ }).waitFor();
  const [id] = await publicIds(page);
  await page.clock.fastForward("10:00");
  await time(page).filter({ hasText: "Undo window closed: removing deletes it" }).waitFor();
  await page.locator(".uppy-Dashboard-Item-action--remove").click();
  await deletedOnPage(page, id);
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
  assert.equal((await requests()).filter((r) => r.path.endsWith("/image/destroy")).length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});
