//! How [`super::Reader`] walks an object's properties and an array's elements, one value at a
//! time, each read as a [`Reader`] of its own (so errors name the field or index they are in).

use js_sys::Array;
use serde::de::{DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess};
use wasm_bindgen::JsValue;

use super::{ReadError, Reader};

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
        }
    }

    fn key(&self) -> &str {
        match self.names.get(self.next.wrapping_sub(1) as usize) {
            Some(name) => name,
            None => &self.key,
        }
    }
}

impl<'de> MapAccess<'de> for Fields {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
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
            return seed.deserialize(self.key().into_deserializer()).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        seed.deserialize(Reader {
            value: std::mem::take(&mut self.value),
            strict: self.strict,
        })
        .map_err(|e| e.at(self.key()))
    }
}

/// An array's elements, read in order.
pub(super) struct Items {
    items: Array,
    next: u32,
    strict: bool,
}

impl Items {
    pub(super) fn new(items: Array, strict: bool) -> Self {
        Self {
            items,
            next: 0,
            strict,
        }
    }
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
