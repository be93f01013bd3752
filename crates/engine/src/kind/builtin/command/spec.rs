//! From validated parameters to what is run: the argument vector, folder, environment,
//! timeout and progress format, with every check a submit must fail on.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::env::{parse_lines, CHILD_ENV};
use super::progress::Format;
use crate::{Params, Result};

/// One command, checked and ready to spawn.
#[derive(Debug, Clone)]
pub(super) struct Invocation {
    /// The program to execute: a path found on `PATH` (or given with a `/`).
    pub(super) program: PathBuf,
    /// Its arguments, without the program.
    pub(super) args: Vec<String>,
    /// The working folder; the engine's own when `None`.
    pub(super) cwd: Option<PathBuf>,
    /// Variables set on top of the engine's environment, in order (later ones win).
    pub(super) env: Vec<(String, String)>,
    /// When the job fails as timed out (running time: paused time does not count).
    pub(super) timeout: Option<Duration>,
    /// The `timeout_s` as given, for the message.
    pub(super) timeout_s: Option<f64>,
    /// Which parsers read the output.
    pub(super) format: Format,
}

impl Invocation {
    /// Reads and checks the `command` kind's parameters.
    ///
    /// # Errors
    ///
    /// `Params::invalid` naming the field: an empty command or unbalanced quotes
    /// (`command`), a program not found on `PATH` or not executable (`command`), a malformed
    /// `env` line (`env`), a `timeout_s` of 0 (`timeout_s`).
    pub(super) fn from_params(params: &Params) -> Result<Invocation> {
        let line = params.str("command")?;
        let shell = params.opt_bool("shell")?.unwrap_or(false);
        let cwd = params.opt_str("cwd")?.map(|c| PathBuf::from(c.trim()));
        let env = match params.opt_str("env")? {
            Some(text) => parse_lines(text).map_err(|reason| params.invalid("env", reason))?,
            None => Vec::new(),
        };
        let timeout_s = params.opt_f64("timeout_s")?;
        let timeout = match timeout_s {
            Some(s) if s <= 0.0 => {
                return Err(params.invalid("timeout_s", format!("must be more than 0, got {s}")))
            }
            Some(s) => Some(Duration::from_secs_f64(s)),
            None => None,
        };
        let format_name = params.opt_str("progress")?.unwrap_or("auto");
        let format = Format::parse(format_name)
            .ok_or_else(|| params.invalid("progress", format!("is not a known format: {format_name}")))?;

        if line.trim().is_empty() {
            return Err(params.invalid("command", "is empty"));
        }
        let mut words = if shell {
            vec!["/bin/sh".to_owned(), "-c".to_owned(), line.to_owned()]
        } else {
            shell_words::split(line)
                .map_err(|e| params.invalid("command", format!("cannot be split: {e}")))?
        };
        if words.is_empty() || words[0].is_empty() {
            return Err(params.invalid("command", "names no program"));
        }
        let program = words.remove(0);
        // The child's PATH: the user's if the env lines set one, else the engine's.
        let path_var = env
            .iter()
            .rev()
            .find(|(k, _)| k == "PATH")
            .map(|(_, v)| v.clone().into())
            .or_else(|| std::env::var_os("PATH"));
        let found = find_program(&program, cwd.as_deref(), path_var.as_deref())
            .map_err(|reason| params.invalid("command", reason))?;
        Ok(Invocation { program: found, args: words, cwd, env, timeout, timeout_s, format })
    }

    /// The variables the child gets on top of the engine's: [`CHILD_ENV`], then the user's.
    pub(super) fn child_env(&self) -> impl Iterator<Item = (&str, &str)> {
        CHILD_ENV.iter().copied().chain(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// The executable `program` names: a path if it holds a `/` (relative to `cwd`, where the
/// child starts), else the first match in `path` (the child's `PATH`).
fn find_program(
    program: &str,
    cwd: Option<&Path>,
    path: Option<&std::ffi::OsStr>,
) -> std::result::Result<PathBuf, String> {
    if program.contains('/') {
        let given = Path::new(program);
        let at = match cwd {
            Some(dir) if given.is_relative() => dir.join(given),
            _ => given.to_path_buf(),
        };
        return match executable(&at) {
            Ok(()) => Ok(at),
            Err(why) => Err(format!("`{program}` {why}")),
        };
    }
    let dirs = path.map(|p| std::env::split_paths(p).collect::<Vec<_>>()).unwrap_or_default();
    for dir in dirs {
        // An empty PATH entry means the current folder, as in a shell.
        let dir = if dir.as_os_str().is_empty() {
            cwd.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        } else {
            dir
        };
        let candidate = dir.join(program);
        if executable(&candidate).is_ok() {
            return Ok(candidate);
        }
    }
    Err(format!("`{program}` is not found on PATH"))
}

/// Ok if `path` is a file with an execute bit; else why not.
fn executable(path: &Path) -> std::result::Result<(), &'static str> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|_| "does not exist")?;
    if !meta.is_file() {
        return Err("is not a file");
    }
    if meta.permissions().mode() & 0o111 == 0 {
        return Err("is not executable");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_programs_on_path_and_by_path() {
        let path = std::env::var_os("PATH");
        assert!(find_program("sh", None, path.as_deref()).unwrap().ends_with("sh"));
        assert_eq!(find_program("/bin/sh", None, None).unwrap(), PathBuf::from("/bin/sh"));
        assert_eq!(
            find_program("no-such-program-jobdeck", None, path.as_deref()).unwrap_err(),
            "`no-such-program-jobdeck` is not found on PATH"
        );
        let plain = std::env::temp_dir().join(format!("jobdeck-not-executable-{}", std::process::id()));
        std::fs::write(&plain, "echo hi").unwrap();
        let name = plain.to_str().unwrap();
        assert_eq!(find_program(name, None, None).unwrap_err(), format!("`{name}` is not executable"));
        std::fs::remove_file(&plain).unwrap();
        assert_eq!(find_program("/etc", None, None).unwrap_err(), "`/etc` is not a file");
        assert_eq!(find_program("./sh", Some(Path::new("/bin")), None).unwrap(), PathBuf::from("/bin/./sh"));
        // The child's PATH is searched, not only the engine's.
        assert_eq!(find_program("sh", None, Some("/bin".as_ref())).unwrap(), PathBuf::from("/bin/sh"));
        assert!(find_program("sh", None, Some("/nonexistent".as_ref())).is_err());
    }
}
