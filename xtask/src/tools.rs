//! The bottom of xtask: where the repository is, how commands run (with npm's `.bin` and cargo's
//! bin on PATH), and `cargo xtask setup`, which installs what is missing: the wasm32 target,
//! the pinned nightly, the browsers the wasm tests run in and their WebDriver servers (Debian's
//! chromium, firefox-esr and webkit2gtk-driver, Xvfb for WebKit, geckodriver from crates.io),
//! wasm-bindgen-cli, wasm-pack, trunk, and the npm packages of `tests/e2e`.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

/// Pinned tool versions: trunk 0.22 needs rustc 1.96.1, so 0.21; wasm-bindgen-cli must match
/// Cargo.lock and is installed without `--locked` (its lockfile pins a crate the registry no
/// longer serves).
const WASM_PACK: &str = "0.15.1";
const TRUNK: &str = "0.21.14";
/// Firefox's WebDriver server; Debian packages none.
const GECKODRIVER: &str = "0.37.1";
/// Debian packages, each with a file it installs (present means installed): the browsers the wasm
/// tests run in, their WebDriver servers, and Xvfb with xvfb-run's xauth for WebKit's
/// MiniBrowser, which has no headless mode.
const APT: [(&str, &str); 6] = [
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("firefox-esr", "/usr/bin/firefox-esr"),
    ("webkit2gtk-driver", "/usr/bin/WebKitWebDriver"),
    ("xvfb", "/usr/bin/xvfb-run"),
    ("xauth", "/usr/bin/xauth"),
];
pub(crate) const WASM: &str = "wasm32-unknown-unknown";
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

pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

pub(crate) fn e2e_dir() -> PathBuf {
    root().join("tests/e2e")
}

/// PATH with cargo's bin dir and then npm's `.bin` (binaryen's wasm-opt 132) first, so neither a
/// missing ~/.cargo/bin nor Debian's unusable wasm-opt 108 is picked. Cargo's first: webdriverio
/// brings an npm `geckodriver` whose command downloads the real one on first use (refused on this
/// network), which must not shadow the geckodriver `setup` installs with cargo.
fn tool_path() -> String {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    let npm_bin = e2e_dir().join("node_modules/.bin");
    format!(
        "{}:{}:{}",
        home.join("bin").display(),
        npm_bin.display(),
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
pub(crate) fn output(program: &str, args: &[&str]) -> String {
    cmd(program, args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The wasm-bindgen version locked in Cargo.lock; the CLI must be exactly this version.
fn locked_wasm_bindgen() -> Result<String, String> {
    #[derive(serde::Deserialize)]
    struct Lock {
        package: Vec<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        name: String,
        version: String,
    }
    let text = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let lock: Lock = toml::from_str(&text).map_err(|e| format!("Cargo.lock: {e}"))?;
    lock.package
        .into_iter()
        .find(|p| p.name == "wasm-bindgen")
        .map(|p| p.version)
        .ok_or_else(|| "wasm-bindgen is not in Cargo.lock".into())
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
    let missing: Vec<&str> = APT
        .iter()
        .filter(|(_, file)| !Path::new(file).exists())
        .map(|&(package, _)| package)
        .collect();
    if !missing.is_empty() {
        run(cmd("apt-get", &["update", "-qq"]))?;
        let mut c = cmd("apt-get", &["install", "-y", "-qq"]);
        c.args(&missing).env("DEBIAN_FRONTEND", "noninteractive");
        run(c)?;
    }
    ship_nightly()?;
    let wb = locked_wasm_bindgen()?;
    if output("wasm-bindgen", &["--version"]) != format!("wasm-bindgen {wb}") {
        // Not --locked: its lockfile pins a webpki-roots the registry no longer serves.
        run(cmd(
            &cargo(),
            &["install", "--force", "wasm-bindgen-cli", "--version", &wb],
        ))?;
    }
    // geckodriver only relays WebDriver commands to Firefox: its debug build serves the tests as
    // well and compiles in about half the time (3.5 rather than 6 minutes on two cores).
    for (tool, version, extra) in [
        ("wasm-pack", WASM_PACK, &[][..]),
        ("trunk", TRUNK, &[][..]),
        ("geckodriver", GECKODRIVER, &["--debug"][..]),
    ] {
        cargo_install(tool, version, extra)?;
    }
    npm_ci(&e2e_dir())
}

/// `cargo install --locked` of `tool` at `version` (with `extra` arguments), unless its
/// `--version` already says so.
fn cargo_install(tool: &str, version: &str, extra: &[&str]) -> Result<(), String> {
    if output(tool, &["--version"]).lines().next() == Some(format!("{tool} {version}").as_str()) {
        return Ok(());
    }
    let mut install = cmd(
        &cargo(),
        &["install", "--locked", "--force", tool, "--version", version],
    );
    install.args(extra);
    run(install)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_has_the_pinned_wasm_bindgen() {
        assert_eq!(locked_wasm_bindgen().unwrap(), "0.2.130");
    }
}
