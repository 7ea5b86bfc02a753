//! `cargo xtask soak [--seed N] [--uploads N] [--seeds N]`: first the deterministic simulation
//! of the client's protocol (`tests/simulation.rs`) over many more seeds than `cargo test`
//! runs, in release mode; then uploads files through the JS API in Chromium against the
//! emulator with seeded faults, undoes them all, and accounts for every token: `lost` (neither
//! deleted, expired nor reported failed) and `double_deletes` (requests with a token after
//! Cloudinary confirmed it) must both be 0.

use std::process::Command;

use serde_json::Value;

use crate::{serve, tools};

/// What one soak found.
pub struct Report {
    lost: u64,
    double_deletes: u64,
    token_in_console: bool,
    /// One line for people.
    pub summary: String,
}

impl Report {
    /// No token lost, none sent twice, none printed.
    pub fn clean(&self) -> bool {
        self.lost == 0 && self.double_deletes == 0 && !self.token_in_console
    }
}

/// Runs a soak of `uploads` uploads with the emulator seeded by `seed` (artifacts must be built).
pub fn run(seed: u64, uploads: u32) -> Result<Report, String> {
    let root = tools::root();
    let out = root.join("target/soak");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let path = out.join(format!("report-{seed}.json"));
    let servers = serve::start(&root, Some(0), 0, seed)?;
    let status = Command::new("node")
        .arg("soak.mjs")
        .current_dir(root.join("tests/e2e"))
        .env("EMULATOR_URL", servers.emulator.clone().unwrap_or_default())
        .env("PAGE_URL", &servers.pages)
        .env("SOAK_OUT", &path)
        .env("SOAK_SEED", seed.to_string())
        .env("SOAK_UPLOADS", uploads.to_string())
        .status()
        .map_err(|e| format!("node: {e}"))?;
    if !status.success() {
        return Err("the soak script failed".into());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    std::fs::copy(&path, out.join("report.json")).map_err(|e| e.to_string())?;
    let report: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let n = |k: &str| report[k].as_u64().unwrap_or(u64::MAX);
    Ok(Report {
        lost: n("lost"),
        double_deletes: n("double_deletes"),
        token_in_console: report["token_in_console"].as_bool().unwrap_or(true),
        summary: format!(
            "seed {seed}: {} uploads, {} upload failures, {} recorded, {} deleted, {} failed (reported), {} expired, lost {}, double deletes {}",
            n("uploads"),
            n("upload_failures"),
            n("recorded"),
            n("deleted_confirmed"),
            report["failed_reported"].as_array().map_or(0, Vec::len),
            n("expired"),
            n("lost"),
            n("double_deletes")
        ),
    })
}

/// Seeds of the simulation when `--seeds` is not given (`cargo test` runs 1,000).
const SIMULATION_SEEDS: u64 = 20_000;

/// Runs the simulation over seeds 1..=`seeds` in release mode; it prints its own summary, or
/// the one command that replays a failing seed.
fn simulate(seeds: u64) -> Result<(), String> {
    println!("==> simulation, {seeds} seeds (release)");
    let args = [
        "test",
        "--release",
        "--test",
        "simulation",
        "--",
        "--nocapture",
    ];
    let mut c = tools::cmd(&tools::cargo(), &args);
    c.env("SIM_SEEDS", seeds.to_string());
    tools::run(c)
        .map_err(|_| "the simulation found a failing seed (its replay command is above)".into())
}

/// `cargo xtask soak [--seed N] [--uploads N] [--seeds N]` (`--seeds 0`: the browser run only).
pub fn command(args: &[String]) -> Result<(), String> {
    let (mut seed, mut uploads, mut seeds) = (tools::DEFAULT_SEED, 200, SIMULATION_SEEDS);
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().and_then(|v| v.parse::<u64>().ok());
        match (flag.as_str(), value) {
            ("--seed", Some(v)) => seed = v,
            ("--uploads", Some(v)) => {
                uploads = u32::try_from(v).map_err(|_| "--uploads is too large")?
            }
            ("--seeds", Some(v)) => seeds = v,
            _ => {
                return Err(format!(
                    "usage: cargo xtask soak [--seed N] [--uploads N] [--seeds N] (got {flag:?})"
                ));
            }
        }
    }
    // Native and quick: first, so that a protocol bug shows before the browser is set up.
    let simulated = if seeds > 0 { simulate(seeds) } else { Ok(()) };
    tools::setup()?;
    crate::build::build_release(crate::build::Names::Short)?;
    let report = run(seed, uploads)?;
    println!("{}", report.summary);
    println!(
        "report: {}",
        tools::root().join("target/soak/report.json").display()
    );
    simulated?;
    if report.clean() {
        Ok(())
    } else {
        Err("tokens were lost, sent twice or printed".into())
    }
}
