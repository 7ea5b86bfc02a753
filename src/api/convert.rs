//! Values across the JS boundary, both ways, as the core's serde types. Glue: the shapes and
//! every check are the core's derives; this only moves values.
//!
//! Out: [`to_js`] is serde-wasm-bindgen's serializer (plain objects, arrays, numbers, strings).
//! In: [`from_js`] is [`Reader`], a serde deserializer over a `JsValue` written here rather than
//! serde-wasm-bindgen's, for three reasons measured or seen on this crate:
//! - a page's value may be hostile: serde-wasm-bindgen's property reads, `in` checks and error
//!   texts run a throwing getter or Proxy trap, whose exception would unwind through wasm frames
//!   and skip their cleanup. Here every read of a page's object runs in `glue.js`, inside a
//!   try/catch, and anything thrown becomes a [`ReadError`];
//! - a strict read sees every own key, so `deny_unknown_fields` refuses (and names) an unknown
//!   option or stored field; serde-wasm-bindgen reads only the declared fields;
//! - its error texts print the offending value, which links float formatting into the wasm
//!   (dropping its deserializer, and reading `tags` without serde's buffering, took 13.8 KB off
//!   the gzip npm module); ours say what kind of value was found.
//!
//! Strings must be well-formed Unicode; numbers must be exact (safe integers where an integer is
//! wanted). An error names the field it was found in, as `` `entries.0.deadline`: … ``.

use js_sys::Array;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

mod boundary;
mod error;
mod reader;

pub use self::boundary::message_of;
pub use self::error::ReadError;
use self::{
    boundary::{json_parse, own_entries},
    reader::{Reader, array_or_null},
};

/// Reads `value` as a `T`. `strict`: every own key of every object must be a field of its type
/// (for types that deny unknown fields); otherwise only the declared fields are read.
pub fn from_js<T: for<'de> Deserialize<'de>>(value: JsValue, strict: bool) -> Result<T, ReadError> {
    T::deserialize(Reader { value, strict })
}

/// Parses JSON text (a JS string) with the browser's `JSON.parse`, then reads it like
/// [`from_js`]. The text stays in JS: a stored snapshot of thousands of entries is megabytes,
/// which copying into wasm and back would cost more than reading.
pub fn from_json<T: for<'de> Deserialize<'de>>(
    text: &JsValue,
    strict: bool,
) -> Result<T, ReadError> {
    let value = json_parse(text).map_err(|e| ReadError::thrown("the JSON", &e))?;
    from_js(value, strict)
}

/// Each own property of an object as `(key, the value if it is a string)`.
pub type StringFields = Vec<(String, Option<String>)>;

/// An options object read once: a plain copy of its own properties (page getters have run, in
/// the guarded read, and will not run again), and each one as `(key, the value if a string)` for
/// the secret check. The check and the later read then see the same values.
pub fn read_once(value: &JsValue) -> Result<(JsValue, StringFields), ReadError> {
    let pairs = array_or_null(own_entries(value), "the object")?
        .ok_or_else(|| Reader::invalid_value(value, "an object"))?;
    // A loop that pushes: `collect` over an `Array`'s iterator would bring its own
    // first-element-then-extend code.
    let mut strings = Vec::new();
    for pair in pairs.iter() {
        let pair = Array::from(&pair);
        strings.push((
            pair.get(0).as_string().unwrap_or_default(),
            pair.get(1).as_string(),
        ));
    }
    let copy =
        js_sys::Object::from_entries(&pairs).map_err(|e| ReadError::thrown("the object", &e))?;
    Ok((copy.into(), strings))
}

/// `value` as a plain JS value (objects, arrays, numbers, strings).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    // Serializing our own view types cannot fail: no maps, no integers beyond 2^53.
    value
        .serialize(&serde_wasm_bindgen::Serializer::new())
        .unwrap_or(JsValue::UNDEFINED)
}
