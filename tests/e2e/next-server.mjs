// `next start` for the Next.js example (examples/next, as `cargo xtask build` builds it), shared by
// the Chromium tests of both its builds (next.test.mjs) and the cross-engine journeys of its
// Turbopack build (journeys/next.mjs): a free port, the server in its own process group against
// the emulator, what it printed, and its stop.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { EMU, freePort } from "./helpers.mjs";

export const APP = fileURLToPath(new URL("../../examples/next/", import.meta.url));

/// Starts `next start` on a free port, serving the build in `distDir` (`NEXT_DIST_DIR`: ".next"
/// for Turbopack's, ".next-webpack" for webpack's), and resolves once it prints its "Ready" line,
/// to `{ base, log(), stop() }`: its address, all it printed so far (stdout and stderr), and a
/// stop that ends it and anything it started, and nothing else. `onOutput`, if given, gets each
/// piece of that output as it comes.
export async function startNext(distDir, onOutput = () => {}) {
  const port = await freePort();
  let log = "";
  // Its own process group, so stop() ends next and anything it started, and nothing else.
  const child = spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: APP,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    // The app reads its Cloudinary settings from the server's environment, per request.
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: distDir,
      CLOUDINARY_CLOUD_NAME: "demo",
      CLOUDINARY_UPLOAD_PRESET: "undoable",
      CLOUDINARY_API_HOST: EMU,
    },
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text) => { log += text; onOutput(text); });
  const stop = async () => {
    // No pid: it never started (its "error" says why).
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, "SIGTERM"); } catch { /* already gone */ }
      await exited;
    }
  };
  try {
    await new Promise((resolve, reject) => {
      child.stdout.on("data", (text) => {
        log += text;
        onOutput(text);
        if (/\bReady\b/.test(log)) resolve();
      });
      child.once("exit", (code) => reject(new Error(`next start exited (${code}):\n${log}`)));
      child.once("error", reject);
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { base: `http://127.0.0.1:${port}`, log: () => log, stop };
}
