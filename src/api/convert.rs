//! Values across the JS boundary, both ways, with serde-wasm-bindgen. Glue: the shapes and every
//! check are the core's serde types; this only moves values.
//!
//! Out: [`to_js`] is serde-wasm-bindgen's serializer. In: [`from_js`] wraps its deserializer in
//! [`Reader`], for two things it does not do itself. Objects are read through `boundary.js`, so
//! a page's throwing getter or Proxy is an error, not an exception through wasm. And a strict
//! read sees every own key, so `deny_unknown_fields` refuses (and names) an unknown option or
//! stored field, where serde-wasm-bindgen looks only at the declared fields. Scalars, strings,
//! enums and `untagged` values are serde-wasm-bindgen's. An error names the field it was found
//! in, as `` `entries.0.deadline`: invalid type: … ``.

use std::fmt;

use js_sys::Array;
use serde::{
    Deserialize, Serialize,
    de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor},
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/api/boundary.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = ownEntries)]
    fn own_entries(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch)]
    fn pick(value: &JsValue, keys: Vec<JsValue>) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch)]
    fn items(value: &JsValue) -> Result<Array, JsValue>;
}

/// Why a value could not be read: where, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    path: String,
    message: String,
}

impl ReadError {
    /// The same error, found inside field `key`.
    fn at(mut self, key: &str) -> Self {
        let key: String = key.chars().take(64).collect();
        self.path = if self.path.is_empty() {
            key
        } else {
            format!("{key}.{}", self.path)
        };
        self
    }

    fn thrown(what: &str, e: JsValue) -> Self {
        let why = js_sys::Error::from(e).message();
        de::Error::custom(format_args!("{what} could not be read ({why})"))
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.as_str() {
            "" => f.write_str(&self.message),
            path => write!(f, "`{path}`: {}", self.message),
        }
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self {
            path: String::new(),
            message: msg.to_string(),
        }
    }
}

impl From<serde_wasm_bindgen::Error> for ReadError {
    fn from(e: serde_wasm_bindgen::Error) -> Self {
        de::Error::custom(js_sys::Error::from(JsValue::from(e)).message())
    }
}

/// Reads `value` as a `T`. `strict`: every own key of every object must be a field of its type
/// (for types that deny unknown fields); otherwise only the declared fields are read.
pub fn from_js<T: for<'de> Deserialize<'de>>(value: JsValue, strict: bool) -> Result<T, ReadError> {
    T::deserialize(Reader { value, strict })
}

/// Parses JSON text with the browser's `JSON.parse`, then reads it like [`from_js`].
pub fn from_json<T: for<'de> Deserialize<'de>>(text: &str, strict: bool) -> Result<T, ReadError> {
    let value = js_sys::JSON::parse(text).map_err(|e| ReadError::thrown("the JSON", e))?;
    from_js(value, strict)
}

/// The own properties of an object as `(key, the value if it is a string)`: what the secret check
/// looks at before anything else is read.
pub fn string_fields(value: &JsValue) -> Result<Vec<(String, Option<String>)>, ReadError> {
    if !value.is_object() || Array::is_array(value) {
        return Err(de::Error::custom("expected an object"));
    }
    let pairs = own_entries(value).map_err(|e| ReadError::thrown("the object", e))?;
    Ok(pairs
        .iter()
        .map(|pair| {
            let pair = Array::from(&pair);
            (
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string(),
            )
        })
        .collect())
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
    fn inner(self) -> serde_wasm_bindgen::Deserializer {
        serde_wasm_bindgen::Deserializer::from(self.value)
    }

    fn invalid(&self, expected: &str) -> ReadError {
        let found = if self.value.is_null() {
            "null".to_owned()
        } else {
            self.value.js_typeof().as_string().unwrap_or_default()
        };
        de::Error::custom(format_args!("expected {expected}, found {found}"))
    }
}

/// The rest of the deserializer: serde-wasm-bindgen's own, errors converted.
macro_rules! delegate {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
            Ok(self.inner().$method(visitor)?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Reader {
    type Error = ReadError;

    delegate!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit,
        deserialize_identifier
    );

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.value.is_null() || self.value.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
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
        if !Array::is_array(&self.value) {
            return Err(self.invalid("an array"));
        }
        let items = items(&self.value).map_err(|e| ReadError::thrown("the array", e))?;
        visitor.visit_seq(Items {
            items,
            next: 0,
            strict: self.strict,
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.deserialize_struct("", &[], visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        if !self.value.is_object() || Array::is_array(&self.value) {
            return Err(self.invalid("an object"));
        }
        let pairs = if self.strict || fields.is_empty() {
            own_entries(&self.value)
        } else {
            pick(
                &self.value,
                fields.iter().map(|f| JsValue::from_str(f)).collect(),
            )
        }
        .map_err(|e| ReadError::thrown("the object", e))?;
        visitor.visit_map(Fields {
            pairs,
            next: 0,
            key: String::new(),
            strict: self.strict,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        Ok(self.inner().deserialize_enum(name, variants, visitor)?)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        // Not even looked at: an ignored value may be anything, a hostile one included.
        visitor.visit_unit()
    }
}

/// An object's `[key, value]` pairs, read in order.
struct Fields {
    pairs: Array,
    next: u32,
    key: String,
    strict: bool,
}

impl<'de> MapAccess<'de> for Fields {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        if self.next >= self.pairs.length() {
            return Ok(None);
        }
        let pair = Array::from(&self.pairs.get(self.next));
        self.key = pair.get(0).as_string().unwrap_or_default();
        seed.deserialize(self.key.as_str().into_deserializer())
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        let value = Array::from(&self.pairs.get(self.next)).get(1);
        self.next += 1;
        seed.deserialize(Reader {
            value,
            strict: self.strict,
        })
        .map_err(|e| e.at(&self.key))
    }
}

/// An array's elements, read in order.
struct Items {
    items: Array,
    next: u32,
    strict: bool,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let at = self.next;
        self.next += 1;
        seed.deserialize(Reader {
            value: self.items.get(at),
            strict: self.strict,
        })
        .map(Some)
        .map_err(|e| e.at(&at.to_string()))
    }
}
