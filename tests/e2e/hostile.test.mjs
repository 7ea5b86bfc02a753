// Careless and hostile values at every entry point of the packages as they ship (release builds:
// the lean npm module and the widget build). Each must give a typed error or be harmless, and the
// module must keep working: a wasm trap ("RuntimeError: memory access out of bounds") would mean
// the release glue took a value it did not check.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, PAGE } from "./helpers.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Runs in the page: every entry point of `mod` with every exotic value; returns what each call
/// gave, as `label: errorName` or `label: ok`.
async function probe(modulePath) {
  const mod = await import(modulePath);
  await mod.default();
  const proxy = new Proxy({}, { get() { throw new Error("trap"); }, has() { throw new Error("trap"); },
    ownKeys() { throw new Error("trap"); }, getOwnPropertyDescriptor() { throw new Error("trap"); } });
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const cyclic = { public_id: "cyc", delete_token: "t-cyc" };
  cyclic.self = cyclic;
  cyclic.info = cyclic;
  let deep = {};
  for (let i = 0; i < 100_000; i++) deep = { info: deep, event: "success" };
  const values = {
    number: 123, object: {}, null: null, undefined: undefined, symbol: Symbol("s"), bigint: 10n ** 30n,
    proxy, revoked, cyclic, deep, getter: { get public_id() { throw new Error("getter"); }, delete_token: "t" },
    proto: JSON.parse('{"__proto__":{"public_id":"polluted","delete_token":"p"}}'),
    huge: "x".repeat(5 << 20), deepText: '{"info":'.repeat(100_000) + "}".repeat(100_000),
  };
  const results = [];
  const attempt = async (label, f) => {
    try {
      await f();
      results.push(`${label}: ok`);
    } catch (e) {
      results.push(`${label}: ${e?.name}`);
    }
  };
  const options = { cloudName: "demo", apiHost: "http://127.0.0.1:9", storage: "memory" };
  const client = new mod.DeleteTokenClient(options);
  // record() goes to its own client, so the one deleteAll() runs on has nothing to send.
  const recorder = new mod.DeleteTokenClient(options);
  for (const [name, v] of Object.entries(values)) {
    await attempt(`new(${name})`, () => new mod.DeleteTokenClient(v));
    await attempt(`record(${name})`, () => recorder.record(v));
    await attempt(`delete(${name})`, () => client.delete(v));
    await attempt(`forget(${name})`, () => client.forget(v));
    await attempt(`upload(${name})`, () => client.upload(v));
    await attempt(`uploadOptions(${name})`, () => client.upload(new Blob(["x"]), v));
    await attempt(`deleteAll(${name})`, () => client.deleteAll(v));
    await attempt(`subscribe(${name})`, () => client.subscribe(v));
    await attempt(`option(${name})`, () => new mod.DeleteTokenClient({ cloudName: "demo", storage: v }));
    if (mod.mountWidget) {
      await attempt(`mountWidget(${name})`, () => mod.mountWidget(v, { cloudName: "demo", uploadPreset: "p" }));
      await attempt(`widgetOptions(${name})`, () => mod.mountWidget(document.createElement("div"), v));
    }
  }
  client.record({ public_id: "still-works", delete_token: "t-still" });
  results.push(`works after: ${client.entries().some((e) => e.publicId === "still-works")}`);
  results.push(`prototype clean: ${({}).public_id === undefined}`);
  return results;
}

// What each entry point may answer. `ok` only where the value is valid or harmless.
const STRINGS = ["huge", "deepText"]; // the values that are strings
const allowed = (label) => {
  const [call, value] = label.replace(")", "").split("(");
  const ok = {
    "record": ["cyclic"],
    "new": [],
    "option": ["undefined"],
    "uploadOptions": [], // upload of a Blob with no preset: ConfigError even for good options
    "deleteAll": ["undefined", "null", "object"], // no options, or empty ones
    "forget": STRINGS, // a string that is no tracked id: false
  }[call] ?? [];
  const names = {
    record: ["InvalidResponseError", "NoDeleteTokenError"],
    delete: STRINGS.includes(value) ? ["UnknownAssetError"] : ["ConfigError"],
  }[call] ?? ["ConfigError", "SecretInBrowserError"];
  return ok.includes(value) ? ["ok", ...names] : names;
};

for (const [build, path] of [["npm module", "/pkg/cloudinary_delete_token.js"], ["widget build", "/pkg-widget/cloudinary_delete_token.js"]]) {
  test(`the ${build} answers every careless or hostile value with a typed error and keeps working`, async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${PAGE}/www/`);
    const results = await page.evaluate(probe, path);
    assert.equal(results.at(-2), "works after: true");
    assert.equal(results.at(-1), "prototype clean: true");
    for (const line of results.slice(0, -2)) {
      const [label, outcome] = line.split(": ");
      assert.ok(allowed(label).includes(outcome), `${build}: ${line}`);
    }
    assert.ok(results.length > 120, `${results.length}`); // 14 values at 9 or 11 entry points
    assert.deepEqual(errors.filter((m) => /RuntimeError|unreachable|memory access/.test(m)), []);
    await page.close();
  });
}
