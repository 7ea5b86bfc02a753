// The browser engines of the cross-engine journeys (journeys.test.mjs): each driver is a process
// the test starts and ends itself, webdriverio attaches to it with remote(); and the proxy that
// serves the pages with the error collector (pages/errors.js) and, when asked, the page clock
// (pages/clock.js) inserted.
import { remote } from "webdriverio";
import { build } from "esbuild";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { freePort } from "./helpers.mjs";

/// The geckodriver `cargo xtask setup` installs with cargo, by its path: webdriverio's own npm
/// `geckodriver` (first on PATH under `npm test`) downloads the real one on first use.
const GECKODRIVER = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin", "geckodriver");

const CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps"];

/// Driver command and capabilities per engine. BiDi (webSocketUrl) where the driver has it, for
/// the console log; WebKitGTK's driver has none (asking for it fails the session match).
export const ENGINES = {
  chromium: {
    driver: (port) => ["/usr/bin/chromedriver", `--port=${port}`],
    caps: { browserName: "chrome", webSocketUrl: true,
      "goog:chromeOptions": { binary: "/usr/bin/chromium", args: CHROMIUM_ARGS } },
  },
  firefox: {
    driver: (port) => [GECKODRIVER, `--port=${port}`, "--binary=/usr/bin/firefox-esr"],
    caps: { browserName: "firefox", webSocketUrl: true,
      "moz:firefoxOptions": { args: ["-headless"],
        prefs: { "app.update.disabledForTesting": true, "browser.shell.checkDefaultBrowser": false } } },
  },
  webkit: {
    // MiniBrowser has no headless mode: an X display from xvfb-run, a server per driver (-a).
    driver: (port) => ["xvfb-run", "-a", "/usr/bin/WebKitWebDriver", `--port=${port}`],
    caps: { browserName: "MiniBrowser", "wdio:enforceWebDriverClassic": true,
      "webkitgtk:browserOptions": { binary: "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser", args: ["--automation"] } },
  },
};

/// Starts the engine's driver and a session on it. `close()` ends both, whatever failed; the
/// driver runs in its own process group so xvfb-run's children (X server, driver) end with it.
export async function launch(name, { timeout = 60_000 } = {}) {
  const engine = ENGINES[name];
  const port = await freePort();
  const [cmd, ...args] = engine.driver(port);
  const proc = spawn(cmd, args, { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  const kill = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      try { process.kill(-proc.pid, "SIGTERM"); } catch { /* already gone */ }
      await exited;
    }
  };
  let browser;
  const logged = [];
  try {
    const deadline = Date.now() + timeout;
    // Retried until the driver answers: it opens its port a moment after it starts.
    while (!(await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.ok, () => false))) {
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`${cmd} did not start: ${stderr}`);
      await delay(100);
    }
    let timer;
    browser = await Promise.race([
      remote({ hostname: "127.0.0.1", port, path: "/", capabilities: engine.caps, logLevel: "error", connectionRetryCount: 0 }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${name}: no session in ${timeout} ms: ${stderr}`)), deadline - Date.now()); }),
    ]).finally(() => clearTimeout(timer));
    // The width the other e2e tests use, so layout checks mean the same in every engine.
    await browser.setWindowSize(900, 700);
    // Errors the browser logged (BiDi only): reach the test even when the page's collector can't.
    if (browser.isBidi) {
      await browser.sessionSubscribe({ events: ["log.entryAdded"] });
      browser.on("log.entryAdded", (e) => { if (e.level === "error") logged.push(`${e.type}: ${e.text}`); });
    }
  } catch (e) {
    // A session that failed to set up still ends with its driver (a load-slowed Firefox once
    // lost its BiDi connection between the two).
    await browser?.deleteSession().catch(() => {});
    await kill();
    throw e;
  }
  const close = async () => {
    try { await browser.deleteSession(); } finally { await kill(); }
  };
  return { browser, close, logged };
}

const COLLECTOR = await readFile(new URL("./pages/errors.js", import.meta.url));
export const COLLECTOR_PATH = "/__journeys/errors.js";

/// The page clock, bundled once with @sinonjs/fake-timers into a classic script. The package is
/// CommonJS written for Node and browsers alike: its `require`s of Node modules sit in try blocks
/// or behind a `process` check, so they are left out of the bundle.
const CLOCK = (await build({
  entryPoints: [new URL("./pages/clock.js", import.meta.url).pathname], bundle: true, write: false,
  format: "iife", platform: "browser", external: ["util", "timers", "timers/promises", "perf_hooks"], logLevel: "error",
})).outputFiles[0].contents;
export const CLOCK_PATH = "/__journeys/clock.js";
/// The query parameter by which a page's URL asks the proxy for the page clock.
export const CLOCK_PARAM = "journeyclock";

/// A proxy to the page server that inserts the error collector into every HTML page, as a
/// classic script just before </head>: after any CSP <meta> (so the page's policy governs it),
/// before the page's modules run; and before it the page clock, if the URL asks for it. Both come
/// from the proxy's own origin, the page's. Requests pass through with their headers and body (the demo
/// signer's POST, a router's fetches).
export async function proxy(target) {
  const server = createServer(async (req, res) => {
    try {
      if (req.url === COLLECTOR_PATH || req.url === CLOCK_PATH) {
        res.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" })
          .end(req.url === CLOCK_PATH ? CLOCK : COLLECTOR);
        return;
      }
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      // The request's own headers (a framework's router sends some), less those of this hop.
      const sent = {};
      for (const [k, v] of Object.entries(req.headers)) if (!["host", "connection", "content-length", "accept-encoding"].includes(k)) sent[k] = v;
      const reply = await fetch(target + req.url, { method: req.method, headers: sent, body, redirect: "manual" });
      const headers = {};
      // fetch has decoded the body: its length and encoding are no longer the page server's.
      for (const [k, v] of reply.headers) if (!["content-length", "content-encoding", "transfer-encoding", "connection"].includes(k)) headers[k] = v;
      headers["cache-control"] = "no-store";
      let answer = Buffer.from(await reply.arrayBuffer());
      if ((reply.headers.get("content-type") ?? "").startsWith("text/html")) {
        const html = answer.toString();
        if (!/<\/head>/i.test(html)) throw new Error(`${req.url}: no </head> to insert the collector before`);
        const clock = new URL(req.url, "http://page").searchParams.has(CLOCK_PARAM) ? `<script src="${CLOCK_PATH}"></script>` : "";
        answer = Buffer.from(html.replace(/<\/head>/i, `${clock}<script src="${COLLECTOR_PATH}"></script></head>`));
      }
      res.writeHead(reply.status, headers).end(answer);
    } catch (e) {
      res.writeHead(502, { "content-type": "text/plain" }).end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }) };
}
