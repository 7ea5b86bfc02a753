//! `cargo xtask setup|build|demo|test`: installs what is missing, builds, serves and tests the
//! whole project. Every tool it needs is installed here, in code, from crates.io, npm or apt.

mod areas;
mod bench;
mod build;
mod fuzz;
mod layout;
mod minify;
mod serve;
mod signer;
mod size;
mod soak;
mod steps;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>
  setup                          install missing tools (rustup target, cargo tools, browsers and their drivers, npm packages)
  build [--readable-names]       build pkg/, pkg-widget/ (npm), dist/ (demo) and examples/*/dist with the pinned nightly
                                 (the packages' wasm imports and exports keep wasm-bindgen's names)
  demo [--cloud NAME --preset P] serve the demo page with the local emulator (or real Cloudinary)
  test                           every check; ends with `N passed, N failed`
  bench                          sizes and timings against the budgets (target/bench/report.json)
  size                           where each package's wasm bytes go: raw and gzip bytes per area (own modules,
                                 serde, yew, runtimes, sections), from a release build with names kept (a minute
                                 or two; seconds when unchanged), then the size gate on the packages as built
                                 (size-budgets.toml)
  soak [--seed N] [--uploads N] [--seeds N]
                                 the protocol simulation over N seeds (release, 20000), then uploads
                                 and undoes in Chromium under seeded faults (target/soak/report.json)
  fuzz [--seconds N]             cargo-fuzz: the upload-response and stored-snapshot types";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => tools::setup(),
        Some("build") => {
            let names = match args.iter().any(|a| a == "--readable-names") {
                true => build::Names::Readable,
                false => build::Names::Short,
            };
            tools::setup().and_then(|()| build::build_release(names))
        }
        Some("demo") => steps::demo(&args[1..]),
        Some("test") => steps::test(),
        Some("bench") => bench::bench(),
        Some("size") => size::command(),
        Some("soak") => soak::command(&args[1..]),
        Some("fuzz") => fuzz::command(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // `test` has already printed its closing `N passed, N failed` line; keep it last.
            if !e.is_empty() {
                eprintln!("xtask: {e}");
            }
            ExitCode::FAILURE
        }
    }
}
