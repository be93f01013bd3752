//! Terminal escape sequences: stripped from a line for display, with the operating-system
//! commands (OSC, `ESC ]`…) handed to a callback first, since OSC 9;4 carries progress.
//!
//! Handled: CSI (`ESC [` … final byte; colours, cursor moves), OSC (`ESC ]` … ended by BEL or
//! `ESC \`), the string sequences DCS/SOS/PM/APC (skipped whole), two- and three-byte escapes
//! (`ESC ( B`, `ESC =`), their 8-bit C1 forms, and other C0 control characters (BEL,
//! backspace…) except tab. An unterminated sequence runs to the end of the line (a line never
//! holds a `\n` or `\r`, so it cannot swallow the next one).

use std::borrow::Cow;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// 8-bit forms of `ESC [`, `ESC ]`, and the string introducers / terminator.
const C1_CSI: char = '\u{9b}';
const C1_OSC: char = '\u{9d}';
const C1_ST: char = '\u{9c}';

/// `text` without escape sequences and control characters; `osc` gets each OSC's payload
/// (what is between `ESC ]` and its terminator), in order.
pub(super) fn strip<'a>(text: &'a str, mut osc: impl FnMut(&str)) -> Cow<'a, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if !is_control(c) {
            out.push(c);
            continue;
        }
        let kind = match c {
            ESC => match chars.peek().map(|&(_, n)| n) {
                Some('[') => {
                    chars.next();
                    Sequence::Csi
                }
                Some(']') => {
                    chars.next();
                    Sequence::Osc
                }
                Some('P' | 'X' | '^' | '_') => {
                    chars.next();
                    Sequence::Str
                }
                Some(_) => Sequence::Short,
                None => break,
            },
            C1_CSI => Sequence::Csi,
            C1_OSC => Sequence::Osc,
            '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => Sequence::Str,
            _ => continue, // a lone control character
        };
        match kind {
            Sequence::Csi => {
                // Parameter and intermediate bytes, then one final byte in 0x40..=0x7E.
                for (_, n) in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&n) {
                        break;
                    }
                }
            }
            Sequence::Short => {
                // Intermediate bytes (0x20..=0x2F), then one final byte.
                while let Some(&(_, n)) = chars.peek() {
                    chars.next();
                    if !(' '..='/').contains(&n) {
                        break;
                    }
                }
            }
            Sequence::Osc | Sequence::Str => {
                let start = chars.peek().map_or(text.len(), |&(j, _)| j);
                let mut end = text.len();
                while let Some((j, n)) = chars.next() {
                    if n == BEL || n == C1_ST {
                        end = j;
                        break;
                    }
                    if n == ESC {
                        end = j;
                        if chars.peek().is_some_and(|&(_, m)| m == '\\') {
                            chars.next();
                        }
                        break;
                    }
                }
                if kind == Sequence::Osc {
                    osc(&text[start..end]);
                }
            }
        }
    }
    Cow::Owned(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sequence {
    Csi,
    Osc,
    /// DCS, SOS, PM, APC: a string up to ST, never shown.
    Str,
    /// `ESC` + intermediates + final byte.
    Short,
}

fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t') || c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip_all(text: &str) -> (String, Vec<String>) {
        let mut oscs = Vec::new();
        let shown = strip(text, |p| oscs.push(p.to_string())).into_owned();
        (shown, oscs)
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(strip("plain\ttext ünïcode", |_| {}), Cow::Borrowed(_)));
    }

    #[test]
    fn strips_colours_cursor_moves_and_controls() {
        assert_eq!(strip_all("\x1b[1;31merror\x1b[0m: x").0, "error: x");
        assert_eq!(strip_all("\x1b[2K\x1b[1Gdone").0, "done");
        assert_eq!(strip_all("\x1b(Bab\x07c\x08d").0, "abcd");
        assert_eq!(strip_all("\u{9b}32mgreen").0, "green");
    }

    #[test]
    fn hands_osc_payloads_over_with_either_terminator() {
        let (shown, oscs) = strip_all("a\x1b]9;4;1;45\x07b\x1b]9;4;0;\x1b\\c\x1b]0;title\x1b\\");
        assert_eq!(shown, "abc");
        assert_eq!(oscs, ["9;4;1;45", "9;4;0;", "0;title"]);
    }

    #[test]
    fn unterminated_sequences_end_at_the_line_end() {
        assert_eq!(strip_all("ok\x1b]9;4;1;5"), ("ok".to_string(), vec!["9;4;1;5".to_string()]));
        assert_eq!(strip_all("ok\x1b[31").0, "ok");
        assert_eq!(strip_all("ok\x1b").0, "ok");
        assert_eq!(strip_all("\x1bPdevice control\x1b\\after").0, "after");
    }
}
