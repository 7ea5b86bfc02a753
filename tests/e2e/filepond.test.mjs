// FilePond 4.32.12 with `cloudinary-delete-token/filepond`, driven in Chromium through the
// FilePond example (examples/filepond, as `cargo xtask build` builds it) against the emulator:
// upload, undo by FilePond's revert, the time left on each item, a reload, chunks, abort, a
// revert after the window with and without a signer, Cloudinary's error, and axe-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, reset, assets, requests, AXE, faults, openExample, pngFile, PNG, PAGE, EMU, SHOTS } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const open = (options) => openExample(browser, "filepond", () => window.pond !== undefined, options);
const pick = (page, file) => page.setInputFiles(".filepond--browser", file);
const sub = (page) => page.locator(".filepond--item .filepond--file-status-sub");
// FilePond's FileStatus: PROCESSING_COMPLETE 5, PROCESSING_REVERT_ERROR 10.
const status = (page) => page.evaluate(() => window.pond.getFiles().map((f) => f.status));
const waitStatus = (page, s) => page.waitForFunction((s) => window.pond.getFiles().some((f) => f.status === s), s);
const serverId = (page) => page.evaluate(() => window.pond.getFiles()[0].serverId);
const deletedOnPage = (page, id) => page.waitForFunction((id) => window.client.entries().some((e) => e.publicId === id && e.state === "deleted"), id);

/// Undoes the one upload by FilePond's revert button: deleted here, gone from the list, and
/// deleted at the emulator.
async function undo(page, id) {
  await page.locator(".filepond--action-revert-item-processing").click();
  await deletedOnPage(page, id);
  await page.waitForFunction(() => window.pond.getFiles().length === 0);
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
}

/// The `Content-Range` of each upload request (the client's chunks of 20 MiB; all but the last
/// one say the total is not known yet, as Cloudinary's protocol allows).
const chunkRanges = async () =>
  (await requests()).filter((r) => r.method === "POST" && r.path.endsWith("/upload")).map((r) => r.headers["content-range"]);

/// axe-core's violations, as `id: target` lines.
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.addScriptTag({ url: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

/// The violations beyond those of the empty page, less FilePond's own item colours: its item
/// text (white, the sub-lines at half opacity, on its grey and green) fails color-contrast
/// whatever the text, its own file name and "tap to undo" included.
async function axeAdded(page, empty) {
  const own = /^color-contrast: \.filepond--file-(info|status)-(main|sub)$/;
  return (await axe(page)).filter((v) => !empty.includes(v) && !own.test(v));
}

test("FilePond: an upload shows its time left, and its revert deletes it", async () => {
  await reset();
  const { page, errors } = await open();
  const empty = await axe(page);
  await pick(page, pngFile("pond.png"));
  await sub(page).filter({ hasText: /^9:[45]\d left to undo$/ }).waitFor();
  const id = await serverId(page);
  assert.equal(typeof id, "string");
  assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, false]]);
  assert.deepEqual(await axeAdded(page, empty), []);
  await page.screenshot({ path: `${SHOTS}filepond-uploaded.png` });
  await undo(page, id);
  assert.deepEqual(errors, []);
  await page.close();
});

test("FilePond: after a reload the live upload is listed again and its revert deletes it", async () => {
  await reset();
  const { page, errors } = await open();
  await pick(page, pngFile("again.png"));
  await sub(page).filter({ hasText: /left to undo$/ }).waitFor();
  const id = await serverId(page);
  await page.reload();
  await page.waitForFunction(() => window.pond !== undefined);
  await sub(page).filter({ hasText: /^9:[45]\d left to undo$/ }).waitFor();
  assert.equal(await serverId(page), id);
  // Cloudinary's `original_filename` has no extension.
  assert.equal(await page.locator(".filepond--file-info-main").innerText(), "again");
  await undo(page, id);
  assert.deepEqual(errors, []);
  await page.close();
});

test("FilePond: a 25 MB file goes up in Cloudinary's chunks and is undoable", async () => {
  await reset();
  const { page, errors } = await open();
  await pick(page, { name: "big.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(25_000_000, 7) });
  await sub(page).filter({ hasText: /left to undo$/ }).waitFor();
  assert.deepEqual(await chunkRanges(), ["bytes 0-20971519/-1", "bytes 20971520-24999999/25000000"]);
  const id = await serverId(page);
  await page.locator(".filepond--action-revert-item-processing").click();
  await deletedOnPage(page, id);
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("FilePond: aborting mid-upload leaves nothing tracked", async () => {
  await reset();
  await faults({ latency_ms: [60_000, 60_000], routes: ["upload"] });
  try {
    const { page, errors } = await open();
    await pick(page, pngFile("slow.png"));
    const abort = page.locator(".filepond--action-abort-item-processing");
    await abort.waitFor();
    await page.waitForFunction(() => window.pond.getFiles()[0]?.status === 3); // PROCESSING
    await abort.click();
    await page.locator(".filepond--file-status-main", { hasText: "Upload cancelled" }).waitFor();
    assert.deepEqual(await page.evaluate(() => window.client.entries()), []);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await faults({});
  }
});

test("FilePond: a revert after the window without a signer shows why and keeps the item", async () => {
  await reset();
  const { page, errors } = await open({ clock: true });
  await pick(page, pngFile("late.png"));
  await sub(page).filter({ hasText: /left to undo$/ }).waitFor();
  await page.clock.fastForward("10:00");
  await sub(page).filter({ hasText: "Undo window closed" }).waitFor();
  await page.locator(".filepond--action-revert-item-processing").click();
  await waitStatus(page, 10);
  // The client's reason (TokenExpiredError), which FilePond's own revert error does not carry.
  await sub(page).filter({ hasText: /^the delete window .* is over; only your server can delete this asset now \(tap to retry\)$/ }).waitFor();
  // forceRevert: the item stays, and so does the asset.
  assert.deepEqual(await status(page), [10]);
  assert.deepEqual((await assets()).map((a) => a.deleted), [false]);
  assert.deepEqual(await axeAdded(page, []), []);
  await page.screenshot({ path: `${SHOTS}filepond-revert-refused.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test("FilePond: with the demo signer a revert after the window deletes by signature", async () => {
  await reset();
  const { page, errors } = await open({ clock: true, query: "&signer=/demo/sign" });
  await pick(page, pngFile("signed.png"));
  await sub(page).filter({ hasText: /left to undo$/ }).waitFor();
  const id = await serverId(page);
  await page.clock.fastForward("10:00");
  await sub(page).filter({ hasText: "Undo window closed: removing deletes it" }).waitFor();
  await undo(page, id);
  assert.equal((await requests()).filter((r) => r.path.endsWith("/image/destroy")).length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test("FilePond: Cloudinary's error (a wrong preset) is shown on the item", async () => {
  await reset();
  const { page, errors } = await open({ preset: "no-such-preset" });
  await pick(page, pngFile("wrong.png"));
  await page.locator(".filepond--file-status-main", { hasText: "Upload preset not found" }).waitFor();
  assert.deepEqual(await status(page), [6]); // PROCESSING_ERROR
  assert.deepEqual(await page.evaluate(() => window.client.entries()), []);
  assert.deepEqual(errors, []);
  await page.close();
});
