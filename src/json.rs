//! A small JSON reader for upload responses. Core: takes exactly the fields this crate uses and
//! validates and skips everything else, so a response string never goes through `JSON.parse` and
//! a generic object first (and serde_json stays out of the wasm). Depth is limited, so hostile
//! nesting is an error, not a stack overflow.

use crate::{
    Error,
    cloudinary::{ErrorBody, UploadResponse},
};

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
    let mut r = Reader {
        s: text.as_bytes(),
        at: 0,
    };
    r.ws();
    let out = r.upload(0)?;
    r.ws();
    if r.at != r.s.len() {
        return Err(r.error("unexpected text after the JSON value"));
    }
    Ok(out)
}

struct Reader<'a> {
    s: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn error(&self, what: &str) -> Error {
        Error::InvalidResponse(format!("{what} at byte {}", self.at))
    }

    fn ws(&mut self) {
        while matches!(self.s.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> Result<(), Error> {
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
        mut field: impl FnMut(&mut Self, String) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if depth >= MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        self.ws();
        if self.peek() != Some(b'{') {
            return Err(self.error("expected an object"));
        }
        self.at += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(());
        }
        loop {
            self.ws();
            let key = self.string()?;
            self.eat(b':')?;
            field(self, key)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn upload(&mut self, depth: usize) -> Result<UploadResponse, Error> {
        let mut out = UploadResponse::default();
        self.object(depth, |r, key| {
            match key.as_str() {
                "public_id" => out.public_id = r.opt_string(&key)?,
                "delete_token" => out.delete_token = r.opt_string(&key)?,
                "secure_url" => out.secure_url = r.opt_string(&key)?,
                "original_filename" => out.original_filename = r.opt_string(&key)?,
                "resource_type" => out.resource_type = r.opt_string(&key)?,
                "event" => out.event = r.opt_string(&key)?,
                "done" => out.done = r.opt_bool(&key)?,
                "info" => out.info = r.opt(|r| r.upload(depth + 1).map(Box::new))?,
                "error" => {
                    out.error = r.opt(|r| {
                        let mut body = ErrorBody::default();
                        r.object(depth + 1, |r, key| {
                            if key == "message" {
                                body.message = r.opt_string(&key)?;
                                Ok(())
                            } else {
                                r.skip(depth + 2)
                            }
                        })?;
                        Ok(body)
                    })?;
                }
                _ => r.skip(depth + 1)?,
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// `null` as `None`, else `value`.
    fn opt<T>(
        &mut self,
        value: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<Option<T>, Error> {
        self.ws();
        if self.s[self.at..].starts_with(b"null") {
            self.at += 4;
            return Ok(None);
        }
        value(self).map(Some)
    }

    fn opt_string(&mut self, key: &str) -> Result<Option<String>, Error> {
        self.opt(|r| {
            if r.peek() == Some(b'"') {
                r.string()
            } else {
                Err(r.error(&format!("`{key}` must be a string")))
            }
        })
    }

    fn opt_bool(&mut self, key: &str) -> Result<Option<bool>, Error> {
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

    fn string(&mut self) -> Result<String, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string"));
        }
        self.at += 1;
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
                    return String::from_utf8(out).map_err(|_| self.error("invalid UTF-8"));
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

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits = self
            .s
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("short \\u escape"))?;
        let text = std::str::from_utf8(digits).map_err(|_| self.error("invalid \\u escape"))?;
        let value = u32::from_str_radix(text, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.at += 4;
        Ok(value)
    }

    /// Validates and skips any JSON value.
    fn skip(&mut self, depth: usize) -> Result<(), Error> {
        if depth >= MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        self.ws();
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'{') => self.object(depth, |r, _| r.skip(depth + 1)),
            Some(b'[') => {
                self.at += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(());
                }
                loop {
                    self.skip(depth + 1)?;
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return Ok(());
                        }
                        _ => return Err(self.error("expected `,` or `]`")),
                    }
                }
            }
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

    fn number(&mut self) -> Result<(), Error> {
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

    use super::*;

    #[test]
    fn reads_the_fixture_like_serde() {
        let text = r#"{"asset_id":"3515","public_id":"gotjeph","version":1719307544,"width":1920,"tags":[],
            "placeholder":false,"secure_url":"https://res.cloudinary.com/demo/x.jpg","api_key":"614","delete_token":"abc",
            "context":{"custom":{"alt":"a \"quoted\" \\ value"}},"coordinates":[[1.5e3,-2]],"done":true}"#;
        let ours = parse_upload(text).unwrap();
        let theirs: UploadResponse = serde_json::from_str(text).unwrap();
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
        fn strings_round_trip_through_serde_json(s in any::<String>()) {
            let text = serde_json::to_string(&serde_json::json!({ "public_id": s, "delete_token": "t" })).unwrap();
            prop_assert_eq!(parse_upload(&text).unwrap().public_id, Some(s));
        }

        #[test]
        fn agrees_with_serde_json_on_arbitrary_input(text in "[{}\\[\\]\",:0-9a-z_ \\\\-]{0,40}") {
            let ours = parse_upload(&text).is_ok();
            let theirs = serde_json::from_str::<UploadResponse>(&text).is_ok() && serde_json::from_str::<serde_json::Value>(&text).map(|v| v.is_object()).unwrap_or(false);
            prop_assert!(!ours || theirs, "we accepted what serde_json refuses: {text}");
        }
    }
}
