//! A bare percentage in a line: `copying… 45%`, `[ 12.5%] building`. The last one in the line
//! wins (a line that shows several shows the current one last), and only 0 to 100 counts.

use super::Event;

/// Reads one line; true if it held a percentage.
pub(in crate::kind::builtin::command) fn parse(line: &str, out: &mut impl FnMut(Event)) -> bool {
    let bytes = line.as_bytes();
    let mut found = None;
    let mut from = 0;
    while let Some(at) = line[from..].find('%').map(|i| from + i) {
        // Digits (with at most one dot) right before the sign, and no digit or dot before them.
        let start = line[..at].rfind(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(0, |i| i + 1);
        let number = &line[start..at];
        if let Ok(value) = number.parse::<f64>() {
            let word_start = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
            if word_start && !number.starts_with('.') && (0.0..=100.0).contains(&value) {
                found = Some(value);
            }
        }
        from = at + 1;
    }
    match found {
        Some(p) => {
            out(Event::Percent(p));
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percent(line: &str) -> Option<f64> {
        let mut got = None;
        parse(line, &mut |e| {
            if let Event::Percent(p) = e {
                got = Some(p);
            }
        });
        got
    }

    #[test]
    fn bare_percentages() {
        assert_eq!(percent("copying… 45%"), Some(45.0));
        assert_eq!(percent("[ 12.5%] building"), Some(12.5));
        assert_eq!(percent("100%"), Some(100.0));
        assert_eq!(percent("0% then 30% then 60%"), Some(60.0));
    }

    #[test]
    fn not_percentages() {
        assert_eq!(percent("no numbers here"), None);
        assert_eq!(percent("150% more"), None);
        assert_eq!(percent("x86%"), None, "part of a word");
        assert_eq!(percent("1.2.3%"), None);
        assert_eq!(percent("% alone"), None);
        assert_eq!(percent("printf('%d')"), None);
    }
}
