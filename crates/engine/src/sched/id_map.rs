//! The job table's map: [`JobId`] keys hashed by their own random bits.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::JobId;

/// Hashes a [`JobId`] by its random bits: v4 UUIDs are already uniformly random, so
/// SipHash would only cost time. (Ids come from the engine, so there is nothing to attack.)
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(word);
        }
    }
}

/// A map keyed by job id, hashed with [`IdHasher`].
pub(crate) type IdMap<V> = HashMap<JobId, V, BuildHasherDefault<IdHasher>>;
