//! Files for the user: a job's series as CSV, a selection's results as JSON.
//!
//! Both write only to the path the caller gives (the one the user picked in the save
//! dialog), creating or truncating that one file; they never choose a location.

mod csv;
mod json;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

pub(crate) use csv::write_csv;
pub(crate) use json::write_json;

use crate::{Error, Result};

/// Creates `path` and runs `write` into it (buffered), mapping every failure to [`Error::Export`].
pub(crate) fn to_file<T>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<T>,
) -> Result<T> {
    let fail = |e: std::io::Error| Error::Export { path: path.to_owned(), reason: e.to_string() };
    let mut out = BufWriter::new(File::create(path).map_err(fail)?);
    let value = write(&mut out).map_err(fail)?;
    out.flush().map_err(fail)?;
    out.get_ref().sync_all().map_err(fail)?;
    Ok(value)
}
