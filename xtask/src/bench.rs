//! `cargo xtask bench`: sizes (ours and the peers', gzip -9, measured in the same run) and timed
//! figures in headless Chromium, printed as one table against the project's budgets and written
//! to `target/bench/report.json`. It reports; only the sizes fail a test, in `cargo xtask test`'s
//! size gate, against the same budgets (`size-budgets.toml`).

use std::{path::Path, process::Command};

use serde_json::{Map, Value, json};

use crate::{
    serve,
    size::{self, gzip9},
    tools,
    tools::DEFAULT_SEED,
};

/// Uppy ships no per-package browser build: core + dashboard + xhr-upload bundled and minified
/// with esbuild, plus their CSS, as a page would load them.
fn uppy(e2e: &Path, out: &Path) -> Result<u64, String> {
    let entry = out.join("uppy-entry.mjs");
    let source = "import Uppy from '@uppy/core';\nimport Dashboard from '@uppy/dashboard';\nimport XHRUpload from '@uppy/xhr-upload';\nnew Uppy().use(Dashboard, { inline: true, target: 'body' }).use(XHRUpload, { endpoint: '/upload' });\n";
    std::fs::write(&entry, source).map_err(|e| e.to_string())?;
    let bundle = out.join("uppy.min.js");
    let status = Command::new(e2e.join("node_modules/.bin/esbuild"))
        .arg(&entry)
        .args([
            "--bundle",
            "--minify",
            "--format=iife",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={}", bundle.display()))
        .env("NODE_PATH", e2e.join("node_modules"))
        .current_dir(e2e)
        .status()
        .map_err(|e| format!("esbuild: {e}"))?;
    if !status.success() {
        return Err("esbuild could not bundle Uppy".into());
    }
    Ok(gzip9(out, &["uppy.min.js"])?
        + gzip9(
            e2e,
            &[
                "node_modules/@uppy/core/dist/style.min.css",
                "node_modules/@uppy/dashboard/dist/style.min.css",
            ],
        )?)
}

fn version(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// Runs the whole bench: builds what ships, measures sizes and timed figures, prints them against
/// the budgets and writes `target/bench/report.json`.
pub fn bench() -> Result<(), String> {
    tools::setup()?;
    crate::build::build_release(crate::build::Names::Short)?;
    let root = tools::root();
    let e2e = root.join("tests/e2e");
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let mut report = sizes(&e2e, &out)?;
    report.extend(timed(&root, &e2e, &out)?);
    // What built the packages measured here: the pinned nightly, not the default toolchain.
    let rustc = format!("+{}", crate::tools::SHIP_NIGHTLY);
    report.insert(
        "rustc".into(),
        json!(version("rustc", &[&rustc, "--version"])),
    );
    report.insert(
        "machine".into(),
        json!(format!(
            "{} cores, {}",
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            version("uname", &["-srm"])
        )),
    );
    print(&report);
    let path = out.join("report.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&Value::Object(report)).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    println!("wrote {}", path.display());
    Ok(())
}

/// Ours and the peers' sizes, gzip -9, as a page loads them.
fn sizes(e2e: &Path, out: &Path) -> Result<Map<String, Value>, String> {
    let mut report = Map::new();
    // Ours as the size gate measures them (`size-budgets.toml`): what a page loads from each.
    for package in size::budgets()? {
        report.insert(package.report.clone(), json!(size::measure(&package)?));
    }
    report.insert(
        "peer_jquery_stack_gzip_bytes".into(),
        json!(gzip9(
            e2e,
            &[
                "node_modules/jquery/dist/jquery.min.js",
                "node_modules/blueimp-file-upload/js/vendor/jquery.ui.widget.js",
                "node_modules/blueimp-file-upload/js/jquery.iframe-transport.js",
                "node_modules/blueimp-file-upload/js/jquery.fileupload.js",
                "node_modules/cloudinary-jquery-file-upload/cloudinary-jquery-file-upload.min.js",
            ]
        )?),
    );
    report.insert(
        "peer_filepond_gzip_bytes".into(),
        json!(gzip9(
            e2e,
            &[
                "node_modules/filepond/dist/filepond.min.js",
                "node_modules/filepond/dist/filepond.min.css"
            ]
        )?),
    );
    report.insert("peer_uppy_gzip_bytes".into(), json!(uppy(e2e, out)?));
    Ok(report)
}

/// The timed figures: `tests/e2e/bench.mjs` in headless Chromium against the emulator.
fn timed(root: &Path, e2e: &Path, out: &Path) -> Result<Map<String, Value>, String> {
    let servers = serve::start(root, Some(0), 0, DEFAULT_SEED)?;
    let timed_path = out.join("timed.json");
    let status = Command::new("node")
        .arg("bench.mjs")
        .current_dir(e2e)
        .env("EMULATOR_URL", servers.emulator.clone().unwrap_or_default())
        .env("PAGE_URL", &servers.pages)
        .env("BENCH_OUT", &timed_path)
        .status()
        .map_err(|e| format!("node: {e}"))?;
    if !status.success() {
        return Err("the timed part of the bench failed".into());
    }
    serde_json::from_str(&std::fs::read_to_string(&timed_path).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())
}

/// The table: each figure against its budget, with the peers' sizes beside ours.
fn print(report: &Map<String, Value>) {
    let sizes = size::budgets().unwrap_or_default();
    let sizes = sizes.iter().map(|p| (p.report.as_str(), p.budget as f64));
    let timed: [(&str, f64); 6] = [
        ("tick_ms_1000", 1.0),
        ("tick_ms_10000", 0.3),
        ("restore_ms_10000", 300.0),
        ("delete_all_ratio", 1.2),
        ("record_vs_json_parse", 3.0),
        ("cold_start_ms", 50.0),
    ];
    println!(
        "\n{:<24} {:>12} {:>10} {:>8}  peers (this run)",
        "figure", "value", "budget", "verdict"
    );
    let peers_now = format!(
        "jquery stack {} · filepond {} · uppy {}",
        report["peer_jquery_stack_gzip_bytes"],
        report["peer_filepond_gzip_bytes"],
        report["peer_uppy_gzip_bytes"]
    );
    for (key, budget) in sizes.chain(timed) {
        let value = report.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN);
        let verdict = if value <= budget { "ok" } else { "OVER" };
        let peers = if key.ends_with("_gzip_bytes") {
            peers_now.as_str()
        } else {
            ""
        };
        println!("{key:<24} {value:>12.3} {budget:>10} {verdict:>8}  {peers}");
    }
    let bpe = report
        .get("bytes_per_entry")
        .and_then(Value::as_f64)
        .unwrap_or(f64::NAN);
    println!(
        "{:<24} {bpe:>12.1} {:>10} {:>8}",
        "bytes_per_entry", "-", "report"
    );
    println!("{:<24} {}", "browser", report["browser"]);
    println!("{:<24} {}", "rustc", report["rustc"]);
    println!("{:<24} {}", "machine", report["machine"]);
}
