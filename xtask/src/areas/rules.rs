//! Which area of the code a function belongs to, by its name: this crate's modules, serde's
//! impls of this crate's types, and the runtime and dependencies it pulls in. The linker writes
//! names demangled, with each crate's hash (`core[6a69a5c15ad3308a]::fmt::write`); names it
//! left mangled are demangled here.

/// This crate, as paths name it.
const CRATE: &str = "cloudinary_delete_token";

/// Crates that only yew brings in (the lean module has none of them).
const YEW: &[&str] = &[
    "yew",
    "implicit_clone",
    "indexmap",
    "equivalent",
    "bincode",
    "console_error_panic_hook",
    "fnv",
    "getrandom",
    "memchr",
    "once_cell",
    "pin_project",
    "pinned",
    "prokio",
    "ryu",
    "zmij",
    "serde_json",
    "serde_urlencoded",
    "tokise",
    "tracing",
    "tracing_core",
];

/// wasm-bindgen's runtime and the async one under its futures (`js_sys::futures` is the
/// executor).
const FUTURES: &[&str] = &[
    "wasm_bindgen",
    "wasm_bindgen_futures",
    "futures",
    "futures_core",
    "futures_util",
    "futures_channel",
    "futures_task",
    "futures_sink",
    "futures_io",
    "pin_utils",
    "pin_project_lite",
    "slab",
];

/// Types that paths name without a crate; their code is core's.
const PRIMITIVES: &[&str] = &[
    "str", "char", "bool", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
    "i128", "isize", "f32", "f64",
];

/// The area of the function named `name`. `modules` are this crate's module paths (`api`,
/// `api::client`, `session::deletes`, ...), from its source files.
pub fn area(name: &str, modules: &[String]) -> String {
    let demangled = match rustc_demangle::try_demangle(name) {
        Ok(d) => format!("{d:#}"),
        Err(_) => name.to_owned(),
    };
    let name = without_hashes(&demangled);
    // wasm-opt's merged functions are named after the first of those they replace.
    if let Some(first) = name.strip_prefix("byn$mgfn-shared$") {
        return area(first, modules);
    }
    let (path, rest) = leading_path(&name);
    if !path.contains("::") && !PRIMITIVES.contains(&path) {
        return unqualified(&name).into();
    }
    let trait_path = without_generics(rest)
        .trim_start_matches([']', ')'])
        .strip_prefix(" as ")
        .map(|r| leading_path(r).0);
    // Drop glue is named after the type it drops: it is that type's code.
    if matches!(path, "core::ptr::drop_glue" | "core::ptr::drop_in_place")
        && let Some(dropped) = rest.strip_prefix("::<")
    {
        return area(dropped, modules);
    }
    let krate_of = |path: &str| path.split("::").next().unwrap_or_default().to_owned();
    let (mut path, mut krate) = (path, krate_of(path));
    if krate == CRATE {
        let serde = |t: &str, name: &str| {
            matches!(krate_of(t).as_str(), "serde" | "serde_core") && t.ends_with(name)
        };
        return match trait_path {
            Some(t) if serde(t, "::Deserialize") => "serde Deserialize of own types".into(),
            Some(t) if serde(t, "::Serialize") => "serde Serialize of own types".into(),
            _ => module(&path[CRATE.len()..], modules),
        };
    }
    // A std type's impl of another crate's trait is that crate's code (serde's impls for
    // `String`, wasm-bindgen's for `Vec<u8>`).
    let std = |k: &str| matches!(k, "core" | "alloc" | "std") || PRIMITIVES.contains(&k);
    if let Some(t) = trait_path.filter(|t| std(&krate) && !std(&krate_of(t))) {
        (path, krate) = (t, krate_of(t));
    }
    let within = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}::"));
    let krate = krate.as_str();
    match krate {
        _ if within("core::fmt") || within("alloc::fmt") => "Rust runtime: core::fmt",
        "alloc" | "std" => "Rust runtime: alloc/std",
        _ if std(krate) || krate == "compiler_builtins" => "Rust runtime: core",
        // `__rustc::__rust_alloc` and the like: the global allocator's entry points.
        "talc" | "lock_api" | "__rustc" => "Rust runtime: allocator (talc)",
        "hashbrown" | "rustc_hash" => "Rust runtime: hashbrown (+ rustc-hash)",
        "serde" | "serde_core" => "serde (traits, std types)",
        "serde_wasm_bindgen" => "serde-wasm-bindgen",
        _ if within("js_sys::futures") || FUTURES.contains(&krate) => {
            "wasm-bindgen runtime + futures"
        }
        "js_sys" | "web_sys" => "js-sys/web-sys",
        _ if krate.starts_with("gloo") => "gloo",
        _ if YEW.contains(&krate) => "yew and its deps",
        _ => return format!("crate {krate}"),
    }
    .into()
}

