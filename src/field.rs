//! [`Field`]: how the structs this crate reads by hand read their keys. Core.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// Reads a key of a struct whose wire names are `names`: the name it matches, without
/// allocating (a restore reads the keys of every stored entry); for any other key `None`, or,
/// with `deny`, an error in serde's own words for `deny_unknown_fields` ("unknown field `x`,
/// expected one of …").
///
/// Written here because serde's derives make such a reader per struct, private to it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub(crate) names: &'static [&'static str],
    pub(crate) deny: bool,
}

impl<'de> DeserializeSeed<'de> for Field {
    type Value = Option<&'static str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Field {
    type Value = Option<&'static str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        match self.names.iter().find(|name| **name == key) {
            Some(name) => Ok(Some(name)),
            None if self.deny => Err(E::unknown_field(key, self.names)),
            None => Ok(None),
        }
    }
}
