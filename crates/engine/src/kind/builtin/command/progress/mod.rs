//! Reading progress, status and data from a program's output: one parser per format, each in
//! its own file, each turning one line (or one OSC payload) into [`Event`]s.
//!
//! - [`tqdm`]: ` 45%|████▌     | 45/100 [00:01<00:02, 40.00it/s]` → 45 of 100, rate 40/s;
//! - [`osc`]: `ESC ] 9 ; 4 ; state ; percent` (ConEmu / Windows Terminal progress, emitted by
//!   systemd, newer cargo and nextest) → percent, indeterminate, error, cleared;
//! - [`teamcity`]: `##teamcity[progressMessage '…']` → status text,
//!   `##teamcity[buildStatisticValue key='loss' value='0.25']` → a point in series `loss`;
//! - [`percent`]: a bare `NN%` / `NN.N%` in a line.
//!
//! `auto` tries them all: OSC payloads always, and per line TeamCity first, then tqdm, then a
//! bare percent (a tqdm line has a percent too; the first that matches wins). `none` reads
//! nothing.

pub(super) mod osc;
pub(super) mod percent;
pub(super) mod teamcity;
pub(super) mod tqdm;

/// The `progress` parameter's values, in the order a form lists them.
pub(super) const FORMATS: &[&str] = &["auto", "tqdm", "osc", "teamcity", "percent", "none"];

/// Which parsers read a job's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Auto,
    Tqdm,
    Osc,
    Teamcity,
    Percent,
    None,
}

impl Format {
    /// The format named `name` (one of [`FORMATS`]).
    pub(super) fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "auto" => Format::Auto,
            "tqdm" => Format::Tqdm,
            "osc" => Format::Osc,
            "teamcity" => Format::Teamcity,
            "percent" => Format::Percent,
            "none" => Format::None,
            _ => return None,
        })
    }

    /// Whether OSC payloads are read.
    pub(super) fn reads_osc(self) -> bool {
        matches!(self, Format::Auto | Format::Osc)
    }

    /// The events in one line of output (escape sequences already stripped), to `out`.
    pub(super) fn line(self, text: &str, out: &mut impl FnMut(Event)) {
        let any = self == Format::Auto;
        if (any || self == Format::Teamcity) && teamcity::parse(text, out) {
            return;
        }
        if (any || self == Format::Tqdm) && tqdm::parse(text, out) {
            return;
        }
        if any || self == Format::Percent {
            percent::parse(text, out);
        }
    }

    /// The events in one OSC payload (what is between `ESC ]` and its terminator), to `out`.
    pub(super) fn osc(self, payload: &str, out: &mut impl FnMut(Event)) {
        if self.reads_osc() {
            osc::parse(payload, out);
        }
    }
}

/// What a parser read from the output.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Event {
    /// `done` units of `total` (`total` 0: a count without a known total).
    Progress { done: u64, total: u64 },
    /// A percentage, 0 to 100.
    Percent(f64),
    /// The program's own status text.
    Status(String),
    /// A value in a named series (its x is chosen by the job: seconds since start).
    Point { series: String, value: f64 },
    /// Busy, with no measure of how far.
    Indeterminate,
    /// The program reports an error state (OSC 9;4 state 2), with its percentage if any.
    Error(Option<f64>),
    /// The program took its progress display down (OSC 9;4 state 0).
    Cleared,
}

/// A number at the start of `text`, as tqdm's `format_sizeof` writes it with `unit_scale`
/// (`1.23k`, `45.0M`: a metric prefix scales it) or plain (`45`, `0.333`), and the rest of the
/// text (the unit). `None` when `text` does not start with a digit.
fn leading_number(text: &str) -> Option<(f64, &str)> {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let value: f64 = text[..end].parse().ok()?;
    let rest = &text[end..];
    // tqdm's prefixes, powers of 1000 (or 1024 with a unit_divisor, which the bar does not
    // show, so 1000 it is). A unit that starts with one of these letters is misread.
    match rest.chars().next().and_then(|c| "kMGTPEZY".find(c)) {
        Some(power) => Some((value * 1000f64.powi(power as i32 + 1), &rest[1..])),
        None => Some((value, rest)),
    }
    .filter(|(v, _)| v.is_finite())
}

/// A whole number in `text` (`45`, `1.23k`), nothing after it.
fn scaled_number(text: &str) -> Option<f64> {
    leading_number(text).filter(|(_, rest)| rest.is_empty()).map(|(v, _)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(format: Format, text: &str) -> Vec<Event> {
        let mut out = Vec::new();
        format.line(text, &mut |e| out.push(e));
        out
    }

    #[test]
    fn every_listed_format_parses() {
        for name in FORMATS {
            assert!(Format::parse(name).is_some(), "{name}");
        }
        assert_eq!(Format::parse("bogus"), None);
    }

    #[test]
    fn scaled_numbers() {
        assert_eq!(scaled_number("45"), Some(45.0));
        assert_eq!(scaled_number("45.0"), Some(45.0));
        assert_eq!(scaled_number("1.23k"), Some(1230.0));
        assert_eq!(scaled_number("2.00M"), Some(2e6));
        assert_eq!(scaled_number("?"), None);
        assert_eq!(scaled_number("k"), None);
        assert_eq!(scaled_number("-1"), None);
        assert_eq!(leading_number("10.6MB/s"), Some((10.6e6, "B/s")));
        assert_eq!(leading_number("97.73it/s"), Some((97.73, "it/s")));
        assert_eq!(leading_number("?it/s"), None);
    }

    #[test]
    fn auto_tries_teamcity_then_tqdm_then_percent() {
        let tc = events(Format::Auto, "##teamcity[progressMessage 'at 50%']");
        assert_eq!(tc, [Event::Status("at 50%".into())]);
        let bar = events(Format::Auto, " 45%|####5     | 45/100 [00:01<00:02, 40.00it/s]");
        assert_eq!(bar[0], Event::Progress { done: 45, total: 100 });
        assert_eq!(events(Format::Auto, "copying… 12%"), [Event::Percent(12.0)]);
        assert!(events(Format::None, " 45%|####5     | 45/100 [00:01<00:02, 40.00it/s]").is_empty());
        assert!(events(Format::Tqdm, "copying… 12%").is_empty());
        assert!(events(Format::Percent, "##teamcity[progressMessage 'x']").is_empty());
    }
}
