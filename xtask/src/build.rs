//! `cargo xtask build`: what ships, built as it ships. The npm packages (`pkg/`,
//! `pkg-widget/`), the demo page (`dist/`) and the examples (`examples/*/dist`), all release
//! builds with the pinned nightly ([`SHIP_NIGHTLY`]); runs wasm-pack, esbuild, trunk, npm and vite.

use std::{path::Path, process::Command};

use crate::{
    minify::minify_names,
    tools::{SHIP_NIGHTLY, cmd, npm_ci, root, run},
};

/// `c` builds what ships: with [`SHIP_NIGHTLY`], std rebuilt for size and without panic
/// machinery, into its own target dir (so the stable build cache is left alone).
pub(crate) fn shipping(mut c: Command) -> Command {
    c.env("RUSTUP_TOOLCHAIN", SHIP_NIGHTLY)
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        .env(
            "RUSTFLAGS",
            "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none",
        )
        .env("CARGO_TARGET_DIR", root().join("target/ship"));
    c
}

/// The examples in `examples/`, built as their authors would: the Vite, React, FilePond and Uppy
/// apps with Vite (against `pkg/` and `pkg-widget/`, which must be built first), the Next.js app
/// with `next build`, the yew app with trunk.
/// Each Vite or trunk build lands in its own `dist/`, which the page server serves under
/// `/examples/`; Next's in `examples/next/.next` (Turbopack, Next's default) and
/// `examples/next/.next-webpack` (webpack), which `next start` serves.
fn build_examples() -> Result<(), String> {
    for app in ["vite", "react", "filepond", "uppy"] {
        let dir = root().join("examples").join(app);
        // Their `file:` dependencies on pkg/ and pkg-widget/ are linked, so a fresh build of
        // those is picked up without reinstalling.
        npm_ci(&dir)?;
        let mut vite = cmd(
            "npx",
            &["--no-install", "vite", "build", "--logLevel", "warn"],
        );
        vite.current_dir(&dir);
        run(vite)?;
    }
    // The Next.js app, built as its authors would, by each of Next's bundlers, so both resolve
    // the packages; tests/e2e/next.test.mjs serves each with `next start`. Telemetry off: the
    // build sends nothing anywhere.
    let next = root().join("examples/next");
    npm_ci(&next)?;
    for (dist, flags) in [(".next", &[][..]), (".next-webpack", &["--webpack"][..])] {
        let mut build = cmd("npx", &["--no-install", "next", "build"]);
        build.args(flags).current_dir(&next);
        build
            .env("NEXT_TELEMETRY_DISABLED", "1")
            .env("NEXT_DIST_DIR", dist);
        run(build)?;
    }
    let mut trunk = shipping(cmd(
        "trunk",
        &["build", "--release", "--offline", "--skip-version-check"],
    ));
    trunk.current_dir(root().join("examples/yew"));
    run(trunk)
}

/// How the packages' wasm names its imports and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// Short, as they ship ([`minify_names`]).
    Short,
    /// As wasm-bindgen wrote them (`cargo xtask build --readable-names`), for reading a
    /// package's wasm and glue side by side.
    Readable,
}

/// `pkg/` and `pkg-widget/` (the npm packages), `dist/` (the trunk demo page) and the
/// examples, all release builds.
pub fn build_release(names: Names) -> Result<(), String> {
    build_pkg(names)?;
    build_dist()?;
    build_examples()
}

/// The npm packages: each one's directory and the crate features it is built with.
pub(crate) const PACKAGES: [(&str, &[&str]); 2] = [("pkg", &[]), ("pkg-widget", &["yew"])];

