//! The steps behind each xtask command.

use std::{
    io::{BufRead, BufReader, Read},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::mpsc,
    thread,
};

use crate::serve;

/// Pinned tool versions (toolchain.md: trunk 0.22 needs rustc 1.96.1; wasm-bindgen-cli must match
/// Cargo.lock and be installed without `--locked`).
const WASM_PACK: &str = "0.15.1";
const TRUNK: &str = "0.21.14";
const WASM: &str = "wasm32-unknown-unknown";
/// The dated nightly that builds what ships (the npm packages and the demo page): it rebuilds std
/// for the wasm (`build-std`) with `-Cpanic=immediate-abort`, so no panic machinery, formatting of
/// panic messages or unwinding tables are linked in. Tests, clippy and native builds stay on
/// stable; the browser tests run the packages as built here.
pub const SHIP_NIGHTLY: &str = "nightly-2026-10-29";
/// The emulator's seed when none is given.
pub const DEFAULT_SEED: u64 = 0x5eed;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn e2e_dir() -> PathBuf {
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

fn cmd(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args).current_dir(root()).env("PATH", tool_path());
    c
}

/// `c` builds what ships: with [`SHIP_NIGHTLY`], std rebuilt for size and without panic
/// machinery, into its own target dir (so the stable build cache is left alone).
fn shipping(mut c: Command) -> Command {
    c.env("RUSTUP_TOOLCHAIN", SHIP_NIGHTLY)
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        .env(
            "RUSTFLAGS",
            "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none",
        )
        .env("CARGO_TARGET_DIR", root().join("target/ship"));
    c
}

