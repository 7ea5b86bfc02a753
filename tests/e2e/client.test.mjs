// The JS client in the plain page (www/) under hard conditions: wrong and changing
// page clocks, a reload in the middle of a delete, and two tabs sharing localStorage.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, reset, assets, deleteRequests, wwwReady, PNG, PAGE, EMU } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const url = (extra = "") => `${PAGE}/www/?cloud=demo&preset=undoable&api=${encodeURIComponent(EMU)}${extra}`;

async function uploadIn(page, name = "f.png") {
  await wwwReady(page);
  const before = await page.locator("#entries li").count();
  await page.setInputFiles("#file", { name, mimeType: "image/png", buffer: PNG });
  await page.locator("#entries li").nth(before).waitFor();
  return page.locator('#entries li[data-state="live"]').first().getAttribute("data-public-id");
}

for (const [label, offsetMin] of [["7 minutes behind", -7], ["30 minutes ahead", 30]]) {
  test(`a page clock ${label} still gets the full window and can undo`, async () => {
    await reset();
    const page = await browser.newPage();
    await page.clock.install({ time: Date.now() + offsetMin * 60_000 });
    await page.goto(url());
    const id = await uploadIn(page);
    const text = await page.locator(`#entries li[data-public-id="${id}"]`).innerText();
    assert.match(text, /\((9:[45]\d) left\)/, text);
    await page.locator(`#entries li[data-public-id="${id}"] button`).click();
    await page.locator(`#entries li[data-public-id="${id}"][data-state="deleted"]`).waitFor();
    assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
    await page.close();
  });
}

test("changing the system clock while the page is open moves no deadline", async () => {
  await reset();
  const page = await browser.newPage();
  await page.clock.install();
  await page.goto(url());
  const id = await uploadIn(page);
  const row = page.locator(`#entries li[data-public-id="${id}"]`);
  // The user sets the clock 20 minutes ahead: a wall-clock countdown would say "expired".
  await page.clock.setSystemTime(Date.now() + 20 * 60_000);
  await page.clock.runFor(1_100);
  assert.match(await row.innerText(), /\(9:[45]\d left\)/);
  // ... and 20 minutes back: the window must not grow either; real elapsed time still counts.
  await page.clock.setSystemTime(Date.now() - 20 * 60_000);
  await page.clock.fastForward("09:50");
  await page.locator(`#entries li[data-public-id="${id}"][data-state="expired"]`).waitFor();
  assert.equal((await deleteRequests()).length, 0);
  await page.close();
});

test("a reload in the middle of a delete is resolved after the reload, never left deleting", async () => {
  await reset();
  const page = await browser.newPage();
  await page.goto(url());
  const id = await uploadIn(page);
  await fetch(`${EMU}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ latency_ms: [1500, 1500], routes: ["delete_by_token"] }) });
  await page.locator(`#entries li[data-public-id="${id}"] button`).click();
  await page.locator(`#entries li[data-public-id="${id}"][data-state="deleting"]`).waitFor();
  await page.reload();
  await fetch(`${EMU}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const settled = page.locator(`#entries li[data-public-id="${id}"]:is([data-state="deleted"], [data-state="failed"])`);
  await settled.waitFor({ timeout: 10_000 });
  const state = await settled.getAttribute("data-state");
  if (state === "failed") assert.match(await page.locator("#status").innerText(), /most likely went through/);
  assert.deepEqual((await assets()).map((a) => a.deleted), [true]);
  await page.close();
});

test("two tabs on localStorage see each other's uploads and deletes, and never delete twice", async () => {
  await reset();
  const context = await browser.newContext();
  const [a, b] = [await context.newPage(), await context.newPage()];
  await a.goto(url("&storage=local"));
  await b.goto(url("&storage=local"));
  const first = await uploadIn(a, "one.png");
  await b.locator(`#entries li[data-public-id="${first}"][data-state="live"]`).waitFor();
  await b.locator(`#entries li[data-public-id="${first}"] button`).click();
  await a.locator(`#entries li[data-public-id="${first}"][data-state="deleted"]`).waitFor();

  // Both tabs delete the same upload at once (a click in one tab hides the other tab's button,
  // so the race is driven through the API): exactly one request.
  const second = await uploadIn(a, "two.png");
  await b.locator(`#entries li[data-public-id="${second}"][data-state="live"]`).waitFor();
  const del = (page) => page.evaluate((id) => window.deleteTokenClient.delete(id).then((e) => e.state, (e) => e.name), second);
  const outcomes = (await Promise.all([del(a), del(b)])).sort();
  // The other tab either joined too late (already deleted) or while the request was in flight.
  assert.ok(["deleted,deleted", "DeleteInProgressError,deleted", "AlreadyDeletedError,deleted"].includes(outcomes.join()), outcomes.join());
  for (const page of [a, b]) await page.locator(`#entries li[data-public-id="${second}"][data-state="deleted"]`).waitFor();
  const posts = (await deleteRequests()).filter((r) => r.method === "POST");
  assert.equal(posts.length, 2, "one request per upload");
  assert.deepEqual((await assets()).map((x) => x.deleted), [true, true]);
  await context.close();
});
