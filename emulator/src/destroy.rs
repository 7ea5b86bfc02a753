//! `POST /v1_1/{cloud}/{image|video|raw}/destroy`: the signed delete, which works at any time,
//! as Cloudinary documents it. Parameters (form, multipart or JSON): `public_id`, `type`
//! (default `upload`), `invalidate`, `timestamp`, `api_key`, `signature`. The signature is the
//! one signed uploads use; a timestamp more than an hour old is refused. `{"result":"ok"}`, or
//! `{"result":"not found"}` (200) for an asset that does not exist (or is already gone).

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};

use crate::{
    config::Cloud,
    params::{self, Params},
    reply::{Outcome, error, json_body},
    sign::{sign, string_to_sign},
    state::{Emulator, Shared},
    upload::utc,
};

/// How old a signed request's `timestamp` may be (Cloudinary: "valid for 1 hour").
const MAX_AGE_SECS: u64 = 3_600;

pub(crate) async fn destroy(
    State(emu): State<Shared>,
    Path((cloud_name, resource_type)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(cloud) = emu.config.clouds.get(&cloud_name) else {
        return error(401, &format!("Invalid cloud_name {cloud_name}"));
    };
    if !["image", "video", "raw"].contains(&resource_type.as_str()) {
        return error(404, "Resource not found");
    }
    let params = match params::parse(&headers, body).await {
        Ok(p) => p,
        Err(e) => return error(400, &e),
    };
    if let Err((status, message)) = authenticate(&emu, cloud, &params) {
        return error(status, &message);
    }
    let Some(public_id) = params.get("public_id").filter(|p| !p.is_empty()) else {
        return error(400, "Missing required parameter - public_id");
    };
    let mut inner = emu.lock();
    let now = emu.now_ms(&inner);
    let key = (cloud_name.clone(), public_id.to_owned());
    let found = inner.assets.get_mut(&key).filter(|a| {
        a.resource_type == resource_type
            && a.deleted_at_ms.is_none()
            && params.get("type").unwrap_or("upload") == "upload"
    });
    let Some(asset) = found else {
        return json_body(&Outcome {
            result: "not found",
        });
    };
    asset.deleted_at_ms = Some(now);
    asset.invalidated = matches!(params.get("invalidate"), Some("true" | "1"));
    json_body(&Outcome { result: "ok" })
}

/// Cloudinary's checks of a signed request, in its order: a signature, the cloud's API key, a
/// timestamp no older than an hour, then the signature itself.
fn authenticate(emu: &Emulator, cloud: &Cloud, params: &Params) -> Result<(), (u16, String)> {
    let status = emu.config.destroy_auth_status;
    let Some(signature) = params.get("signature") else {
        return Err((400, "Missing required parameter - signature".into()));
    };
    if params.get("api_key") != Some(cloud.api_key.as_str()) {
        let key = params.get("api_key").unwrap_or("");
        return Err((status, format!("Unknown API key {key}")));
    }
    let Some(timestamp) = params.get("timestamp") else {
        return Err((400, "Missing required parameter - timestamp".into()));
    };
    let Ok(timestamp) = timestamp.trim().parse::<u64>() else {
        return Err((400, format!("Invalid timestamp {timestamp}")));
    };
    let now = emu.now_ms(&emu.lock()) / 1000;
    if now.saturating_sub(timestamp) > MAX_AGE_SECS {
        return Err((
            status,
            format!(
                "Stale request - reported time is {} which is more than 1 hour ago",
                utc(timestamp)
            ),
        ));
    }
    if sign(&params.fields, &cloud.api_secret) != signature {
        let signed = string_to_sign(&params.fields);
        return Err((
            status,
            format!("Invalid Signature {signature}. String to sign - '{signed}'."),
        ));
    }
    Ok(())
}
