//! [`Reader`]: a serde deserializer over a `JsValue` (see [`super`] for why it is written here),
//! and how it walks an object's properties and an array's elements, one value at a time, each
//! read as a `Reader` of its own (so errors name the field or index they are in). The two call
//! each other, so they share this file. Glue.

use js_sys::{Array, JsString};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use wasm_bindgen::prelude::*;

use super::{
    boundary::{items, own_entries, pick},
    error::ReadError,
};

/// What a helper returned: `Ok(None)` for `null` (not of the asked kind), the array otherwise.
pub(super) fn array_or_null(
    read: Result<JsValue, JsValue>,
    what: &str,
) -> Result<Option<Array>, ReadError> {
    match read {
        Ok(v) if v.is_null() => Ok(None),
        Ok(v) => Ok(Some(v.unchecked_into())),
        Err(e) => Err(ReadError::thrown(what, &e)),
    }
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
        // A loop that pushes: collecting into an `Array` brings `Extend`'s code.
        let keys = Array::new();
        for field in fields {
            keys.push(&JsValue::from_str(field));
        }
        known.push((id, keys.clone()));
        keys
    })
}

/// A JS value being read; see the module docs.
pub(super) struct Reader {
    pub(super) value: JsValue,
    pub(super) strict: bool,
}

impl Reader {
    /// "expected …, found …", from `typeof` alone (which never runs page code).
    pub(super) fn invalid_value(value: &JsValue, expected: &str) -> ReadError {
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
        visitor.visit_map(self.fields(fields))
    }

    /// Every own key and its value.
    fn map<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        visitor.visit_map(self.pairs())
    }

    fn array<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        visitor.visit_seq(self.items())
    }

    // The three above only hand a visitor what these read, so that what each type's reader
    // instantiates is the one call: these are not generic, and exist once in the wasm. A value
    // of the wrong kind is not a `Result` to unpack in each of those instances but an error
    // the visitor's first `next_key` or `next_element` hands out (every visitor of this
    // crate's types asks for one first); the visit then returns it unchanged.

    fn fields(self, fields: &'static [&'static str]) -> Fields {
        let values = match pick(&self.value, &field_keys(fields), self.strict) {
            Ok(v) if v.is_undefined() => return self.pairs(),
            read => array_or_null(read, "the object"),
        };
        match values {
            Ok(Some(values)) => Fields::new(values, fields, self.strict),
            Ok(None) => Fields::failed(self.invalid("an object")),
            Err(e) => Fields::failed(e),
        }
    }

    fn pairs(self) -> Fields {
        match array_or_null(own_entries(&self.value), "the object") {
            Ok(Some(pairs)) => Fields::new(pairs, &[], self.strict),
            Ok(None) => Fields::failed(self.invalid("an object")),
            Err(e) => Fields::failed(e),
        }
    }

    fn items(self) -> Items {
        match array_or_null(items(&self.value), "the array") {
            Ok(Some(items)) => Items::new(items, self.strict),
            Ok(None) => Items::failed(self.invalid("an array")),
            Err(e) => Items::failed(e),
        }
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
            // Not deferred (see `Reader::fields`): a visitor here may not want a map at all,
            // and says so in its own words, where a value of no kind must say what it is.
            let fields = self.fields(&[]);
            match fields.error {
                Some(e) => Err(*e),
                None => visitor.visit_map(fields),
            }
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

/// An object's properties, in order: either a struct's field values (`names` says whose) or,
/// with `names` empty, `[key, value]` pairs. One type for both, so that each visitor is
/// instantiated once.
pub(super) struct Fields {
    items: Array,
    len: u32,
    names: &'static [&'static str],
    next: u32,
    /// The key and value last handed out.
    key: String,
    value: JsValue,
    strict: bool,
    /// Why the value could not be read as an object: the first `next_key` hands it out.
    /// Boxed: one pointer in every `Fields` rather than the error's two strings.
    error: Option<Box<ReadError>>,
}

impl Fields {
    pub(super) fn new(items: Array, names: &'static [&'static str], strict: bool) -> Self {
        Self {
            len: items.length(),
            items,
            names,
            next: 0,
            key: String::new(),
            value: JsValue::UNDEFINED,
            strict,
            error: None,
        }
    }

    /// No properties, and `error` for the first `next_key`.
    fn failed(error: ReadError) -> Self {
        Self {
            error: Some(Box::new(error)),
            ..Self::new(Array::new(), &[], false)
        }
    }

    fn key(&self) -> &str {
        match self.names.get(self.next.wrapping_sub(1) as usize) {
            Some(name) => name,
            None => &self.key,
        }
    }

    /// `e`, found in the current property. Not inlined into each `next_value_seed`: one copy
    /// serves them all.
    #[inline(never)]
    fn locate(&self, e: ReadError) -> ReadError {
        e.at(self.key())
    }

    /// Moves to the next property present, making it the current key and value: what
    /// `next_key_seed` does whatever the seed (so it is in the wasm once).
    fn advance(&mut self) -> Result<bool, ReadError> {
        if let Some(e) = self.error.take() {
            return Err(*e);
        }
        while self.next < self.len {
            let item = self.items.get(self.next);
            self.next += 1;
            if self.names.is_empty() {
                let pair = Array::from(&item);
                self.key = pair.get(0).as_string().unwrap_or_default();
                self.value = pair.get(1);
            } else if item.is_undefined() {
                continue;
            } else {
                self.value = item;
            }
            return Ok(true);
        }
        Ok(false)
    }
}

impl<'de> MapAccess<'de> for Fields {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        if !self.advance()? {
            return Ok(None);
        }
        seed.deserialize(self.key().into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        seed.deserialize(Reader {
            value: std::mem::take(&mut self.value),
            strict: self.strict,
        })
        .map_err(|e| self.locate(e))
    }
}

/// An array's elements, read in order.
pub(super) struct Items {
    items: Array,
    next: u32,
    strict: bool,
    /// Why the value could not be read as an array: the first `next_element` hands it out.
    error: Option<Box<ReadError>>,
}

impl Items {
    pub(super) fn new(items: Array, strict: bool) -> Self {
        Self {
            items,
            next: 0,
            strict,
            error: None,
        }
    }

    /// No elements, and `error` for the first `next_element`.
    fn failed(error: ReadError) -> Self {
        Self {
            error: Some(Box::new(error)),
            ..Self::new(Array::new(), false)
        }
    }

    /// The index of the next element, if any: what `next_element_seed` does whatever the
    /// seed (so it is in the wasm once).
    fn advance(&mut self) -> Result<Option<u32>, ReadError> {
        if let Some(e) = self.error.take() {
            return Err(*e);
        }
        if self.next >= self.items.length() {
            return Ok(None);
        }
        self.next += 1;
        Ok(Some(self.next - 1))
    }
}

impl<'de> SeqAccess<'de> for Items {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        let Some(at) = self.advance()? else {
            return Ok(None);
        };
        seed.deserialize(Reader {
            value: self.items.get(at),
            strict: self.strict,
        })
        .map(Some)
        .map_err(|e| e.at(&at.to_string()))
    }
}
