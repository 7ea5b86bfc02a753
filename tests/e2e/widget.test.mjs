// The widget (trunk demo page and the npm widget build) against the emulator: a user's journeys
// (upload, undo, delete all, retry, reload, keyboard, languages, long lists), axe-core on every
// state, a strict-CSP page, and screenshots of the main states.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, reset, assets, deleteRequests, PNG, SHOTS, EMU, PAGE } from "./helpers.mjs";

// Served from the page's own origin, so it loads under the strict CSP too.
const AXE = `${PAGE}/e2e/node_modules/axe-core/axe.min.js`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function faults(json) {
  await fetch(`${EMU}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json) });
}

/// axe-core, injected into the page: no violations allowed in any state.
async function axe(page, state) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.addScriptTag({ url: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(found, [], `axe violations in state "${state}"`);
}

async function drop(page, files) {
  const transfer = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const [name, b64] of files) {
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: "image/png" }));
    }
    return dt;
  }, files.map((name) => [name, PNG.toString("base64")]));
  await page.dispatchEvent(".cdt-drop", "drop", { dataTransfer: transfer });
}

test("drop three files: progress bars, then three live countdowns; undo one; delete all after confirming", async () => {
  await reset();
  const { page, consoleLines } = await open(browser, "/");
  await axe(page, "empty");
  await page.screenshot({ path: `${SHOTS}widget-empty.png` });
  await faults({ latency_ms: [1200, 1200], routes: ["upload"] });
  await drop(page, ["one.png", "two.png", "three.png"]);
  await page.locator("progress.cdt-progress").nth(2).waitFor();
  assert.equal(await page.locator("progress.cdt-progress").count(), 3);
  await axe(page, "uploading");
  await page.screenshot({ path: `${SHOTS}widget-uploading.png` });
  await faults({});
  await page.locator('li[data-state="live"]').nth(2).waitFor();
  assert.equal(await page.locator("progress.cdt-window").count(), 3);
  await axe(page, "live");
  await page.screenshot({ path: `${SHOTS}widget-live.png` });

  await page.getByRole("button", { name: "Undo upload of two" }).click();
  await page.locator('li[data-state="deleted"]').waitFor();
  await page.getByText("Copies cached by the CDN may stay visible").waitFor();

  await page.getByRole("button", { name: "Delete all" }).click();
  await page.getByText("Delete all 2 uploads that can still be undone?").waitFor();
  await axe(page, "confirm delete all");
  await page.screenshot({ path: `${SHOTS}widget-confirm.png` });
  await page.getByRole("button", { name: "Delete them" }).click();
  await page.locator('li[data-state="deleted"]').nth(2).waitFor();
  assert.deepEqual((await assets()).map((a) => a.deleted), [true, true, true]);
  await axe(page, "deleted");
  await page.screenshot({ path: `${SHOTS}widget-deleted.png` });
  assert.match(await page.locator(".cdt-sr").innerText(), /deleted/);
  assert.deepEqual(consoleLines.filter((l) => l.startsWith("pageerror")), []);
  await page.close();
});

test("cancel an upload, retry it; a failed upload is retried; files over the limit are refused", async () => {
  await reset();
  const { page } = await open(browser, "/", { query: "&max=100000" });
  await faults({ latency_ms: [3000, 3000], routes: ["upload"] });
  await page.setInputFiles(".cdt-input", { name: "slow.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Cancel slow.png" }).click();
  await page.getByText("Upload cancelled").waitFor();
  await faults({ error_rate: 1, error_status: 500, routes: ["upload"] });
  await page.getByRole("button", { name: "Retry slow.png" }).click();
  await page.getByText("Upload failed: Emulated server error (HTTP 500)").waitFor();
  await axe(page, "upload failed");
  await page.screenshot({ path: `${SHOTS}widget-failed.png` });
  await faults({});
  await page.getByRole("button", { name: "Retry slow.png" }).click();
  await page.locator('li[data-state="live"]').waitFor();

  await page.setInputFiles(".cdt-input", { name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(200_000) });
  await page.getByText("Too large: the limit is 100 kB").waitFor();
  await axe(page, "refused");
  await page.getByRole("button", { name: "Dismiss huge.png" }).click();
  assert.equal(await page.getByText("Too large").count(), 0);
  await page.close();
});

test("a preset without delete tokens is explained", async () => {
  await reset();
  const page = await browser.newPage();
  await page.goto(`${PAGE}/?cloud=demo&preset=no-token&api=${encodeURIComponent(EMU)}`);
  await page.setInputFiles(".cdt-input", { name: "kept.png", mimeType: "image/png", buffer: PNG });
  await page.getByText(/cannot be undone: the upload preset does not return delete tokens/).waitFor();
  await axe(page, "no token");
  await page.close();
});

test("a reload restores entries with their true remaining time", async () => {
  await reset();
  const { page } = await open(browser, "/");
  await page.setInputFiles(".cdt-input", { name: "stay.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('li[data-state="live"]');
  await row.waitFor();
  const id = await row.getAttribute("data-public-id");
  await page.waitForTimeout(1_500);
  await page.reload();
  const restored = page.locator(`li[data-public-id="${id}"][data-state="live"]`);
  await restored.waitFor();
  assert.match(await restored.innerText(), /9:[45]\d left to undo/);
  // One entry: the singular form.
  await page.locator(".cdt-sr", { hasText: "1 upload you can still undo was restored" }).waitFor();
  await page.close();
});

test("a long list: a row scrolled into view shows its true time left", async () => {
  // The list is windowed: of 200 rows, the oldest is not in the DOM until the list scrolls to
  // it, and then it must show its true time, with no tick in between.
  const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
  await page.clock.install();
  await page.addInitScript(() => {
    const deadline = Date.now() + 590_000;
    const entries = Array.from({ length: 200 }, (_, i) => ({ public_id: `long-${i}`, state: "live", token: `t${i}`, deadline }));
    sessionStorage.setItem("cloudinary-delete-token:demo", JSON.stringify({ format: "cloudinary-delete-token", version: 1, cloud: "demo", entries }));
  });
  await page.goto(`${PAGE}/?cloud=demo&preset=undoable&api=${encodeURIComponent(EMU)}`);
  const last = page.locator('li[data-public-id="long-199"]');
  await last.waitFor({ state: "attached" });
  assert.match(await last.innerText(), /9:[45]\d left to undo/);
  // Two minutes later, with the clock paused: no tick runs while the row scrolls into view.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 120_000);
  await page.clock.runFor(2_000);
  await last.scrollIntoViewIfNeeded();
  await last.getByText(/^7:[45]\d$/).waitFor({ timeout: 3_000 });
  const first = page.locator('li[data-public-id="long-0"]');
  assert.equal(await first.count(), 0);
  await page.locator(".cdt-list").evaluate((list) => { list.scrollTop = list.scrollHeight; });
  await first.getByText(/^7:[45]\d$/).waitFor({ timeout: 3_000 });
  assert.equal(await first.getAttribute("aria-posinset"), "200");
  await page.close();
});

test("a long list: Tab walks every row in order, past the rows first rendered", async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
  await page.addInitScript(() => {
    const deadline = Date.now() + 590_000;
    const entries = Array.from({ length: 300 }, (_, i) => ({ public_id: `tab-${i}`, state: "live", token: `t${i}`, deadline }));
    sessionStorage.setItem("cloudinary-delete-token:demo", JSON.stringify({ format: "cloudinary-delete-token", version: 1, cloud: "demo", entries }));
  });
  await page.goto(`${PAGE}/?cloud=demo&preset=undoable&api=${encodeURIComponent(EMU)}`);
  await page.getByRole("button", { name: "Undo upload of tab-299" }).focus();
  for (let i = 1; i <= 120; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => [document.activeElement.getAttribute("aria-label"),
      document.activeElement.closest("li")?.getAttribute("aria-posinset")]);
    assert.deepEqual(focused, [`Undo upload of tab-${299 - i}`, String(i + 1)]);
  }
  assert.ok(await page.locator("li[data-public-id]").count() < 100);
  await page.close();
});

test("keyboard only: choose files, undo, and focus stays on the row", async () => {
  await reset();
  const { page } = await open(browser, "/");
  await page.getByRole("button", { name: "choose files" }).waitFor(); // the wasm has rendered
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "choose files");
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "keys.png", mimeType: "image/png", buffer: PNG });
  await page.locator('li[data-state="live"]').waitFor();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "Undo upload of keys");
  await page.keyboard.press("Enter");
  await page.locator('li[data-state="deleted"]').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.tagName), "LI");
  await page.close();
});

test("German locale: the one-minute announcement, and the expired state passes axe", async () => {
  await reset();
  const { page } = await open(browser, "/", { clock: true, query: "&locale=de" });
  await page.setInputFiles(".cdt-input", { name: "spät.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Upload von spät rückgängig machen" }).waitFor();
  // One announcement when a minute is left, not one per second.
  await page.clock.fastForward("08:50");
  await page.clock.runFor(2_000);
  await page.locator(".cdt-sr", { hasText: "Noch eine Minute, um spät rückgängig zu machen." }).waitFor();
  await page.clock.runFor(5_000);
  assert.equal(await page.locator(".cdt-sr").innerText(), "Noch eine Minute, um spät rückgängig zu machen.");
  await page.clock.fastForward("01:10");
  await page.getByText("Zeitfenster abgelaufen").waitFor();
  // When it closed, as German writes a time of day (Intl.DateTimeFormat): "14:05", no AM/PM.
  assert.match(await page.locator('li[data-state="expired"] .cdt-status').innerText(), /^Zeitfenster abgelaufen \(\d{1,2}:\d{2}\)$/);
  await axe(page, "expired (de)");
  await page.screenshot({ path: `${SHOTS}widget-expired-de.png` });
  assert.equal((await deleteRequests()).length, 0);
  await page.close();
});

test("after the window, the demo page deletes an upload through the demo signer", async () => {
  await reset();
  const { page, consoleLines } = await open(browser, "/", { clock: true, query: "&signer=/demo/sign" });
  await page.setInputFiles(".cdt-input", { name: "late.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Undo upload of late" }).waitFor();
  const id = await page.locator('li[data-state="live"]').getAttribute("data-public-id");
  // Past the window the row does not expire: it offers a permanent delete instead.
  await page.clock.fastForward("10:00");
  const row = page.locator('li[data-via="signed"]');
  await row.waitFor();
  assert.equal(await row.locator(".cdt-status").innerText(), "Deleting it now is permanent");
  assert.equal(await row.locator("progress").count(), 0);
  await axe(page, "past the window, with a signer");
  await page.screenshot({ path: `${SHOTS}widget-signed.png` });
  await row.getByRole("button", { name: "Delete late permanently" }).click();
  await page.locator('li[data-state="deleted"]').waitFor();
  assert.equal((await assets()).find((a) => a.public_id === id)?.deleted, true);
  // Deleted by the signed destroy; the token, past its window, was never sent.
  assert.equal((await deleteRequests()).length, 0);
  const destroys = (await (await fetch(`${EMU}/__emulator/requests`)).json()).filter((r) => r.path.endsWith("/image/destroy"));
  assert.equal(destroys.length, 1);
  assert.deepEqual(consoleLines.filter((l) => /pageerror|error/i.test(l)), []);
  await page.close();
});

test("the widget npm build works as a custom element under a strict CSP", async () => {
  await reset();
  const { page, consoleLines } = await open(browser, "/e2e/pages/csp.html");
  await page.locator("cloudinary-undo .cdt-drop").waitFor();
  await page.setInputFiles("cloudinary-undo .cdt-input", { name: "csp.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('cloudinary-undo li[data-state="live"]');
  await row.waitFor();
  const id = await row.getAttribute("data-public-id");
  await row.getByRole("button", { name: "Undo upload of csp" }).click();
  await page.locator('cloudinary-undo li[data-state="deleted"]').waitFor();
  assert.deepEqual(await page.evaluate(() => window.widgetEvents), [["recorded", id], ["deleted", id]]);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(consoleLines.filter((l) => /Content Security Policy|pageerror/.test(l)), []);
  // Styled by its own stylesheet (the page links none), themed from outside its shadow root,
  // and its light DOM left as the page wrote it.
  assert.deepEqual(await page.evaluate(() => {
    const el = document.querySelector("cloudinary-undo");
    const input = el.shadowRoot.querySelector(".cdt-input");
    el.style.setProperty("--cdt-accent", "rgb(1, 2, 3)");
    const choose = el.shadowRoot.querySelector(".cdt-choose");
    return [document.styleSheets.length, getComputedStyle(input).position, getComputedStyle(choose).color,
      el.childNodes.length];
  }), [0, "absolute", "rgb(1, 2, 3)", 0]);
  await axe(page, "custom element");
  await page.screenshot({ path: `${SHOTS}widget-csp.png` });
  await page.close();
});

test("the custom element follows its attributes and properties and keeps its uploads", async () => {
  await reset();
  const { page } = await open(browser, "/e2e/pages/csp.html");
  await page.locator("cloudinary-undo .cdt-drop").waitFor();
  await page.evaluate(() => {
    window.elementErrors = [];
    document.addEventListener("cloudinary-undo:error", (e) => window.elementErrors.push(e.detail.name));
  });
  // A name made of placeholders is announced as it is, never filled in again.
  await page.setInputFiles("cloudinary-undo .cdt-input", { name: "{name} {time}.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('cloudinary-undo li[data-state="live"]');
  await row.waitFor();
  const id = await row.getAttribute("data-public-id");
  await page.waitForFunction(() => document.querySelector("cloudinary-undo").shadowRoot.querySelector(".cdt-sr")?.textContent?.includes("uploaded"));
  assert.match(await page.locator("cloudinary-undo .cdt-sr").innerText(), /^\{name\} \{time\} uploaded\. You can undo it for \d+:\d\d\.$/);
  // Attributes and their mirrored properties apply at once; the client (memory storage) stays.
  await page.evaluate(() => {
    const el = document.querySelector("cloudinary-undo");
    el.locale = "de";
    el.setAttribute("accept", "image/*");
    el.maxFileSize = 5_000_000;
  });
  await page.locator("cloudinary-undo section[lang=de]").waitFor();
  assert.equal(await page.locator(`cloudinary-undo li[data-public-id="${id}"][data-state="live"]`).count(), 1);
  assert.deepEqual(await page.evaluate(() => {
    const el = document.querySelector("cloudinary-undo");
    return [el.getAttribute("locale"), el.maxFileSize, el.client.entries().map((e) => e.state)];
  }), ["de", "5000000", ["live"]]);
  // An invalid value is reported, and the element keeps working as it was.
  await page.evaluate(() => { document.querySelector("cloudinary-undo").maxFileSize = "lots"; });
  assert.deepEqual(await page.evaluate(() => window.elementErrors), ["ConfigError"]);
  await page.evaluate(() => { document.querySelector("cloudinary-undo").storage = "cookies"; });
  assert.deepEqual(await page.evaluate(() => window.elementErrors), ["ConfigError", "ConfigError"]);
  assert.equal(await page.locator(`cloudinary-undo li[data-public-id="${id}"][data-state="live"]`).count(), 1);
  // Mending one of the two bad values is still refused (the other is bad); both, accepted.
  await page.evaluate(() => {
    const el = document.querySelector("cloudinary-undo");
    el.maxFileSize = 5_000_000;
    el.storage = "memory";
  });
  assert.deepEqual(await page.evaluate(() => window.elementErrors), ["ConfigError", "ConfigError", "ConfigError"]);
  // el.client records uploads made elsewhere; the widget lists them.
  await page.evaluate(() => document.querySelector("cloudinary-undo").client.record({ public_id: "elsewhere", delete_token: "t-elsewhere" }));
  await page.locator('cloudinary-undo li[data-public-id="elsewhere"]').waitFor();
  // A new configuration (another preset) is a new client.
  await page.evaluate(() => { document.querySelector("cloudinary-undo").uploadPreset = "other"; });
  await page.waitForFunction(() => document.querySelector("cloudinary-undo").shadowRoot.querySelectorAll("li[data-public-id]").length === 0);
  await page.close();
});

test("the custom element in each built-in language, with plural forms, passes axe", async () => {
  await reset();
  const { page } = await open(browser, "/e2e/pages/csp.html");
  await page.locator("cloudinary-undo .cdt-drop").waitFor();
  await page.setInputFiles("cloudinary-undo .cdt-input", { name: "one.png", mimeType: "image/png", buffer: PNG });
  await page.locator('cloudinary-undo li[data-state="live"]').waitFor();
  // The section's lang is the tag the page gave, as the browser writes it.
  for (const [locale, lang, undo] of [["en", "en", "Undo"], ["de-AT", "de-AT", "Rückgängig"], ["fr", "fr", "Annuler"],
    ["es-MX", "es-MX", "Deshacer"], ["ja", "ja", "取り消す"]]) {
    await page.evaluate((l) => { document.querySelector("cloudinary-undo").locale = l; }, locale);
    await page.locator(`cloudinary-undo section[lang=${lang}]`).waitFor();
    assert.equal(await page.locator("cloudinary-undo li button").first().innerText(), undo);
    // At the widget's full width the row's button stays on its time-left line, in every language.
    const [status, button] = await Promise.all([".cdt-status", "button"]
      .map((part) => page.locator(`cloudinary-undo li[data-state="live"] ${part}`).first().boundingBox()));
    assert.ok(button.y < status.y + status.height && status.y < button.y + button.height,
      `${locale}: the button wrapped below its row's time left`);
    await axe(page, `custom element, ${locale}`);
  }
  // "Delete all" for one upload asks in the singular.
  await page.evaluate(() => { document.querySelector("cloudinary-undo").locale = "en"; });
  await page.getByRole("button", { name: "Delete all" }).click();
  await page.getByText("Delete the upload that can still be undone?").waitFor();
  await page.close();
});