fn run(mut c: Command) -> Result<(), String> {
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
fn npm_ci(dir: &Path) -> Result<(), String> {
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

/// The examples in `examples/`, built as their authors would: the Vite and React apps with
/// Vite (against `pkg/` and `pkg-widget/`, which must be built first), the yew app with trunk.
/// Each lands in its own `dist/`, which the page server serves under `/examples/`.
fn build_examples() -> Result<(), String> {
    for app in ["vite", "react"] {
        let dir = root().join("examples").join(app);
        // Their `file:` dependencies on pkg/ and pkg-widget/ are linked, so a fresh build of
        // those is picked up without reinstalling.
        npm_ci(&dir)?;
        let mut vite = cmd(
            "npx",
            &["--no-install", "vite", "build", "--logLevel", "warn"],
        );
        vite.current_dir(&dir);
        run(vite)?;
    }
    let mut trunk = shipping(cmd(
        "trunk",
        &["build", "--release", "--offline", "--skip-version-check"],
    ));
    trunk.current_dir(root().join("examples/yew"));
    run(trunk)
}

/// `pkg/` and `pkg-widget/` (the npm packages), `dist/` (the trunk demo page) and the
/// examples, all release builds.
pub fn build_release() -> Result<(), String> {
    build_pkg()?;
    build_dist()?;
    build_examples()
}

/// The npm packages, one per name: the lean module (`pkg/`, `cloudinary-delete-token`) and the
/// widget build with the `yew` feature (`pkg-widget/`, `cloudinary-delete-token-widget`, with
/// its CSS); each with the npm README. Both are ES modules built `--target web`, which plain
/// pages load as they are and bundlers (Vite, webpack) take too, so there is no separate
/// bundler build under the same name.
fn build_pkg() -> Result<(), String> {
    let readme = npm_readme()?;
    let builds: [(&str, &[&str]); 2] = [("pkg", &[]), ("pkg-widget", &["--", "--features", "yew"])];
    for (dir, extra) in builds {
        let mut args = vec![
            "build",
            "--target",
            "web",
            "--release",
            "--mode",
            "no-install",
            "--out-dir",
            dir,
        ];
        args.extend_from_slice(extra);
        run(shipping(cmd("wasm-pack", &args)))?;
        let out = root().join(dir);
        let write = |name: &str, text: &str| {
            std::fs::write(out.join(name), text).map_err(|e| format!("{dir}/{name}: {e}"))
        };
        write("README.md", &readme)?;
        let bundled = bundle_glue(&out)?;
        let widget = dir == "pkg-widget";
        if widget {
            let css = std::fs::read_to_string(root().join("src/ui/widget.css"))
                .map_err(|e| format!("widget.css: {e}"))?;
            write("widget.css", &css)?;
            minify_css(&out.join("widget.css"))?;
        }
        let path = out.join("package.json");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{dir}/package.json: {e}"))?;
        let mut manifest: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{dir}/package.json: {e}"))?;
        let files = manifest["files"].as_array_mut();
        if let Some(files) = files {
            if bundled {
                files.retain(|f| f != "snippets");
            }
            if widget {
                files.insert(0, "widget.css".into());
            }
        }
        if let Some(fields) = manifest.as_object_mut() {
            if bundled {
                fields.remove("sideEffects"); // it only named the snippets
            }
            if widget {
                fields.insert("name".into(), "cloudinary-delete-token-widget".into());
            }
        }
        let text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
        write("package.json", &(text + "\n"))?;
    }
    Ok(())
}

/// Folds the JS snippets (`inline_js`) into the glue and minifies it, with esbuild (from
/// tests/e2e's lockfile): a page then loads one script, not the glue and then its snippets one
/// network round trip later; and wasm-bindgen's glue repeats every doc comment that the `.d.ts`
/// already carries. Returns whether there were snippets (now gone from the package).
fn bundle_glue(dir: &Path) -> Result<bool, String> {
    let glue = dir.join("cloudinary_delete_token.js").display().to_string();
    // node_modules/.bin is first on the PATH `cmd` sets.
    let mut esbuild = cmd(
        "esbuild",
        &[
            &glue,
            "--bundle",
            "--format=esm",
            "--minify",
            "--log-level=warning",
            "--allow-overwrite",
        ],
    );
    esbuild.arg(format!("--outfile={glue}"));
    run(esbuild)?;
    let snippets = dir.join("snippets");
    if !snippets.exists() {
        return Ok(false);
    }
    std::fs::remove_dir_all(&snippets).map_err(|e| format!("{}: {e}", snippets.display()))?;
    Ok(true)
}

/// Minifies a CSS file in place with esbuild.
fn minify_css(file: &Path) -> Result<(), String> {
    let file = file.display().to_string();
    let mut esbuild = cmd(
        "esbuild",
        &[
            &file,
            "--minify",
            "--log-level=warning",
            "--allow-overwrite",
        ],
    );
    esbuild.arg(format!("--outfile={file}"));
    run(esbuild)
}

/// The npm README: the README's sections for JavaScript users ("What it is", "JavaScript
/// quickstart"), so there is one source and no second copy to keep in sync.
fn npm_readme() -> Result<String, String> {
    let readme =
        std::fs::read_to_string(root().join("README.md")).map_err(|e| format!("README.md: {e}"))?;
    let section = |title: &str| {
        let start = readme.find(&format!("\n## {title}\n"))? + 1;
        let rest = &readme[start..];
        let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
        Some(rest[..end].trim_end().to_owned())
    };
    let parts: Option<Vec<String>> = ["What it is", "JavaScript quickstart"]
        .into_iter()
        .map(section)
        .collect();
    let parts =
        parts.ok_or("README.md lacks the \"What it is\" or \"JavaScript quickstart\" section")?;
    Ok(format!(
        "# cloudinary-delete-token\n\n```sh\nnpm install cloudinary-delete-token\n```\n\n{}\n",
        parts.join("\n\n")
    ))
}

fn build_dist() -> Result<(), String> {
    run(shipping(cmd(
        "trunk",
        &["build", "--release", "--offline", "--skip-version-check"],
    )))
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
    fn npm_readme_has_the_quickstart_and_not_the_cargo_commands() {
        let readme = npm_readme().unwrap();
        assert!(readme.contains("npm install cloudinary-delete-token"));
        assert!(readme.contains("new DeleteTokenClient"));
        assert!(!readme.contains("cargo xtask"));
    }

    #[test]
    fn lock_has_the_pinned_wasm_bindgen() {
        assert_eq!(locked_wasm_bindgen().unwrap(), "0.2.130");
    }
}
