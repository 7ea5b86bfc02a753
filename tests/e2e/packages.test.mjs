// The npm packages as `cargo xtask build` leaves them: one package per name, holding exactly
// what a user needs (the module, its wasm and types, README, LICENSE, and the widget's CSS).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const MODULE = ["LICENSE", "README.md", "cloudinary_delete_token.d.ts", "cloudinary_delete_token.js",
  "cloudinary_delete_token_bg.wasm", "glue.d.ts", "package.json"];

// The adapters (adapters/*.js with their types), each its own entry point of the npm module.
const ADAPTERS = ["filepond.d.ts", "filepond.js", "uppy.d.ts", "uppy.js"];

for (const [dir, name, extra] of [["pkg", "cloudinary-delete-token", ADAPTERS],
  ["pkg-widget", "cloudinary-delete-token-widget", ["widget.css", "module.d.ts", "react.d.ts"]]]) {
  test(`npm pack of ${dir}/ (${name}) lists exactly the files a user needs`, () => {
    const cwd = `${root}${dir}`;
    const manifest = JSON.parse(readFileSync(`${cwd}/package.json`, "utf8"));
    assert.equal(manifest.name, name);
    const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd, encoding: "utf8" }));
    assert.deepEqual(packed.files.map((f) => f.path).sort(), [...MODULE, ...extra].sort());
  });
}

test("the npm module exports each adapter with its types, its uploader an optional peer", () => {
  const manifest = JSON.parse(readFileSync(`${root}pkg/package.json`, "utf8"));
  for (const name of ["filepond", "uppy"]) {
    assert.deepEqual(manifest.exports[`./${name}`], { types: `./${name}.d.ts`, default: `./${name}.js` });
  }
  assert.deepEqual(manifest.peerDependencies, { filepond: "^4.0.0", "@uppy/core": "^5.0.0 || ^6.0.0" });
  assert.deepEqual(manifest.peerDependenciesMeta, { filepond: { optional: true }, "@uppy/core": { optional: true } });
});

/** A project with both packages installed as npm links them (`file:` dependencies). */
function project() {
  const dir = mkdtempSync(`${tmpdir()}/cdt-packages-`);
  mkdirSync(`${dir}/node_modules`);
  symlinkSync(`${root}pkg`, `${dir}/node_modules/cloudinary-delete-token`);
  symlinkSync(`${root}pkg-widget`, `${dir}/node_modules/cloudinary-delete-token-widget`);
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type: "module", private: true }));
  return dir;
}

/** What `script` (an ES module) prints as JSON, run by Node in `dir`. */
function node(dir, script) {
  writeFileSync(`${dir}/script.mjs`, script);
  return JSON.parse(execFileSync(process.execPath, ["script.mjs"], { cwd: dir, encoding: "utf8" }));
}

test("Node resolves each package's exports: entry, stylesheet, wasm, package.json; nothing else", () => {
  const dir = project();
  const resolved = node(dir, `
    const out = {};
    for (const s of ["cloudinary-delete-token", "cloudinary-delete-token/filepond", "cloudinary-delete-token/uppy",
      "cloudinary-delete-token/cloudinary_delete_token_bg.wasm", "cloudinary-delete-token/package.json",
      "cloudinary-delete-token-widget", "cloudinary-delete-token-widget/widget.css",
      "cloudinary-delete-token-widget/cloudinary_delete_token_bg.wasm", "cloudinary-delete-token-widget/package.json",
      "cloudinary-delete-token-widget/react", "cloudinary-delete-token/glue.js", "cloudinary-delete-token-widget/glue.d.ts"]) {
      try { out[s] = import.meta.resolve(s).split("/").slice(-2).join("/"); } catch (e) { out[s] = e.code; }
    }
    console.log(JSON.stringify(out));`);
  assert.deepEqual(resolved, {
    "cloudinary-delete-token": "pkg/cloudinary_delete_token.js",
    "cloudinary-delete-token/filepond": "pkg/filepond.js",
    "cloudinary-delete-token/uppy": "pkg/uppy.js",
    "cloudinary-delete-token/cloudinary_delete_token_bg.wasm": "pkg/cloudinary_delete_token_bg.wasm",
    "cloudinary-delete-token/package.json": "pkg/package.json",
    "cloudinary-delete-token-widget": "pkg-widget/cloudinary_delete_token.js",
    "cloudinary-delete-token-widget/widget.css": "pkg-widget/widget.css",
    "cloudinary-delete-token-widget/cloudinary_delete_token_bg.wasm": "pkg-widget/cloudinary_delete_token_bg.wasm",
    "cloudinary-delete-token-widget/package.json": "pkg-widget/package.json",
    // Types only, for TypeScript; glue files are the package's own business.
    "cloudinary-delete-token-widget/react": "ERR_PACKAGE_PATH_NOT_EXPORTED",
    "cloudinary-delete-token/glue.js": "ERR_PACKAGE_PATH_NOT_EXPORTED",
    "cloudinary-delete-token-widget/glue.d.ts": "ERR_PACKAGE_PATH_NOT_EXPORTED",
  });
});

