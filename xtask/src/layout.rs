//! The repository's shape, checked by `cargo test` (so by `cargo xtask test`): no import cycle
//! among the module files of any crate, so each file can be read and changed knowing only the
//! files it names; and layers whose imports point inward only (ui → api → http → core, as
//! ARCHITECTURE.md draws them). Both read the code as Rust (`layout/modules.rs`), so comments
//! and test modules count for nothing. And few enough JavaScript modules for the wasm test
//! runner's page server (see `few_enough_js_modules_for_the_wasm_test_pages`).

#[cfg(test)]
mod modules;

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::modules::{Crate, Edge};
    use crate::tools::root;

    /// Every crate of the three source trees, by its root file (`lib.rs`, `main.rs`,
    /// `bin/*.rs`), with names relative to `repo`.
    fn crates(repo: &Path) -> Vec<Crate> {
        let mut roots = Vec::new();
        for dir in ["src", "emulator/src", "xtask/src"] {
            for file in ["lib.rs", "main.rs"] {
                if repo.join(dir).join(file).exists() {
                    roots.push(format!("{dir}/{file}"));
                }
            }
            if let Ok(bins) = std::fs::read_dir(repo.join(dir).join("bin")) {
                let mut bins: Vec<_> = bins
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|name| name.ends_with(".rs"))
                    .collect();
                bins.sort();
                roots.extend(bins.into_iter().map(|name| format!("{dir}/bin/{name}")));
            }
        }
        roots.iter().map(|root| Crate::read(repo, root)).collect()
    }

    /// Every cycle of every crate, spelled out.
    fn cycles() -> Vec<String> {
        let mut out = Vec::new();
        for krate in crates(&root()) {
            for cycle in krate.cycles() {
                out.push(krate.spell(&cycle));
            }
        }
        out
    }

    #[test]
    fn no_import_cycle() {
        let found = cycles();
        assert!(
            found.is_empty(),
            "import cycles (move what both files need into a module of its own):\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn imports_point_inward_only() {
        let krate = Crate::read(&root(), "src/lib.rs");
        // A module's layer is its first segment; the root only declares and re-exports.
        let layer = |module: &[String]| match module.first().map(String::as_str) {
            None => "root",
            Some("api") => "api",
            Some("http") => "http",
            Some("ui") => "ui",
            Some(_) => "core",
        };
        for (file, edges) in krate.files.iter().zip(&krate.edges) {
            let forbidden: &[&str] = match layer(&file.module) {
                "core" => &["api", "http", "ui"],
                "http" => &["api", "ui"],
                "api" => &["ui"],
                _ => &[],
            };
            for edge in edges {
                let to = layer(&krate.files[edge.to].module);
                assert!(
                    !forbidden.contains(&to),
                    "{}:{} reaches out: {}",
                    file.name,
                    edge.line,
                    edge.path
                );
            }
        }
        // The core is plain Rust: it names no browser crate, not even in an attribute.
        let browser = |word: &str| {
            matches!(word, "web_sys" | "js_sys")
                || word.contains("wasm_bindgen")
                || word.starts_with("gloo")
        };
        for (file, words) in krate.files.iter().zip(&krate.words) {
            if layer(&file.module) == "core" {
                let named: Vec<&String> = words.iter().filter(|w| browser(w)).collect();
                assert!(named.is_empty(), "{} names {named:?}", file.name);
            }
        }
    }

    /// The JavaScript modules a file imports through `#[wasm_bindgen(module = "…")]`.
    fn js_modules(file: &Path) -> Vec<String> {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        text.split("module = \"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    }

    /// Every `.rs` file under `dir`, recursively.
    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// A wasm test page imports the library's JavaScript modules and its test file's own, all at
    /// once. The runner's page server (tiny_http, inside wasm-bindgen-test-runner) serves each
    /// browser connection on its own thread and starts with four; past that its pool can miss
    /// the wake-up of a new connection, which then waits forever and the page never loads
    /// (about one load in two with five modules). So at most four modules per test page.
    #[test]
    fn few_enough_js_modules_for_the_wasm_test_pages() {
        let repo = root();
        let mut lib = Vec::new();
        rust_files(&repo.join("src"), &mut lib);
        // The demo binaries are not in the test builds.
        lib.retain(|f| !f.starts_with(repo.join("src/bin")));
        let mut shared: Vec<String> = lib.iter().flat_map(|f| js_modules(f)).collect();
        shared.sort();
        shared.dedup();
        let mut tests = Vec::new();
        rust_files(&repo.join("tests"), &mut tests);
        for test in tests {
            let mut all = shared.clone();
            all.extend(js_modules(&test));
            all.sort();
            all.dedup();
            assert!(
                all.len() <= 4,
                "{} loads {} JavaScript modules ({}): more than 4 can hang the test page at \
                 load; merge modules",
                test.display(),
                all.len(),
                all.join(", ")
            );
        }
    }

    /// The graph of a small crate written for the test: what is code counts, and only that.
    #[test]
    fn the_graph_follows_code_not_comments_tests_or_declarations() {
        let repo = std::env::temp_dir().join(format!("xtask-layout-{}", std::process::id()));
        let files = [
            ("src/lib.rs", "//! Root.\nmod a;\nmod b;\npub use a::A;\n"),
            (
                "src/a.rs",
                "// crate::b::B in a comment is no edge.\n\
                 use crate::{b::{self, B}}; use std::fmt;\n\
                 pub(super) struct A;\n\
                 mod child;\n\
                 fn f() { self::child::x(); }\n\
                 #[cfg(test)]\nmod tests { use super::super::b::B; }\n",
            ),
            (
                "src/a/child.rs",
                "pub(in crate::b) fn x() { super::super::b::y() }\n",
            ),
            (
                "src/b.rs",
                "pub struct B;\n\
                 pub fn y() -> String { format!(\"{}\", crate::a::N) }\n\
                 #[cfg(all(test, unix))]\nuse crate::a::child;\n",
            ),
        ];
        for (name, text) in files {
            let path = repo.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let krate = Crate::read(&repo, "src/lib.rs");
        std::fs::remove_dir_all(&repo).unwrap();
        let names = |edges: &[Edge]| -> Vec<String> {
            edges
                .iter()
                .map(|e| format!("{} ({})", krate.files[e.to].name, e.path))
                .collect()
        };
        let of = |name: &str| {
            let i = krate.files.iter().position(|f| f.name == name).unwrap();
            names(&krate.edges[i])
        };
        assert_eq!(of("src/lib.rs"), ["src/a.rs (a::A)"]);
        assert_eq!(
            of("src/a.rs"),
            ["src/a/child.rs (self::child::x)", "src/b.rs (crate::b)"]
        );
        assert_eq!(of("src/a/child.rs"), ["src/b.rs (super::super::b::y)"]);
        assert_eq!(of("src/b.rs"), ["src/a.rs (crate::a::N)"]);
        let cycles: Vec<String> = krate.cycles().iter().map(|c| krate.spell(c)).collect();
        assert_eq!(
            cycles,
            [
                "src/a.rs -> src/b.rs -> src/a.rs\n    src/a.rs:2: crate::b\n    src/b.rs:2: crate::a::N",
                "src/a.rs -> src/a/child.rs -> src/b.rs -> src/a.rs\n    src/a.rs:5: self::child::x\n    \
                 src/a/child.rs:1: super::super::b::y\n    src/b.rs:2: crate::a::N",
            ]
        );
    }
}
