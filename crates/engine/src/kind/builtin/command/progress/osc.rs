//! OSC 9;4, the terminal progress sequence (ConEmu's, also read by Windows Terminal and
//! others): `ESC ] 9 ; 4 ; state ; percent` ended by BEL or `ESC \`. The escape scanner
//! (`command::ansi`) hands over the payload, `9;4;state;percent`.
//!
//! States: 0 remove, 1 normal (percent), 2 error (percent optional), 3 indeterminate,
//! 4 paused/warning (percent). A missing or bad percent with state 1 or 4 is ignored.

use super::Event;

/// Reads one OSC payload; true if it was a 9;4 progress sequence.
pub(in crate::kind::builtin::command) fn parse(payload: &str, out: &mut impl FnMut(Event)) -> bool {
    let Some(rest) = payload.strip_prefix("9;4") else { return false };
    let mut parts = rest.strip_prefix(';').unwrap_or(rest).split(';');
    let state = parts.next().unwrap_or("").trim();
    let percent = parts.next().and_then(|p| p.trim().parse::<f64>().ok()).map(|p| p.clamp(0.0, 100.0));
    match (state, percent) {
        ("0" | "", _) => out(Event::Cleared),
        ("1" | "4", Some(p)) => out(Event::Percent(p)),
        ("1" | "4", None) => return false,
        ("2", p) => out(Event::Error(p)),
        ("3", _) => out(Event::Indeterminate),
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(payload: &str) -> Vec<Event> {
        let mut out = Vec::new();
        parse(payload, &mut |e| out.push(e));
        out
    }

    #[test]
    fn every_state() {
        assert_eq!(events("9;4;1;45"), [Event::Percent(45.0)]);
        assert_eq!(events("9;4;4;80"), [Event::Percent(80.0)]);
        assert_eq!(events("9;4;2;30"), [Event::Error(Some(30.0))]);
        assert_eq!(events("9;4;2"), [Event::Error(None)]);
        assert_eq!(events("9;4;3;0"), [Event::Indeterminate]);
        assert_eq!(events("9;4;0;0"), [Event::Cleared]);
        assert_eq!(events("9;4;0;"), [Event::Cleared]);
        assert_eq!(events("9;4;1;250"), [Event::Percent(100.0)], "clamped");
    }

    /// Real cargo output (1.95, under a pty: to a pipe cargo writes no OSC; see
    /// tests/fixtures/cargo-osc-capture.sh), through the line splitter and the escape scanner.
    #[test]
    fn captured_cargo_build() {
        let bytes = include_bytes!("../../../../../tests/fixtures/cargo-osc-pty.txt");
        let mut lines = Vec::new();
        let mut splitter = crate::kind::builtin::command::lines::LineSplitter::new(1 << 14);
        splitter.push(bytes, &mut |l, _| lines.push(String::from_utf8_lossy(l).into_owned()));
        splitter.finish(&mut |l, _| lines.push(String::from_utf8_lossy(l).into_owned()));
        let mut seen = Vec::new();
        let mut shown = Vec::new();
        for line in &lines {
            let text = crate::kind::builtin::command::ansi::strip(line, |p| {
                parse(p, &mut |e| seen.push(e));
            });
            shown.push(text.into_owned());
        }
        let percents: Vec<f64> =
            seen.iter().filter_map(|e| if let Event::Percent(p) = e { Some(*p) } else { None }).collect();
        assert!(percents.len() >= 5, "{seen:?}");
        assert!(percents.windows(2).all(|w| w[1] >= w[0]), "{percents:?}");
        assert_eq!(seen.last(), Some(&Event::Cleared), "cargo takes its progress down at the end");
        assert!(shown.iter().any(|l| l.trim_start().starts_with("Finished `dev` profile")), "{shown:?}");
        assert!(shown.iter().all(|l| !l.contains('\u{1b}')));
    }

    /// HAND-WRITTEN, not captured: systemd 252 (Debian 12, this machine) predates OSC 9;4;
    /// newer systemd tools write it ST-terminated like this (indeterminate, percent, remove).
    #[test]
    fn hand_written_systemd_style_sample() {
        let line = "\x1b]9;4;3;\x1b\\Waiting…\x1b]9;4;1;50\x1b\\\x1b]9;4;0;\x1b\\";
        let mut seen = Vec::new();
        let shown = crate::kind::builtin::command::ansi::strip(line, |p| {
            parse(p, &mut |e| seen.push(e));
        });
        assert_eq!(shown, "Waiting…");
        assert_eq!(seen, [Event::Indeterminate, Event::Percent(50.0), Event::Cleared]);
    }

    #[test]
    fn other_sequences_are_ignored() {
        assert!(events("0;window title").is_empty());
        assert!(events("9;1;x").is_empty());
        assert!(events("9;4;1;x").is_empty());
        assert!(events("9;4;7;10").is_empty());
    }
}
