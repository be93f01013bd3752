//! Splitting a program's output into lines, in bounded memory.
//!
//! A line ends at `\n` **or** `\r`: progress bars redraw one line with `\r`, and every redraw
//! is a line of its own here (the parsers see each state of the bar). `\r\n` is one ending.
//! An empty segment ended by `\r` is skipped (tqdm starts every redraw with `\r`); an empty
//! line ended by `\n` is kept (a blank line is output too).
//!
//! A "line" longer than the cap (a program writing megabytes without a newline) is cut at the
//! cap and marked cut; the rest of it, up to the next line end, is skipped. So a reader never
//! holds more than one read chunk plus one capped line, whatever the program writes.

/// Turns a byte stream into lines of at most `max` bytes.
#[derive(Debug)]
pub(super) struct LineSplitter {
    line: Vec<u8>,
    max: usize,
    /// The current line was cut: drop bytes until the next line end.
    skipping: bool,
    /// The last byte seen was a `\r`: a `\n` right after it ends nothing.
    after_cr: bool,
}

impl LineSplitter {
    pub(super) fn new(max: usize) -> Self {
        LineSplitter { line: Vec::new(), max: max.max(1), skipping: false, after_cr: false }
    }

    /// Feeds `bytes`; calls `emit(line, cut)` for every line they complete (or a cut creates).
    pub(super) fn push(&mut self, mut bytes: &[u8], emit: &mut impl FnMut(&[u8], bool)) {
        while !bytes.is_empty() {
            if self.after_cr && bytes[0] == b'\n' {
                bytes = &bytes[1..];
            }
            self.after_cr = false;
            let end = bytes.iter().position(|&b| b == b'\n' || b == b'\r');
            let (content, ending) = match end {
                Some(i) => (&bytes[..i], Some(bytes[i])),
                None => (bytes, None),
            };
            if !self.skipping {
                let room = self.max - self.line.len();
                if content.len() > room {
                    self.line.extend_from_slice(&content[..room]);
                    emit(&self.line, true);
                    self.line.clear();
                    self.skipping = true;
                } else if self.line.is_empty() && ending.is_some() {
                    // The whole line is in this chunk: no copy.
                    if !(content.is_empty() && ending == Some(b'\r')) {
                        emit(content, false);
                    }
                } else {
                    self.line.extend_from_slice(content);
                    if ending.is_some() && !(self.line.is_empty() && ending == Some(b'\r')) {
                        emit(&self.line, false);
                    }
                    if ending.is_some() {
                        self.line.clear();
                    }
                }
            }
            match ending {
                Some(b) => {
                    self.skipping = false;
                    self.after_cr = b == b'\r';
                    bytes = &bytes[content.len() + 1..];
                }
                None => bytes = &[],
            }
        }
    }

    /// Ends the stream: a last line without a line end is emitted.
    pub(super) fn finish(&mut self, emit: &mut impl FnMut(&[u8], bool)) {
        if !self.line.is_empty() {
            emit(&self.line, false);
            self.line.clear();
        }
        self.skipping = false;
        self.after_cr = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits `chunks` fed one after another; returns (line, cut) pairs as text.
    fn split(max: usize, chunks: &[&[u8]]) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let mut s = LineSplitter::new(max);
        let mut emit = |l: &[u8], cut: bool| out.push((String::from_utf8_lossy(l).into_owned(), cut));
        for c in chunks {
            s.push(c, &mut emit);
        }
        s.finish(&mut emit);
        out
    }

    fn texts(v: Vec<(String, bool)>) -> Vec<String> {
        v.into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn splits_on_newline_and_carriage_return() {
        assert_eq!(texts(split(100, &[b"a\nb\rc\r\nd"])), ["a", "b", "c", "d"]);
        // tqdm's redraws: a leading \r on each, no empty lines from them.
        assert_eq!(texts(split(100, &[b"\r 10%|\r 20%|\r100%|\n"])), [" 10%|", " 20%|", "100%|"]);
        // A blank line ended by \n is output.
        assert_eq!(texts(split(100, &[b"a\n\nb\n"])), ["a", "", "b"]);
    }

    #[test]
    fn lines_span_chunks_and_crlf_spans_chunks() {
        assert_eq!(texts(split(100, &[b"he", b"llo\r", b"\nwor", b"ld"])), ["hello", "world"]);
    }

    #[test]
    fn a_long_line_is_cut_and_its_rest_skipped() {
        let out = split(4, &[b"abcdefgh", b"ijk\nxy\n"]);
        assert_eq!(out, [("abcd".to_string(), true), ("xy".to_string(), false)]);
        // Exactly the cap is not cut.
        assert_eq!(split(4, &[b"abcd\n"]), [("abcd".to_string(), false)]);
    }

    #[test]
    fn never_holds_more_than_the_cap() {
        // 10 MB without a newline, in 64 KiB chunks, then a short line.
        let mut s = LineSplitter::new(1000);
        let mut lines = Vec::new();
        let mut emit = |l: &[u8], cut: bool| lines.push((l.len(), cut));
        for _ in 0..160 {
            s.push(&[b'x'; 64 * 1024], &mut emit);
            assert!(s.line.capacity() <= 64 * 1024 + 1000);
        }
        s.push(b"\nend", &mut emit);
        s.finish(&mut emit);
        assert_eq!(lines, [(1000, true), (3, false)]);
    }
}
