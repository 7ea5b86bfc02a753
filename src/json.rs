//! A small JSON reader and writer for the three documents this crate exchanges: upload responses,
//! `delete_by_token` replies and stored snapshots. Core: takes exactly the fields this crate uses and
//! validates and skips everything else, so a response string never goes through `JSON.parse` and
//! a generic object first, and no JSON library (nor its float formatting) is in the wasm. Depth
//! is limited, so hostile nesting is an error, not a stack overflow.

use std::{borrow::Cow, fmt::Write as _};

use crate::{
    Error,
    cloudinary::{DeleteReply, ErrorBody, UploadResponse},
    store::{Stored, StoredEntry},
};

/// Why a text was refused, with the byte it was refused at. Callers say what the text was.
pub type Reason = String;

/// Nesting deeper than this is refused.
const MAX_DEPTH: usize = 64;

/// Parses an upload response (or Upload Widget result, or error reply) from JSON text.
///
/// ```
/// use cloudinary_delete_token::json::parse_upload;
/// let r = parse_upload(r#"{"public_id":"a\u00e9","delete_token":"t","tags":[1,{"x":null}],"bytes":12}"#).unwrap();
/// assert_eq!(r.public_id.as_deref(), Some("aé"));
/// assert!(parse_upload("[1,2]").is_err());
/// assert!(parse_upload(&"[".repeat(100_000)).is_err());
/// ```
pub fn parse_upload(text: &str) -> Result<UploadResponse, Error> {
    document(text, |r| r.upload(0)).map_err(Error::InvalidResponse)
}

/// Parses a `delete_by_token` reply: `{"result":"ok"}` or `{"error":{"message":…}}`.
///
/// ```
/// use cloudinary_delete_token::json::parse_delete;
/// assert_eq!(parse_delete(r#"{"result":"ok"}"#).unwrap().result.as_deref(), Some("ok"));
/// assert!(parse_delete("<html>502</html>").is_err());
/// ```
pub fn parse_delete(text: &str) -> Result<DeleteReply, Reason> {
    document(text, |r| {
        let mut out = DeleteReply::default();
        r.object(0, |r, key| {
            match key {
                "result" => out.result = r.opt_string(key)?,
                "error" => out.error = r.opt(|r| r.error_body(1))?,
                _ => r.skip(1)?,
            }
            Ok(())
        })?;
        Ok(out)
    })
}

/// Parses a stored snapshot. Strict: every field must be known and of its type, so data written
/// by another program (or a future format) is refused rather than half-read.
///
/// ```
/// use cloudinary_delete_token::json::{parse_stored, write_stored};
/// let text = r#"{"format":"cloudinary-delete-token","version":1,"cloud":"demo","entries":[{"public_id":"a","state":"live","token":"t","deadline":17}]}"#;
/// let stored = parse_stored(text).unwrap();
/// assert_eq!(stored.entries[0].deadline, 17);
/// assert_eq!(write_stored(&stored), text);
/// assert!(parse_stored(r#"{"format":"cloudinary-delete-token","version":1}"#).is_err());
/// ```
pub fn parse_stored(text: &str) -> Result<Stored, Reason> {
    document(text, |r| {
        let (mut format, mut version, mut cloud, mut entries) = (None, None, None, None);
        r.object(0, |r, key| {
            match key {
                "format" => format = Some(r.required_string(key)?),
                "version" => version = Some(r.uint(key, u32::MAX.into())? as u32),
                "cloud" => cloud = Some(r.required_string(key)?),
                "entries" => entries = Some(r.array(1, |r| r.stored_entry(2))?),
                _ => return Err(r.error("unknown field")),
            }
            Ok(())
        })?;
        Ok(Stored {
            format: format.ok_or_else(|| r.missing("format"))?,
            version: version.ok_or_else(|| r.missing("version"))?,
            cloud: cloud.ok_or_else(|| r.missing("cloud"))?,
            entries: entries.ok_or_else(|| r.missing("entries"))?,
        })
    })
}

