//! A stored series and its encoding in the database.

use serde::{Deserialize, Serialize};

/// One named series of a job, as stored: at most [`SERIES_CAP`](jobdeck_engine::SERIES_CAP)
/// points, min/max-decimated past it like the engine's own store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct StoredSeries {
    /// The series' name as the engine gave it, e.g. `"loss"`, or
    /// [`DEFAULT_SERIES`](jobdeck_engine::DEFAULT_SERIES) for the data a job reports without
    /// one ([`UNNAMED_SERIES`](crate::UNNAMED_SERIES) in histories written before series had
    /// names).
    pub name: String,
    /// X values, in the order the job reported them.
    pub x: Vec<f64>,
    /// Y values, one per x.
    pub y: Vec<f64>,
    /// True when these are min/max buckets rather than every point the job reported (the
    /// engine decimated its batches, or the store reached its cap).
    pub decimated: bool,
}

/// `values` as the little-endian bytes of each f64, in order.
pub(crate) fn encode(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// The inverse of [`encode`]; a trailing partial value (never written) is ignored.
pub(crate) fn decode(bytes: &[u8]) -> Vec<f64> {
    bytes.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().expect("8 bytes"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips_every_value() {
        let values = [0.0, -0.0, 1.5, f64::MAX, f64::MIN_POSITIVE, f64::INFINITY, -1e-300];
        let back = decode(&encode(&values));
        assert_eq!(back.len(), values.len());
        assert!(values.iter().zip(&back).all(|(a, b)| a.to_bits() == b.to_bits()));
        assert!(decode(&encode(&[f64::NAN]))[0].is_nan());
    }
}
