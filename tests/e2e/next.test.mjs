// The Next.js example (examples/next, as `cargo xtask build` builds it) served by `next start` and
// driven against the emulator: the widget's element in the server HTML, defined after hydration;
// the npm module in a server-rendered client component; routes Next keeps mounted, hidden, when
// navigating away. No step may log an error (hydration errors included) or throw in the page.
// All of it twice: the app as Turbopack (Next's default) built it, and as webpack did.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, reset, assets, pngFile, EMU } from "./helpers.mjs";
import { startNext } from "./next-server.mjs";

/** The builds `cargo xtask build` makes: bundler, and the output directory (`NEXT_DIST_DIR`). */
const BUILDS = [["Turbopack", ".next"], ["webpack", ".next-webpack"]];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const [bundler, distDir] of BUILDS) describe(`built with ${bundler}`, () => {
  let server;
  let base;
  /** What `next start` printed, for the check that it reported no error. */
  let serverLog = "";

  before(async () => {
    server = await startNext(distDir, (text) => { serverLog += text; });
    base = server.base;
  });

  after(async () => { await server?.stop(); });

  /** A page of the app whose console errors and uncaught errors are collected in `errors`. */
  async function open(path) {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    // Which resource a "Failed to load resource" console line was about.
    page.on("response", (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
    await page.goto(base + path);
    return { page, errors };
  }

  /** Follows one of the layout's links: a client-side navigation. */
  async function follow(page, name, path) {
    await page.getByRole("link", { name }).click();
    await page.waitForURL(base + path);
  }

  test("pages answer a plain GET with 200; / carries the bare element with its attributes", async () => {
    for (const path of ["/", "/client"]) {
      const reply = await fetch(base + path);
      assert.equal(reply.status, 200, path);
      const html = await reply.text();
      if (path === "/") {
        // Attributes only: the widget renders in the browser, into the element's shadow root.
        const element = `<cloudinary-undo cloud-name="demo" upload-preset="undoable" api-host="${EMU}" storage="memory"></cloudinary-undo>`;
        assert.ok(html.includes(element), html);
      } else {
        // The client component rendered on the server: its input waits for the wasm.
        assert.match(html, /<input id="file" type="file" disabled=""/);
      }
    }
  });

  test("/: the element renders into its shadow root, uploads a file picked at once, and undoes it", async () => {
    await reset();
    const { page, errors } = await open("/");
    // Playwright's CSS locators pierce open shadow roots.
    const input = page.locator("cloudinary-undo .cdt-input");
    await input.waitFor({ state: "attached" });
    await input.setInputFiles(pngFile("next.png"));
    assert.deepEqual(
      await page.locator("cloudinary-undo").evaluate((el) => [el.shadowRoot !== null, el.childNodes.length]),
      [true, 0],
    );
    const row = page.locator('cloudinary-undo li[data-state="live"]');
    await row.waitFor();
    const id = await row.getAttribute("data-public-id");
    assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, false]]);
    await row.getByRole("button", { name: /^Undo upload of/ }).click();
    await page.locator(`cloudinary-undo li[data-public-id="${id}"][data-state="deleted"]`).waitFor();
    assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, true]]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("/client: the npm module in a server-rendered client component uploads and undoes", async () => {
    await reset();
    const { page, errors } = await open("/client");
    await page.setInputFiles("#file:enabled", pngFile("client.png"));
    const row = page.locator('#entries li[data-state="live"]');
    await row.waitFor();
    assert.match(await row.innerText(), /^client: live \(9:[45]\d left\)/);
    const id = await row.getAttribute("data-public-id");
    assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, false]]);
    await row.getByRole("button", { name: "Undo" }).click();
    await page.locator(`#entries li[data-public-id="${id}"][data-state="deleted"]`).waitFor();
    assert.deepEqual((await assets()).map((a) => [a.public_id, a.deleted]), [[id, true]]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("navigating away and back keeps both routes mounted: same element, same client, same rows", async () => {
    await reset();
    const { page, errors } = await open("/");
    await page.setInputFiles("cloudinary-undo .cdt-input", pngFile("kept.png"));
    const widgetRow = page.locator('cloudinary-undo li[data-state="live"]');
    await widgetRow.waitFor();
    const widgetId = await widgetRow.getAttribute("data-public-id");
    // A mark on the element: a remount would lose it (and a new client, with memory storage, its rows).
    await page.locator("cloudinary-undo").evaluate((el) => { el.kept = true; });

    await follow(page, "The npm module", "/client");
    // `/` is still in the document, hidden by React's <Activity>, its widget still connected.
    await page.locator("cloudinary-undo").waitFor({ state: "hidden" });
    await page.setInputFiles("#file:enabled", pngFile("module.png"));
    const moduleRow = page.locator('#entries li[data-state="live"]');
    await moduleRow.waitFor();
    const moduleId = await moduleRow.getAttribute("data-public-id");
    await page.locator("#status", { hasText: "module.png uploaded." }).waitFor();

    // Twice there and back: each showing runs the route's effects again (defineCustomElement too).
    for (let round = 0; round < 2; round += 1) {
      await follow(page, "The widget", "/");
      await page.locator(`cloudinary-undo li[data-public-id="${widgetId}"][data-state="live"]`).waitFor();
      assert.deepEqual(
        await page.locator("cloudinary-undo").evaluate((el) => [el.kept, el.client.entries().map((e) => e.publicId)]),
        [true, [widgetId]],
      );
      assert.equal(await page.locator("cloudinary-undo li[data-public-id]").count(), 1);

      await follow(page, "The npm module", "/client");
      await page.locator(`#entries li[data-public-id="${moduleId}"][data-state="live"]`).waitFor();
      // React state of the hidden route survived too: the status line is the one it left.
      assert.equal(await page.locator("#status").innerText(), "module.png uploaded.");
      assert.equal(await page.locator("#entries li").count(), 1);
    }

    await page.locator(`#entries li[data-public-id="${moduleId}"]`).getByRole("button", { name: "Undo" }).click();
    await page.locator(`#entries li[data-public-id="${moduleId}"][data-state="deleted"]`).waitFor();
    await follow(page, "The widget", "/");
    await page.locator(`cloudinary-undo li[data-public-id="${widgetId}"]`).getByRole("button", { name: /^Undo upload of/ }).click();
    await page.locator(`cloudinary-undo li[data-public-id="${widgetId}"][data-state="deleted"]`).waitFor();
    const deleted = Object.fromEntries((await assets()).map((a) => [a.public_id, a.deleted]));
    assert.deepEqual(deleted, { [widgetId]: true, [moduleId]: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("next start logged no error while serving these pages", () => {
    assert.doesNotMatch(serverLog, /error|⨯/i, serverLog);
  });
});
