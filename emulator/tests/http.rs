//! The emulator over real HTTP on 127.0.0.1: every documented rule and every configurable guess.

use std::sync::Arc;

mod common;

use cloudinary_emulator::{Config, Emulator, serve, sign};
use reqwest::{
    Client, Response,
    multipart::{Form, Part},
};
use serde_json::{Value, json};

use self::common::*;

async fn delete_form(base: &str, token: &str) -> Response {
    Client::new()
        .post(format!("{base}/v1_1/demo/delete_by_token"))
        .form(&[("token", token)])
        .send()
        .await
        .unwrap()
}

/// A `delete_by_token` of `token` as a page on another origin (`http://a.test`) sends it.
async fn delete_from_page(base: &str, token: &str) -> reqwest::Response {
    Client::new()
        .post(format!("{base}/v1_1/demo/delete_by_token"))
        .header("origin", "http://a.test")
        .form(&[("token", token)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn unsigned_upload_returns_cloudinary_fields_and_an_opaque_hex_token() {
    let base = start(Config::default()).await;
    let r = upload(&base, "undoable").await;
    for field in [
        "asset_id",
        "public_id",
        "version",
        "version_id",
        "signature",
        "format",
        "resource_type",
        "created_at",
        "tags",
        "bytes",
        "type",
        "etag",
        "placeholder",
        "url",
        "secure_url",
        "asset_folder",
        "display_name",
        "original_filename",
    ] {
        assert!(r.get(field).is_some(), "missing {field}");
    }
    assert_eq!(
        (r["width"].as_u64(), r["height"].as_u64()),
        (Some(16), Some(8))
    );
    assert_eq!(r["format"], "png");
    assert_eq!(r["original_filename"], "cat");
    let token = r["delete_token"].as_str().unwrap();
    assert_eq!(token.len(), 288);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(
        upload(&base, "no-token")
            .await
            .get("delete_token")
            .is_none()
    );
}

#[tokio::test]
async fn unsigned_rules_answer_with_cloudinary_texts() {
    let base = start(Config::default()).await;
    let post = |form: Form| post_multipart(&base, "demo/image/upload", form).send();

    let (status, msg, header) = error_of(
        post(png_form("undoable").text("return_delete_token", "1"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        msg,
        format!(
            "Return delete token parameter is not allowed when using unsigned upload. Only {WHITELIST} upload parameters are allowed."
        )
    );
    assert_eq!(header, msg);

    let form = Form::new()
        .text("transformation", "w_10")
        .part("file", Part::bytes(PNG).file_name("a.png"));
    let (_, msg, _) = error_of(post(form).await.unwrap()).await;
    assert!(msg.starts_with("Transformation parameter is not allowed"));
    assert!(msg.ends_with(", Upload preset must be specified when using unsigned upload"));

    assert_eq!(
        error_of(post(png_form("nope")).await.unwrap()).await.1,
        "Upload preset not found"
    );
    let (status, msg, _) = error_of(post(png_form("signed-only")).await.unwrap()).await;
    assert_eq!(
        (status, msg.as_str()),
        (
            400,
            "Upload preset must be whitelisted for unsigned uploads"
        )
    );

    let r = post_multipart(&base, "nocloud/image/upload", png_form("undoable"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(r).await,
        (
            401,
            "Invalid cloud_name nocloud".into(),
            "Invalid cloud_name nocloud".into()
        )
    );
}

#[tokio::test]
async fn signed_upload_may_ask_for_a_delete_token() {
    let base = start(Config::default()).await;
    let cfg = Config::default();
    let cloud = &cfg.clouds["demo"];
    let params = vec![
        ("timestamp".to_owned(), "1700000000".to_owned()),
        ("return_delete_token".to_owned(), "true".to_owned()),
    ];
    let signature = sign(&params, &cloud.api_secret);
    let form = Form::new()
        .text("timestamp", "1700000000")
        .text("return_delete_token", "true")
        .text("api_key", cloud.api_key.clone())
        .text("signature", signature)
        .part("file", Part::bytes(PNG).file_name("s.png"));
    let r: Value = json_of(post_multipart(&base, "demo/upload", form)).await;
    assert!(r["delete_token"].is_string(), "{r}");
    let bad = Form::new()
        .text("timestamp", "1")
        .text("api_key", cloud.api_key.clone())
        .text("signature", "0".repeat(40))
        .part("file", Part::bytes(PNG).file_name("s.png"));
    let r = post_multipart(&base, "demo/upload", bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

/// Builds a delete_by_token request for a token in one client's shape.
type Shape<'a> = Box<dyn Fn(&str) -> reqwest::RequestBuilder + 'a>;

#[tokio::test]
async fn delete_by_token_accepts_every_client_shape_once() {
    let base = start(Config::default()).await;
    let client = Client::new();
    let url = format!("{base}/v1_1/demo/delete_by_token");
    // curl --data / jQuery (form), Java/Kotlin (multipart), widget v2 (JSON), iOS (form + signature fields).
    let shapes: Vec<Shape> = vec![
        Box::new(|t: &str| {
            client
                .post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("token={t}"))
        }),
        Box::new(|t: &str| {
            client
                .post(&url)
                .multipart(Form::new().text("token", t.to_owned()))
        }),
        Box::new(|t: &str| client.post(&url).json(&json!({ "token": t }))),
        Box::new(|t: &str| {
            client.post(&url).form(&[
                ("token", t),
                ("api_key", "1"),
                ("timestamp", "2"),
                ("signature", "3"),
            ])
        }),
    ];
    for send in shapes {
        let token = token(&base).await;
        let r = send(&token).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().await.unwrap(), json!({ "result": "ok" }));
        let (status, msg, _) = error_of(send(&token).send().await.unwrap()).await;
        assert_eq!((status, msg.as_str()), (400, "Invalid token"));
    }
    let tokens: Vec<Value> = client
        .get(format!("{base}/__emulator/tokens"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        tokens
            .iter()
            .all(|t| t["deleted"] == true && t["requests_after_success"] == 1)
    );
}

#[tokio::test]
async fn missing_unknown_and_expired_tokens_fail() {
    let base = start(Config::default()).await;
    assert_eq!(
        error_of(delete_form(&base, "").await).await.1,
        "Missing required parameter - token"
    );
    assert_eq!(
        error_of(delete_form(&base, "deadbeef").await).await.1,
        "Invalid token"
    );
    let token = token(&base).await;
    advance(&base, 601).await; // asserts 200
    assert_eq!(
        error_of(delete_form(&base, &token).await).await.1,
        "Stale delete token"
    );
}

#[tokio::test]
async fn a_token_is_valid_at_nine_minutes() {
    let base = start(Config::default()).await;
    let token = token(&base).await;
    advance(&base, 540).await;
    assert_eq!(delete_form(&base, &token).await.status(), 200);
}

#[tokio::test]
async fn configured_guesses_change_the_answers() {
    let config = Config::from_toml("token_ttl_seconds = 60\n[delete_errors.expired]\nstatus = 410\nmessage = \"Token expired\"\n").unwrap();
    let base = start(config).await;
    let token = token(&base).await;
    advance(&base, 61).await;
    let (status, msg, _) = error_of(delete_form(&base, &token).await).await;
    assert_eq!((status, msg.as_str()), (410, "Token expired"));
}

#[tokio::test]
async fn cors_echoes_origin_allows_documented_headers_and_never_authorization() {
    let base = start(Config::default()).await;
    let r = Client::new()
        .request(
            reqwest::Method::OPTIONS,
            format!("{base}/v1_1/demo/delete_by_token"),
        )
        .header("origin", "http://127.0.0.1:8080")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .unwrap();
    let h = r.headers();
    assert_eq!(h["access-control-allow-origin"], "http://127.0.0.1:8080");
    let allowed = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for header in [
        "x-requested-with",
        "content-type",
        "content-range",
        "x-unique-upload-id",
    ] {
        assert!(allowed.contains(header), "{header}");
    }
    assert!(!allowed.contains("authorization"));
    assert!(!h.contains_key("access-control-allow-credentials"));
    let r = delete_from_page(&base, "x").await;
    assert_eq!(r.headers()["access-control-allow-origin"], "http://a.test");
    assert!(!r.headers().contains_key("access-control-expose-headers"));
}

#[tokio::test]
async fn delivery_serves_bytes_until_deleted() {
    let base = start(Config::default()).await;
    let r = upload(&base, "undoable").await;
    let url = r["secure_url"].as_str().unwrap();
    let got = Client::new().get(url).send().await.unwrap();
    assert_eq!(got.headers()["content-type"], "image/png");
    assert_eq!(got.bytes().await.unwrap().as_ref(), PNG);
    delete_form(&base, r["delete_token"].as_str().unwrap()).await;
    assert_eq!(Client::new().get(url).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn json_upload_with_a_data_uri_and_request_log() {
    let base = start(Config::default()).await;
    use base64::Engine as _;
    let data = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(PNG)
    );
    let r: Value = json_of(Client::new()
        .post(format!("{base}/v1_1/demo/auto/upload"))
        .json(&json!({ "file": data, "upload_preset": "undoable", "public_id": "from-json", "folder": "f" }))).await;
    assert_eq!(r["public_id"], "f/from-json");
    assert_eq!(r["resource_type"], "image");
    let again: Value = json_of(Client::new()
        .post(format!("{base}/v1_1/demo/auto/upload"))
        .json(&json!({ "file": data, "upload_preset": "undoable", "public_id": "from-json", "folder": "f" }))).await;
    assert_eq!(again["existing"], true);
    let log: Vec<Value> = json_of(Client::new().get(format!("{base}/__emulator/requests"))).await;
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[0]["path"], "/v1_1/demo/auto/upload");
}

#[tokio::test]
async fn faults_are_injected_per_route() {
    let base = start(Config::default()).await;
    let set = |f: Value| {
        Client::new()
            .post(format!("{base}/__emulator/faults"))
            .json(&f)
            .send()
    };
    set(json!({ "error_rate": 1.0, "error_status": 503, "routes": ["delete_by_token"] }))
        .await
        .unwrap();
    let token = token(&base).await;
    assert_eq!(delete_form(&base, &token).await.status(), 503);
    set(json!({ "rate_limit_rate": 1.0, "retry_after_seconds": 3 }))
        .await
        .unwrap();
    let r = delete_form(&base, &token).await;
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["retry-after"].to_str().unwrap()
        ),
        (420, "3")
    );
    set(json!({ "drop_rate": 1.0 })).await.unwrap();
    let sent = Client::new()
        .post(format!("{base}/v1_1/demo/delete_by_token"))
        .form(&[("token", &token)])
        .send()
        .await;
    let cut = match sent {
        Ok(reply) => reply.text().await.is_err(),
        Err(_) => true,
    };
    assert!(cut, "the connection should be cut");
    set(json!({})).await.unwrap();
    // Faulted requests were not processed: the token still works once.
    assert_eq!(delete_form(&base, &token).await.status(), 200);
}

async fn send_chunk(base: &str, id: &str, range: &str, bytes: Vec<u8>) -> Value {
    let form = Form::new()
        .text("upload_preset", "undoable")
        .part("file", Part::bytes(bytes).file_name("big.bin"));
    let r = post_multipart(base, "demo/raw/upload", form)
        .header("x-unique-upload-id", id)
        .header("content-range", range)
        .send()
        .await
        .unwrap();
    r.json().await.unwrap()
}

#[tokio::test]
async fn chunked_upload_assembles_chunks_sent_in_any_order() {
    let base = start(Config::from_toml("min_chunk_bytes = 4").unwrap()).await;
    let file: Vec<u8> = (0..10u8).collect();
    // Last chunk first (with the real total), then the others with total -1.
    assert_eq!(
        send_chunk(&base, "u1", "bytes 8-9/10", file[8..].to_vec()).await,
        json!({ "done": false, "bytes": 2 })
    );
    assert_eq!(
        send_chunk(&base, "u1", "bytes 0-3/-1", file[..4].to_vec()).await,
        json!({ "done": false, "bytes": 6 })
    );
    let last = send_chunk(&base, "u1", "bytes 4-7/-1", file[4..8].to_vec()).await;
    assert_eq!(last["done"], true);
    assert_eq!(last["bytes"], 10);
    assert!(last["delete_token"].is_string());
    let stored = Client::new()
        .get(last["secure_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(stored.as_ref(), file.as_slice());
}

#[tokio::test]
async fn small_non_final_chunks_and_bad_ranges_are_refused() {
    let base = start(Config::default()).await;
    let r = send_chunk(&base, "u2", "bytes 0-2/-1", vec![1, 2, 3]).await;
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Chunk size must be at least 5242880 bytes")
    );
    let r = send_chunk(&base, "u2", "bytes 0-9/3", vec![1, 2, 3]).await;
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Invalid Content-Range")
    );
    // blueimp sends X-Unique-Upload-Id on every upload: without Content-Range it is a whole file.
    let form = Form::new()
        .text("upload_preset", "undoable")
        .part("file", Part::bytes(PNG).file_name("a.png"));
    let r: Value =
        json_of(post_multipart(&base, "demo/auto/upload", form).header("x-unique-upload-id", "x"))
            .await;
    assert_eq!(r["format"], "png");
}

#[tokio::test]
async fn remote_file_urls_are_fetched_from_loopback_only() {
    let base = start(Config::default()).await;
    let first = upload(&base, "undoable").await;
    let url = first["secure_url"].as_str().unwrap();
    let post = |file: &str| {
        Client::new()
            .post(format!("{base}/v1_1/demo/image/upload"))
            .form(&[("file", file), ("upload_preset", "undoable")])
            .send()
    };
    let copy: Value = post(url).await.unwrap().json().await.unwrap();
    assert_eq!(copy["bytes"], PNG.len());
    assert_eq!(
        (copy["width"].as_u64(), copy["height"].as_u64()),
        (Some(16), Some(8))
    );
    let (status, msg, _) = error_of(post("http://example.com/cat.png").await.unwrap()).await;
    assert_eq!(status, 400);
    assert!(msg.contains("loopback"), "{msg}");
    let missing = format!("{base}/demo/image/upload/nothing.png");
    assert!(
        error_of(post(&missing).await.unwrap())
            .await
            .1
            .contains("404")
    );
}

#[tokio::test]
async fn cdn_cache_keeps_delivering_for_the_configured_time() {
    let base = start(Config::from_toml("cdn_cache_seconds = 60").unwrap()).await;
    let r = upload(&base, "undoable").await;
    let url = r["secure_url"].as_str().unwrap().to_owned();
    assert_eq!(
        delete_form(&base, r["delete_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
    assert_eq!(Client::new().get(&url).send().await.unwrap().status(), 200);
    advance(&base, 61).await;
    assert_eq!(Client::new().get(&url).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn cors_headers_can_be_dropped_on_server_errors() {
    let base = start(Config::from_toml("drop_cors_on_5xx = true").unwrap()).await;
    Client::new()
        .post(format!("{base}/__emulator/faults"))
        .json(&json!({ "error_rate": 1.0, "error_status": 502 }))
        .send()
        .await
        .unwrap();
    let r = delete_from_page(&base, "x").await;
    assert_eq!(r.status(), 502);
    assert!(!r.headers().contains_key("access-control-allow-origin"));
}

async fn fault_pattern(seed: u64) -> Vec<u16> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(
        listener,
        Arc::new(Emulator::new(Config::default(), seed)),
    ));
    Client::new()
        .post(format!("{base}/__emulator/faults"))
        .json(&json!({ "error_rate": 0.5, "routes": ["delete_by_token"] }))
        .send()
        .await
        .unwrap();
    let mut statuses = Vec::new();
    for _ in 0..24 {
        statuses.push(delete_form(&base, "x").await.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn faults_are_reproducible_for_a_seed() {
    let a = fault_pattern(42).await;
    assert_eq!(a, fault_pattern(42).await);
    assert!(a.contains(&500) && a.contains(&400), "{a:?}");
    assert_ne!(a, fault_pattern(43).await);
}

#[tokio::test]
async fn the_binary_takes_its_flags_and_announces_its_address_first() {
    use tokio::io::AsyncBufReadExt;
    let dir = std::env::temp_dir().join(format!("emu-config-{}", std::process::id()));
    std::fs::write(&dir, "[clouds.other]\napi_key = \"1\"\napi_secret = \"s\"\n[clouds.other.presets.p]\nunsigned = true\nreturn_delete_token = true\n").unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cloudinary-emulator"))
        .args(["--listen", "127.0.0.1:0", "--seed", "9", "--config"])
        .arg(&dir)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next_line().await.unwrap().unwrap();
    let base = first.strip_prefix("listening on ").unwrap().to_owned();
    let r: Value = json_of(post_multipart(&base, "other/image/upload", png_form("p"))).await;
    assert!(r["delete_token"].is_string());
    child.kill().await.unwrap();
    let _ = std::fs::remove_file(dir);
}

#[tokio::test]
async fn uploads_larger_than_axums_default_limit_are_accepted() {
    let base = start(Config::default()).await;
    let mut big = PNG.to_vec();
    big.resize(6 * 1024 * 1024, 0);
    let form = Form::new()
        .text("upload_preset", "undoable")
        .part("file", Part::bytes(big).file_name("big.png"));
    let r: Value = json_of(post_multipart(&base, "demo/image/upload", form)).await;
    assert_eq!(r["bytes"], 6 * 1024 * 1024);
}

#[tokio::test]
async fn multipart_boundaries_keep_their_case() {
    let base = start(Config::default()).await;
    let body = "------WebKitFormBoundaryAbCdEf\r\nContent-Disposition: form-data; name=\"upload_preset\"\r\n\r\nundoable\r\n------WebKitFormBoundaryAbCdEf\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n------WebKitFormBoundaryAbCdEf--\r\n";
    let r: Value = json_of(
        Client::new()
            .post(format!("{base}/v1_1/demo/raw/upload"))
            .header(
                "content-type",
                "multipart/form-data; boundary=----WebKitFormBoundaryAbCdEf",
            )
            .body(body),
    )
    .await;
    assert_eq!(
        (r["bytes"].as_u64(), r["format"].as_str()),
        (Some(5), Some("txt")),
        "{r}"
    );
}
