//! `cloudinary-emulator [--listen ADDR] [--config FILE] [--seed N]`: serves the emulator and
//! prints `listening on http://ADDR` as its first line.

use std::sync::Arc;

use cloudinary_emulator::{Config, Emulator, serve};

fn usage() -> ! {
    eprintln!(
        "usage: cloudinary-emulator [--listen ADDR (default 127.0.0.1:8787)] [--config FILE.toml] [--seed N]"
    );
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let mut listen = "127.0.0.1:8787".to_owned();
    let mut config = Config::default();
    let mut seed = 0x5eed_u64;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--listen" => listen = value,
            "--seed" => seed = value.parse().unwrap_or_else(|_| usage()),
            "--config" => {
                let text = std::fs::read_to_string(&value).unwrap_or_else(|e| {
                    eprintln!("cannot read {value}: {e}");
                    std::process::exit(2)
                });
                config = Config::from_toml(&text).unwrap_or_else(|e| {
                    eprintln!("invalid config {value}: {e}");
                    std::process::exit(2)
                });
            }
            _ => usage(),
        }
    }
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .unwrap_or_else(|e| {
            eprintln!("cannot listen on {listen}: {e}");
            std::process::exit(1)
        });
    let addr = listener.local_addr().map_or(listen, |a| a.to_string());
    println!("listening on http://{addr}");
    if let Err(e) = serve(listener, Arc::new(Emulator::new(config, seed))).await {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
}