/// The npm packages, one per name: the lean module (`pkg/`, `cloudinary-delete-token`) and the
/// widget build with the `yew` feature (`pkg-widget/`, `cloudinary-delete-token-widget`, with
/// its CSS); each with the npm README. Both are ES modules built `--target web`, which plain
/// pages load as they are and bundlers (Vite, webpack) take too, so there is no separate
/// bundler build under the same name.
fn build_pkg(names: Names) -> Result<(), String> {
    let readme = npm_readme()?;
    for (dir, features) in PACKAGES {
        let features = features.join(",");
        let mut args = vec![
            "build",
            "--target",
            "web",
            "--release",
            "--mode",
            "no-install",
            "--out-dir",
            dir,
        ];
        if !features.is_empty() {
            args.extend_from_slice(&["--", "--features", &features]);
        }
        run(shipping(cmd("wasm-pack", &args)))?;
        let out = root().join(dir);
        let write = |name: &str, text: &str| {
            std::fs::write(out.join(name), text).map_err(|e| format!("{dir}/{name}: {e}"))
        };
        write("README.md", &readme)?;
        if names == Names::Short {
            minify_names(&out)?;
        }
        let widget = dir == "pkg-widget";
        let bundled = bundle_entry(&out, widget)?;
        if widget {
            let css = std::fs::read_to_string(root().join("src/ui/widget.css"))
                .map_err(|e| format!("widget.css: {e}"))?;
            write("widget.css", &css)?;
            minify_css(&out.join("widget.css"))?;
        }
        // The adapters for other uploaders (`adapters/*.js` with their `.d.ts`): plain modules
        // of the npm module, each its own entry point, so only pages that import one load it.
        let adapters = match widget {
            true => Vec::new(),
            false => copy_adapters(&out)?,
        };
        let path = out.join("package.json");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{dir}/package.json: {e}"))?;
        let mut manifest: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{dir}/package.json: {e}"))?;
        let files = manifest["files"].as_array_mut();
        if let Some(files) = files {
            if bundled {
                files.retain(|f| f != "snippets");
            }
            files.push("glue.d.ts".into());
            if widget {
                files.insert(0, "widget.css".into());
                files.extend(["module.d.ts".into(), "react.d.ts".into()]);
            }
            for name in &adapters {
                files.push(format!("{name}.js").into());
                files.push(format!("{name}.d.ts").into());
            }
        }
        if let Some(fields) = manifest.as_object_mut() {
            if bundled {
                fields.remove("sideEffects"); // it only named the snippets
            }
            fields.insert("exports".into(), exports(widget, &adapters));
            if widget {
                fields.insert("name".into(), "cloudinary-delete-token-widget".into());
            } else {
                let (peers, optional) = peer_dependencies(&adapters);
                if !peers.is_empty() {
                    fields.insert("peerDependencies".into(), peers.into());
                    fields.insert("peerDependenciesMeta".into(), optional.into());
                }
            }
        }
        let text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
        write("package.json", &(text + "\n"))?;
    }
    Ok(())
}

/// Copies each adapter of `adapters/` (`<name>.js` and `<name>.d.ts`) into the package at
/// `out`; returns their names.
fn copy_adapters(out: &Path) -> Result<Vec<String>, String> {
    let dir = root().join("adapters");
    let mut names = Vec::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if let Some(name) = file.strip_suffix(".js") {
            names.push(name.to_owned());
        }
        if file.ends_with(".js") || file.ends_with(".d.ts") {
            std::fs::copy(&path, out.join(file)).map_err(|e| format!("{file}: {e}"))?;
        }
    }
    names.sort();
    Ok(names)
}

/// The uploader each adapter is for (adapter, npm package, versions): an optional peer
/// dependency of the npm module, as the adapters import only its types, so a page without that
/// uploader installs nothing more.
const ADAPTER_PEERS: [(&str, &str, &str); 2] = [
    ("filepond", "filepond", "^4.0.0"),
    ("uppy", "@uppy/core", "^5.0.0 || ^6.0.0"),
];

/// `peerDependencies` and `peerDependenciesMeta` (each `optional`) for the adapters present.
fn peer_dependencies(
    adapters: &[String],
) -> (
    serde_json::Map<String, serde_json::Value>,
    serde_json::Map<String, serde_json::Value>,
) {
    let (mut peers, mut optional) = (serde_json::Map::new(), serde_json::Map::new());
    for (adapter, package, versions) in ADAPTER_PEERS {
        if adapters.iter().any(|a| a == adapter) {
            peers.insert(package.into(), versions.into());
            optional.insert(package.into(), serde_json::json!({ "optional": true }));
        }
    }
    (peers, optional)
}

/// A package's `exports`: the entry (`.`), the lean module's adapters as `./<name>`, the
/// widget's stylesheet and its React JSX types (`./react`, types only), and the wasm file (for
/// pages that preload it) and `package.json` (for tools that read it). One entry serves every
/// environment, browsers, bundlers and servers alike (its `init()` loads nothing on a server),
/// so there are no `browser`/`node`/`react-server` conditions to keep in step.
fn exports(widget: bool, adapters: &[String]) -> serde_json::Value {
    let entry = |name: &str| serde_json::json!({ "types": format!("./{name}.d.ts"), "default": format!("./{name}.js") });
    let mut map = serde_json::Map::new();
    map.insert(".".into(), entry("cloudinary_delete_token"));
    for name in adapters {
        map.insert(format!("./{name}"), entry(name));
    }
    let mut files = vec!["cloudinary_delete_token_bg.wasm", "package.json"];
    if widget {
        map.insert(
            "./react".into(),
            serde_json::json!({ "types": "./react.d.ts" }),
        );
        files.insert(0, "widget.css");
    }
    for file in files {
        map.insert(format!("./{file}"), format!("./{file}").into());
    }
    map.into()
}

