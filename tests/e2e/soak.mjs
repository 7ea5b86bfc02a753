// `cargo xtask soak`: uploads through the JS API in Chromium against an emulator with seeded
// faults, undoes everything, and accounts for every token. Writes JSON to $SOAK_OUT.
import { writeFileSync } from "node:fs";
import { launch, PAGE, EMU, PNG } from "./helpers.mjs";

const uploads = Number(process.env.SOAK_UPLOADS ?? 200);
const post = (path, body) => fetch(EMU + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
await fetch(`${EMU}/__emulator/reset`, { method: "POST" });
// A hostile network: about 10% 5xx, 5% dropped connections, 2% 420 with Retry-After, 0-300 ms.
await post("/__emulator/faults", { latency_ms: [0, 300], error_rate: 0.1, error_status: 503, drop_rate: 0.05, rate_limit_rate: 0.02, retry_after_seconds: 1, expose_headers: ["Retry-After"] });

const browser = await launch();
const page = await browser.newPage();
const consoleLines = [];
page.on("console", (m) => consoleLines.push(m.text()));
await page.goto(`${PAGE}/e2e/pages/bench.html`);
const result = await page.evaluate(async ({ uploads, emu, png }) => {
  const m = await import("/pkg/cloudinary_delete_token.js");
  await m.default();
  const client = new m.DeleteTokenClient({ cloudName: "demo", uploadPreset: "undoable", apiHost: emu, storage: "memory" });
  const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
  const uploadFailures = [];
  let next = 0;
  // Four uploads at a time, as a person dropping files would cause.
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (next < uploads) {
      const i = next++;
      try {
        await client.upload(new File([bytes], `soak-${i}.png`, { type: "image/png" }));
      } catch (e) {
        uploadFailures.push(`${e.name}: ${e.message}`);
      }
    }
  }));
  const outcomes = await client.deleteAll();
  const entries = client.entries();
  return { uploadFailures, outcomes: outcomes.map((o) => [o.publicId, o.outcome, o.error?.message ?? null]), entries: entries.map((e) => [e.publicId, e.state, e.error?.message ?? null]) };
}, { uploads, emu: EMU, png: PNG.toString("base64") });
await post("/__emulator/faults", {});
const tokens = await (await fetch(`${EMU}/__emulator/tokens`)).json();
await browser.close();

const failed = result.entries.filter(([, state]) => state === "failed").map(([id, , why]) => ({ public_id: id, reason: why }));
const report = {
  seed: Number(process.env.SOAK_SEED),
  uploads,
  upload_failures: result.uploadFailures.length,
  upload_failure_reasons: [...new Set(result.uploadFailures.map((r) => r.replace(/[0-9a-f]{20,}/g, "…")))],
  recorded: result.entries.length,
  deleted_confirmed: result.entries.filter(([, state]) => state === "deleted").length,
  expired: result.entries.filter(([, state]) => state === "expired").length,
  failed_reported: failed,
  lost: result.entries.filter(([, state]) => !["deleted", "expired", "failed"].includes(state)).length,
  double_deletes: tokens.reduce((n, t) => n + t.requests_after_success, 0),
  issued_tokens_left_undeleted: tokens.filter((t) => !t.deleted).length,
  token_in_console: consoleLines.some((l) => /[0-9a-f]{288}/.test(l)),
};
writeFileSync(process.env.SOAK_OUT, JSON.stringify(report, null, 2));
console.log(`soak seed ${report.seed}: ${report.uploads} uploads, ${report.recorded} recorded, ${report.deleted_confirmed} deleted, ${report.failed_reported.length} failed (reported), lost ${report.lost}, double deletes ${report.double_deletes}`);
