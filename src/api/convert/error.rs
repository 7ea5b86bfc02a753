//! [`ReadError`]: why a page's value could not be read as a core type, and where.

use std::fmt;

use serde::de;
use wasm_bindgen::JsValue;

use super::boundary::message_of;
use crate::error::truncate;

/// Why a value could not be read: where, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    path: String,
    message: String,
}

impl ReadError {
    /// The same error, found inside field `key`.
    pub(super) fn at(mut self, key: &str) -> Self {
        let key = truncate(key, 64);
        self.path = if self.path.is_empty() {
            key
        } else {
            format!("{key}.{}", self.path)
        };
        self
    }

    pub(super) fn thrown(what: &str, e: &JsValue) -> Self {
        let why = message_of(e);
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

    /// Says what was found by its kind only: serde's own text prints the value, and printing a
    /// float would link float formatting into the wasm for this one message.
    fn invalid_type(found: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!("expected {expected}, found {}", kind(&found)))
    }

    fn invalid_value(found: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "expected {expected}, found another {}",
            kind(&found)
        ))
    }
}

fn kind(found: &de::Unexpected<'_>) -> &'static str {
    use de::Unexpected::*;
    match found {
        Bool(_) => "boolean",
        Unsigned(_) | Signed(_) | Float(_) => "number",
        Char(_) | Str(_) => "string",
        Unit => "null",
        Seq => "array",
        Map => "object",
        _ => "value",
    }
}
