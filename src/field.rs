//! [`Field`]: how the structs this crate reads by hand read their keys, and [`keys!`], which
//! names their positions. Core.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// Reads a key of a struct whose wire names are `names`: the position of the name it matches,
/// without allocating (a restore reads the keys of every stored entry); for any other key
/// `None`, or, with `deny`, an error in serde's own words for `deny_unknown_fields` ("unknown
/// field `x`, expected one of …").
///
/// A position, not the name: the visitor then matches a number (a jump), where matching the
/// name again would compare each key's text twice, on every `record()` and every stored entry.
///
/// Written here because serde's derives make such a reader per struct, private to it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub(crate) names: &'static [&'static str],
    pub(crate) deny: bool,
}

impl<'de> DeserializeSeed<'de> for Field {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Field {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        match self.names.iter().position(|name| *name == key) {
            Some(at) => Ok(Some(at)),
            None if self.deny => Err(E::unknown_field(key, self.names)),
            None => Ok(None),
        }
    }
}

/// Serde's "missing field" error for the first of `names` (by position) that is in `required`
/// and not in `seen`, both bit sets of positions. A reader fills a struct of defaults and marks
/// each key it reads; one check at the end then replaces an `Option` per field, each with its
/// own unwrapping and its own cleanup on every error path.
pub(crate) fn missing<E: de::Error>(
    names: &'static [&'static str],
    required: u32,
    seen: u32,
) -> Result<(), E> {
    match required & !seen {
        0 => Ok(()),
        absent => Err(E::missing_field(
            names
                .get(absent.trailing_zeros() as usize)
                .copied()
                .unwrap_or_default(),
        )),
    }
}

/// Declares `mod $m` with `NAMES`, a struct's wire names, and for each name a constant of its
/// position there: what [`Field`] hands back, matched by name in the visitor
/// (`Some(key::PUBLIC_ID) => …`), and never out of step with `NAMES`, since both come from one
/// list.
macro_rules! keys {
    ($(#[$meta:meta])* mod $m:ident { $($key:ident = $name:literal),* $(,)? }) => {
        $(#[$meta])*
        mod $m {
            /// The wire names, in the order of the positions below.
            pub(super) const NAMES: &[&str] = &[$($name),*];
            $crate::field::keys!(@at 0usize; $($key = $name)*);
        }
    };
    (@at $i:expr; $key:ident = $name:literal $($rest:tt)*) => {
        #[doc = concat!("The position of `", $name, "`.")]
        pub(super) const $key: usize = $i;
        $crate::field::keys!(@at $i + 1; $($rest)*);
    };
    (@at $i:expr;) => {};
}
pub(crate) use keys;

/// Implements `Deserialize` for the struct `$t`, named `$names` on the wire, by a visitor whose
/// `visit_map` is `$body` over the map `$map`: the serde skeleton (`expecting`, `visit_map`,
/// `deserialize_struct`) that every hand reader of this crate shares, written once. A body reads
/// its keys with [`Field`] and returns the struct.
macro_rules! read_struct {
    ($t:ident, $names:expr, |$map:ident| $body:block) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct StructVisitor;
                impl<'de> serde::de::Visitor<'de> for StructVisitor {
                    type Value = $t;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($t)))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut $map: A,
                    ) -> Result<$t, A::Error> {
                        $body
                    }
                }
                d.deserialize_struct(stringify!($t), $names, StructVisitor)
            }
        }
    };
}
pub(crate) use read_struct;

#[cfg(test)]
mod tests {
    use super::missing;

    #[test]
    fn missing_names_the_first_required_field_not_seen() {
        let names = &["a", "b", "c", "d"];
        let err = |required, seen| {
            missing::<serde_json::Error>(names, required, seen).map_err(|e| e.to_string())
        };
        assert_eq!(err(0b1011, 0b1011), Ok(()));
        assert_eq!(err(0b1011, 0b1111), Ok(()));
        assert_eq!(err(0b1011, 0b0001), Err("missing field `b`".to_owned()));
        assert_eq!(err(0b1011, 0b0000), Err("missing field `a`".to_owned()));
        assert_eq!(err(0b1011, 0b0011), Err("missing field `d`".to_owned()));
        // Optional fields are never missing.
        assert_eq!(err(0b0001, 0b0001), Ok(()));
    }
}
