// The npm packages as `cargo xtask build` leaves them: one package per name, holding exactly
// what a user needs (the module, its wasm and types, README, LICENSE, and the widget's CSS).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const MODULE = ["LICENSE", "README.md", "cloudinary_delete_token.d.ts", "cloudinary_delete_token.js",
  "cloudinary_delete_token_bg.wasm", "package.json"];

// The adapters (adapters/*.js with their types), each its own entry point of the npm module.
const ADAPTERS = ["filepond.d.ts", "filepond.js", "uppy.d.ts", "uppy.js"];

for (const [dir, name, extra] of [["pkg", "cloudinary-delete-token", ADAPTERS],
  ["pkg-widget", "cloudinary-delete-token-widget", ["widget.css"]]]) {
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
