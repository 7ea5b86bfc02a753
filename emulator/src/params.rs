//! Request parameters from any body Cloudinary's clients send: multipart, form-urlencoded or
//! JSON, plus the query string where configured.

use axum::{
    body::Bytes,
    http::{HeaderMap, header},
};

/// A file part.
#[derive(Debug, Clone)]
pub struct FilePart {
    /// Its bytes.
    pub bytes: Bytes,
    /// The part's file name, if any.
    pub filename: Option<String>,
}

/// Parameters in arrival order, and the binary `file` part if there was one.
#[derive(Debug, Default)]
pub struct Params {
    /// Text fields.
    pub fields: Vec<(String, String)>,
    /// The binary file part.
    pub file: Option<FilePart>,
}

impl Params {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses `body` according to its content type.
pub async fn parse(headers: &HeaderMap, body: Bytes) -> Result<Params, String> {
    let raw_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Lower-cased for matching only: the multipart boundary is case-sensitive.
    let ctype = raw_type.to_ascii_lowercase();
    if ctype.starts_with("multipart/form-data") {
        multipart(raw_type, body).await
    } else if ctype.starts_with("application/json") {
        json(&body)
    } else {
        // form-urlencoded, and curl's `--data` without a content type
        Ok(Params {
            fields: form_pairs(&body),
            file: None,
        })
    }
}

/// A `multipart/form-data` body: the `file` part with a filename is the file, the rest fields.
async fn multipart(content_type: &str, body: Bytes) -> Result<Params, String> {
    let boundary = multer::parse_boundary(content_type).map_err(|e| e.to_string())?;
    // multer directly, not axum's extractor: that one applies axum's 2 MB default limit.
    let limit = multer::Constraints::new()
        .size_limit(multer::SizeLimit::new().whole_stream(body.len() as u64 + 1));
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(body) });
    let mut mp = multer::Multipart::with_constraints(stream, boundary, limit);
    let mut params = Params::default();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| format!("Invalid multipart body: {e}"))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| format!("Invalid multipart body: {e}"))?;
        if name == "file" && filename.is_some() {
            params.file = Some(FilePart { bytes, filename });
        } else {
            params
                .fields
                .push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    Ok(params)
}

/// A JSON object body: strings as they are, arrays joined with commas, other values as JSON.
fn json(body: &[u8]) -> Result<Params, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("Invalid JSON body: {e}"))?;
    let obj = value.as_object().ok_or("JSON body must be an object")?;
    let fields = obj
        .iter()
        .map(|(k, v)| {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(","),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect();
    Ok(Params { fields, file: None })
}

/// Decodes `a=1&b=2` (form-urlencoded: `+` is a space).
pub fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    let decode = |s: &[u8]| {
        let spaced: Vec<u8> = s
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        percent_encoding::percent_decode(&spaced)
            .decode_utf8_lossy()
            .into_owned()
    };
    body.split(|&b| b == b'&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.iter().position(|&b| b == b'=') {
            Some(i) => (decode(&pair[..i]), decode(&pair[i + 1..])),
            None => (decode(pair), String::new()),
        })
        .collect()
}
