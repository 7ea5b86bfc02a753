// The example apps in examples/, as `cargo xtask build` builds them, driven against the emulator:
// a Vite app with the npm module, a React 19 app with the custom element, and a yew app whose
// parent re-renders every second.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, reset, assets, PNG, PAGE, EMU } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(app) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${PAGE}/examples/${app}/dist/index.html?cloud=demo&preset=undoable&api=${encodeURIComponent(EMU)}`);
  return { page, errors };
}

test("the Vite example uploads with the npm module, counts down and undoes", async () => {
  await reset();
  const { page, errors } = await open("vite");
  await page.locator("#file:enabled").waitFor(); // offered once the module is ready
  await page.setInputFiles("#file", { name: "vite.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('#entries li[data-state="live"]');
  await row.waitFor();
  assert.match(await row.innerText(), /vite: live \(9:[45]\d left\)/);
  await row.getByRole("button", { name: "Undo" }).click();
  await page.locator('#entries li[data-state="deleted"]').waitFor();
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the React example: the custom element follows React's props and reports DOM events", async () => {
  await reset();
  const { page, errors } = await open("react");
  await page.locator("cloudinary-undo .cdt-drop").waitFor();
  await page.setInputFiles("cloudinary-undo .cdt-input", { name: "react.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('cloudinary-undo li[data-state="live"]');
  await row.waitFor();
  const id = await row.getAttribute("data-public-id");
  await page.locator("#log li", { hasText: `recorded ${id}` }).waitFor();
  // React sets the element's locale property; the upload (memory storage) is kept.
  await page.selectOption("#locale", "de");
  await page.locator("cloudinary-undo section[lang=de]").waitFor();
  await row.getByRole("button", { name: /rückgängig machen/ }).click();
  await page.locator("#log li", { hasText: `deleted ${id}` }).waitFor();
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the yew example: a parent re-rendering every second keeps the widget's upload", async () => {
  await reset();
  const { page, errors } = await open("yew");
  await page.locator(".cdt-drop").waitFor();
  await page.setInputFiles(".cdt-input", { name: "yew.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('li[data-state="live"]');
  await row.waitFor();
  const id = await row.getAttribute("data-public-id");
  const before = await page.locator("#renders").innerText();
  await page.waitForFunction((b) => document.getElementById("renders").textContent !== b, before);
  await page.waitForTimeout(1_200);
  assert.equal(await page.locator(`li[data-public-id="${id}"][data-state="live"]`).count(), 1);
  await row.getByRole("button", { name: "Undo upload of yew" }).click();
  await page.locator("#deleted li", { hasText: id }).waitFor();
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
  assert.deepEqual(errors, []);
  await page.close();
});
