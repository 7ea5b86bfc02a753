// The plain-JS page in www/ (npm module from pkg/, no bundler) against the emulator.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, reset, assets, PNG, SHOTS } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("a fetch upload is recorded with record(), undone, and a widget result is recorded too", async () => {
  await reset();
  const { page, consoleLines } = await open(browser, "/www/");
  await page.setInputFiles("#file", { name: "dog.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('#entries li[data-state="live"]');
  await row.waitFor();
  const id = await row.getAttribute("data-public-id");
  await row.getByRole("button", { name: "Undo" }).click();
  await page.locator(`#entries li[data-public-id="${id}"][data-state="deleted"]`).waitFor();

  await page.click("#widget");
  await page.locator("#status", { hasText: "Recorded widget upload" }).waitFor();
  await page.click("#delete-all");
  await page.locator("#status", { hasText: "Deleted 1 of 1" }).waitFor();
  const all = await assets();
  assert.equal(all.length, 2);
  assert.ok(all.every((a) => a.deleted), JSON.stringify(all));
  await page.screenshot({ path: `${SHOTS}www-after-delete-all.png` });
  assert.deepEqual(consoleLines.filter((l) => l.startsWith("pageerror")), []);
  await page.close();
});

test("with a signer, the plain page deletes an upload after its window by a signed destroy", async () => {
  await reset();
  const { page, consoleLines } = await open(browser, "/www/", { clock: true, query: "&signer=/demo/sign" });
  await page.setInputFiles("#file", { name: "cat.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('#entries li[data-state="live"]');
  await row.getByRole("button", { name: "Undo" }).waitFor();
  const id = await row.getAttribute("data-public-id");
  await page.clock.fastForward("10:00");
  await row.getByText("deleting it now is permanent").waitFor();
  assert.equal(await page.evaluate(() => window.deleteTokenClient.entries()[0].deleteVia), "signed");
  await row.getByRole("button", { name: "Delete" }).click();
  await page.locator(`#entries li[data-public-id="${id}"][data-state="deleted"]`).waitFor();
  assert.equal((await assets()).find((a) => a.public_id === id)?.deleted, true);
  assert.deepEqual(consoleLines.filter((l) => l.startsWith("pageerror")), []);
  await page.close();
});