/// The area of a name without a path: C symbols of the runtime, and what wasm-bindgen made.
fn unqualified(name: &str) -> &'static str {
    // wasm-bindgen names an adapter after what it adapts, then ` externref shim` and the like.
    let head = name.split(' ').next().unwrap_or_default();
    let ident = head.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    match head {
        "memcpy" | "memmove" | "memset" | "memcmp" | "bcmp" => "Rust runtime: core",
        _ if head.starts_with("__rust_") || head.starts_with("__rdl_") => {
            "Rust runtime: allocator (talc)"
        }
        // `__wbg_<class>_free` and `<class>_<method>`: this crate's exports.
        _ if head.starts_with("__wbg_") && head.ends_with("_free") => {
            "api::js exports (methods inlined in shims)"
        }
        _ if ident && !head.starts_with("__") => "api::js exports (methods inlined in shims)",
        _ => "wasm-bindgen runtime + futures",
    }
}

/// `name` without the crates' hashes: `core[6a69a5c15ad3308a]::fmt` is `core::fmt`. A hash
/// follows a crate's name; a slice (`&[f64]`) follows punctuation.
fn without_hashes(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find('[') {
        let tail = &rest[at + 1..];
        let hex = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
        let after_name = rest[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        match tail.as_bytes().get(hex) {
            Some(b']') if hex > 0 && after_name => rest = &tail[hex + 1..],
            _ => {
                out.push('[');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The path a name starts with (the type of `<Type as Trait>::f` or `<Type>::f`, else the
/// function's own path), and what follows it.
fn leading_path(name: &str) -> (&str, &str) {
    let mut start = name;
    loop {
        let trimmed = start.trim_start_matches(['<', '&', '(', '[', '*', ' ']);
        let trimmed = ["mut ", "const ", "dyn "]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p))
            .unwrap_or(trimmed);
        if trimmed.len() == start.len() {
            break;
        }
        start = trimmed;
    }
    let end = start
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(start.len());
    let path = start[..end].trim_end_matches(':');
    (path, &start[path.len()..])
}

/// `rest` past the generic arguments it starts with, if any (`<T, fn(A) -> B>`).
fn without_generics(rest: &str) -> &str {
    if !rest.starts_with('<') {
        return rest;
    }
    let (mut depth, mut previous) = (0, ' ');
    for (at, c) in rest.char_indices() {
        match c {
            '<' => depth += 1,
            '>' if previous != '-' => {
                depth -= 1;
                if depth == 0 {
                    return &rest[at + 1..];
                }
            }
            _ => {}
        }
        previous = c;
    }
    ""
}

/// The area of a path inside this crate (`::session::deletes::f`): the layers (`api`, `ui`)
/// by their modules, the core by its top modules, as the source files declare them.
fn module(path: &str, modules: &[String]) -> String {
    let segments: Vec<&str> = path.trim_start_matches("::").split("::").collect();
    let mut found = "crate root".to_owned();
    for depth in 1..=segments.len() {
        let prefix = segments[..depth].join("::");
        if !modules.contains(&prefix) {
            break;
        }
        if depth == 1 || (depth == 2 && matches!(segments[0], "api" | "ui")) {
            found = prefix;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_goes_to_the_area_that_pays_for_it() {
        let modules = [
            "api",
            "api::js",
            "api::convert",
            "api::convert::reader",
            "session",
            "session::deletes",
            "store",
            "ui",
            "ui::widget",
        ]
        .map(String::from);
        let own = "cloudinary_delete_token[b460d1e56a09387c]";
        let cases = [
            (format!("<{own}::session::Session>::merge"), "session"),
            (
                format!("<{own}::session::deletes::Flight>::join"),
                "session",
            ),
            (format!("{own}::api::convert::reader::read"), "api::convert"),
            (
                format!("<{own}::api::js::DeleteTokenClient>::on::{{closure#1}}"),
                "api::js",
            ),
            (format!("{own}::api::now"), "api"),
            (
                format!(
                    "<<{own}::store::Stored as serde_core[0123456789abcdef]::de::Deserialize>::\
                     deserialize::__Visitor as serde_core::de::Visitor>::visit_map::<x>"
                ),
                "serde Deserialize of own types",
            ),
            // This crate's own Deserializer is its module's code, not a derive.
            (
                format!(
                    "<{own}::api::convert::reader::Reader as serde_core::de::Deserializer>::\
                     deserialize_u64::<u64>"
                ),
                "api::convert",
            ),
            (
                format!(
                    "core[6a69a5c15ad3308a]::ptr::drop_glue::<<{own}::ui::widget::Widget>::run::{{closure#1}}>"
                ),
                "ui::widget",
            ),
            (
                "core::ptr::drop_glue::<alloc[35f844e31e6c53f5]::string::String>".into(),
                "Rust runtime: alloc/std",
            ),
            (
                format!("<alloc[35f844e31e6c53f5]::vec::Vec<{own}::token::PublicId>>::push"),
                "Rust runtime: alloc/std",
            ),
            (
                "<alloc::string::String as serde_core::de::Deserialize>::deserialize".into(),
                "serde (traits, std types)",
            ),
            (
                "<core[6a69a5c15ad3308a]::fmt::Formatter>::write_fmt".into(),
                "Rust runtime: core::fmt",
            ),
            (
                "<str as core[6a69a5c15ad3308a]::cmp::PartialEq>::eq".into(),
                "Rust runtime: core",
            ),
            (
                "<&serde_wasm_bindgen[45ae195e59bc43d5]::ser::Serializer as \
                 serde_core::ser::Serializer>::serialize_str"
                    .into(),
                "serde-wasm-bindgen",
            ),
            (
                "<js_sys[a9e6849a1dfce949]::futures::queue::Queue>::schedule_task".into(),
                "wasm-bindgen runtime + futures",
            ),
            (
                "wasm_bindgen::convert::closures::_::invoke::<wasm_bindgen::JsValue, (), true> \
                 externref shim"
                    .into(),
                "wasm-bindgen runtime + futures",
            ),
            (
                "<js_sys[a9e6849a1dfce949]::Array>::length".into(),
                "js-sys/web-sys",
            ),
            // A slice is no hash.
            (
                "<[f64] as core::fmt::Debug>::fmt".into(),
                "Rust runtime: core",
            ),
            (
                "<[u8] as wasm_bindgen[d90497811fc81bf1]::convert::IntoWasmAbi>::into_abi".into(),
                "wasm-bindgen runtime + futures",
            ),
            (
                "<hashbrown[fb6323e6d122b016]::raw::RawTableInner>::rehash_in_place".into(),
                "Rust runtime: hashbrown (+ rustc-hash)",
            ),
            ("<yew::html::Html>::clone".into(), "yew and its deps"),
            // A std type's impl of yew's trait is yew's code, past the generic arguments.
            (
                "<alloc::rcs::rc::Rc<yew::VTag> as yew::utils::RcExt<yew::VTag>>::unwrap_or_clone"
                    .into(),
                "yew and its deps",
            ),
            (
                format!(
                    "<{own}::Wrapper<js_sys::Function<fn(u32) -> u32>> as \
                     serde::Serialize>::serialize"
                ),
                "serde Serialize of own types",
            ),
            (
                "__rustc[24b41f7b1eaff5c4]::__rust_realloc".into(),
                "Rust runtime: allocator (talc)",
            ),
            ("<gloo_net::http::Request>::send".into(), "gloo"),
            (
                "<form_urlencoded::Serializer>::finish".into(),
                "crate form_urlencoded",
            ),
            (
                "deletetokenclient_upload externref shim".into(),
                "api::js exports (methods inlined in shims)",
            ),
            (
                "__wbg_deletetokenclient_free".into(),
                "api::js exports (methods inlined in shims)",
            ),
            (
                "Ref(String) -> Externref externref shim".into(),
                "wasm-bindgen runtime + futures",
            ),
            ("__wbindgen_malloc".into(), "wasm-bindgen runtime + futures"),
            ("__rust_alloc".into(), "Rust runtime: allocator (talc)"),
            ("memcpy".into(), "Rust runtime: core"),
            (format!("byn$mgfn-shared${own}::store::read"), "store"),
            // Left mangled by the linker: demangled here.
            (
                "_ZN4core3fmt5write17h0123456789abcdefE".into(),
                "Rust runtime: core::fmt",
            ),
            (
                "_ZN23cloudinary_delete_token5store4read17h0123456789abcdefE".into(),
                "store",
            ),
        ];
        for (name, want) in cases {
            assert_eq!(area(&name, &modules), want, "{name}");
        }
    }
}