test("a page supplies its own messages for another language; the rest fall back to English", async () => {
  await reset();
  const { page } = await open(browser, "/e2e/pages/csp.html");
  await page.locator("cloudinary-undo .cdt-drop").waitFor();
  await page.evaluate(() => {
    window.elementErrors = [];
    document.addEventListener("cloudinary-undo:error", (e) => window.elementErrors.push(e.detail.message));
    const el = document.querySelector("cloudinary-undo");
    el.strings = { undo: "Annulla", timeLeft: "ancora {time} per annullare", undoLabel: "Annulla il caricamento di {name}" };
    el.locale = "it";
  });
  await page.locator("cloudinary-undo section[lang=it]").waitFor();
  await page.setInputFiles("cloudinary-undo .cdt-input", { name: "gatto.png", mimeType: "image/png", buffer: PNG });
  const row = page.locator('cloudinary-undo li[data-state="live"]');
  await row.waitFor();
  assert.match(await row.innerText(), /ancora \d:\d\d per annullare/);
  await page.getByRole("button", { name: "Annulla il caricamento di gatto" }).waitFor();
  // Not supplied: English.
  await page.getByRole("button", { name: "Delete all" }).waitFor();
  await axe(page, "custom element, own messages");
  // An unknown key is reported by name; the element keeps the messages it had.
  await page.evaluate(() => { document.querySelector("cloudinary-undo").strings = { undoo: "Annulla" }; });
  const errors = await page.evaluate(() => window.elementErrors);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /undoo/);
  assert.equal(await row.getByRole("button").innerText(), "Annulla");
  // Taking them away brings back the built-in ones (English for "it").
  await page.evaluate(() => { document.querySelector("cloudinary-undo").strings = undefined; });
  await page.getByRole("button", { name: "Undo upload of gatto" }).waitFor();
  await page.close();
});
