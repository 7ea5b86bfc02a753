// Shared e2e helpers: the browser, the emulator's control API, and fixtures.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";

export const PAGE = process.env.PAGE_URL ?? "http://127.0.0.1:8080";
export const EMU = process.env.EMULATOR_URL ?? "http://127.0.0.1:8787";
export const SHOTS = new URL("../../target/e2e/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

// A real 1x1 PNG.
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

export function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    // Debian's chromium as root needs --no-sandbox; the rest stop it reaching for the network.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps"],
  });
}

export async function emu(path, method = "GET") {
  const reply = await fetch(EMU + path, { method });
  if (!reply.ok) throw new Error(`${method} ${path}: ${reply.status}`);
  return reply.json();
}

export const reset = () => emu("/__emulator/reset", "POST");
export const assets = () => emu("/__emulator/assets");
export const requests = () => emu("/__emulator/requests");
export const deleteRequests = async () => (await requests()).filter((r) => r.path.endsWith("/delete_by_token"));

/// A page that records its console, so tests can prove no token is ever logged.
export async function open(browser, path, { clock = false, query = "" } = {}) {
  const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
  const consoleLines = [];
  page.on("console", (m) => consoleLines.push(m.text()));
  page.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
  if (clock) await page.clock.install();
  await page.goto(`${PAGE}${path}?cloud=demo&preset=undoable&api=${encodeURIComponent(EMU)}${query}`);
  if (path.startsWith("/www")) await wwwReady(page);
  return { page, consoleLines };
}

/// The plain page's inputs exist before its module has loaded the wasm and attached listeners.
export const wwwReady = (page) => page.waitForFunction(() => window.deleteTokenClient !== undefined);

/// axe-core as the page server serves it, for a page to load.
export const AXE = `${PAGE}/e2e/node_modules/axe-core/axe.min.js`;

/// Sets the emulator's faults (`{}` clears them).
export const faults = (body) =>
  fetch(`${EMU}/__emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/// A PNG file for `setInputFiles`.
export const pngFile = (name) => ({ name, mimeType: "image/png", buffer: PNG });

/// An example app as `cargo xtask build` builds it (`examples/<app>/dist`), against the emulator,
/// once `ready` (a function run in the page) holds; `errors` collects the page's errors.
export async function openExample(browser, app, ready, { query = "", clock = false, preset = "undoable" } = {}) {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  if (clock) await page.clock.install();
  await page.goto(`${PAGE}/examples/${app}/dist/index.html?cloud=demo&preset=${preset}&api=${encodeURIComponent(EMU)}${query}`);
  await page.waitForFunction(ready);
  return { page, errors };
}

/// A port nothing listens on now, for a server the tests start (a driver, `next start`) that
/// takes a port number rather than a listening socket.
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    }).on("error", reject);
  });
}
