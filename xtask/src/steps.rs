//! `cargo xtask demo` and `cargo xtask test`: the top of xtask. `test` runs rustfmt, clippy
//! (host and wasm32, with and without `yew`), the native tests, the wasm tests in headless
//! Chromium, headless Firefox and WebKit (each step naming the versions), the release builds,
//! the browser end-to-end tests and a fault soak, and ends with one line `N passed, N failed`;
//! `demo` builds and serves the page, the examples and the emulator.

use std::{
    io::{BufRead, BufReader, Read},
    process::{Command, Stdio},
    sync::mpsc,
    thread,
};

use crate::{
    build::{Names, build_release},
    serve,
    tools::{DEFAULT_SEED, WASM, cargo, cmd, e2e_dir, output, root, setup},
};

/// `cargo xtask demo [--cloud NAME --preset PRESET]`.
pub fn demo(args: &[String]) -> Result<(), String> {
    let (mut cloud, mut preset) = (None, None);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match (flag.as_str(), it.next()) {
            ("--cloud", Some(v)) => cloud = Some(v.clone()),
            ("--preset", Some(v)) => preset = Some(v.clone()),
            _ => {
                return Err(format!(
                    "unknown demo argument {flag:?}; use --cloud NAME --preset PRESET"
                ));
            }
        }
    }
    if cloud.is_some() != preset.is_some() {
        return Err("--cloud and --preset go together".into());
    }
    setup()?;
    build_release(Names::Short)?;
    let emulator_port = if cloud.is_some() { None } else { Some(8787) };
    let servers = serve::start(&root(), emulator_port, 8080, DEFAULT_SEED)?;
    let query = match (&cloud, &preset, &servers.emulator) {
        (Some(c), Some(p), _) => format!("?cloud={c}&preset={p}"),
        (_, _, Some(emu)) => format!("?cloud=demo&preset=undoable&api={emu}&signer=/demo/sign"),
        _ => String::new(),
    };
    if let Some(emu) = &servers.emulator {
        println!("emulator:  {emu}  (cloud `demo`, presets `undoable`, `no-token`, `signed-only`)");
    }
    println!("demo page: {}/{query}", servers.pages);
    println!("plain JS:  {}/www/{query}", servers.pages);
    for app in ["vite", "react", "filepond", "uppy", "yew"] {
        println!(
            "example:   {}/examples/{app}/dist/index.html{query}",
            servers.pages
        );
    }
    println!("Ctrl-C to stop.");
    loop {
        thread::park();
    }
}

/// Tally of every check.
#[derive(Default)]
struct Tally {
    passed: u32,
    failed: u32,
    failures: Vec<String>,
}

impl Tally {
    /// Runs a command, echoing its output, and counts the tests it reports (or the step itself).
    fn step(&mut self, name: &str, mut c: Command) {
        println!("\n==> {name}");
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let (ok, text) = match c.spawn() {
            Ok(mut child) => {
                let (tx, rx) = mpsc::channel::<String>();
                let pipes: Vec<Box<dyn Read + Send>> = vec![
                    Box::new(child.stdout.take().expect("piped")),
                    Box::new(child.stderr.take().expect("piped")),
                ];
                let readers: Vec<_> = pipes
                    .into_iter()
                    .map(|pipe| {
                        let tx = tx.clone();
                        thread::spawn(move || {
                            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                                println!("{line}");
                                let _ = tx.send(line);
                            }
                        })
                    })
                    .collect();
                drop(tx);
                let text: Vec<String> = rx.iter().collect();
                for r in readers {
                    let _ = r.join();
                }
                (child.wait().is_ok_and(|s| s.success()), text)
            }
            Err(e) => (false, vec![format!("cannot start: {e}")]),
        };
        let (p, f) = count(&text);
        if p + f == 0 {
            // A step without a test report (fmt, clippy, a build) counts as one check.
            if ok {
                self.passed += 1
            } else {
                self.failed += 1
            }
        } else {
            self.passed += p;
            self.failed += f;
            if !ok && f == 0 {
                self.failed += 1; // the runner failed beyond its own count (crash, build error)
            }
        }
        if !ok || f > 0 {
            self.failures.push(name.to_owned());
        }
    }

    fn fail(&mut self, name: &str, why: &str) {
        println!("\n==> {name}\n{why}");
        self.failed += 1;
        self.failures.push(name.to_owned());
    }
}

