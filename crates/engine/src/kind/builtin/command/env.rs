//! The child's environment: the engine's own, plus what makes output readable through a pipe,
//! plus the user's `env` lines (which win).

/// Set for every command before the user's `env`, so the user can override each:
///
/// - `PYTHONUNBUFFERED=1`: Python buffers stdout in blocks when it is a pipe, so a script's
///   lines (and TeamCity messages) would arrive in bursts, late; unbuffered, they come as
///   printed.
/// - `TQDM_MININTERVAL=0.25`: tqdm ≥ 4.66 reads `TQDM_*` variables as defaults for its
///   arguments; this caps a bar's redraws at 4 a second (the default, 0.1 s, puts 10 lines a
///   second in the log for no gain: the row's bar updates at most that often anyway).
///   Debian 12's `python3-tqdm` is 4.64.1, which ignores it. Nothing else is needed for tqdm:
///   it writes its bar to stderr with `\r` redraws whether or not that is a terminal (see the
///   captured fixtures, `tests/fixtures/tqdm-*.txt`), and every field the parser reads
///   (`n/total`, the rate, the postfix) is there at any width, so no `TQDM_NCOLS` is set.
pub(super) const CHILD_ENV: &[(&str, &str)] = &[("PYTHONUNBUFFERED", "1"), ("TQDM_MININTERVAL", "0.25")];

/// The `env` parameter's `KEY=VALUE` lines. Blank lines and lines starting with `#` are
/// skipped; the value is everything after the first `=`, as typed (it may be empty or hold
/// `=`); a key is non-empty, without whitespace. The reason names the line at fault.
pub(super) fn parse_lines(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut vars = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let bad = || format!("line {}: `{}` is not KEY=VALUE", n + 1, shorten(line));
        let (key, value) = trimmed.split_once('=').ok_or_else(bad)?;
        if key.is_empty() || key.chars().any(|c| c.is_whitespace() || c == '\0') || value.contains('\0') {
            return Err(bad());
        }
        vars.push((key.to_owned(), value.to_owned()));
    }
    Ok(vars)
}

fn shorten(line: &str) -> String {
    if line.chars().count() > 40 {
        format!("{}…", line.chars().take(40).collect::<String>())
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_value_lines() {
        let vars = parse_lines("A=1\n\n# note\r\nB=x=y\r\n  C=\nPATH=/bin:/usr/bin").unwrap();
        let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("A", "1"), ("B", "x=y"), ("C", ""), ("PATH", "/bin:/usr/bin")]);
    }

    #[test]
    fn malformed_lines_are_named() {
        assert_eq!(parse_lines("A=1\nnoequals").unwrap_err(), "line 2: `noequals` is not KEY=VALUE");
        assert_eq!(parse_lines("=value").unwrap_err(), "line 1: `=value` is not KEY=VALUE");
        assert!(parse_lines("MY KEY=1").is_err());
    }
}