test("on a server (Node, no DOM) both packages import, and init() and defineCustomElement() resolve, fetching nothing", () => {
  const dir = project();
  const seen = node(dir, `
    const fetched = [];
    globalThis.fetch = async (url) => { fetched.push(String(url)); throw new Error("no fetch on the server"); };
    const lean = await import("cloudinary-delete-token");
    const widget = await import("cloudinary-delete-token-widget");
    const results = [await lean.default(), await widget.default(), await widget.defineCustomElement(), await widget.default()];
    console.log(JSON.stringify({ fetched, results: results.map(String), exports: Object.keys(widget).sort() }));`);
  assert.deepEqual(seen, {
    fetched: [],
    results: ["undefined", "undefined", "undefined", "undefined"],
    exports: ["DeleteTokenClient", "WidgetHandle", "default", "defineCustomElement", "initSync", "mountWidget"],
  });
});

test("given the wasm's bytes, init() loads it in Node too (for tests and tools), and the client works", () => {
  const dir = project();
  const seen = node(dir, `
    import { readFileSync } from "node:fs";
    import init, { DeleteTokenClient } from "cloudinary-delete-token";
    const bytes = readFileSync(new URL(import.meta.resolve("cloudinary-delete-token/cloudinary_delete_token_bg.wasm")));
    const [a, b] = await Promise.all([init({ module_or_path: bytes }), init({ module_or_path: bytes })]);
    const client = new DeleteTokenClient({ cloudName: "demo", storage: "memory" });
    client.record({ public_id: "p", delete_token: "t" });
    const states = client.entries().map((e) => e.state);
    client.free(); // and its timer, which would keep Node running until it fires
    console.log(JSON.stringify({ same: a === b, loaded: typeof a, states }));`);
  assert.deepEqual(seen, { same: true, loaded: "object", states: ["live"] });
});

/** A page's module importing every runtime export of both packages, as an app would. */
const EVERY_EXPORT = `
import init, { DeleteTokenClient } from "cloudinary-delete-token";
import { filepondServer } from "cloudinary-delete-token/filepond";
import { CloudinaryUndo } from "cloudinary-delete-token/uppy";
import { defineCustomElement, mountWidget } from "cloudinary-delete-token-widget";
import "cloudinary-delete-token-widget/widget.css";
window.used = [init, DeleteTokenClient, filepondServer, CloudinaryUndo, defineCustomElement, mountWidget];
`;

/** The files a bundler wrote under `dir`, by kind: how many scripts, stylesheets and wasm files. */
function kinds(files) {
  const count = (ext) => files.filter((f) => f.endsWith(ext)).length;
  return { js: count(".js") > 0, css: count(".css"), wasm: count(".wasm") };
}

test("esbuild bundles every export into one script and the widget's stylesheet", async () => {
  const dir = project();
  writeFileSync(`${dir}/main.js`, EVERY_EXPORT);
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: dir, entryPoints: ["main.js"], bundle: true, format: "esm", outdir: "out",
    write: false, logLevel: "silent", loader: { ".wasm": "file" },
  });
  assert.deepEqual(result.errors, []);
  // The glue finds its wasm with `new URL(..., import.meta.url)`, which esbuild leaves to the
  // page: the bundle keeps the reference and the server serves the file beside it.
  assert.deepEqual(kinds(result.outputFiles.map((f) => f.path)), { js: true, css: 1, wasm: 0 });
});

test("Vite builds a page importing every export: the stylesheet, and each package's wasm as a hashed asset", async () => {
  const dir = project();
  writeFileSync(`${dir}/main.js`, EVERY_EXPORT);
  writeFileSync(`${dir}/index.html`, `<!doctype html><script type="module" src="./main.js"></script>`);
  // Vite as the Vite example pins it (built there by `cargo xtask build`).
  const { build } = await import(`${root}examples/vite/node_modules/vite/dist/node/index.js`);
  const output = await build({ root: dir, logLevel: "silent", build: { outDir: "dist", write: false } });
  const files = [output].flat().flatMap((o) => o.output.map((f) => f.fileName));
  assert.deepEqual(kinds(files), { js: true, css: 1, wasm: 2 });
});