/// Sums `test result: … N passed; M failed` (cargo / wasm-bindgen-test) and `# pass N` /
/// `# fail N` (node's TAP reporter).
fn count(lines: &[String]) -> (u32, u32) {
    let (mut passed, mut failed) = (0, 0);
    let num = |s: &str| {
        s.trim()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0)
    };
    for line in lines {
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let part = part
                    .trim()
                    .trim_start_matches("ok.")
                    .trim_start_matches("FAILED.")
                    .trim();
                if let Some(n) = part.strip_suffix(" passed") {
                    passed += num(n);
                } else if let Some(n) = part.strip_suffix(" failed") {
                    failed += num(n);
                }
            }
        } else if let Some(n) = line.strip_prefix("# pass ") {
            passed += num(n);
        } else if let Some(n) = line.strip_prefix("# fail ") {
            failed += num(n);
        }
    }
    (passed, failed)
}

/// `cargo xtask test`: everything, ending with one line `N passed, N failed`.
pub fn test() -> Result<(), String> {
    setup()?;
    let mut t = Tally::default();
    let c = cargo();
    static_checks(&mut t, &c);
    t.step(
        "native tests (core, emulator over HTTP, xtask)",
        cmd(&c, &["test", "--workspace"]),
    );

    let servers = match serve::start(&root(), Some(0), 0, DEFAULT_SEED) {
        Ok(s) => s,
        Err(e) => {
            t.fail("start emulator and page server", &e);
            return finish(t);
        }
    };
    let emulator = servers.emulator.clone().unwrap_or_default();
    println!("\nemulator at {emulator}, pages at {}", servers.pages);
    for engine in &ENGINES {
        let name = format!(
            "wasm tests in {} ({}; against the emulator)",
            engine.name,
            engine.versions()
        );
        t.step(&name, engine.command(&c, &emulator));
    }

    let built = build_release(Names::Short);
    if let Err(e) = built {
        t.fail(
            "release builds (wasm-pack pkg/, trunk dist/, examples/)",
            &e,
        );
        return finish(t);
    }
    t.passed += 1;
    match crate::size::gate() {
        Ok(report) => {
            println!("\n==> size gate (size-budgets.toml)\n{report}");
            t.passed += 1;
        }
        Err(report) => t.fail("size gate (size-budgets.toml)", &report),
    }
    let mut e2e = cmd(
        "node",
        &["--test", "--test-reporter=tap", "--test-concurrency=1"],
    );
    e2e.current_dir(e2e_dir())
        .env("EMULATOR_URL", &emulator)
        .env("PAGE_URL", &servers.pages);
    t.step(
        "browser end-to-end (Playwright in Chromium; the journeys in Chromium, Firefox and WebKit, versions as above)",
        e2e,
    );
    match crate::soak::run(DEFAULT_SEED, 30) {
        Ok(report) if report.clean() => {
            println!("\n==> fault soak (30 uploads)\n{}", report.summary);
            t.passed += 1;
        }
        Ok(report) => t.fail("fault soak (30 uploads)", &report.summary),
        Err(e) => t.fail("fault soak (30 uploads)", &e),
    }
    finish(t)
}

/// A browser the wasm tests run in, driven by the WebDriver server wasm-bindgen-test-runner
/// starts.
struct Engine {
    /// How the step names it: `wasm tests in {name} (…)`.
    name: &'static str,
    /// The runner's variable for the driver, and the driver (a bare name is found on PATH, which
    /// has cargo's bin).
    driver: (&'static str, &'static str),
    /// Debian packages and cargo-installed programs whose versions the step's name states.
    packages: &'static [&'static str],
    programs: &'static [&'static str],
    /// WebKitWebDriver starts MiniBrowser, which has no headless mode, so it gets a virtual X
    /// display (the runner passes WebKit no capabilities, so none can ask otherwise).
    xvfb: bool,
}

