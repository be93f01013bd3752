//! A command's process tree: spawned as the leader of a new process group (process-wrap's
//! `ProcessGroup`), so that one signal reaches the program and everything it started that
//! stayed in its group: a background child, a grandchild.
//!
//! - stop: SIGTERM to the group, SIGKILL after [`KILL_GRACE`] (the runner sequences it);
//! - pause / resume: SIGSTOP / SIGCONT to the group;
//! - end, whatever the outcome: SIGKILL to whatever is left of the group, then reap.
//!
//! **Waiting without reaping.** The runner's waiter thread learns that the leader exited with
//! `waitid(WEXITED | WNOWAIT)`, which leaves it a zombie; the job thread reaps it (through
//! process-wrap's `wait`) only after its last signal to the group. While the zombie exists
//! its pid, which is the group's id, cannot be reused, so a signal to the group never reaches
//! an unrelated process.
//!
//! Not covered: a process that leaves the group on purpose (`setsid`, a daemon's double
//! fork) is out of reach of group signals; only a cgroup (or a Job Object on Windows) would
//! hold it. If it keeps the output pipe open, the job ends when it closes it.

use std::io;
use std::process::{ChildStderr, ChildStdout, ExitStatus, Stdio};
use std::time::Duration;

use nix::sys::signal::Signal;
use nix::sys::wait::{waitid, Id, WaitPidFlag};
use nix::unistd::Pid;
use process_wrap::std::{ChildWrapper, CommandWrap, ProcessGroup};

use super::spec::Invocation;

/// How long a stopped command's process group has between SIGTERM and SIGKILL (3 s): long
/// enough for a program to flush and clean up, short enough that Stop feels immediate.
pub const KILL_GRACE: Duration = Duration::from_secs(3);

/// A running command: the group leader, as process-wrap holds it.
#[derive(Debug)]
pub(super) struct Tree {
    child: Box<dyn ChildWrapper>,
    status: Option<ExitStatus>,
}

impl Tree {
    /// Spawns `inv` as the leader of a new process group, stdin from /dev/null, stdout and
    /// stderr piped; returns the tree and the two pipes' read ends.
    pub(super) fn spawn(inv: &Invocation) -> io::Result<(Tree, ChildStdout, ChildStderr)> {
        let mut command = CommandWrap::with_new(&inv.program, |c| {
            c.args(&inv.args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
            if let Some(cwd) = &inv.cwd {
                c.current_dir(cwd);
            }
            for (key, value) in inv.child_env() {
                c.env(key, value);
            }
        });
        command.wrap(ProcessGroup::leader());
        let mut child = command.spawn()?;
        let (out, err) = (child.stdout().take(), child.stderr().take());
        let tree = Tree { child, status: None };
        match (out, err) {
            (Some(out), Some(err)) => Ok((tree, out, err)),
            _ => Err(io::Error::other("the child's output pipes are missing")), // tree drops: killed
        }
    }

    /// The leader's pid, which is also the group's id.
    pub(super) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` to every process of the group. Errors are ignored: the only one
    /// possible here is "no such group", once every member has gone.
    pub(super) fn signal(&self, signal: Signal) {
        if self.status.is_none() {
            let _ = self.child.signal(signal as i32);
        }
    }

    /// Reaps the leader (and any of the engine's children left in its group); only after
    /// [`wait_exit`] said it exited, or after SIGKILL. Returns its exit status.
    pub(super) fn reap(&mut self) -> io::Result<ExitStatus> {
        if let Some(status) = self.status {
            return Ok(status);
        }
        let status = self.child.wait()?;
        self.status = Some(status);
        Ok(status)
    }
}

impl Drop for Tree {
    /// Whatever path dropped it (a panic included), no process of the group survives it.
    fn drop(&mut self) {
        if self.status.is_none() {
            self.signal(Signal::SIGCONT);
            self.signal(Signal::SIGKILL);
            let _ = self.reap();
        }
    }
}

/// Blocks until the process `pid` (a child of this process) exits, without reaping it.
pub(super) fn wait_exit(pid: u32) {
    let pid = Pid::from_raw(pid as i32);
    loop {
        match waitid(Id::Pid(pid), WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT) {
            Err(nix::errno::Errno::EINTR) => continue,
            // Exited, or already reaped (ECHILD): either way it is gone.
            _ => return,
        }
    }
}

/// "killed by signal SIGKILL (9)": how a signal death reads in a job's error.
pub(super) fn describe_signal(number: i32) -> String {
    match Signal::try_from(number) {
        Ok(signal) => format!("killed by signal {} ({number})", signal.as_str()),
        Err(_) => format!("killed by signal {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_are_named() {
        assert_eq!(describe_signal(9), "killed by signal SIGKILL (9)");
        assert_eq!(describe_signal(15), "killed by signal SIGTERM (15)");
        assert_eq!(describe_signal(200), "killed by signal 200");
    }
}
