//! Each area's share of a file's gzip size, by removal: what gzip -9n of the whole loses when the
//! area's bytes are cut out. An area's raw bytes say little of what it costs over the wire
//! (tables of zeros shrink to nothing, code that repeats its neighbours shrinks well), and a
//! removal also counts what the area's bytes did for the rest as a dictionary. Bytes that
//! several areas share cost each of them little alone, so the losses are scaled to add up to
//! the whole.

use std::{
    io::Write,
    ops::Range,
    process::{Command, Stdio},
};

/// The gzip size of `bytes` and each area's share of it, in bytes; `owners` gives each range of
/// `bytes` its area, an index below `areas`. Runs gzip once per area, on every core.
pub fn shares(
    bytes: &[u8],
    owners: &[(usize, Range<usize>)],
    areas: usize,
) -> Result<(u64, Vec<u64>), String> {
    let total = gzip_len(bytes)?;
    let without = |area: usize| -> Result<u64, String> {
        let mut rest = Vec::with_capacity(bytes.len());
        for (owner, range) in owners {
            if *owner != area {
                rest.extend_from_slice(&bytes[range.clone()]);
            }
        }
        gzip_len(&rest)
    };
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let losses: Vec<u64> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let without = &without;
                scope.spawn(move || -> Result<Vec<(usize, u64)>, String> {
                    let mine = (t..areas).step_by(threads);
                    mine.map(|a| Ok((a, total.saturating_sub(without(a)?))))
                        .collect()
                })
            })
            .collect();
        let mut losses = vec![0; areas];
        for worker in workers {
            let done = worker.join().map_err(|_| "a gzip thread panicked")??;
            for (a, loss) in done {
                losses[a] = loss;
            }
        }
        Ok::<_, String>(losses)
    })?;
    Ok((total, scaled(&losses, total)))
}

/// `parts` scaled to add up to `total` exactly (the rounding's remainder goes to the first
/// largest).
fn scaled(parts: &[u64], total: u64) -> Vec<u64> {
    let sum: u64 = parts.iter().sum();
    if sum == 0 {
        return vec![0; parts.len()];
    }
    let mut out: Vec<u64> = parts.iter().map(|&p| p * total / sum).collect();
    let short = total - out.iter().sum::<u64>();
    if let Some(largest) = (0..out.len()).max_by_key(|&i| (parts[i], std::cmp::Reverse(i))) {
        out[largest] += short;
    }
    out
}

/// `gzip -9n` size of `bytes`, as the size gate measures the packages.
pub fn gzip_len(bytes: &[u8]) -> Result<u64, String> {
    let mut gzip = Command::new("gzip")
        .arg("-9nc")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("gzip: {e}"))?;
    let mut stdin = gzip.stdin.take().ok_or("gzip: no stdin")?;
    // Written from another thread: gzip's output would fill its pipe before it read all input.
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(move || stdin.write_all(bytes));
        let out = gzip.wait_with_output();
        (writer.join(), out)
    });
    match written {
        (Ok(Ok(())), Ok(out)) if out.status.success() => Ok(out.stdout.len() as u64),
        (_, out) => Err(format!("gzip failed: {out:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_is_what_gzip_pays_not_the_raw_bytes() {
        // Area 0: 3,000 bytes of noise, which gzip cannot shrink. Area 1: ten times as many raw
        // bytes of one repeated line, which it shrinks to almost nothing. Area 2: 300 bytes of
        // other noise.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut noise = |n: usize| -> Vec<u8> {
            (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect()
        };
        let mut bytes = noise(3_000);
        bytes.extend_from_slice(&b"the same line, again and again\n".repeat(1_000)[..30_000]);
        bytes.extend_from_slice(&noise(300));
        let owners = [(0, 0..3_000), (1, 3_000..33_000), (2, 33_000..33_300)];
        let (total, shares) = shares(&bytes, &owners, 3).unwrap();
        assert_eq!(shares.iter().sum::<u64>(), total);
        assert!(total > 3_300 && total < 3_700, "{total}");
        // By raw bytes the line would take 90%; by gzip it takes less than a tenth.
        assert!(shares[1] * 10 < total, "{shares:?} of {total}");
        assert!(shares[0] > total * 8 / 10, "{shares:?} of {total}");
        assert!(
            shares[2] > total / 20 && shares[2] < total / 8,
            "{shares:?} of {total}"
        );
    }

    #[test]
    fn scaled_shares_add_up_to_the_whole() {
        assert_eq!(scaled(&[1, 1, 1], 100), [34, 33, 33]);
        assert_eq!(scaled(&[0, 0], 50), [0, 0]);
        assert_eq!(scaled(&[3, 0, 1], 8), [6, 0, 2]);
    }
}
