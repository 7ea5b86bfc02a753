//! Where each package's wasm bytes go (`cargo xtask size`): a table per package of its areas
//! (this crate's modules, serde's impls of its types, serde-wasm-bindgen, yew, the Rust and
//! wasm-bindgen runtimes, the import, export and data sections), each area's raw bytes and its
//! share of the gzip size, so a size regression names its cause. The wasm is built as the
//! packages build it (the same release build, wasm-bindgen, the wasm-opt flags of Cargo.toml,
//! short import and export names) with one difference: wasm-opt keeps the name section (`-g`),
//! which says whose each function is. Less that section, it is the shipped wasm byte for byte.

mod rules;
mod share;
mod wasm;

use std::{
    path::{Path, PathBuf},
    time::Instant,
};

use wasm::Part;

use crate::{
    build::{PACKAGES, shipping},
    minify::minify_wasm,
    tools::{WASM, cmd, root, run},
};

/// The tables of both packages, built now from the sources; `names` gives a package's name by
/// its directory (`pkg` is the npm module).
pub fn breakdown(names: &[(String, String)]) -> Result<String, String> {
    #[allow(clippy::disallowed_methods)] // a native tool: the real clock is what we want
    let started = Instant::now();
    let flags = shipped_wasm_opt_flags()?;
    let modules = modules(&root().join("src"))?;
    // The builds share one target dir and run in turn; each wasm-opt run overlaps the next build.
    let tables = std::thread::scope(|scope| {
        let mut jobs = Vec::new();
        for (dir, features) in PACKAGES {
            let work = root().join("target/size-areas").join(dir);
            let bound = bind(features, &work)?;
            let (flags, modules) = (&flags, &modules);
            jobs.push(scope.spawn(move || -> Result<String, String> {
                let wasm = optimise(&bound, &work, flags)?;
                let name = names.iter().find(|(d, _)| d == dir).map_or(dir, |(_, n)| n);
                table(name, dir, features, &wasm, modules)
            }));
        }
        let done: Vec<Result<String, String>> = (jobs.into_iter())
            .map(|job| {
                job.join()
                    .unwrap_or_else(|_| Err("a thread panicked".into()))
            })
            .collect();
        done.into_iter().collect::<Result<Vec<_>, _>>()
    })?;
    Ok(format!(
        "{}\n\ngzip B is each area's share of the wasm's gzip -9n size, by removal: gzip of the \
         whole less gzip without the area's bytes, scaled to add up to the whole. A function \
         counts where it ended up after inlining (an exported method's body is in its shim), \
         and generic code where it is defined (Vec<T>::push in alloc/std, whatever T). The JS \
         glue and CSS are outside the wasm; the gate below counts them. Built and measured in \
         {:.0} s (wasm-opt reruns only when a build changed).\n",
        tables.join("\n\n"),
        started.elapsed().as_secs_f64()
    ))
}

/// The release build with `features`, through wasm-bindgen into `work`: its `_bg.wasm`.
fn bind(features: &[&str], work: &Path) -> Result<PathBuf, String> {
    let features = features.join(",");
    let mut args = vec!["build", "--release", "--target", WASM, "--lib"];
    if !features.is_empty() {
        args.extend_from_slice(&["--features", &features]);
    }
    // `cargo` from PATH, as wasm-pack runs it: rustup's proxy, which honours the nightly.
    run(shipping(cmd("cargo", &args)))?;
    let built = root()
        .join("target/ship")
        .join(WASM)
        .join("release/cloudinary_delete_token.wasm");
    let (built, out) = (utf8(&built)?, utf8(work)?);
    run(cmd(
        "wasm-bindgen",
        &[built, "--out-dir", out, "--target", "web"],
    ))?;
    Ok(work.join("cloudinary_delete_token_bg.wasm"))
}

/// `bound` through wasm-opt as the packages are, names kept: the bytes. wasm-opt takes most of
/// the time, so its last input and flags are kept beside its output and the same input is not
/// optimised twice.
fn optimise(bound: &Path, work: &Path, flags: &[String]) -> Result<Vec<u8>, String> {
    let (opt, named) = (work.join("opt.wasm"), work.join("named.wasm"));
    let read = |path: &Path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
    let (last, input) = (work.join("named.input"), read(bound)?);
    let stamp = [flags.join(" ").into_bytes(), input].concat();
    if read(&last).is_ok_and(|l| l == stamp) && named.exists() {
        return read(&named);
    }
    let mut args = vec![utf8(bound)?, "-o", utf8(&opt)?, "-g"];
    args.extend(flags.iter().map(String::as_str));
    run(cmd("wasm-opt", &args))?;
    minify_wasm(&opt, &named, &["-g"])?;
    std::fs::write(&last, stamp).map_err(|e| format!("{}: {e}", last.display()))?;
    read(&named)
}

