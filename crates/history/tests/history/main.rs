//! The history's behaviours, one module each. One binary (a test binary links slowly);
//! the crash test re-runs this same binary as its child process.

mod util;

/// Forward migrations from the first schema, kept here as a literal fixture.
mod migrations;

/// Damaged, foreign and unreadable files are moved aside, never deleted.
mod damaged;

/// A file from a newer schema is refused and left byte for byte as it was.
mod newer_version;

/// Unfinished jobs become `interrupted` at open; the queued ones are offered back.
mod interrupted;

/// What the sink and the writer store per job: fields, outcomes, series, logs, links.
mod recording;

/// The search box and the filters.
mod search;

/// Pages newest first; cursors stable while jobs come and go.
mod paging;

/// Deleting one, a selection, older than a date; the retention.
mod deletion;

/// CSV and JSON exports, checked by content.
mod export;

/// The key–value settings.
mod settings;

/// A full disk: reported once, jobs keep going, everything saved once there is room.
mod disk_full;

/// kill -9 mid-write: committed jobs survive with their results, the rest are interrupted.
mod crash;
