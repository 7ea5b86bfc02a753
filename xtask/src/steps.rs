//! The steps behind each xtask command.

use std::{
    io::{BufRead, BufReader, Read},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::mpsc,
    thread,
};

use crate::{
    build::{SHIP_NIGHTLY, build_release},
    serve,
};

/// Pinned tool versions: trunk 0.22 needs rustc 1.96.1, so 0.21; wasm-bindgen-cli must match
/// Cargo.lock and is installed without `--locked` (its lockfile pins a crate the registry no
/// longer serves).
const WASM_PACK: &str = "0.15.1";
const TRUNK: &str = "0.21.14";
const WASM: &str = "wasm32-unknown-unknown";
/// The emulator's seed when none is given.
pub const DEFAULT_SEED: u64 = 0x5eed;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

pub(crate) fn e2e_dir() -> PathBuf {
    root().join("tests/e2e")
}

/// PATH with cargo's bin dir and npm's `.bin` (binaryen's wasm-opt 132) first, so neither a
/// missing ~/.cargo/bin nor Debian's unusable wasm-opt 108 is picked.
fn tool_path() -> String {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    let npm_bin = e2e_dir().join("node_modules/.bin");
    format!(
        "{}:{}:{}",
        npm_bin.display(),
        home.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

pub(crate) fn cmd(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args).current_dir(root()).env("PATH", tool_path());
    c
}

pub(crate) fn run(mut c: Command) -> Result<(), String> {
    let status = c.status().map_err(|e| format!("{c:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{c:?} failed with {status}"))
    }
}

/// Output of `program args`, or empty when it cannot run.
fn output(program: &str, args: &[&str]) -> String {
    cmd(program, args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The wasm-bindgen version locked in Cargo.lock; the CLI must be exactly this version.
fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_owned());
        }
    }
    Err("wasm-bindgen is not in Cargo.lock".into())
}

/// Installs [`SHIP_NIGHTLY`] with the std sources `build-std` compiles, when missing.
pub fn ship_nightly() -> Result<(), String> {
    let sysroot = output(
        "rustup",
        &["run", SHIP_NIGHTLY, "rustc", "--print", "sysroot"],
    );
    let has = |part: &str| !sysroot.is_empty() && Path::new(&sysroot).join(part).exists();
    if has("lib/rustlib/src/rust/library") && has("lib/rustlib/wasm32-unknown-unknown") {
        return Ok(());
    }
    run(cmd(
        "rustup",
        &[
            "toolchain",
            "install",
            SHIP_NIGHTLY,
            "--profile",
            "minimal",
            "--component",
            "rust-src",
            "--target",
            WASM,
        ],
    ))
}

/// Installs whatever is missing; cheap when everything is there.
pub fn setup() -> Result<(), String> {
    if !output("rustup", &["target", "list", "--installed"])
        .lines()
        .any(|l| l == WASM)
    {
        run(cmd("rustup", &["target", "add", WASM]))?;
    }
    if !Path::new("/usr/bin/chromium").exists() || !Path::new("/usr/bin/chromedriver").exists() {
        run(cmd("apt-get", &["update", "-qq"]))?;
        let mut c = cmd(
            "apt-get",
            &["install", "-y", "-qq", "chromium", "chromium-driver"],
        );
        c.env("DEBIAN_FRONTEND", "noninteractive");
        run(c)?;
    }
    if !output("rustup", &["toolchain", "list"])
        .lines()
        .any(|l| l.starts_with(SHIP_NIGHTLY))
    {
        run(cmd(
            "rustup",
            &[
                "toolchain",
                "install",
                SHIP_NIGHTLY,
                "--profile",
                "minimal",
                "--component",
                "rust-src",
                "--target",
                WASM,
            ],
        ))?;
    }
    let wb = locked_wasm_bindgen()?;
    if output("wasm-bindgen", &["--version"]) != format!("wasm-bindgen {wb}") {
        // Not --locked: its lockfile pins a webpki-roots the registry no longer serves.
        run(cmd(
            &cargo(),
            &["install", "--force", "wasm-bindgen-cli", "--version", &wb],
        ))?;
    }
    if output("wasm-pack", &["--version"]) != format!("wasm-pack {WASM_PACK}") {
        run(cmd(
            &cargo(),
            &[
                "install",
                "--locked",
                "--force",
                "wasm-pack",
                "--version",
                WASM_PACK,
            ],
        ))?;
    }
    if output("trunk", &["--version"]) != format!("trunk {TRUNK}") {
        run(cmd(
            &cargo(),
            &[
                "install",
                "--locked",
                "--force",
                "trunk",
                "--version",
                TRUNK,
            ],
        ))?;
    }
    npm_ci(&e2e_dir())
}

/// `npm ci` in `dir` when its `node_modules` is older than its lockfile (or missing).
pub(crate) fn npm_ci(dir: &Path) -> Result<(), String> {
    let modified = |p: PathBuf| std::fs::metadata(p).and_then(|m| m.modified());
    let stale = match (
        modified(dir.join("node_modules/.package-lock.json")),
        modified(dir.join("package-lock.json")),
    ) {
        (Ok(installed), Ok(locked)) => installed < locked,
        _ => true,
    };
    if stale {
        let mut c = cmd("npm", &["ci", "--no-audit", "--no-fund"]);
        c.current_dir(dir);
        run(c)?;
    }
    Ok(())
}

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
    build_release()?;
    let emulator_port = if cloud.is_some() { None } else { Some(8787) };
    let servers = serve::start(&root(), emulator_port, 8080, DEFAULT_SEED)?;
    let query = match (&cloud, &preset, &servers.emulator) {
        (Some(c), Some(p), _) => format!("?cloud={c}&preset={p}"),
        (_, _, Some(emu)) => format!("?cloud=demo&preset=undoable&api={emu}"),
        _ => String::new(),
    };
    if let Some(emu) = &servers.emulator {
        println!("emulator:  {emu}  (cloud `demo`, presets `undoable`, `no-token`, `signed-only`)");
    }
    println!("demo page: {}/{query}", servers.pages);
    println!("plain JS:  {}/www/{query}", servers.pages);
    for app in ["vite", "react", "yew"] {
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
    t.step("rustfmt", cmd(&c, &["fmt", "--all", "--", "--check"]));
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
        t.step(name, cmd(&c, &args));
    }
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
    let mut wasm = cmd(&c, &["test", "--target", WASM, "--features", "yew"]);
    wasm.env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("CDT_EMULATOR_URL", &emulator);
    t.step(
        "wasm tests in headless Chromium (against the emulator)",
        wasm,
    );

    let built = build_release();
    if let Err(e) = built {
        t.fail(
            "release builds (wasm-pack pkg/, trunk dist/, examples/)",
            &e,
        );
        return finish(t);
    }
    t.passed += 1;
    let mut e2e = cmd(
        "node",
        &["--test", "--test-reporter=tap", "--test-concurrency=1"],
    );
    e2e.current_dir(e2e_dir())
        .env("EMULATOR_URL", &emulator)
        .env("PAGE_URL", &servers.pages);
    t.step("browser end-to-end (playwright-core, Chromium)", e2e);
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
    fn lock_has_the_pinned_wasm_bindgen() {
        assert_eq!(locked_wasm_bindgen().unwrap(), "0.2.130");
    }
}
