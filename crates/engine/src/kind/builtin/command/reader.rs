//! Reading one output pipe until its end, or until the job thread says to stop.
//!
//! A pipe ends when every process holding its write end has closed it. Killing the command's
//! process group closes all of them but one kind: a process that left the group (`setsid`,
//! a daemon) and kept the pipe. So the readers also watch a [`StopSignal`] (the read end of a
//! pipe of our own, readable once the signal is given): after it, a reader takes only what is
//! ready at once, for at most [`DRAIN_MAX`], and returns; the escaped process then gets
//! SIGPIPE at its next write. Both waits are `poll(2)`: no timer, no busy loop.

use std::io::{self, ErrorKind, PipeReader, PipeWriter, Read};
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};

use super::lines::LineSplitter;
use crate::sync::lock;

/// Bytes asked for per `read` call.
const READ_CHUNK: usize = 64 * 1024;

/// Longest a reader goes on reading after the stop signal (output that keeps coming).
pub(super) const DRAIN_MAX: Duration = Duration::from_millis(100);

/// Tells every reader of a job to stop waiting for more output.
#[derive(Debug)]
pub(super) struct StopSignal {
    watch: PipeReader,
    give: Mutex<Option<PipeWriter>>,
}

impl StopSignal {
    pub(super) fn new() -> io::Result<Self> {
        let (watch, give) = io::pipe()?;
        Ok(StopSignal { watch, give: Mutex::new(Some(give)) })
    }

    /// Gives the signal (idempotent): closing the write end makes the read end readable.
    pub(super) fn stop(&self) {
        lock(&self.give).take();
    }

    fn fd(&self) -> BorrowedFd<'_> {
        self.watch.as_fd()
    }
}

/// Reads `source` to its end (or the stop signal), calling `emit(line, cut)` for every line of
/// at most `max` bytes. A read error ends the stream like an end of file (the program's
/// outcome is what matters; a broken pipe is not the job's failure).
pub(super) fn read_lines(
    mut source: impl Read + AsFd,
    stop: &StopSignal,
    max: usize,
    mut emit: impl FnMut(&[u8], bool),
) {
    let mut splitter = LineSplitter::new(max);
    let mut buf = vec![0u8; READ_CHUNK];
    let mut stopped_at: Option<Instant> = None;
    loop {
        let ready = match stopped_at {
            None => {
                let mut fds = [
                    PollFd::new(source.as_fd(), PollFlags::POLLIN),
                    PollFd::new(stop.fd(), PollFlags::POLLIN),
                ];
                match poll(&mut fds, PollTimeout::NONE) {
                    Err(Errno::EINTR) => continue,
                    Err(_) => break,
                    Ok(_) => {}
                }
                if fds[1].any().unwrap_or(false) {
                    stopped_at = Some(Instant::now());
                }
                fds[0].any().unwrap_or(false)
            }
            Some(at) if at.elapsed() >= DRAIN_MAX => break,
            Some(_) => {
                let mut fds = [PollFd::new(source.as_fd(), PollFlags::POLLIN)];
                match poll(&mut fds, PollTimeout::ZERO) {
                    Err(Errno::EINTR) => continue,
                    Ok(0) | Err(_) => break, // nothing more right now: done
                    Ok(_) => true,
                }
            }
        };
        if !ready {
            continue;
        }
        match source.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => splitter.push(&buf[..n], &mut emit),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
    }
    splitter.finish(&mut emit);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_to_the_end_of_the_pipe() {
        let (r, mut w) = io::pipe().unwrap();
        let stop = StopSignal::new().unwrap();
        let writer = std::thread::spawn(move || {
            w.write_all(b"one\ntwo\rthree").unwrap();
        });
        let mut lines = Vec::new();
        read_lines(r, &stop, 100, |l, _| lines.push(String::from_utf8_lossy(l).into_owned()));
        writer.join().unwrap();
        assert_eq!(lines, ["one", "two", "three"]);
    }

    #[test]
    fn the_stop_signal_ends_a_read_whose_pipe_stays_open() {
        let (r, mut w) = io::pipe().unwrap();
        w.write_all(b"before\n").unwrap();
        let stop = StopSignal::new().unwrap();
        let mut lines = Vec::new();
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(50));
                stop.stop();
            });
            read_lines(r, &stop, 100, |l, _| lines.push(String::from_utf8_lossy(l).into_owned()));
        });
        assert_eq!(lines, ["before"]);
        drop(w); // held open the whole time
    }
}
