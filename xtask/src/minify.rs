//! Short names between a package's wasm and its JS glue. wasm-bindgen names every import
//! `__wbg_<name>_<16 hex>` and some exports after whole closure types; both sides carry each
//! name, and hashes do not compress: about 4.6 KB gzip of the npm module and 6.5 KB of the
//! widget build. Binaryen's own pass renames them in the wasm and prints the mapping; nothing
//! rewrites the glue to match, so this does, strictly: every name must be found where
//! wasm-bindgen writes it, or the build fails rather than ship a glue that cannot link. The
//! `memory` export keeps its name, for pages that read it from what `init()` resolves to.

use std::{collections::HashMap, path::Path};

use serde::Deserialize;

use crate::tools::cmd;

/// The features rustc's wasm32 output uses (its `target_features` section, which the shipped
/// `wasm-opt` run strips, so they are named here; no others, so nothing newer is emitted).
const FEATURES: &[&str] = &[
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-call-indirect-overlong",
];

/// The module of wasm-bindgen's adapters; the others are JS snippets imported whole.
const GLUE_MODULE: &str = "./cloudinary_delete_token_bg.js";
/// The start of the adapters' object, where the snippets' functions join it.
const ADAPTERS: &str = "    const import0 = {\n        __proto__: null,\n";

/// What `--minify-imports-and-exports-and-modules` prints.
#[derive(Deserialize)]
struct Mapping {
    /// `[module, old name, new name]`.
    imports: Vec<(String, String, String)>,
    /// `[old name, new name]`.
    exports: Vec<(String, String)>,
}

/// Minifies the names of the package in `dir` (after wasm-bindgen, before esbuild).
pub fn minify_names(dir: &Path) -> Result<(), String> {
    let wasm = dir.join("cloudinary_delete_token_bg.wasm");
    let minified = dir.join("minified.wasm");
    let stdout = minify_wasm(&wasm, &minified, &[])?;
    // The JSON object is what it prints; warnings, if any, go before it.
    let json = &stdout[stdout.find('{').ok_or("wasm-opt printed no mapping")?..];
    let mut mapping: Mapping =
        serde_json::from_str(json).map_err(|e| format!("wasm-opt's mapping: {e}"))?;
    // Kept by its own name (`minify_wasm` put it back).
    for (old, new) in &mut mapping.exports {
        if old == KEPT {
            *new = KEPT.to_owned();
        }
    }
    let edit = |name: &str, f: &dyn Fn(String) -> Result<String, String>| {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        std::fs::write(&path, f(text)?).map_err(|e| format!("{name}: {e}"))
    };
    edit("cloudinary_delete_token.js", &|js| glue(js, &mapping))?;
    let exports: HashMap<&str, &str> = (mapping.exports.iter())
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();
    // `InitOutput` (what `init()` resolves to) lists the exports: it names the new ones.
    edit("cloudinary_delete_token.d.ts", &|dts| {
        Ok(rename_after(&dts, "readonly ", &exports).0)
    })?;
    let types = dir.join("cloudinary_delete_token_bg.wasm.d.ts");
    if types.exists() {
        edit("cloudinary_delete_token_bg.wasm.d.ts", &|dts| {
            Ok(rename_after(&dts, "export const ", &exports).0)
        })?;
    }
    // Only now, with the glue to match.
    std::fs::rename(&minified, &wasm).map_err(|e| format!("{}: {e}", wasm.display()))
}