/// Writes a snapshot as JSON text that [`parse_stored`] reads back unchanged.
pub fn write_stored(stored: &Stored) -> String {
    let mut out = String::with_capacity(64 + stored.entries.len() * 400);
    out.push_str("{\"format\":");
    string(&mut out, &stored.format);
    let _ = write!(out, ",\"version\":{},\"cloud\":", stored.version);
    string(&mut out, &stored.cloud);
    out.push_str(",\"entries\":[");
    for (i, e) in stored.entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"public_id\":");
        string(&mut out, &e.public_id);
        out.push_str(",\"state\":");
        string(&mut out, &e.state);
        if let Some(token) = &e.token {
            out.push_str(",\"token\":");
            string(&mut out, token);
        }
        let _ = write!(out, ",\"deadline\":{}", e.deadline);
        for (key, value) in [
            ("secure_url", &e.secure_url),
            ("original_filename", &e.original_filename),
        ] {
            if let Some(value) = value {
                let _ = write!(out, ",\"{key}\":");
                string(&mut out, value);
            }
        }
        out.push('}');
    }
    out.push_str("]}");
    out
}

/// Appends `s` as a JSON string: quotes, backslashes and control characters escaped.
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Runs `value` over the whole of `text`: only whitespace may follow the value.
fn document<T>(
    text: &str,
    value: impl FnOnce(&mut Reader) -> Result<T, Reason>,
) -> Result<T, Reason> {
    let mut r = Reader {
        text,
        s: text.as_bytes(),
        at: 0,
    };
    r.ws();
    let out = value(&mut r)?;
    r.ws();
    if r.at != r.s.len() {
        return Err(r.error("unexpected text after the JSON value"));
    }
    Ok(out)
}

