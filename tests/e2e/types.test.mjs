// Type checks with tsc --strict: the npm module's published .d.ts (real usage compiles, misuse
// does not), the adapters' .d.ts against FilePond's and Uppy's own types, the widget package's
// `<cloudinary-undo>` types for the DOM and for React 19 JSX, and the JavaScript modules the
// wasm imports and the adapters (--checkJs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/// What tsc prints for the project `tsconfig` (empty when it type-checks).
function tsc(tsconfig) {
  const bin = fileURLToPath(new URL("./node_modules/typescript/bin/tsc", import.meta.url));
  const project = fileURLToPath(new URL(`./types/${tsconfig}`, import.meta.url));
  try {
    execFileSync(process.execPath, [bin, "-p", project], { encoding: "utf8" });
    return "";
  } catch (e) {
    return `${e.stdout}${e.stderr}`;
  }
}

test("the published .d.ts (module and adapters) types usage precisely and refuses misuse", () => {
  assert.equal(tsc("tsconfig.json"), "");
});

test("the widget package's .d.ts types <cloudinary-undo> in the DOM (querySelector, properties, events) and refuses misuse", () => {
  assert.equal(tsc("widget.tsconfig.json"), "");
});

test("the widget package's React 19 typings (cloudinary-delete-token-widget/react) type a Next.js-like page and refuse misuse", () => {
  assert.equal(tsc("react.tsconfig.json"), "");
});

test("the JavaScript modules the wasm imports, and the adapters, type-check (tsc --checkJs --strict)", () => {
  assert.equal(tsc("js.tsconfig.json"), "");
});
