//! How every connection to the history is opened and configured.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// Opens `path` for reading and writing (creating it if needed) and configures it.
///
/// # Why WAL with `synchronous = NORMAL` survives a killed process
///
/// In WAL mode a commit appends the transaction's pages to the `-wal` file with ordinary
/// `write()` calls, ending with a commit frame; readers and the next open see a transaction
/// only once its commit frame is there. With `synchronous = NORMAL` SQLite does not `fsync`
/// the WAL at each commit, only at checkpoints. When the *process* dies (SIGKILL, a crash,
/// an abort), everything it had written is already in the operating system's page cache,
/// which the kernel writes to disk whatever happens to the process: every committed
/// transaction survives, and a transaction cut off mid-write has no commit frame and is
/// ignored on the next open. Only an operating-system crash or a power cut can lose the
/// last transactions (those not yet synced), and even then the file is not corrupted: the
/// WAL's frames are checksummed, and recovery stops at the first frame that does not check
/// out, so the database comes back as of an earlier commit. `FULL` would add an `fsync` per
/// commit — per batch of events, many a second — to protect against power loss only.
pub(crate) fn open_rw(path: &Path, busy_timeout: Duration) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(busy_timeout)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // e.g. a file system without shared memory: keep going, but it is worth knowing.
        eprintln!("jobdeck-history: journal_mode is {mode}, not wal, for {}", path.display());
    }
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         -- After a checkpoint, shrink the WAL back to at most 32 MiB (a burst can grow it).
         PRAGMA journal_size_limit = 33554432;",
    )?;
    Ok(conn)
}

/// Opens `path` read-only: nothing this connection does can write to the file, not even a
/// checkpoint when it closes.
pub(crate) fn open_ro(path: &Path, busy_timeout: Duration) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(busy_timeout)?;
    Ok(conn)
}
