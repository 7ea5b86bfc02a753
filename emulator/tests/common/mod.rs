//! Helpers the emulator's HTTP tests share: a server on a free loopback port, uploads, the
//! clock, and Cloudinary's error answer read apart.
#![allow(dead_code)] // each test file uses its own subset

use std::sync::Arc;

use cloudinary_emulator::{Config, Emulator, serve};
use reqwest::{
    Client, Response,
    multipart::{Form, Part},
};
use serde_json::Value;

pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x08\x08\x02\0\0\0";
pub const WHITELIST: &str = "upload_preset,callback,public_id,folder,asset_folder,tags,context,metadata,face_coordinates,custom_coordinates,source,filename_override,manifest_transformation,manifest_json,template,template_vars,regions,public_id_prefix";

/// Sends `request` and reads the JSON answer.
pub async fn json_of<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder) -> T {
    request.send().await.unwrap().json().await.unwrap()
}

pub async fn start(config: Config) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(serve(listener, Arc::new(Emulator::new(config, 7))));
    base
}

/// A multipart POST to `{base}/v1_1/{path}`, as the official clients send uploads.
pub fn post_multipart(base: &str, path: &str, form: Form) -> reqwest::RequestBuilder {
    Client::new()
        .post(format!("{base}/v1_1/{path}"))
        .multipart(form)
}

pub fn png_form(preset: &str) -> Form {
    Form::new()
        .text("upload_preset", preset.to_owned())
        .part("file", Part::bytes(PNG).file_name("cat.png"))
}

pub async fn upload(base: &str, preset: &str) -> Value {
    let r = post_multipart(base, "demo/image/upload", png_form(preset))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// A fresh upload's delete token.
pub async fn token(base: &str) -> String {
    upload(base, "undoable").await["delete_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Moves the emulator's clock forward.
pub async fn advance(base: &str, seconds: u64) {
    let r = Client::new()
        .post(format!("{base}/__emulator/clock/advance?seconds={seconds}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

/// An error answer's status, `error.message` and `X-Cld-Error`.
pub async fn error_of(r: Response) -> (u16, String, String) {
    let status = r.status().as_u16();
    let header = r
        .headers()
        .get("x-cld-error")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(r.headers().contains_key("x-request-id"));
    let body: Value = r.json().await.unwrap();
    (
        status,
        body["error"]["message"].as_str().unwrap().to_owned(),
        header,
    )
}
