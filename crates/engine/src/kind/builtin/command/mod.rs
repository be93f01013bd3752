//! `command`: runs any program as a job, its whole process tree under the job's control, its
//! progress, status and data read from its output, its output logged live.
//!
//! Parameters (the names are a contract with the UI, the docs and the tests): `command`
//! (required), `cwd`, `env` (`KEY=VALUE` lines), `shell` (false), `timeout_s`, `progress`
//! (`auto`). Result on exit 0: `{exitCode: 0, seconds, lastLines}` (the last
//! [`LAST_LINES`](output::LAST_LINES) non-blank lines of stdout and stderr, in order).
//!
//! The parts, one file each:
//! - `spec`: parameters → [`Invocation`](spec::Invocation), with every submit-time check
//!   (split with `shell-words`; program looked up on the child's `PATH`), and `env` for the
//!   child's environment;
//! - `process`: the process group (process-wrap), its signals, [`KILL_GRACE`];
//! - `run`: the job thread's supervision, from spawn to outcome;
//! - `reader`, `lines`, `ansi`, `output`, `status`: a pipe (read until its end or a stop
//!   signal) → lines → the log, the parsers, the status;
//! - `progress/`: the output parsers (tqdm, OSC 9;4, TeamCity, percent).
//!
//! Unix only for now: pausing relies on SIGSTOP/SIGCONT to the group and waiting on
//! `waitid(WNOWAIT)`. A Windows port would use process-wrap's `JobObject` (terminate the job
//! object on stop; suspend the tree for pause, or disable Pause with its reason).

mod ansi;
mod env;
mod lines;
mod output;
mod process;
mod progress;
mod reader;
mod run;
mod spec;
mod status;

pub use process::KILL_GRACE;

use crate::{JobContext, JobFn, JobKind, KindInfo, ParamSpec, Params, Result};

/// Runs a program; see the module docs.
pub(crate) struct Command;

impl JobKind for Command {
    fn info(&self) -> KindInfo {
        KindInfo::new(
            "command",
            "Command",
            "Runs a program with your rights, its whole process tree stopped, paused and killed together; \
             progress, status and data are read from its output (tqdm bars, OSC 9;4, TeamCity messages, \
             percentages) and its output is logged. Result: {exitCode, seconds, lastLines}.",
        )
        .param(
            ParamSpec::string(
                "command",
                "Command",
                "The command line, split like a POSIX shell does (quotes, backslashes) and run without a \
                 shell, e.g. `python3 train.py --lr 0.01`. The program must be on PATH, or a path.",
            )
            .required(),
        )
        .param(ParamSpec::folder(
            "cwd",
            "Working folder",
            "The folder the program starts in (it must exist). Left out: the app's own.",
        ))
        .param(ParamSpec::lines(
            "env",
            "Environment",
            "KEY=VALUE lines added to the program's environment (blank lines and # comments are \
             skipped). PYTHONUNBUFFERED=1 and TQDM_MININTERVAL=0.25 are set first; these lines win.",
        ))
        .param(
            ParamSpec::boolean(
                "shell",
                "Run in a shell",
                "Run the command line with `sh -c`, for pipes, redirections, globs and `&&`.",
            )
            .default(false),
        )
        .param(
            ParamSpec::number(
                "timeout_s",
                "Timeout (s)",
                "Fail the job (\"timed out after N s\") and kill its process tree after this many \
                 seconds of running (paused time does not count). Left out: no limit.",
            )
            .range(0.0, 31_536_000.0),
        )
        .param(
            ParamSpec::choice(
                "progress",
                "Progress format",
                "How progress is read from the output: auto (all of them), tqdm bars, OSC 9;4 terminal \
                 progress, TeamCity service messages, bare percentages, or none.",
                progress::FORMATS,
            )
            .default("auto"),
        )
    }

    fn prepare(&self, params: &Params) -> Result<JobFn> {
        let invocation = spec::Invocation::from_params(params)?;
        Ok(Box::new(move |ctx: &JobContext| run::run(ctx, &invocation)))
    }
}
