//! A deterministic simulation of the client's protocol (`session::Session`), native, in the
//! manner of FoundationDB's and TigerBeetle's simulation tests: every session of every tab is
//! driven by a glue that plays the browser's exactly (`glue.rs`), against a simulated
//! Cloudinary (`cloud.rs`) over a faulty network (`net.rs`), a simulated signer (`signer.rs`),
//! tabs with their documents, storage and locks (`browser.rs`), on one simulated clock
//! (`world.rs`), with a user and a page doing what pages do (`ops.rs`). Each seed draws its
//! world (`knobs.rs`) and then every choice from one generator, so a seed replays exactly;
//! the invariants (`checks.rs`, `listener.rs`) are checked after every step, the end of each
//! seed by `end.rs`.
//!
//! `cargo test --test simulation` runs 1,000 seeds of 1,000 user operations each (each
//! operation sets off several steps: requests, replies, timers, storage events, locks), on
//! every core. Environment: `SIM_SEEDS=N` runs seeds 1..=N; `SIM_SEED=n` runs seed n alone;
//! `SIM_OPS=N` changes the operations per seed; `SIM_TRACE=N` prints the last N steps of a
//! failing seed (40); `SIM_SURVEY=1` runs every seed and counts the kinds of failure.
//! `cargo xtask soak --seeds N` runs many more in release mode. A failing seed prints one
//! command that replays it.
#![cfg(not(target_arch = "wasm32"))]

#[path = "simulation/browser.rs"]
mod browser;
#[path = "simulation/checks.rs"]
mod checks;
#[path = "simulation/cloud.rs"]
mod cloud;
#[path = "simulation/end.rs"]
mod end;
#[path = "simulation/glue.rs"]
mod glue;
#[path = "simulation/knobs.rs"]
mod knobs;
#[path = "simulation/listener.rs"]
mod listener;
#[path = "simulation/net.rs"]
mod net;
#[path = "simulation/ops.rs"]
mod ops;
#[path = "simulation/signer.rs"]
mod signer;
#[path = "simulation/world.rs"]
mod world;

use std::{
    sync::{
        Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    thread,
};

use world::{Failure, Stats, World};

const DEFAULT_SEEDS: u64 = 1_000;
const DEFAULT_OPS: u64 = 1_000;

fn env(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number, got {value:?}")),
    )
}

/// Runs `seeds` on every core; returns the totals, or the lowest failing seed found.
fn run_all(seeds: &[u64], ops: u64) -> Result<Stats, (u64, Failure)> {
    let survey = env("SIM_SURVEY").is_some_and(|s| s != 0);
    let next = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let total = Mutex::new(Stats::default());
    let failures = Mutex::new(Vec::new());
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(seeds.len().max(1));
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                    let Some(&seed) = seeds.get(i) else { break };
                    match World::run(seed, ops, 0) {
                        Ok(stats) => total.lock().unwrap().add(&stats),
                        Err(f) => {
                            stop.store(!survey, Ordering::Relaxed);
                            failures.lock().unwrap().push((seed, f));
                        }
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort_by_key(|(seed, _)| *seed);
    if survey {
        survey_of(&failures);
    }
    match failures.into_iter().next() {
        Some(failure) => Err(failure),
        None => Ok(total.into_inner().unwrap()),
    }
}

/// `SIM_SURVEY=1`: every seed runs; the kinds of failure are counted (numbers and ids left out).
fn survey_of(failures: &[(u64, Failure)]) {
    let mut kinds: std::collections::BTreeMap<String, (u64, u64)> = Default::default();
    for (seed, f) in failures {
        let words = f
            .message
            .split(' ')
            .filter(|w| !w.chars().any(|c| c.is_ascii_digit()));
        let kind: String = words.take(14).collect::<Vec<_>>().join(" ");
        kinds.entry(kind).or_insert((0, *seed)).0 += 1;
    }
    for (kind, (n, seed)) in kinds {
        eprintln!("survey: {n:>5} seeds (first {seed:>5}): {kind}");
    }
}

/// Entries that ended while their page reloaded: not a failure (a restore drops them), but no
/// listener heard it, so the count is shown.
fn ended_unheard(s: &Stats) {
    if s.expired_unheard + s.interrupted_late > 0 {
        println!(
            "simulation: ended while their page reloaded, no listener to hear it: {} entries expired, {} deletes cut off after their window (dropped on restore, unsettled)",
            s.expired_unheard, s.interrupted_late
        );
    }
}

#[test]
fn simulation() {
    let ops = env("SIM_OPS").unwrap_or(DEFAULT_OPS);
    let seeds: Vec<u64> = match env("SIM_SEED") {
        Some(seed) => vec![seed],
        None => (1..=env("SIM_SEEDS").unwrap_or(DEFAULT_SEEDS)).collect(),
    };
    match run_all(&seeds, ops) {
        Ok(s) => {
            println!(
                "simulation: {} seeds x {ops} user operations: {} steps, {} inputs, {} requests, {} assets deleted, {} reloads; every invariant held",
                seeds.len(),
                s.steps,
                s.inputs,
                s.requests,
                s.deleted,
                s.reloads
            );
            ended_unheard(&s);
        }
        Err((seed, first)) => {
            // The same seed again, with its trace kept: a seed is a pure function of itself.
            let lines = env("SIM_TRACE").unwrap_or(40) as usize;
            let traced = World::run(seed, ops, lines.max(1)).err();
            let trace = traced.as_ref().map_or(&first.trace, |f| &f.trace);
            eprintln!(
                "simulation: seed {seed} failed at step {} (t = {} ms): {}",
                first.step, first.t, first.message
            );
            eprintln!("last steps:");
            for line in trace.iter().rev().take(lines).rev() {
                eprintln!("  {line}");
            }
            let ops_env = if ops == DEFAULT_OPS {
                String::new()
            } else {
                format!("SIM_OPS={ops} ")
            };
            eprintln!(
                "replay: {ops_env}SIM_SEED={seed} cargo test --test simulation -- --nocapture"
            );
            panic!("simulation: seed {seed} failed: {}", first.message);
        }
    }
}
