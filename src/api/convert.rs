//! Values across the JS boundary, both ways, as the core's serde types. Glue: the shapes and
//! every check are the core's derives; this only moves values.
//!
//! Out: [`to_js`] is serde-wasm-bindgen's serializer (plain objects, arrays, numbers, strings).
//! In: [`from_js`] is [`Reader`], a serde deserializer over a `JsValue` written here rather than
//! serde-wasm-bindgen's, for three reasons measured or seen on this crate:
//! - a page's value may be hostile: serde-wasm-bindgen's property reads, `in` checks and error
//!   texts run a throwing getter or Proxy trap, whose exception would unwind through wasm frames
//!   and skip their cleanup. Here every read of a page's object runs in `boundary.js`, inside a
//!   try/catch, and anything thrown becomes a [`ReadError`];
//! - a strict read sees every own key, so `deny_unknown_fields` refuses (and names) an unknown
//!   option or stored field; serde-wasm-bindgen reads only the declared fields;
//! - its error texts print the offending value, which links float formatting into the wasm
//!   (dropping its deserializer, and reading `tags` without serde's buffering, took 13.8 KB off
//!   the gzip npm module); ours say what kind of value was found.
//!
//! Strings must be well-formed Unicode; numbers must be exact (safe integers where an integer is
//! wanted). An error names the field it was found in, as `` `entries.0.deadline`: … ``.

use js_sys::{Array, JsString};
use serde::{
    Deserialize, Serialize,
    de::{self, IntoDeserializer, Visitor},
};
use wasm_bindgen::prelude::*;

mod access;
mod error;

use self::access::{Fields, Items};
pub use self::error::ReadError;

#[wasm_bindgen(module = "/src/api/boundary.js")]
extern "C" {
    /// `null` when not an object.
    #[wasm_bindgen(catch, js_name = ownEntries)]
    fn own_entries(value: &JsValue) -> Result<JsValue, JsValue>;
    /// `null` when not an object, `undefined` when `strict` and it has another own key.
    #[wasm_bindgen(catch)]
    fn pick(value: &JsValue, keys: &Array, strict: bool) -> Result<JsValue, JsValue>;
    /// `null` when not an array.
    #[wasm_bindgen(catch)]
    fn items(value: &JsValue) -> Result<JsValue, JsValue>;
    /// The message of something thrown, whatever it is.
    #[wasm_bindgen(js_name = messageOf)]
    pub(super) fn message_of(thrown: &JsValue) -> String;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
}

/// What a helper returned: `Ok(None)` for `null` (not of the asked kind), the array otherwise.
fn array_or_null(read: Result<JsValue, JsValue>, what: &str) -> Result<Option<Array>, ReadError> {
    match read {
        Ok(v) if v.is_null() => Ok(None),
        Ok(v) => Ok(Some(v.unchecked_into())),
        Err(e) => Err(ReadError::thrown(what, &e)),
    }
}

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

/// A type's field names as a JS array, made once per type: each read then hands over one
/// reference rather than decoding every name again (string decoding dominated `record()`).
fn field_keys(fields: &'static [&'static str]) -> Array {
    thread_local! {
        static KEYS: std::cell::RefCell<Vec<(usize, Array)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let id = fields.as_ptr() as usize;
    KEYS.with_borrow_mut(|known| {
        if let Some((_, keys)) = known.iter().find(|(k, _)| *k == id) {
            return keys.clone();
        }
        let keys: Array = fields.iter().map(|f| JsValue::from_str(f)).collect();
        known.push((id, keys.clone()));
        keys
    })
}

/// Each own property of an object as `(key, the value if it is a string)`.
pub type StringFields = Vec<(String, Option<String>)>;

/// An options object read once: a plain copy of its own properties (page getters have run, in
/// the guarded read, and will not run again), and each one as `(key, the value if a string)` for
/// the secret check. The check and the later read then see the same values.
pub fn read_once(value: &JsValue) -> Result<(JsValue, StringFields), ReadError> {
    let pairs = array_or_null(own_entries(value), "the object")?
        .ok_or_else(|| Reader::invalid_value(value, "an object"))?;
    let strings = pairs
        .iter()
        .map(|pair| {
            let pair = Array::from(&pair);
            (
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string(),
            )
        })
        .collect();
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

/// A JS value being read; see the module docs.
struct Reader {
    value: JsValue,
    strict: bool,
}

impl Reader {
    /// "expected …, found …", from `typeof` alone (which never runs page code).
    fn invalid_value(value: &JsValue, expected: &str) -> ReadError {
        let found = if value.is_null() {
            "null".to_owned()
        } else {
            value.js_typeof().as_string().unwrap_or_default()
        };
        de::Error::custom(format_args!("expected {expected}, found {found}"))
    }

    fn invalid(&self, expected: &str) -> ReadError {
        Self::invalid_value(&self.value, expected)
    }

    /// A struct's fields, by one call that hands their values over in order (no key crosses
    /// the boundary: with `own_entries` for every object, `record()` took twice as long). An
    /// object with a key that is not a field, in a strict read, is read as a map instead, so
    /// the type's own derive refuses (and names) it.
    fn object<'de, V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        let values = match pick(&self.value, &field_keys(fields), self.strict) {
            Ok(v) if v.is_undefined() => return self.map(visitor),
            read => array_or_null(read, "the object")?.ok_or_else(|| self.invalid("an object"))?,
        };
        visitor.visit_map(Fields::new(values, fields, self.strict))
    }

    /// Every own key and its value.
    fn map<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let pairs = array_or_null(own_entries(&self.value), "the object")?
            .ok_or_else(|| self.invalid("an object"))?;
        visitor.visit_map(Fields::new(pairs, &[], self.strict))
    }

    fn array<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let items = array_or_null(items(&self.value), "the array")?
            .ok_or_else(|| self.invalid("an array"))?;
        visitor.visit_seq(Items::new(items, self.strict))
    }
}

