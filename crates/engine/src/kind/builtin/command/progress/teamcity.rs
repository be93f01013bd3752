//! TeamCity service messages: `##teamcity[name 'value']` or `##teamcity[name key='v' …]`,
//! at the start of a line (after whitespace), values escaped with `|` (`|'` `|n` `|r` `||`
//! `|[` `|]` and `|0xNNNN`).
//!
//! Read: `progressMessage 'text'` and `progressStart 'text'` → the job's status;
//! `buildStatisticValue key='loss' value='0.25'` → a point in series `loss`. Other messages
//! (test reports, `progressFinish` …) are recognised and ignored.

use super::Event;

const PREFIX: &str = "##teamcity[";

/// Reads one line; true if it was a service message.
pub(in crate::kind::builtin::command) fn parse(line: &str, out: &mut impl FnMut(Event)) -> bool {
    let Some(body) = line.trim_start().strip_prefix(PREFIX) else { return false };
    let body = body.trim_end();
    let Some(body) = body.strip_suffix(']') else { return false };
    let (name, args) = body.split_once(' ').unwrap_or((body, ""));
    let args = args.trim();
    match name {
        "progressMessage" | "progressStart" => {
            if let Some((text, _)) = quoted(args) {
                out(Event::Status(text));
            }
        }
        "buildStatisticValue" => {
            let (mut key, mut value) = (None, None);
            for (k, v) in attributes(args) {
                match k {
                    "key" => key = Some(v),
                    "value" => value = v.trim().parse::<f64>().ok().filter(|v| v.is_finite()),
                    _ => {}
                }
            }
            if let (Some(series), Some(value)) = (key.filter(|k| !k.is_empty()), value) {
                out(Event::Point { series, value });
            }
        }
        _ => {}
    }
    true
}

/// `key='v' key2='v2'` → (key, unescaped value) pairs; stops at the first malformed one.
fn attributes(mut args: &str) -> impl Iterator<Item = (&str, String)> {
    std::iter::from_fn(move || {
        let (key, rest) = args.trim_start().split_once('=')?;
        let (value, rest) = quoted(rest)?;
        args = rest;
        Some((key.trim(), value))
    })
}

/// A `'…'` value at the start of `text`, unescaped, and what follows it.
fn quoted(text: &str) -> Option<(String, &str)> {
    let text = text.strip_prefix('\'')?;
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => return Some((value, &text[i + 1..])),
            '|' => match chars.next()?.1 {
                'n' => value.push('\n'),
                'r' => value.push('\r'),
                'x' => value.push('\u{85}'),
                'l' => value.push('\u{2028}'),
                'p' => value.push('\u{2029}'),
                '0' => {
                    // |0xNNNN: a Unicode code point in four hex digits.
                    let hex: String = chars.by_ref().skip(1).take(4).map(|(_, c)| c).collect();
                    value.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)?);
                }
                other => value.push(other), // |' || |[ |]
            },
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(line: &str) -> Option<Vec<Event>> {
        let mut out = Vec::new();
        parse(line, &mut |e| out.push(e)).then_some(out)
    }

    #[test]
    fn progress_message_is_status_with_escapes() {
        assert_eq!(
            events("##teamcity[progressMessage 'epoch 3|'s |[fast|] run || ok|nnext']").unwrap(),
            [Event::Status("epoch 3's [fast] run | ok\nnext".into())]
        );
        assert_eq!(
            events("  ##teamcity[progressStart 'compiling']").unwrap(),
            [Event::Status("compiling".into())]
        );
        assert_eq!(
            events("##teamcity[progressMessage '|0x00e9t|0x00e9']").unwrap(),
            [Event::Status("été".into())]
        );
    }

    #[test]
    fn statistic_values_are_points() {
        assert_eq!(
            events("##teamcity[buildStatisticValue key='loss' value='0.25']").unwrap(),
            [Event::Point { series: "loss".into(), value: 0.25 }]
        );
        assert_eq!(
            events("##teamcity[buildStatisticValue value='3' key='val|'acc']").unwrap(),
            [Event::Point { series: "val'acc".into(), value: 3.0 }]
        );
        assert_eq!(events("##teamcity[buildStatisticValue key='loss' value='nan']").unwrap(), []);
    }

    #[test]
    fn others_are_recognised_or_not_messages() {
        assert_eq!(events("##teamcity[testStarted name='a']").unwrap(), []);
        assert_eq!(events("echo ##teamcity[progressMessage 'x']"), None);
        assert_eq!(events("##teamcity[progressMessage 'x'"), None);
        assert_eq!(events("##teamcity[progressMessage 'unterminated]").unwrap(), []);
    }
}
