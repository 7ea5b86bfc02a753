//! `cargo xtask fuzz [--seconds N]`: runs each cargo-fuzz target (tests/fuzz) for N seconds
//! (default 60). Installs what it needs: the pinned nightly the packages ship with (cargo-fuzz
//! needs a nightly) and cargo-fuzz from crates.io. New corpus entries go to target/fuzz, so the tree stays clean.

use std::process::Command;

use crate::tools;

const TARGETS: [&str; 2] = ["upload_response", "storage"];

fn ok(c: &mut Command) -> bool {
    c.status().is_ok_and(|s| s.success())
}

/// Runs the fuzz targets.
pub fn command(args: &[String]) -> Result<(), String> {
    let seconds = match args {
        [] => 60,
        [flag, n] if flag == "--seconds" => n
            .parse::<u64>()
            .map_err(|_| "--seconds takes a whole number")?,
        _ => return Err("usage: cargo xtask fuzz [--seconds N]".into()),
    };
    tools::ship_nightly()?;
    let nightly = format!("+{}", tools::SHIP_NIGHTLY);
    if !ok(Command::new("cargo").args([&nightly, "fuzz", "--version"]))
        && !ok(Command::new("cargo").args([&nightly, "install", "cargo-fuzz", "--locked"]))
    {
        return Err("could not install cargo-fuzz".into());
    }
    let root = tools::root();
    for target in TARGETS {
        let work = root.join("target/fuzz/corpus").join(target);
        std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
        let seeds = root.join("tests/fuzz/corpus").join(target);
        println!("==> fuzzing {target} for {seconds} s");
        let status = Command::new("cargo")
            .args([
                nightly.as_str(),
                "fuzz",
                "run",
                "--fuzz-dir",
                "tests/fuzz",
                target,
            ])
            .arg(&work)
            .arg(&seeds)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .current_dir(&root)
            .status()
            .map_err(|e| format!("cargo fuzz: {e}"))?;
        if !status.success() {
            return Err(format!(
                "fuzz target {target} found a crash (see tests/fuzz/artifacts)"
            ));
        }
    }
    println!("no crashes in {} targets x {seconds} s", TARGETS.len());
    Ok(())
}