/// The runner uses the first driver variable set (any `*_REMOTE` before the others, then gecko,
/// safari, chrome, edge), so each step removes all but its own.
const DRIVER_VARS: [&str; 8] = [
    "GECKODRIVER_REMOTE",
    "SAFARIDRIVER_REMOTE",
    "CHROMEDRIVER_REMOTE",
    "MSEDGEDRIVER_REMOTE",
    "GECKODRIVER",
    "SAFARIDRIVER",
    "CHROMEDRIVER",
    "MSEDGEDRIVER",
];

/// The runner adds the headless flags for Chromium and Firefox itself.
const ENGINES: [Engine; 3] = [
    Engine {
        name: "headless Chromium",
        driver: ("CHROMEDRIVER", "/usr/bin/chromedriver"),
        packages: &["chromium", "chromium-driver"],
        programs: &[],
        xvfb: false,
    },
    Engine {
        name: "headless Firefox",
        driver: ("GECKODRIVER", "geckodriver"),
        packages: &["firefox-esr"],
        programs: &["geckodriver"],
        xvfb: false,
    },
    Engine {
        name: "WebKit's MiniBrowser under Xvfb",
        driver: ("SAFARIDRIVER", "/usr/bin/WebKitWebDriver"),
        packages: &["libwebkit2gtk-4.1-0", "webkit2gtk-driver"],
        programs: &[],
        xvfb: true,
    },
];

impl Engine {
    /// Each package's `name version`, then each program's first line of `--version`.
    fn versions(&self) -> String {
        let mut dpkg = vec!["-W", "-f=${Package} ${Version}\n"];
        dpkg.extend_from_slice(self.packages);
        let mut versions: Vec<String> = output("dpkg-query", &dpkg)
            .lines()
            .map(str::to_owned)
            .collect();
        for program in self.programs {
            let version = output(program, &["--version"]);
            versions.extend(version.lines().next().map(str::to_owned));
        }
        versions.join(", ")
    }

    /// `cargo test` of the wasm tests in this browser, against `emulator`.
    fn command(&self, cargo: &str, emulator: &str) -> Command {
        let test = [cargo, "test", "--target", WASM, "--features", "yew"];
        let mut c = if self.xvfb {
            cmd("xvfb-run", &[&["-a"], &test[..]].concat())
        } else {
            cmd(test[0], &test[1..])
        };
        for var in DRIVER_VARS {
            c.env_remove(var);
        }
        c.env(self.driver.0, self.driver.1)
            .env("CDT_EMULATOR_URL", emulator);
        c
    }
}

/// rustfmt, and clippy with warnings denied on host and wasm32, with and without `yew`.
fn static_checks(t: &mut Tally, c: &str) {
    t.step("rustfmt", cmd(c, &["fmt", "--all", "--", "--check"]));
    let clippy: [(&str, &[&str]); 4] = [
        ("clippy host (workspace)", &["--workspace"]),
        ("clippy host, feature yew", &["--features", "yew"]),
        ("clippy wasm32", &["--target", WASM]),
        (
            "clippy wasm32, feature yew",
            &["--target", WASM, "--features", "yew"],
        ),
    ];
    for (name, extra) in clippy {
        let mut args = vec!["clippy", "--all-targets"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--", "-D", "warnings"]);
        t.step(name, cmd(c, &args));
    }
}

fn finish(t: Tally) -> Result<(), String> {
    if !t.failures.is_empty() {
        println!("\nfailed steps: {}", t.failures.join(", "));
    }
    println!("{} passed, {} failed", t.passed, t.failed);
    if t.failed == 0 {
        Ok(())
    } else {
        Err(String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn counts_cargo_and_tap_summaries() {
        let text = lines(
            "test result: ok. 22 passed; 0 failed; 0 ignored\ntest result: FAILED. 3 passed; 2 failed; 1 ignored\n# pass 4\n# fail 1",
        );
        assert_eq!(count(&text), (29, 3));
    }

    #[test]
    fn each_engine_sets_its_own_driver_and_clears_the_others() {
        for engine in &ENGINES {
            let c = engine.command("cargo", "http://127.0.0.1:1");
            let envs: Vec<_> = c.get_envs().collect();
            for var in DRIVER_VARS {
                let set = envs.iter().find(|(k, _)| *k == var).map(|(_, v)| *v);
                let want = (var == engine.driver.0).then_some(engine.driver.1.as_ref());
                assert_eq!(set, Some(want), "{} {var}", engine.name);
            }
        }
    }
}
