//! The search box: words matched against the full-text index, state names and ids.
//!
//! Each word of the search text must match (AND), in one of three ways:
//! - as a word prefix in the kind, parameters, message or result — case- and
//!   accent-insensitively, through the FTS5 index: `divi` finds "Division by zero",
//!   `step_ms` the parameter `step_ms`, `resume` "Résumé";
//! - as the start of a state's name: `fail` finds failed jobs (states change too often to
//!   index, and there are only seven);
//! - as the start of the job's id, for a word of at least 4 hex digits (and dashes):
//!   `3f2a9c1e`, what the table shows. Ids are not in the text index, where their hex
//!   words would match almost any query of digits.
//!
//! Punctuation separates words and is not searched; a word that is only punctuation
//! matches everything. Quotes and FTS5 operators (`OR`, `NOT`, `*`) are plain text.
//!
//! Why FTS5 and not `LIKE '%word%'` (both measured by the bench on 100,000 jobs): a `LIKE`
//! scan reads every row's text whether it finds anything or not — 18 to 46 ms for a word
//! that is nowhere, on this 2-core machine, close to the 50 ms goal and growing with the
//! text stored — while the index answers that in 0.1 ms, and a word in a third of all
//! jobs in 3–6 ms (a page) or 11–17 ms (the count). What it costs: the writer records
//! about 5× fewer jobs a second (still ~40,000/s), and what it gives up is matching inside
//! a word (`vision` does not find "division").

use crate::HistoryState;

/// Most words used from the search text (the rest are ignored).
const MAX_WORDS: usize = 16;

/// The shortest word taken as an id prefix.
const MIN_ID_PREFIX: usize = 4;

/// One search word.
pub(crate) struct Word {
    /// The FTS5 query for it: a quoted phrase with a prefix star.
    pub(crate) fts: String,
    /// The states whose name starts with it.
    pub(crate) states: Vec<HistoryState>,
    /// For a word that can begin an id: the id range `[from, to)` it covers.
    pub(crate) ids: Option<(String, String)>,
}

pub(crate) fn words(text: &str) -> Vec<Word> {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .take(MAX_WORDS)
        .map(|w| {
            let lower = w.to_lowercase();
            let id_like = lower.len() >= MIN_ID_PREFIX
                && lower.len() <= 36
                && lower.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
            Word {
                fts: format!("\"{}\"*", w.replace('"', "\"\"")),
                states: HistoryState::ALL.into_iter().filter(|s| s.as_str().starts_with(&lower)).collect(),
                ids: id_like.then(|| (lower.clone(), successor(&lower))),
            }
        })
        .collect()
}

/// The smallest ASCII string greater than every string starting with `prefix`
/// (its last character plus one: `3f2a` → `3f2b`, `9` → `:`).
fn successor(prefix: &str) -> String {
    let mut bytes = prefix.as_bytes().to_vec();
    *bytes.last_mut().expect("not empty") += 1;
    String::from_utf8(bytes).expect("ASCII stays ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_quoted_prefix_phrases() {
        let w = words(r#"  Divi  "x"y  -- fail 3F2A-9 abc"#);
        assert_eq!(w.len(), 5, "`--` is only punctuation");
        assert_eq!(w[0].fts, r#""Divi"*"#);
        assert!(w[0].states.is_empty() && w[0].ids.is_none());
        assert_eq!(w[1].fts, r#""""x""y"*"#);
        assert_eq!(w[2].states, vec![HistoryState::Failed]);
        assert_eq!(w[3].ids, Some(("3f2a-9".into(), "3f2a-:".into())));
        assert!(w[4].ids.is_none(), "too short to be an id");
    }
}
