//! `hash-files`: real I/O work, blake3 over every file of a folder, in parallel.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::{JobContext, JobError, JobFn, JobKind, KindInfo, ParamSpec, Params, Result};

/// Bytes read per call; also how often a file's hashing checks for cancellation.
const READ_BLOCK: usize = 256 * 1024;
/// Files per round of parallel hashing; rounds are where the job pauses.
const FILES_PER_ROUND: usize = 64;

/// Hashes every file under a folder; unreadable files are listed, not fatal.
pub(crate) struct HashFiles;

impl JobKind for HashFiles {
    fn info(&self) -> KindInfo {
        KindInfo::new(
            "hash-files",
            "Hash files",
            "Hashes every file under a folder with BLAKE3, in parallel, reporting progress by bytes. \
             Result: {files, bytes, manifest: {path: hash}, unreadable: [{path, error}]}.",
        )
        .param(
            ParamSpec::folder(
                "folder",
                "Folder",
                "The folder to hash (it must exist); subfolders are included, links are not followed.",
            )
            .required(),
        )
    }

    fn prepare(&self, params: &Params) -> Result<JobFn> {
        let root = params.path("folder")?.to_path_buf();
        Ok(Box::new(move |ctx: &JobContext| run(ctx, &root)))
    }
}

struct Unreadable {
    path: String,
    error: String,
}

/// A path relative to the root, `/`-separated on every platform, so manifests compare.
fn display(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn run(ctx: &JobContext, root: &Path) -> Result<Value, JobError> {
    ctx.status("scanning");
    let mut files: Vec<(PathBuf, u64)> = Vec::new();
    let mut unreadable = Vec::new();
    let mut total = 0u64;
    for (i, entry) in walkdir::WalkDir::new(root).follow_links(false).into_iter().enumerate() {
        if i % 256 == 0 {
            ctx.checkpoint()?;
        }
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let len = e.metadata().map(|m| m.len()).unwrap_or(0);
                total += len;
                files.push((e.into_path(), len));
            }
            Ok(_) => {}
            Err(e) => unreadable.push(Unreadable {
                path: e.path().map(|p| display(root, p)).unwrap_or_default(),
                error: e.to_string(),
            }),
        }
    }
    hash_all(ctx, root, files, total, unreadable)
}

/// Hashes `files` (with their listed sizes, `total` in all) in parallel rounds.
fn hash_all(
    ctx: &JobContext,
    root: &Path,
    files: Vec<(PathBuf, u64)>,
    total: u64,
    mut unreadable: Vec<Unreadable>,
) -> Result<Value, JobError> {
    ctx.status(format!("hashing {} files", files.len()));
    ctx.progress(0, total);

    let token = ctx.cancel_token();
    // Progress comes from several compute threads: one lock keeps it from going backwards.
    let done = Mutex::new(0u64);
    let advance = |n: u64| {
        let mut d = done.lock().unwrap_or_else(|e| e.into_inner());
        *d += n;
        ctx.progress(*d, total);
    };
    let mut manifest = Map::new();
    let mut bytes = 0u64;
    for round in files.chunks(FILES_PER_ROUND) {
        ctx.checkpoint()?;
        let hashed: Vec<_> = ctx.compute().install(|| {
            round
                .par_iter()
                .map(|(path, len)| {
                    let mut read = 0u64;
                    let result = hash(path, &token, |n| {
                        read += n;
                        advance(n);
                    });
                    // Keep the progress total reachable when a file was shorter than listed
                    // or could not be read.
                    advance(len.saturating_sub(read));
                    (path, read, result)
                })
                .collect()
        });
        ctx.checkpoint()?;
        for (path, read, result) in hashed {
            match result {
                Ok(hex) => {
                    bytes += read;
                    manifest.insert(display(root, path), Value::String(hex));
                }
                Err(e) => unreadable.push(Unreadable { path: display(root, path), error: e.to_string() }),
            }
        }
    }
    let unreadable: Vec<Value> =
        unreadable.into_iter().map(|u| json!({ "path": u.path, "error": u.error })).collect();
    Ok(json!({ "files": manifest.len(), "bytes": bytes, "manifest": manifest, "unreadable": unreadable }))
}

/// The BLAKE3 hash of one file, in hex; stops (with an error the job never reports, since
/// it ends as Cancelled) once cancelled.
fn hash(path: &Path, token: &crate::CancelToken, mut read: impl FnMut(u64)) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; READ_BLOCK];
    loop {
        if token.is_cancelled() {
            return Err(std::io::Error::new(std::io::ErrorKind::Interrupted, "cancelled"));
        }
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        read(n as u64);
    }
    Ok(hasher.finalize().to_hex().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, JobSpec, JobState, Outcome};

    /// Hashes a fixed list of files, one of which does not exist: unreadable whoever runs
    /// the test (permission bits do not stop root).
    struct Listed(PathBuf);

    impl JobKind for Listed {
        fn info(&self) -> KindInfo {
            KindInfo::new("listed", "Listed", "hash_all over a fixed list")
        }
        fn prepare(&self, _: &Params) -> Result<JobFn> {
            let root = self.0.clone();
            let files = vec![(root.join("present"), 4), (root.join("vanished"), 10)];
            Ok(Box::new(move |ctx: &JobContext| hash_all(ctx, &root, files, 14, Vec::new())))
        }
    }

    #[test]
    fn unreadable_files_are_listed_not_fatal() {
        let root = std::env::temp_dir().join(format!("jobdeck-hash-unit-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("present"), b"here").unwrap();
        let engine = Engine::builder().kind(Listed(root.clone())).build().unwrap();
        engine.submit(JobSpec::new("listed")).unwrap();
        assert!(engine.wait_idle(std::time::Duration::from_secs(30)));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let job = loop {
            let snap = engine.snapshot();
            if let Some(job) = snap.jobs.into_iter().find(|j| j.state.is_terminal()) {
                break job;
            }
            assert!(std::time::Instant::now() < deadline);
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        std::fs::remove_dir_all(&root).ok();
        assert_eq!(job.state, JobState::Succeeded);
        let Some(Outcome::Succeeded { result }) = job.outcome else { panic!() };
        assert_eq!(result["files"], 1);
        assert_eq!(result["bytes"], 4);
        assert_eq!(result["manifest"]["present"], blake3::hash(b"here").to_hex().to_string());
        assert_eq!(result["unreadable"][0]["path"], "vanished");
        assert!(!result["unreadable"][0]["error"].as_str().unwrap().is_empty());
        assert_eq!((job.done, job.total), (14, 14), "progress still reaches its total");
    }
}
