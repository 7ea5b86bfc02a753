//! The repository's shape, checked by `cargo test` (so by `cargo xtask test`): source files a
//! newcomer can read in one sitting, and layers whose imports point inward only
//! (ui → api → http → core, as ARCHITECTURE.md draws them).

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use crate::tools::root;

    /// Every `.rs` file under `dir`, recursively.
    fn sources(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(sources(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        out
    }

    /// The lines of `text` before its own test module, comments excluded.
    fn code(text: &str) -> Vec<&str> {
        text.lines()
            .take_while(|l| !l.starts_with("#[cfg(test)]") && !l.starts_with("#[cfg(all(test"))
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect()
    }

    #[test]
    fn no_source_file_has_over_450_lines_before_its_tests() {
        for dir in ["src", "emulator/src", "xtask/src"] {
            for path in sources(&root().join(dir)) {
                let text = std::fs::read_to_string(&path).unwrap();
                let before = text
                    .lines()
                    .take_while(|l| !l.starts_with("#[cfg(test)]"))
                    .count();
                assert!(before <= 450, "{}: {before} lines", path.display());
            }
        }
    }

    #[test]
    fn xtask_has_no_import_circle() {
        // `steps` (the commands) uses `soak`, `serve`, `build` and `tools`; none of them uses it.
        for file in [
            "soak.rs",
            "serve.rs",
            "build.rs",
            "tools.rs",
            "signer.rs",
            "bench.rs",
        ] {
            let text = std::fs::read_to_string(root().join("xtask/src").join(file)).unwrap();
            for line in code(&text) {
                assert!(!line.contains("crate::steps"), "xtask/src/{file}: {line}");
            }
        }
    }

    #[test]
    fn imports_point_inward_only() {
        let src = root().join("src");
        let outer = |path: &Path| {
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            [
                "lib.rs", "api.rs", "api/", "http.rs", "ui.rs", "ui/", "bin/",
            ]
            .iter()
            .any(|p| rel.starts_with(p))
        };
        for path in sources(&src) {
            let text = std::fs::read_to_string(&path).unwrap();
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let forbidden: &[&str] = if !outer(&path) {
                // The core: plain Rust, no browser crate, nothing from the outer layers.
                &[
                    "crate::api",
                    "crate::http",
                    "crate::ui",
                    "web_sys",
                    "js_sys",
                    "wasm_bindgen",
                    "gloo",
                ]
            } else if rel == "http.rs" {
                &["crate::api", "crate::ui"]
            } else if rel == "api.rs" || rel.starts_with("api/") {
                &["crate::ui"]
            } else {
                &[]
            };
            for line in code(&text) {
                for word in forbidden {
                    assert!(!line.contains(word), "src/{rel} reaches out: {line}");
                }
            }
        }
    }
}
