//! Delivery URLs: `GET /{cloud}/{resource_type}/upload/[v{version}/]{public_id}.{format}`, with
//! a deleted asset still served for the configured CDN cache time.

use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};

use crate::{media, reply::error, state::Shared};

pub(crate) async fn deliver(
    State(emu): State<Shared>,
    Path((cloud, resource_type, path)): Path<(String, String, String)>,
) -> Response {
    // `v123/folder/id.ext`: the version segment is optional.
    let path = match path.split_once('/') {
        Some((v, rest))
            if v.len() > 1 && v.starts_with('v') && v[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest
        }
        _ => path.as_str(),
    };
    let inner = emu.lock();
    let now = emu.now_ms(&inner);
    let cache_ms = emu.config.cdn_cache_seconds * 1000;
    let found = inner.assets.values().find(|a| {
        a.cloud == cloud
            && a.resource_type == resource_type
            && (a.public_id == path
                || (!a.format.is_empty() && path == format!("{}.{}", a.public_id, a.format)))
    });
    match found {
        Some(a) if a.deleted_at_ms.is_none_or(|at| now < at + cache_ms) => (
            [(
                header::CONTENT_TYPE,
                media::content_type(&a.resource_type, &a.format),
            )],
            a.bytes.clone(),
        )
            .into_response(),
        _ => error(404, "Resource not found"),
    }
}