/// The table of one package, from its wasm with names.
fn table(
    name: &str,
    dir: &str,
    features: &[&str],
    wasm: &[u8],
    modules: &[String],
) -> Result<String, String> {
    let mut areas: Vec<String> = Vec::new();
    let mut owners = Vec::new();
    let mut shipped = Vec::with_capacity(wasm.len());
    for (part, range) in wasm::parts(wasm)? {
        let area = match part {
            Part::Body(Some(name)) => rules::area(&name, modules),
            Part::Body(None) => "unnamed functions".into(),
            Part::Imports => "import section".into(),
            Part::Exports => "export section".into(),
            Part::Data => "data segments".into(),
            Part::Structure => "wasm structure (types, tables, globals, headers)".into(),
        };
        let index = match areas.iter().position(|a| *a == area) {
            Some(i) => i,
            None => {
                areas.push(area);
                areas.len() - 1
            }
        };
        let start = shipped.len();
        shipped.extend_from_slice(&wasm[range]);
        owners.push((index, start..shipped.len()));
    }
    let (total, shares) = share::shares(&shipped, &owners, areas.len())?;
    let mut raw = vec![0; areas.len()];
    for (owner, range) in &owners {
        raw[*owner] += range.len();
    }
    let package = format!("{dir}/cloudinary_delete_token_bg.wasm");
    let same = match std::fs::read(root().join(&package)) {
        Ok(bytes) if bytes == shipped => format!("the same bytes as {package}"),
        Ok(bytes) => format!(
            "{package} differs, {} B: built from other sources",
            bytes.len()
        ),
        Err(_) => format!("{package} is not built"),
    };
    let build = match features {
        [] => "--lib".to_owned(),
        _ => format!("--lib --features {}", features.join(",")),
    };
    let mut lines = vec![
        format!(
            "{name} ({build}): wasm {} B, gzip -9n {total} B ({same})",
            shipped.len()
        ),
        format!("{:<48} {:>8} {:>8} {:>6}", "area", "raw B", "gzip B", "%"),
    ];
    let mut order: Vec<usize> = (0..areas.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(shares[i]), std::cmp::Reverse(raw[i])));
    let percent = |part: u64| 100.0 * part as f64 / total.max(1) as f64;
    for i in order {
        lines.push(format!(
            "{:<48} {:>8} {:>8} {:>6.1}",
            areas[i],
            raw[i],
            shares[i],
            percent(shares[i])
        ));
    }
    lines.push(format!(
        "{:<48} {:>8} {:>8} {:>6.1}",
        "total",
        shipped.len(),
        total,
        100.0
    ));
    Ok(lines.join("\n"))
}

/// The flags wasm-pack passes to wasm-opt for the packages, from Cargo.toml.
fn shipped_wasm_opt_flags() -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("Cargo.toml: {e}"))?;
    let manifest: toml::Table = toml::from_str(&text).map_err(|e| format!("Cargo.toml: {e}"))?;
    let manifest = toml::Value::Table(manifest);
    let flags = [
        "package",
        "metadata",
        "wasm-pack",
        "profile",
        "release",
        "wasm-opt",
    ]
    .iter()
    .try_fold(&manifest, |v, key| v.get(key))
    .and_then(toml::Value::as_array);
    let flags: Option<Vec<String>> = flags
        .map(|flags| flags.iter().map(|f| f.as_str().map(String::from)).collect())
        .unwrap_or(None);
    flags.ok_or_else(|| "Cargo.toml has no wasm-pack release wasm-opt flags".into())
}

/// The module paths of the crate whose sources are in `src` (`api`, `api::client`, ...).
fn modules(src: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Some(module) = path
                .strip_prefix(src)
                .ok()
                .and_then(|p| p.to_str())
                .and_then(|p| p.strip_suffix(".rs"))
            {
                out.push(module.replace('/', "::"));
            }
        }
    }
    out.sort();
    Ok(out)
}

fn utf8(path: &Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| format!("{} is not UTF-8", path.display()))
}
