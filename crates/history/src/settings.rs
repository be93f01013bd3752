//! The `settings` table: small JSON values by key, for the app (window and close behaviour,
//! the retention, ...).

use rusqlite::{params, Connection, OptionalExtension};

use crate::{Error, Result};

/// The longest key accepted.
const MAX_KEY_LEN: usize = 200;

pub(crate) fn check_key(key: &str) -> Result<()> {
    if key.is_empty() || key.len() > MAX_KEY_LEN || key.chars().any(char::is_control) {
        return Err(Error::InvalidSetting {
            key: key.to_owned(),
            reason: format!("a key is 1 to {MAX_KEY_LEN} bytes without control characters"),
        });
    }
    Ok(())
}

/// The value stored under `key`; a value that is not valid JSON reads as absent.
pub(crate) fn get(conn: &Connection, key: &str) -> rusqlite::Result<Option<serde_json::Value>> {
    let text: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// Stores `value` under `key`, or removes the key when `value` is `None`.
pub(crate) fn set(conn: &Connection, key: &str, value: Option<&serde_json::Value>) -> rusqlite::Result<()> {
    match value {
        Some(v) => conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, v.to_string()],
        )?,
        None => conn.execute("DELETE FROM settings WHERE key = ?1", [key])?,
    };
    Ok(())
}
