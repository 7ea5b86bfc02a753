// The demo page (trunk build of the yew widget) against the emulator: upload, undo, expiry.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, reset, assets, deleteRequests, emu, PNG, SHOTS } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("upload shows a live countdown and Undo deletes the asset from the emulator", async () => {
  await reset();
  const { page, consoleLines } = await open(browser, "/");
  await page.setInputFiles("input[type=file]", { name: "cat.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('li[data-state="live"]');
  await row.waitFor();
  const id = await row.getAttribute("data-public-id");
  assert.match(await row.innerText(), /cat[\s\S]*\d+:\d\d left to undo/);
  assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, false]]);

  await row.getByRole("button", { name: "Undo upload of cat" }).click();
  await page.locator(`li[data-public-id="${id}"][data-state="deleted"]`).waitFor();
  assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, true]]);
  await page.screenshot({ path: `${SHOTS}demo-after-undo.png` });

  // The token went in the body, form-encoded, never in the URL; and never in the console.
  const [sent] = await deleteRequests();
  assert.equal(sent.query, "");
  assert.match(sent.body, /^token=[0-9a-f]{288}$/);
  const token = sent.body.slice("token=".length);
  assert.ok(!consoleLines.some((l) => l.includes(token)), "token leaked to the console");
  assert.ok(!sent.headers["x-requested-with"], "a custom header would force a CORS preflight");
  await page.close();
});

test("after 10 minutes on both clocks the entry shows expired and no delete is sent", async () => {
  await reset();
  const { page } = await open(browser, "/", { clock: true });
  await page.setInputFiles("input[type=file]", { name: "late.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('li[data-state="live"]');
  await row.waitFor();
  const id = await row.getAttribute("data-public-id");

  await emu("/__emulator/clock/advance?seconds=601", "POST");
  await page.clock.fastForward("10:01");
  const expired = page.locator(`li[data-public-id="${id}"][data-state="expired"]`);
  await expired.waitFor();
  assert.match(await expired.innerText(), /Undo window closed/);
  assert.equal(await expired.getByRole("button").count(), 0);
  assert.equal((await deleteRequests()).length, 0);
  assert.deepEqual((await assets()).map((a) => a.deleted), [false]);
  await page.screenshot({ path: `${SHOTS}demo-expired.png` });
  await page.close();
});
