//! The emulator's seeded generator: ids, tokens and fault draws repeat for a seed. A leaf, so
//! that what draws from it (the state, the faults) need not know each other to share it.

/// xorshift64*: small, seeded, good enough for ids and fault draws.
#[derive(Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator for `seed` (0, which xorshift cannot leave, counts as 1).
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// The next 64 random bits.
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// `len` lower-case hex digits.
    pub(crate) fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b"0123456789abcdef"[(self.next() % 16) as usize]))
            .collect()
    }

    /// A public id as Cloudinary makes one: 20 lower-case letters and digits.
    pub(crate) fn public_id(&mut self) -> String {
        (0..20)
            .map(|_| {
                char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[(self.next() % 36) as usize])
            })
            .collect()
    }
}
