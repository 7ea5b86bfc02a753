//! Every message the widget shows, by [`Text`]: built-in tables for en, de, fr, es and ja
//! (`tables.rs`), over which a page may supply its own ([`Messages`], the widget's `strings`);
//! what it does not supply comes from its language's table, or English. Placeholders
//! (`{name}`, `{time}`, ...) are filled by [`fill`]; plurals, sizes and times come from the
//! browser's `Intl` (`widget.js`), so any language a page supplies gets its own forms.

mod tables;
mod text;

use std::rc::Rc;

use serde::{
    Deserialize, Deserializer,
    de::{MapAccess, Visitor},
};
use wasm_bindgen::prelude::wasm_bindgen;
use yew::AttrValue;

pub use tables::{DE, EN, ES, FR, JA};
pub use text::{Table, Text};

use crate::time::Millis;

#[wasm_bindgen(module = "/src/ui/widget.js")]
extern "C" {
    #[wasm_bindgen(js_name = canonicalLocale)]
    fn canonical_locale(tag: &str) -> Option<String>;
    #[wasm_bindgen(js_name = isOne)]
    fn is_one(lang: &str, count: f64) -> bool;
    #[wasm_bindgen(js_name = formatSize)]
    fn format_size(lang: &str, bytes: f64) -> String;
    #[wasm_bindgen(js_name = formatTime)]
    fn format_time(lang: &str, epoch_ms: f64) -> String;
}

/// Messages a page supplies over the built-in ones: the widget's `strings`. From JavaScript, an
/// object of keys ([`Text::key`]) and strings; an unknown key or a value that is not a string is
/// refused, naming it.
///
/// ```
/// use cloudinary_delete_token::ui::i18n::{Messages, Strings, Text};
/// let italian: Messages = [(Text::Undo, "Annulla"), (Text::Empty, "Nessun caricamento.")].into_iter().collect();
/// assert_eq!(italian.get(Text::Undo).map(|m| m.as_str()), Some("Annulla"));
/// assert_eq!(italian.get(Text::Retry), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Messages(Rc<Vec<(Text, AttrValue)>>);

impl Messages {
    /// The message supplied for `text` (the last one, if it was given twice).
    pub fn get(&self, text: Text) -> Option<&AttrValue> {
        self.0
            .iter()
            .rev()
            .find(|(t, _)| *t == text)
            .map(|(_, m)| m)
    }

    /// Whether none are supplied.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: Into<AttrValue>> FromIterator<(Text, S)> for Messages {
    fn from_iter<I: IntoIterator<Item = (Text, S)>>(pairs: I) -> Self {
        Self(Rc::new(
            pairs.into_iter().map(|(t, m)| (t, m.into())).collect(),
        ))
    }
}

impl<'de> Deserialize<'de> for Messages {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = Messages;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of messages")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Messages, A::Error> {
                let mut pairs = Vec::new();
                while let Some((text, message)) = map.next_entry::<Text, String>()? {
                    pairs.push((text, AttrValue::from(message)));
                }
                Ok(Messages(Rc::new(pairs)))
            }
        }
        d.deserialize_map(Pairs)
    }
}

/// The messages the widget shows in one language: the page's own over the built-in table of
/// its language, or English; with that language's plurals and formats.
#[derive(Debug, Clone)]
pub struct Strings {
    lang: AttrValue,
    table: &'static Table,
    own: Messages,
}

/// Equal when made from the same locale and messages: tables compare by address, as rows
/// compare their props on every render.
impl PartialEq for Strings {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang && std::ptr::eq(self.table, other.table) && self.own == other.own
    }
}

impl Strings {
    /// The messages for `locale` (any BCP 47 tag; one the browser does not accept counts as
    /// English), with `own` over the built-in ones.
    pub fn new(locale: &str, own: &Messages) -> Self {
        let tag = canonical_locale(locale).unwrap_or_default();
        // Cut at the first `-` by bytes, and no iterator: `split('-').next()` cost about 0.1 KB.
        let language = &tag[..tag.bytes().position(|b| b == b'-').unwrap_or(tag.len())];
        let table = [("de", &DE), ("fr", &FR), ("es", &ES), ("ja", &JA)]
            .into_iter()
            .find_map(|(l, table)| (l == language).then_some(table))
            .unwrap_or(&EN);
        // The language the messages are in: a tag without a table or messages of its own reads
        // English, and is formatted and pluralised as English too.
        let speaks = !std::ptr::eq(table, &EN) || language == "en" || !own.is_empty();
        Self {
            lang: if speaks { tag.into() } else { "en".into() },
            table,
            own: own.clone(),
        }
    }

    /// The language tag of the messages, as the browser writes it (`"de-AT"`).
    pub fn lang(&self) -> &AttrValue {
        &self.lang
    }

    /// The message for `text`: the page's, else the table's.
    pub fn get(&self, text: Text) -> AttrValue {
        match self.own.get(text) {
            Some(own) => own.clone(),
            None => AttrValue::Static(self.table[text as usize]),
        }
    }

    /// `one` or `other` for `count`, by the language's `Intl.PluralRules` (forms beyond these two
    /// use `other`).
    pub fn plural(&self, count: usize, one: Text, other: Text) -> AttrValue {
        self.get(if is_one(&self.lang, count as f64) {
            one
        } else {
            other
        })
    }

    /// `bytes` in the language's units and digits: `"100 kB"`, `"1,5 MB"`.
    pub fn size(&self, bytes: u64) -> String {
        format_size(&self.lang, bytes as f64)
    }

    /// The time of day at `at`, short, as the language writes it: `"10:42 AM"`, `"10:42"`.
    pub fn time(&self, at: Millis) -> String {
        format_time(&self.lang, at.0 as f64)
    }
}

/// Whether the browser accepts `tag` as a language tag.
pub(super) fn is_language_tag(tag: &str) -> bool {
    canonical_locale(tag).is_some()
}

/// Fills `{key}` placeholders in one pass over `template`: a value is copied as it is and never
/// read again as a placeholder (a file named `{time}.png` stays its name). Unknown placeholders
/// are kept.
///
/// ```
/// use cloudinary_delete_token::ui::i18n::fill;
/// assert_eq!(fill("{name}, {time} left", &[("name", "{time}.png"), ("time", "9:59")]), "{time}.png, 9:59 left");
/// assert_eq!(fill("{x} {", &[]), "{x} {");
/// ```
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let key = &after[..close];
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v, close))
        });
        match known {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
