//! The size gate: each shipped package against its budget in `size-budgets.toml`, gzip -9n as a
//! page loads it. `cargo xtask test` runs it after the release build; `cargo xtask bench`
//! measures the same files against the same budgets. `cargo xtask size` prints, before the
//! gate, where each package's wasm bytes go (`areas.rs`).

use std::{path::Path, process::Command};

use serde::Deserialize;

use crate::{areas, tools, tools::root};

/// One package of `size-budgets.toml`.
#[derive(Debug, Deserialize)]
pub struct Package {
    pub name: String,
    /// Its key in the bench's report.
    pub report: String,
    /// What a page loads from it, from the repository's root.
    pub files: Vec<String>,
    /// At most this many bytes, gzip -9n.
    pub budget: u64,
}

#[derive(Deserialize)]
struct Budgets {
    package: Vec<Package>,
}

/// The packages and their budgets.
pub fn budgets() -> Result<Vec<Package>, String> {
    let path = root().join("size-budgets.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let budgets: Budgets = toml::from_str(&text).map_err(|e| format!("size-budgets.toml: {e}"))?;
    Ok(budgets.package)
}

/// `gzip -9n` size of the files under `dir`, as the budgets are stated.
pub fn gzip9(dir: &Path, files: &[&str]) -> Result<u64, String> {
    let mut total = 0;
    for file in files {
        let out = Command::new("gzip")
            .arg("-9nc")
            .arg(dir.join(file))
            .output()
            .map_err(|e| format!("gzip: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "gzip {file}: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        total += out.stdout.len() as u64;
    }
    Ok(total)
}

/// The size of `package` as built.
pub fn measure(package: &Package) -> Result<u64, String> {
    let files: Vec<&str> = package.files.iter().map(String::as_str).collect();
    gzip9(&root(), &files)
}

/// `cargo xtask size`: where each package's wasm bytes go (built now from the sources), then the
/// gate on the packages as built. The gate runs even when the breakdown cannot be built.
pub fn command() -> Result<(), String> {
    // Each package's directory is where its files are.
    let names: Vec<(String, String)> = (budgets()?.into_iter())
        .filter_map(|p| Some((p.files.first()?.split('/').next()?.to_owned(), p.name)))
        .collect();
    match tools::setup().and_then(|()| areas::breakdown(&names)) {
        Ok(tables) => println!("{tables}"),
        Err(e) => eprintln!("xtask: no breakdown: {e}"),
    }
    gate().map(|report| println!("{report}"))
}

/// Every package within its budget: a line per package; `Err` names each one over, and by how
/// much.
pub fn gate() -> Result<String, String> {
    let (mut lines, mut over) = (Vec::new(), false);
    for package in budgets()? {
        let (line, within) = verdict(&package, measure(&package)?);
        lines.push(line);
        over |= !within;
    }
    let text = lines.join("\n");
    match over {
        true => Err(text),
        false => Ok(text),
    }
}

/// The line the gate prints for `package` at `size`, and whether it is within its budget.
fn verdict(package: &Package, size: u64) -> (String, bool) {
    let (name, budget) = (&package.name, package.budget);
    let head = format!("{name:<14} {size:>7} B of {budget:>7} B:");
    match size.checked_sub(budget) {
        Some(excess) if excess > 0 => (
            format!(
                "{head} OVER by {excess} B: take the bytes out, or raise the budget in size-budgets.toml and say why"
            ),
            false,
        ),
        _ => (format!("{head} ok, {} B to spare", budget - size), true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_budgets_read_and_a_package_over_says_by_how_much() {
        let packages = budgets().unwrap();
        assert!(packages.len() >= 2 && packages.iter().all(|p| !p.files.is_empty()));
        let npm = &packages[0];
        let (line, within) = verdict(npm, npm.budget + 312);
        assert!(!within && line.contains("OVER by 312 B"), "{line}");
        let (line, within) = verdict(npm, npm.budget);
        assert!(within && line.contains("ok, 0 B to spare"), "{line}");
    }
}
