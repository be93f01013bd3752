//! tqdm's bar, as Debian's `python3-tqdm` (4.64) writes it to a pipe:
//!
//! ```text
//! epoch 1:  45%|████▌     | 45/100 [00:01<00:02, 40.00it/s, loss=0.25]
//! download:  28%|██▊       | 1.10M/4.00M [00:00<00:00, 10.6MB/s]
//! 30it [00:00, 97.73it/s]                       (no total: a count)
//! ```
//!
//! Read from the right: the bracket must start with an elapsed time (`00:01`), which is what
//! tells a tqdm line from any line ending in `]`. Before it, `n/total` (or `n<unit>` without a
//! total) gives the progress; inside it, the rate (`40.00it/s`, `10.6MB/s`, or `1.20s/it`,
//! inverted) becomes a point in series `rate`, and each numeric `key=value` of the postfix
//! (`set_postfix(loss=…)`) a point in series `key`.

use super::{leading_number, scaled_number, Event};

/// The series the bar's rate goes to (units per second).
pub(in crate::kind::builtin::command) const RATE_SERIES: &str = "rate";

/// Reads one line; true if it was a tqdm bar (its events went to `out`).
pub(in crate::kind::builtin::command) fn parse(line: &str, out: &mut impl FnMut(Event)) -> bool {
    let line = line.trim_end();
    let Some(inner_end) = line.len().checked_sub(1).filter(|_| line.ends_with(']')) else {
        return false;
    };
    let Some(open) = line[..inner_end].rfind('[') else { return false };
    let mut fields = line[open + 1..inner_end].split(", ").map(str::trim);
    if !fields.next().is_some_and(is_elapsed) {
        return false;
    }
    let Some(counts) = line[..open].trim_end().rsplit([' ', '|']).next() else { return false };
    let progress = match counts.split_once('/') {
        Some((n, total)) => scaled_number(n).map(|n| (n, scaled_number(total))),
        // No total: `30it`, `10.0Mit`.
        None => leading_number(counts).filter(|(_, unit)| !unit.is_empty()).map(|(n, _)| (n, None)),
    };
    let Some((done, total)) = progress else { return false };
    out(Event::Progress { done: done.round() as u64, total: total.map_or(0, |t| t.round() as u64) });
    if let Some(rate) = fields.next().and_then(rate) {
        out(Event::Point { series: RATE_SERIES.into(), value: rate });
    }
    for field in fields {
        if let Some((key, value)) = field.split_once('=') {
            if let Ok(value) = value.trim().parse::<f64>() {
                if value.is_finite() && !key.trim().is_empty() {
                    out(Event::Point { series: key.trim().into(), value });
                }
            }
        }
    }
    true
}

/// `00:01<00:02`, `00:00<?`, `1:02:03`: tqdm's elapsed[<remaining].
fn is_elapsed(field: &str) -> bool {
    let elapsed = field.split('<').next().unwrap_or("");
    elapsed.contains(':') && elapsed.bytes().all(|b| b.is_ascii_digit() || b == b':')
}

/// Units per second from `40.00it/s`, `10.6MB/s` or `1.20s/it`; `None` for `?it/s`.
fn rate(field: &str) -> Option<f64> {
    let (value, unit) = leading_number(field)?;
    if unit.ends_with("/s") {
        Some(value)
    } else if unit.starts_with("s/") && value > 0.0 {
        Some(1.0 / value)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(line: &str) -> Option<Vec<Event>> {
        let mut out = Vec::new();
        parse(line, &mut |e| out.push(e)).then_some(out)
    }

    fn progress(done: u64, total: u64) -> Event {
        Event::Progress { done, total }
    }

    fn point(series: &str, value: f64) -> Event {
        Event::Point { series: series.into(), value }
    }

    #[test]
    fn the_issue_example() {
        assert_eq!(
            events(" 45%|████▌     | 45/100 [00:01<00:02, 40.00it/s]").unwrap(),
            [progress(45, 100), point("rate", 40.0)]
        );
    }

    #[test]
    fn unit_scale_no_total_slow_and_postfix() {
        assert_eq!(
            events("download:  28%|██▊       | 1.10M/4.00M [00:00<00:00, 10.6MB/s]").unwrap(),
            [progress(1_100_000, 4_000_000), point("rate", 10.6e6)]
        );
        assert_eq!(events("30it [00:00, 97.73it/s]").unwrap(), [progress(30, 0), point("rate", 97.73)]);
        assert_eq!(events("  0%|          | 0/3 [00:00<?, ?it/s]").unwrap(), [progress(0, 3)]);
        let slow = events(" 33%|███▎      | 1/3 [00:01<00:02,  1.20s/it]").unwrap();
        assert_eq!(slow[0], progress(1, 3));
        let Event::Point { value, .. } = slow[1] else { panic!() };
        assert!((value - 1.0 / 1.2).abs() < 1e-9);
        assert_eq!(
            events("epoch 1:  10%|█         | 2/20 [00:00<00:00, 32.88it/s, loss=0.333, note=warm]").unwrap(),
            [progress(2, 20), point("rate", 32.88), point("loss", 0.333)]
        );
    }

    /// Every redraw in real captured output (Debian's tqdm to a pipe, made by
    /// tests/fixtures/tqdm-capture.py) parses, and the last one is the total.
    #[test]
    fn captured_fixtures() {
        let fixtures: [(&[u8], (u64, u64)); 5] = [
            (include_bytes!("../../../../../tests/fixtures/tqdm-total.txt"), (40, 40)),
            (include_bytes!("../../../../../tests/fixtures/tqdm-no-total.txt"), (30, 0)),
            (include_bytes!("../../../../../tests/fixtures/tqdm-unit-scale.txt"), (4_000_000, 4_000_000)),
            (include_bytes!("../../../../../tests/fixtures/tqdm-postfix.txt"), (20, 20)),
            (include_bytes!("../../../../../tests/fixtures/tqdm-slow.txt"), (3, 3)),
        ];
        for (bytes, last) in fixtures {
            let mut splitter = crate::kind::builtin::command::lines::LineSplitter::new(1 << 14);
            let mut bars = Vec::new();
            splitter.push(bytes, &mut |line, _| bars.push(String::from_utf8(line.to_vec()).unwrap()));
            splitter.finish(&mut |line, _| bars.push(String::from_utf8(line.to_vec()).unwrap()));
            assert!(bars.len() >= 3, "{bars:?}");
            let mut seen = Vec::new();
            for bar in &bars {
                let parsed = events(bar).unwrap_or_else(|| panic!("not parsed: {bar:?}"));
                seen.extend(parsed.into_iter().filter(|e| matches!(e, Event::Progress { .. })));
            }
            assert_eq!(seen.len(), bars.len());
            assert_eq!(seen.last(), Some(&progress(last.0, last.1)), "{bars:?}");
        }
    }

    #[test]
    fn other_lines_are_not_bars() {
        assert_eq!(events("see [the docs]"), None);
        assert_eq!(events("45/100 [done]"), None);
        assert_eq!(events("ok [12:00]"), None, "a time but no count");
        assert_eq!(events("plain 45%"), None);
        assert_eq!(events("]"), None);
    }
}
