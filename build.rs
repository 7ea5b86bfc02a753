//! Build script: the widget's stylesheet as `<cloudinary-undo>` carries it in the wasm
//! (`$OUT_DIR/widget.css`, see `src/ui/element.rs`), without its comments and indentation, which
//! every page would otherwise load (about 450 B gzip of a 4 KB sheet). No crate is needed for it:
//! `widget.css` holds no string or `url()` with `/*` or significant runs of whitespace, so
//! dropping comments and collapsing whitespace keeps every rule as written.

use std::{env, fs, path::Path};

fn main() {
    let source = "src/ui/widget.css";
    println!("cargo::rerun-if-changed={source}");
    let css = fs::read_to_string(source).expect("src/ui/widget.css is readable");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget.css");
    fs::write(out, compact(&css)).expect("OUT_DIR is writable");
}

/// `css` without `/* … */` comments, each run of whitespace one space.
fn compact(css: &str) -> String {
    let mut kept = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        kept.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .split_once("*/")
            .map_or("", |(_, after)| after);
    }
    kept.push_str(rest);
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}
