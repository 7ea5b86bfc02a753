// The npm module's TypeScript types: real usage compiles, misuse does not (tsc --strict).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

test("the published .d.ts types usage precisely and refuses misuse", () => {
  const tsc = fileURLToPath(new URL("./node_modules/typescript/bin/tsc", import.meta.url));
  const project = fileURLToPath(new URL("./types/tsconfig.json", import.meta.url));
  let output = "";
  try {
    execFileSync(process.execPath, [tsc, "-p", project], { encoding: "utf8" });
  } catch (e) {
    output = `${e.stdout}${e.stderr}`;
  }
  assert.equal(output, "");
});