/// Writes `from` with short import and export names to `to`, with `extra` flags for wasm-opt
/// (`-g` keeps the name section); returns what wasm-opt printed: the mapping.
pub(crate) fn minify_wasm(from: &Path, to: &Path, extra: &[&str]) -> Result<String, String> {
    let (Some(from), Some(to)) = (from.to_str(), to.to_str()) else {
        return Err("a package path that is not UTF-8".into());
    };
    let mut args = vec![from, "-o", to, "--minify-imports-and-exports-and-modules"];
    args.extend_from_slice(FEATURES);
    args.extend_from_slice(extra);
    let out = cmd("wasm-opt", &args)
        .output()
        .map_err(|e| format!("wasm-opt: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "wasm-opt --minify-imports-and-exports-and-modules: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let wasm = std::fs::read(to).map_err(|e| format!("{to}: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let short = exports_of(&stdout)?
        .remove(KEPT)
        .ok_or("no memory export to keep")?;
    let wasm = rename_export(&wasm, &short, KEPT)?;
    std::fs::write(to, wasm).map_err(|e| format!("{to}: {e}"))?;
    Ok(stdout)
}

/// The export that keeps its name: `init()` resolves to the exports (`InitOutput`), and a page
/// may read `memory` there (the bench does, for bytes per entry); the others are wasm-bindgen's
/// own, which only the glue calls.
const KEPT: &str = "memory";

/// Old name → new name of every export, from what wasm-opt printed.
fn exports_of(stdout: &str) -> Result<HashMap<String, String>, String> {
    let json = &stdout[stdout.find('{').ok_or("wasm-opt printed no mapping")?..];
    let mapping: Mapping =
        serde_json::from_str(json).map_err(|e| format!("wasm-opt's mapping: {e}"))?;
    Ok(mapping.exports.into_iter().collect())
}

/// `wasm` with its export `from` named `to`. Written here since binaryen's pass renames every
/// export or none: the export section is read with wasmparser and encoded again (names are
/// length-prefixed, so the section's size changes with them).
fn rename_export(wasm: &[u8], from: &str, to: &str) -> Result<Vec<u8>, String> {
    use wasmparser::{ExternalKind, Parser, Payload};
    for payload in Parser::new(0).parse_all(wasm) {
        let Payload::ExportSection(reader) = payload.map_err(|e| e.to_string())? else {
            continue;
        };
        let body = reader.range();
        let mut section = Vec::new();
        leb(&mut section, reader.count());
        for export in reader {
            let export = export.map_err(|e| e.to_string())?;
            let name = if export.name == from { to } else { export.name };
            leb(&mut section, name.len() as u32);
            section.extend_from_slice(name.as_bytes());
            section.push(match export.kind {
                ExternalKind::Func => 0,
                ExternalKind::Table => 1,
                ExternalKind::Memory => 2,
                ExternalKind::Global => 3,
                ExternalKind::Tag => 4,
                ExternalKind::FuncExact => {
                    return Err("an export kind this build never makes".into());
                }
            });
            leb(&mut section, export.index);
        }
        // The section's id and size come right before its body: find where they start.
        let (start, end) = (body.start as usize, body.end as usize);
        let head = (1..=5)
            .map(|n| start - n - 1)
            .find(|&at| {
                wasm[at] == 7 && {
                    let mut size = Vec::new();
                    leb(&mut size, (end - start) as u32);
                    wasm[at + 1..start] == size[..]
                }
            })
            .ok_or("the export section's header is not where its body says")?;
        let mut out = wasm[..head].to_vec();
        out.push(7);
        leb(&mut out, section.len() as u32);
        out.extend_from_slice(&section);
        out.extend_from_slice(&wasm[end..]);
        return Ok(out);
    }
    Err("no export section".into())
}

/// Appends `n` as an unsigned LEB128.
fn leb(out: &mut Vec<u8>, mut n: u32) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        match n {
            0 => return out.push(byte),
            _ => out.push(byte | 0x80),
        }
    }
}

/// The glue with the new names. Binaryen puts every import in one module, `a`: the adapters'
/// object takes that name (each key renamed, found exactly once), and the functions wasm-bindgen
/// imports straight from a snippet join it under their new names. Then every `wasm.<export>`.
fn glue(mut js: String, mapping: &Mapping) -> Result<String, String> {
    let mut joined = String::new();
    let mut modules: Vec<&str> = Vec::new();
    for (module, old, new) in &mapping.imports {
        if !modules.contains(&module.as_str()) {
            modules.push(module);
        }
        if module != GLUE_MODULE {
            let var = module_var(&js, module)?;
            joined.push_str(&format!("        {new}: {var}.{old},\n"));
            continue;
        }
        let key = format!("        {old}: function");
        match js.matches(&key).count() {
            1 => js = js.replacen(&key, &format!("        {new}: function"), 1),
            n => return Err(format!("import {old} found {n} times in the glue")),
        }
    }
    for module in modules {
        let line = format!("        {module:?}: {},\n", module_var(&js, module)?);
        let single = match module {
            GLUE_MODULE => "        a: import0,\n",
            _ => "",
        };
        js = js.replacen(&line, single, 1);
    }
    if js.matches(ADAPTERS).count() != 1 {
        return Err("the glue's adapters are not where wasm-bindgen writes them".into());
    }
    js = js.replacen(ADAPTERS, &format!("{ADAPTERS}{joined}"), 1);
    let exports: HashMap<&str, &str> = (mapping.exports.iter())
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();
    match rename_after(&js, "wasm.", &exports) {
        (js, None) => Ok(js),
        (_, Some(unknown)) => Err(format!("the glue uses wasm.{unknown}, which is no export")),
    }
}

/// The variable that holds `module` in the glue's imports object (`"<module>": importN,`).
fn module_var(js: &str, module: &str) -> Result<String, String> {
    let key = format!("        {module:?}: ");
    let at = js
        .find(&key)
        .ok_or_else(|| format!("no imports of {module} in the glue"))?;
    let rest = &js[at + key.len()..];
    let var = &rest[..rest.find(',').unwrap_or(0)];
    match var.starts_with("import") && var[6..].bytes().all(|b| b.is_ascii_digit()) {
        true => Ok(var.to_owned()),
        false => Err(format!("{module} is held by {var:?} in the glue")),
    }
}

/// `text` with every identifier right after `prefix` renamed by `names`; also the first such
/// identifier that `names` lacks.
fn rename_after(text: &str, prefix: &str, names: &HashMap<&str, &str>) -> (String, Option<String>) {
    let mut out = String::with_capacity(text.len());
    let mut unknown = None;
    let mut rest = text;
    while let Some(at) = rest.find(prefix) {
        let (head, tail) = rest.split_at(at + prefix.len());
        out.push_str(head);
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(tail.len());
        let ident = &tail[..end];
        match names.get(ident) {
            Some(new) => out.push_str(new),
            None => {
                unknown.get_or_insert_with(|| ident.to_owned());
                out.push_str(ident);
            }
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    (out, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_is_renamed_in_a_module_that_still_parses() {
        // A module exporting its memory as "tb" and a function as "a": header, type section
        // (one `() -> ()`), function section, memory section, export section, code section.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1]);
        wasm.extend_from_slice(&[7, 10, 2, 2, b't', b'b', 2, 0, 1, b'a', 0, 0]);
        wasm.extend_from_slice(&[10, 4, 1, 2, 0, 0x0b]);
        let out = rename_export(&wasm, "tb", "memory").unwrap();
        let mut names = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(&out) {
            if let wasmparser::Payload::ExportSection(reader) = payload.unwrap() {
                names.extend(reader.into_iter().map(|e| e.unwrap().name.to_owned()));
            }
        }
        assert_eq!(names, ["memory", "a"]);
        assert!(rename_export(&wasm[..8], "tb", "memory").is_err());
    }

    #[test]
    fn every_name_is_renamed_where_wasm_bindgen_writes_it() {
        let mapping = Mapping {
            imports: vec![
                (
                    GLUE_MODULE.into(),
                    "__wbg_get_0123456789abcdef".into(),
                    "a".into(),
                ),
                ("./snippets/x/ui.js".into(), "formatTime".into(), "b".into()),
            ],
            exports: vec![
                ("memory".into(), "b".into()),
                ("client_new".into(), "c".into()),
            ],
        };
        let js = "    const import0 = {\n        __proto__: null,\n        __wbg_get_0123456789abcdef: function(x) {},\n    };\n\
                  return {\n        \"./cloudinary_delete_token_bg.js\": import0,\n        \"./snippets/x/ui.js\": import1,\n    };\n\
                  wasm.client_new(wasm.memory.buffer); new WebAssembly.Memory();";
        let out = glue(js.into(), &mapping).unwrap();
        assert_eq!(
            out,
            "    const import0 = {\n        __proto__: null,\n        b: import1.formatTime,\n        a: function(x) {},\n    };\n\
             return {\n        a: import0,\n    };\n\
             wasm.c(wasm.b.buffer); new WebAssembly.Memory();"
        );
        // An export the glue uses that the wasm lacks fails the build.
        let broken = js.replace("wasm.memory", "wasm.other");
        assert!(glue(broken, &mapping).is_err());
        // So does an import the glue does not carry.
        assert!(glue(js.replace("__wbg_get", "__wbg_got"), &mapping).is_err());
    }
}
