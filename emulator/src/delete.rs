//! `POST /v1_1/{cloud}/delete_by_token`.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};

use crate::{
    params,
    reply::{Outcome, error, json_body},
    state::Shared,
};

pub(crate) async fn delete_by_token(
    State(emu): State<Shared>,
    Path(cloud): Path<String>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !emu.config.clouds.contains_key(&cloud) {
        return error(401, &format!("Invalid cloud_name {cloud}"));
    }
    let mut params = match params::parse(&headers, body).await {
        Ok(p) => p,
        Err(e) => return error(400, &e),
    };
    if emu.config.accept_query_token {
        params
            .fields
            .extend(params::form_pairs(uri.query().unwrap_or("").as_bytes()));
    }
    let errors = &emu.config.delete_errors;
    let Some(token) = params
        .get("token")
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
    else {
        return error(errors.missing.status, &errors.missing.message);
    };
    let mut inner = emu.lock();
    let now = emu.now_ms(&inner);
    let ttl_ms = emu.config.token_ttl_seconds * 1000;
    let Some(record) = inner.tokens.get_mut(&token).filter(|r| r.cloud == cloud) else {
        return error(errors.unknown.status, &errors.unknown.message);
    };
    if record.deleted {
        record.requests_after_success += 1;
        return error(errors.reused.status, &errors.reused.message);
    }
    if now.saturating_sub(record.issued_ms) >= ttl_ms {
        return error(errors.expired.status, &errors.expired.message);
    }
    record.deleted = true;
    let key = (record.cloud.clone(), record.public_id.clone());
    if let Some(asset) = inner.assets.get_mut(&key) {
        asset.deleted_at_ms.get_or_insert(now);
    }
    json_body(&Outcome { result: "ok" })
}