/// Whole numbers: a JS number that is an integer within `min..=max` (safe integers only).
macro_rules! integers {
    ($($method:ident => $visit:ident: $t:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
            match self.value.as_f64() {
                Some(n) if n.fract() == 0.0
                    && n.abs() <= MAX_SAFE_INTEGER
                    && n >= <$t>::MIN as f64
                    && n <= <$t>::MAX as f64 => visitor.$visit(n as $t),
                _ => Err(self.invalid("a whole number in range")),
            }
        }
    )*};
}

/// `Number.MAX_SAFE_INTEGER`: beyond it a JS number is no longer exact.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

impl<'de> de::Deserializer<'de> for Reader {
    type Error = ReadError;

    integers!(
        deserialize_i8 => visit_i64: i64, deserialize_i16 => visit_i64: i64,
        deserialize_i32 => visit_i64: i64, deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u64: u64, deserialize_u16 => visit_u64: u64,
        deserialize_u32 => visit_u64: u64, deserialize_u64 => visit_u64: u64
    );

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value.as_f64() {
            Some(n) => visitor.visit_f64(n),
            None => Err(self.invalid("a number")),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_f64(visitor)
    }

    /// For `untagged` types: what the value is, by `typeof` and `Array.isArray` only.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.value.is_null() || self.value.is_undefined() {
            visitor.visit_unit()
        } else if let Some(b) = self.value.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(s) = self.value.as_string() {
            visitor.visit_string(s)
        } else if self.value.as_f64().is_some() {
            self.deserialize_f64(visitor)
        } else if let Some(items) = array_or_null(items(&self.value), "the array")? {
            visitor.visit_seq(Items::new(items, self.strict))
        } else {
            self.object(&[], visitor)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.value.as_bool() {
            Some(b) => visitor.visit_bool(b),
            None => Err(self.invalid("true or false")),
        }
    }

    /// A lone surrogate (`"\ud800"`, which `JSON.parse` accepts) is refused: it is no Unicode
    /// text, and converting it would silently turn it into U+FFFD.
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        let Some(text) = self.value.dyn_ref::<JsString>() else {
            return Err(self.invalid("a string"));
        };
        if !text.is_well_formed() {
            return Err(de::Error::custom(
                "a string holds a lone surrogate (not Unicode text)",
            ));
        }
        visitor.visit_string(String::from(text))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, ReadError> {
        Err(self.invalid("bytes"))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, ReadError> {
        Err(self.invalid("bytes"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.value.is_null() || self.value.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.value.is_null() || self.value.is_undefined() {
            visitor.visit_unit()
        } else {
            Err(self.invalid("null"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.array(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.array(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.array(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.map(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.object(fields, visitor)
    }

    /// Unit variants, by name (`"session"`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        match self.value.as_string() {
            Some(name) => visitor.visit_enum(name.into_deserializer()),
            None => Err(self.invalid("a string")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        // Not even looked at: an ignored value may be anything, a hostile one included.
        visitor.visit_unit()
    }
}
