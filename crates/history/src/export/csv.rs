//! A job's series as CSV: one column per series, rows aligned by x.
//!
//! ```text
//! x,accuracy,loss
//! 0,,2.31
//! 1,0.12,1.97
//! ```
//!
//! The first column is `x`; then one column per series: the default one
//! ([`DEFAULT_SERIES`], or the unnamed one of older histories) first, headed `y`, then the
//! others sorted by name. Rows are the x values of all series in ascending order; a cell is empty
//! where that series has no point at that x (decimation keeps different x's per series).
//! A series with the same x several times fills as many rows, in its order. Numbers are
//! written in the shortest form that reads back to the same f64 (`NaN`, `inf`, `-inf`
//! for the non-finite); text cells are quoted as RFC 4180 says when needed.
//!
//! Wide rather than long (`series,x,y`) because it is what the issue asks for and what a
//! spreadsheet plots directly; pandas reads the empty cells as NaN.

use std::io::{self, Write};

use jobdeck_engine::DEFAULT_SERIES;

use crate::{StoredSeries, UNNAMED_SERIES};

/// The header used for the default (or, in older histories, unnamed) series.
const UNNAMED_HEADER: &str = "y";

/// True for the series a job reports without naming one.
fn is_default(name: &str) -> bool {
    name == DEFAULT_SERIES || name == UNNAMED_SERIES
}

pub(crate) fn write_csv(series: &[StoredSeries], out: &mut impl Write) -> io::Result<()> {
    let mut sorted: Vec<&StoredSeries> = series.iter().collect();
    // The default series first (the `y` column), then the named ones by name.
    sorted.sort_by(|a, b| (!is_default(&a.name), &a.name).cmp(&(!is_default(&b.name), &b.name)));
    write!(out, "x")?;
    for s in &sorted {
        let name = if is_default(&s.name) { UNNAMED_HEADER } else { &s.name };
        write!(out, ",{}", quoted(name))?;
    }
    writeln!(out)?;
    // Each series' points in ascending x (stable: equal x keep their order).
    let points: Vec<Vec<(f64, f64)>> = sorted
        .iter()
        .map(|s| {
            let mut p: Vec<(f64, f64)> = s.x.iter().copied().zip(s.y.iter().copied()).collect();
            p.sort_by(|a, b| a.0.total_cmp(&b.0));
            p
        })
        .collect();
    let mut next = vec![0usize; points.len()];
    loop {
        let x = points
            .iter()
            .zip(&next)
            .filter_map(|(p, &i)| p.get(i).map(|pt| pt.0))
            .min_by(|a, b| a.total_cmp(b));
        let Some(x) = x else { break };
        write!(out, "{}", number(x))?;
        for (p, i) in points.iter().zip(next.iter_mut()) {
            match p.get(*i) {
                Some(&(px, py)) if px.total_cmp(&x).is_eq() => {
                    write!(out, ",{}", number(py))?;
                    *i += 1;
                }
                _ => write!(out, ",")?,
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The shortest text that parses back to `v`, with an exponent only for very large or
/// very small magnitudes.
fn number(v: f64) -> String {
    if v.is_finite() && v != 0.0 && !(1e-5..1e16).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// `text` as one CSV cell.
fn quoted(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(name: &str, x: &[f64], y: &[f64]) -> StoredSeries {
        StoredSeries { name: name.into(), x: x.to_vec(), y: y.to_vec(), decimated: false }
    }

    fn csv(series: &[StoredSeries]) -> String {
        let mut out = Vec::new();
        write_csv(series, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_series_is_two_columns() {
        assert_eq!(csv(&[s("", &[0.0, 1.0, 2.0], &[0.5, -1.25, 3e20])]), "x,y\n0,0.5\n1,-1.25\n2,3e20\n");
    }

    #[test]
    fn the_default_series_is_the_y_column_first() {
        let out = csv(&[s("accuracy", &[0.0], &[0.5]), s(DEFAULT_SERIES, &[0.0, 1.0], &[7.0, 8.0])]);
        assert_eq!(out, "x,y,accuracy\n0,7,0.5\n1,8,\n");
    }

    #[test]
    fn named_series_align_by_x_with_gaps() {
        let out =
            csv(&[s("loss", &[0.0, 1.0, 2.0], &[2.5, 2.0, 1.5]), s("acc, top-1", &[1.0, 3.0], &[0.1, 0.3])]);
        assert_eq!(out, "x,\"acc, top-1\",loss\n0,,2.5\n1,0.1,2\n2,,1.5\n3,0.3,\n");
    }

    #[test]
    fn repeated_x_and_unsorted_points() {
        let out = csv(&[s("a", &[2.0, 1.0, 1.0], &[20.0, 10.0, 11.0]), s("b", &[1.0], &[f64::NAN])]);
        assert_eq!(out, "x,a,b\n1,10,NaN\n1,11,\n2,20,\n");
    }

    #[test]
    fn numbers_read_back_exactly() {
        for v in [0.1, 1.0 / 3.0, 1e-300, 123456789.125, -2.5e-7, 1e16] {
            assert_eq!(number(v).parse::<f64>().unwrap(), v, "{}", number(v));
        }
    }
}
