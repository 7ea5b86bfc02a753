//! The page's signer (`signDestroy`) as the simulation plays it: the page's own server signs
//! the parameters it is given with the secret that only it and the simulated Cloudinary know.
//! Per call it may answer well, throw, answer something of the wrong shape, sign with a stale
//! timestamp, or sign wrongly, and it may be slow. The signature is a toy (FNV over
//! Cloudinary's string to sign): what matters is that only the right parameters, timestamp
//! and secret give the one Cloudinary checks.

use cloudinary_delete_token::{Error, destroy::ParamsToSign, destroy::Signed};
use fastrand::Rng;

use crate::knobs;

/// The cloud's API key, public.
pub const API_KEY: &str = "614335564976464";
/// Known to the page's server and to Cloudinary, never to the client.
const SECRET: &str = "sim-api-secret";

/// How one call of the signer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    Good,
    Throws,
    WrongShape,
    /// A good signature over a timestamp two hours old: Cloudinary refuses it as stale.
    Stale,
    /// The right shape, the wrong signature: Cloudinary refuses it.
    BadSignature,
}

impl Behaviour {
    /// Draws one call's behaviour.
    pub fn draw(rng: &mut Rng, k: &knobs::Signer) -> Self {
        let r = rng.f64();
        let mut edge = 0.0;
        for (share, b) in [
            (k.throws, Self::Throws),
            (k.wrong_shape, Self::WrongShape),
            (k.stale, Self::Stale),
            (k.bad_signature, Self::BadSignature),
        ] {
            edge += share;
            if r < edge {
                return b;
            }
        }
        Self::Good
    }
}

/// The fields the page's signer is given, as its JSON object has them.
pub fn fields(params: &ParamsToSign) -> Vec<(String, String)> {
    let mut out = vec![("public_id".to_owned(), params.public_id.clone())];
    out.extend(
        params
            .invalidate
            .clone()
            .map(|v| ("invalidate".to_owned(), v)),
    );
    out.extend(params.delivery_type.clone().map(|v| ("type".to_owned(), v)));
    out
}

/// The signer's answer at wall time `wall_secs` (Unix seconds), as the glue hands it over.
pub fn answer(b: Behaviour, params: &ParamsToSign, wall_secs: u64) -> Result<Signed, Error> {
    let signed = |timestamp: u64| {
        let mut f = fields(params);
        f.push(("timestamp".into(), timestamp.to_string()));
        Signed {
            signature: sign(&f),
            api_key: API_KEY.into(),
            timestamp,
        }
    };
    match b {
        Behaviour::Good => Ok(signed(wall_secs)),
        Behaviour::Throws => Err(Error::Signer("signer: HTTP 503".into())),
        // Half: what the glue's reader refuses; half: a shape `Signed::check` refuses.
        Behaviour::WrongShape if wall_secs % 2 == 0 => Err(Error::Signer(
            "signDestroy must resolve to { signature, apiKey, timestamp }".into(),
        )),
        Behaviour::WrongShape => Ok(Signed {
            signature: "not a signature".into(),
            ..signed(wall_secs * 1_000)
        }),
        Behaviour::Stale => Ok(signed(wall_secs.saturating_sub(7_200))),
        Behaviour::BadSignature => Ok(Signed {
            signature: "0".repeat(40),
            ..signed(wall_secs)
        }),
    }
}

/// Cloudinary's rule: parameters sorted by name, `k=v` joined by `&`, the secret appended,
/// hashed; 40 hex digits like SHA-1's.
pub fn sign(fields: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = fields.iter().collect();
    sorted.sort();
    let text: Vec<String> = sorted.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let text = format!("{}{SECRET}", text.join("&"));
    let fnv = |basis: u64| {
        text.bytes().fold(basis, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let (a, b, c) = (
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x8422_2325_cbf2_9ce4),
        fnv(0x1234_5678_9abc_def0),
    );
    format!("{a:016x}{b:016x}{:08x}", c >> 32)
}