/// Makes the package's one script from wasm-bindgen's glue and its JS snippets (`inline_js`,
/// `module = ...`) behind the entry in `npm/` (`module.js`, or `widget.js` for the widget),
/// bundled and minified with esbuild (from tests/e2e's lockfile): a page then loads one script,
/// not the glue and then its snippets one network round trip later; and wasm-bindgen's glue
/// repeats every doc comment that the `.d.ts` already carries. The glue's types stay as
/// `glue.d.ts`, which the entry's types (`npm/*.d.ts`) re-export. Returns whether there were
/// snippets (now gone from the package).
fn bundle_entry(dir: &Path, widget: bool) -> Result<bool, String> {
    let file = |name: &str| dir.join(name);
    let rename = |from: &str, to: &str| {
        std::fs::rename(file(from), file(to)).map_err(|e| format!("{from} -> {to}: {e}"))
    };
    let copy = |name: &str| {
        std::fs::copy(root().join("npm").join(name), file(name))
            .map(drop)
            .map_err(|e| format!("npm/{name}: {e}"))
    };
    rename("cloudinary_delete_token.js", "glue.js")?;
    rename("cloudinary_delete_token.d.ts", "glue.d.ts")?;
    let entry = if widget { "widget" } else { "module" };
    let mut sources = vec!["module.js", "module.d.ts"];
    if widget {
        sources.extend(["widget.js", "widget.d.ts", "react.d.ts"]);
    }
    for name in sources {
        copy(name)?;
    }
    let glue = file("cloudinary_delete_token.js").display().to_string();
    // node_modules/.bin is first on the PATH `cmd` sets.
    let mut esbuild = cmd(
        "esbuild",
        &[
            &file(&format!("{entry}.js")).display().to_string(),
            "--bundle",
            "--format=esm",
            "--minify",
            "--log-level=warning",
        ],
    );
    esbuild.arg(format!("--outfile={glue}"));
    run(esbuild)?;
    for name in ["glue.js", "module.js", "widget.js"] {
        if file(name).exists() {
            std::fs::remove_file(file(name)).map_err(|e| format!("{name}: {e}"))?;
        }
    }
    rename(&format!("{entry}.d.ts"), "cloudinary_delete_token.d.ts")?;
    let snippets = file("snippets");
    if !snippets.exists() {
        return Ok(false);
    }
    std::fs::remove_dir_all(&snippets).map_err(|e| format!("{}: {e}", snippets.display()))?;
    Ok(true)
}

/// Minifies a CSS file in place with esbuild.
fn minify_css(file: &Path) -> Result<(), String> {
    let file = file.display().to_string();
    let mut esbuild = cmd(
        "esbuild",
        &[
            &file,
            "--minify",
            "--log-level=warning",
            "--allow-overwrite",
        ],
    );
    esbuild.arg(format!("--outfile={file}"));
    run(esbuild)
}

/// The npm README: the README's sections for JavaScript users ("What it is", "JavaScript
/// quickstart"), so there is one source and no second copy to keep in sync.
fn npm_readme() -> Result<String, String> {
    let readme =
        std::fs::read_to_string(root().join("README.md")).map_err(|e| format!("README.md: {e}"))?;
    let section = |title: &str| {
        let start = readme.find(&format!("\n## {title}\n"))? + 1;
        let rest = &readme[start..];
        let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
        Some(rest[..end].trim_end().to_owned())
    };
    let titles = [
        "What it is",
        "JavaScript quickstart",
        "FilePond",
        "Uppy",
        "Next.js and server rendering",
    ];
    let parts: Option<Vec<String>> = titles.into_iter().map(section).collect();
    let parts = parts.ok_or_else(|| format!("README.md lacks one of the sections {titles:?}"))?;
    Ok(format!(
        "# cloudinary-delete-token\n\n```sh\nnpm install cloudinary-delete-token\n```\n\n{}\n",
        parts.join("\n\n")
    ))
}

fn build_dist() -> Result<(), String> {
    run(shipping(cmd(
        "trunk",
        &["build", "--release", "--offline", "--skip-version-check"],
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npm_readme_has_the_quickstart_and_not_the_cargo_commands() {
        let readme = npm_readme().unwrap();
        assert!(readme.contains("npm install cloudinary-delete-token"));
        assert!(readme.contains("new DeleteTokenClient"));
        // The adapters' sections: the module's other entry points.
        assert!(readme.contains("cloudinary-delete-token/filepond"));
        assert!(readme.contains("cloudinary-delete-token/uppy"));
        assert!(!readme.contains("cargo xtask"));
    }
}