struct Reader<'a> {
    text: &'a str,
    s: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, what: &str) -> Reason {
        format!("{what} at byte {}", self.at)
    }

    fn ws(&mut self) {
        while matches!(self.s.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> Result<(), Reason> {
        self.ws();
        if self.peek() == Some(b) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", b as char)))
        }
    }

    /// `{ "key": value, ... }`, calling `field` for each key; `field` must consume the value.
    fn object(
        &mut self,
        depth: usize,
        mut field: impl FnMut(&mut Self, &str) -> Result<(), Reason>,
    ) -> Result<(), Reason> {
        self.sequence(depth, b'{', b'}', |r| {
            r.ws();
            let key = r.string()?;
            r.eat(b':')?;
            field(r, &key)
        })
    }

    /// `[ value, ... ]`, calling `item` for each element.
    fn array<T>(
        &mut self,
        depth: usize,
        mut item: impl FnMut(&mut Self) -> Result<T, Reason>,
    ) -> Result<Vec<T>, Reason> {
        let mut out = Vec::new();
        self.sequence(depth, b'[', b']', |r| {
            out.push(item(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The frame objects and arrays share: `open`, members separated by commas, `close`.
    fn sequence(
        &mut self,
        depth: usize,
        open: u8,
        close: u8,
        mut member: impl FnMut(&mut Self) -> Result<(), Reason>,
    ) -> Result<(), Reason> {
        if depth >= MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        self.ws();
        if self.peek() != Some(open) {
            let what = if open == b'{' {
                "an object"
            } else {
                "an array"
            };
            return Err(self.error(&format!("expected {what}")));
        }
        self.at += 1;
        self.ws();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            member(self)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b) if b == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.error(&format!("expected `,` or `{}`", close as char))),
            }
        }
    }

    fn upload(&mut self, depth: usize) -> Result<UploadResponse, Reason> {
        let mut out = UploadResponse::default();
        self.object(depth, |r, key| {
            match key {
                "public_id" => out.public_id = r.opt_string(key)?,
                "delete_token" => out.delete_token = r.opt_string(key)?,
                "secure_url" => out.secure_url = r.opt_string(key)?,
                "original_filename" => out.original_filename = r.opt_string(key)?,
                "resource_type" => out.resource_type = r.opt_string(key)?,
                "event" => out.event = r.opt_string(key)?,
                "done" => out.done = r.opt_bool(key)?,
                "info" => out.info = r.opt(|r| r.upload(depth + 1).map(Box::new))?,
                "error" => out.error = r.opt(|r| r.error_body(depth + 1))?,
                _ => r.skip(depth + 1)?,
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// `{"message": …}`, other fields skipped.
    fn error_body(&mut self, depth: usize) -> Result<ErrorBody, Reason> {
        let mut body = ErrorBody::default();
        self.object(depth, |r, key| {
            if key == "message" {
                body.message = r.opt_string(key)?;
                Ok(())
            } else {
                r.skip(depth + 1)
            }
        })?;
        Ok(body)
    }

    /// One stored entry; see [`StoredEntry`].
    fn stored_entry(&mut self, depth: usize) -> Result<StoredEntry, Reason> {
        let (mut public_id, mut state, mut deadline) = (None, None, None);
        let mut e = StoredEntry {
            public_id: String::new(),
            state: String::new(),
            token: None,
            deadline: 0,
            secure_url: None,
            original_filename: None,
        };
        self.object(depth, |r, key| {
            match key {
                "public_id" => public_id = Some(r.required_string(key)?),
                "state" => state = Some(r.required_string(key)?),
                "deadline" => deadline = Some(r.uint(key, u64::MAX)?),
                "token" => e.token = r.opt_string(key)?,
                "secure_url" => e.secure_url = r.opt_string(key)?,
                "original_filename" => e.original_filename = r.opt_string(key)?,
                _ => return Err(r.error("unknown field")),
            }
            Ok(())
        })?;
        e.public_id = public_id.ok_or_else(|| self.missing("public_id"))?;
        e.state = state.ok_or_else(|| self.missing("state"))?;
        e.deadline = deadline.ok_or_else(|| self.missing("deadline"))?;
        Ok(e)
    }

    fn missing(&self, key: &str) -> Reason {
        self.error(&format!("`{key}` is missing"))
    }

    fn required_string(&mut self, key: &str) -> Result<String, Reason> {
        self.ws();
        if self.peek() == Some(b'"') {
            self.string().map(Cow::into_owned)
        } else {
            Err(self.error(&format!("`{key}` must be a string")))
        }
    }

    /// A non-negative integer up to `max`, written without fraction or exponent.
    fn uint(&mut self, key: &str, max: u64) -> Result<u64, Reason> {
        self.ws();
        let start = self.at;
        self.number()?;
        let digits = &self.s[start..self.at];
        let mut value: u64 = 0;
        for &d in digits {
            if !d.is_ascii_digit() {
                return Err(self.error(&format!("`{key}` must be a whole number")));
            }
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(d - b'0')))
                .filter(|v| *v <= max)
                .ok_or_else(|| self.error(&format!("`{key}` is too large")))?;
        }
        Ok(value)
    }

    /// `null` as `None`, else `value`.
    fn opt<T>(
        &mut self,
        value: impl FnOnce(&mut Self) -> Result<T, Reason>,
    ) -> Result<Option<T>, Reason> {
        self.ws();
        if self.s[self.at..].starts_with(b"null") {
            self.at += 4;
            return Ok(None);
        }
        value(self).map(Some)
    }

    fn opt_string(&mut self, key: &str) -> Result<Option<String>, Reason> {
        self.opt(|r| r.required_string(key))
    }

    fn opt_bool(&mut self, key: &str) -> Result<Option<bool>, Reason> {
        self.opt(|r| {
            for (word, value) in [(&b"true"[..], true), (&b"false"[..], false)] {
                if r.s[r.at..].starts_with(word) {
                    r.at += word.len();
                    return Ok(value);
                }
            }
            Err(r.error(&format!("`{key}` must be true or false")))
        })
    }

    /// A string; borrowed from the input when it has no escapes (keys, and values that are only
    /// skipped, then cost no allocation).
    fn string(&mut self) -> Result<Cow<'a, str>, Reason> {
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string"));
        }
        self.at += 1;
        let start = self.at;
        let len = self.s[start..]
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(self.s.len() - start);
        if self.s.get(start + len) == Some(&b'"') {
            self.at = start + len + 1;
            // Both ends are at ASCII quotes, so this is a char boundary.
            return Ok(Cow::Borrowed(&self.text[start..start + len]));
        }
        let mut out = Vec::new();
        loop {
            let start = self.at;
            while let Some(&b) = self.s.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.extend_from_slice(&self.s[start..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    // The input is a &str and escapes produce valid UTF-8.
                    return String::from_utf8(out)
                        .map(Cow::Owned)
                        .map_err(|_| self.error("invalid UTF-8"));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi)
                                && self.s[self.at..].starts_with(b"\\u")
                            {
                                self.at += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.error("invalid surrogate pair"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            let c = char::from_u32(code)
                                .ok_or_else(|| self.error("invalid \\u escape"))?;
                            let mut buf = [0; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                            continue;
                        }
                        _ => return Err(self.error("invalid escape")),
                    };
                    self.at += 1;
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                _ => return Err(self.error("unterminated string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, Reason> {
        let digits = self
            .s
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("short \\u escape"))?;
        // Exactly four hex digits: `from_str_radix` alone would also take a sign (`\u+e08`).
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return Err(self.error("invalid \\u escape"));
        }
        let text = std::str::from_utf8(digits).map_err(|_| self.error("invalid \\u escape"))?;
        let value = u32::from_str_radix(text, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.at += 4;
        Ok(value)
    }

    /// Validates and skips any JSON value.
    fn skip(&mut self, depth: usize) -> Result<(), Reason> {
        if depth >= MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        self.ws();
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'{') => self.object(depth, |r, _| r.skip(depth + 1)),
            Some(b'[') => self.array(depth, |r| r.skip(depth + 1)).map(drop),
            Some(b't') if self.s[self.at..].starts_with(b"true") => {
                self.at += 4;
                Ok(())
            }
            Some(b'f') if self.s[self.at..].starts_with(b"false") => {
                self.at += 5;
                Ok(())
            }
            Some(b'n') if self.s[self.at..].starts_with(b"null") => {
                self.at += 4;
                Ok(())
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("expected a JSON value")),
        }
    }

    fn number(&mut self) -> Result<(), Reason> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let digits = |r: &mut Self| {
            let from = r.at;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.at += 1;
            }
            r.at > from
        };
        if !digits(self) {
            return Err(self.error("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        // Leading zeros ("01") are invalid JSON.
        let body = &self.s[start..self.at];
        let body = body.strip_prefix(b"-").unwrap_or(body);
        if body.len() > 1 && body[0] == b'0' && body[1].is_ascii_digit() {
            return Err(self.error("invalid number"));
        }
        Ok(())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use serde_json::Value;

    use super::*;

    /// The oracle: serde_json's own reader, with the fields this crate takes read by the same
    /// type rules (a string or null; `done` a bool or null). `None` when serde_json refuses the
    /// text or a field has the wrong type.
    fn serde_reads(text: &str) -> Option<UploadResponse> {
        fn upload(v: &Value) -> Option<UploadResponse> {
            let o = v.as_object()?;
            let s = |k: &str| match o.get(k) {
                None | Some(Value::Null) => Some(None),
                Some(Value::String(s)) => Some(Some(s.clone())),
                _ => None,
            };
            Some(UploadResponse {
                public_id: s("public_id")?,
                delete_token: s("delete_token")?,
                secure_url: s("secure_url")?,
                original_filename: s("original_filename")?,
                resource_type: s("resource_type")?,
                event: s("event")?,
                done: match o.get("done") {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(v.as_bool()?),
                },
                info: match o.get("info") {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(Box::new(upload(v)?)),
                },
                error: match o.get("error") {
                    None | Some(Value::Null) => None,
                    Some(v) => Some(ErrorBody {
                        message: match v.as_object()?.get("message") {
                            None | Some(Value::Null) => None,
                            Some(m) => Some(m.as_str()?.to_owned()),
                        },
                    }),
                },
            })
        }
        upload(&serde_json::from_str(text).ok()?)
    }

    #[test]
    fn reads_the_fixture_like_serde() {
        let text = r#"{"asset_id":"3515","public_id":"gotjeph","version":1719307544,"width":1920,"tags":[],
            "placeholder":false,"secure_url":"https://res.cloudinary.com/demo/x.jpg","api_key":"614","delete_token":"abc",
            "context":{"custom":{"alt":"a \"quoted\" \\ value"}},"coordinates":[[1.5e3,-2]],"done":true}"#;
        let ours = parse_upload(text).unwrap();
        let theirs = serde_reads(text).unwrap();
        assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    }

    #[test]
    fn reads_widget_results_and_error_replies() {
        let r = parse_upload(r#"{"event":"success","info":{"public_id":"w","delete_token":"t","thumbnail_url":null}}"#).unwrap();
        assert_eq!(r.info.unwrap().public_id.as_deref(), Some("w"));
        let r = parse_upload(r#"{"error":{"message":"Upload preset not found","http_code":400}}"#)
            .unwrap();
        assert_eq!(
            r.error.unwrap().message.as_deref(),
            Some("Upload preset not found")
        );
    }

    #[test]
    fn refuses_malformed_and_mistyped_input_with_a_reason() {
        for (bad, why) in [
            ("", "expected an object"),
            ("null", "expected an object"),
            ("{\"public_id\":7}", "`public_id` must be a string"),
            ("{\"done\":\"no\"}", "`done` must be true or false"),
            ("{\"a\":01}", "invalid number"),
            ("{\"a\":\"\\x\"}", "invalid escape"),
            ("{\"a\":\"\\ud800\\u0041\"}", "invalid surrogate pair"),
            ("{\"a\":\"\\u+e08\"}", "invalid \\u escape"),
            ("{\"a\":1} x", "unexpected text"),
            ("{\"a\":\"unterminated}", "unterminated string"),
            ("<html>502 Bad Gateway</html>", "expected an object"),
        ] {
            let err = parse_upload(bad).unwrap_err();
            assert!(
                matches!(&err, Error::InvalidResponse(m) if m.contains(why)),
                "{bad}: {err}"
            );
        }
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200));
        assert!(
            parse_upload(&deep)
                .unwrap_err()
                .to_string()
                .contains("nested too deeply")
        );
    }

    proptest! {
        #[test]
        fn snapshots_round_trip_and_are_json_to_serde(
            entries in proptest::collection::vec((any::<String>(), any::<Option<String>>(), any::<u64>(), any::<Option<String>>()), 0..4),
            cloud in any::<String>(),
        ) {
            let stored = Stored {
                format: crate::store::FORMAT.into(),
                version: crate::store::VERSION,
                cloud,
                entries: entries.into_iter().map(|(public_id, token, deadline, secure_url)| StoredEntry {
                    public_id, state: "live".into(), token, deadline, secure_url, original_filename: None,
                }).collect(),
            };
            let text = write_stored(&stored);
            let value: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(value["cloud"].as_str(), Some(stored.cloud.as_str()));
            prop_assert_eq!(parse_stored(&text).unwrap(), stored);
        }

        #[test]
        fn strings_round_trip_through_serde_json(s in any::<String>()) {
            let text = serde_json::to_string(&serde_json::json!({ "public_id": s, "delete_token": "t" })).unwrap();
            prop_assert_eq!(parse_upload(&text).unwrap().public_id, Some(s));
        }

        #[test]
        fn agrees_with_serde_json_on_arbitrary_input(text in "[{}\\[\\]\",:0-9a-z_ \\\\-]{0,40}") {
            // serde_json refuses numbers beyond f64 (1e999), which JSON's grammar allows.
            let out_of_range = serde_json::from_str::<Value>(&text)
                .is_err_and(|e| e.to_string().starts_with("number out of range"));
            prop_assume!(!out_of_range);
            match (parse_upload(&text), serde_reads(&text)) {
                (Ok(ours), Some(theirs)) => prop_assert_eq!(format!("{ours:?}"), format!("{theirs:?}")),
                (Ok(_), None) => prop_assert!(false, "we accepted what serde_json refuses: {}", text),
                (Err(_), _) => {}
            }
        }
    }
}
