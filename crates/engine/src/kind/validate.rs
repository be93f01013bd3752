//! The checks behind [`Params::parse`](crate::Params::parse) and kind registration: one given
//! value against its [`ParamSpec`], and a kind's own description when it is registered.

use std::path::Path;

use serde_json::Value;

use crate::{Error, KindInfo, ParamKind, ParamSpec, Result};

/// An [`Error::InvalidParams`] of kind `kind` about `field`.
pub(super) fn invalid(kind: &str, field: &str, reason: String) -> Error {
    Error::InvalidParams { kind: kind.to_owned(), field: field.to_owned(), reason }
}

/// A JSON value as a person would read it in a message, cut short if long.
pub(super) fn show(v: &Value) -> String {
    let text = match v {
        Value::Object(_) => "an object".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        other => other.to_string(),
    };
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

/// Checks one given value against its spec; returns the value to store or the reason it fails.
pub(super) fn check_value(spec: &ParamSpec, v: &Value) -> std::result::Result<Value, String> {
    match spec.kind {
        ParamKind::Integer => {
            let n = v.as_f64().ok_or_else(|| format!("must be an integer, got {}", show(v)))?;
            if !n.is_finite() {
                return Err(format!("must be a finite integer, got {n}"));
            }
            if n.fract() != 0.0 {
                return Err(format!("must be a whole number, got {}", show(v)));
            }
            check_range(spec, n, v)?;
            // 1.0 is stored as 1 so that `Params::u64` reads it.
            Ok(match (v.as_u64(), v.as_i64()) {
                (Some(u), _) => Value::from(u),
                (None, Some(i)) => Value::from(i),
                _ if n >= 0.0 && n <= u64::MAX as f64 => Value::from(n as u64),
                _ if n >= i64::MIN as f64 && n < 0.0 => Value::from(n as i64),
                _ => return Err(format!("is too large, got {}", show(v))),
            })
        }
        ParamKind::Number => {
            let n = v.as_f64().ok_or_else(|| format!("must be a number, got {}", show(v)))?;
            if !n.is_finite() {
                return Err(format!("must be a finite number, got {n}"));
            }
            check_range(spec, n, v)?;
            // Kept as given: 10 stays 10 (not 10.0) in the job's row.
            Ok(v.clone())
        }
        ParamKind::String => match v {
            Value::String(_) => Ok(v.clone()),
            _ => Err(format!("must be text, got {}", show(v))),
        },
        ParamKind::Lines => match v {
            Value::String(_) => Ok(v.clone()),
            _ => Err(format!("must be text (lines), got {}", show(v))),
        },
        ParamKind::Choice => match v.as_str() {
            Some(s) if spec.options.iter().any(|o| o == s) => Ok(v.clone()),
            _ => Err(format!("must be one of {}, got {}", spec.options.join(", "), show(v))),
        },
        ParamKind::Boolean => match v {
            Value::Bool(_) => Ok(v.clone()),
            _ => Err(format!("must be true or false, got {}", show(v))),
        },
        ParamKind::Folder => {
            let s = v.as_str().ok_or_else(|| format!("must be a folder path, got {}", show(v)))?;
            let s = s.trim();
            if s.is_empty() {
                return Err("must name a folder, got an empty path".into());
            }
            // A relative path would resolve against the app's working folder, which for a
            // desktop launch is `/` or `C:\Windows\System32`: never what the user meant.
            // `is_absolute` follows the platform's rules (drive letters and UNC on Windows).
            if !Path::new(s).is_absolute() {
                return Err(format!("must be an absolute folder path, got {s}"));
            }
            match std::fs::metadata(Path::new(s)) {
                Ok(meta) if meta.is_dir() => Ok(Value::from(s)),
                Ok(_) => Err(format!("is not a folder: {s}")),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Err(format!("names a folder that does not exist: {s}"))
                }
                Err(e) => Err(format!("names a folder that cannot be read: {s} ({e})")),
            }
        }
    }
}

/// Checks `n` (read from `v`, which messages show) against the spec's `min` and `max`.
fn check_range(spec: &ParamSpec, n: f64, v: &Value) -> std::result::Result<(), String> {
    if let Some(min) = spec.min {
        if n < min {
            return Err(format!("must be at least {min}, got {}", show(v)));
        }
    }
    if let Some(max) = spec.max {
        if n > max {
            return Err(format!("must be at most {max}, got {}", show(v)));
        }
    }
    Ok(())
}

/// Checks a kind's self-description when it is registered: a usable name, unique parameter
/// names, and defaults that pass their own checks (folders excepted: they are checked when a
/// job is submitted).
pub(crate) fn check_kind_info(info: &KindInfo) -> Result<()> {
    let bad = |reason: String| Error::InvalidConfig { option: "kind", value: info.name.clone(), reason };
    if info.name.trim().is_empty() {
        return Err(bad("a job kind needs a non-empty name".into()));
    }
    for (i, spec) in info.params.iter().enumerate() {
        if info.params[..i].iter().any(|p| p.name == spec.name) {
            return Err(bad(format!("parameter `{}` is declared twice", spec.name)));
        }
        if let (Some(min), Some(max)) = (spec.min, spec.max) {
            if min > max {
                return Err(bad(format!("parameter `{}` has min {min} > max {max}", spec.name)));
            }
        }
        match (spec.kind, spec.options.is_empty()) {
            (ParamKind::Choice, true) => {
                return Err(bad(format!("choice parameter `{}` has no options", spec.name)));
            }
            (ParamKind::Choice, false) => {
                let twice = spec
                    .options
                    .iter()
                    .enumerate()
                    .find_map(|(i, o)| spec.options[..i].contains(o).then_some(o));
                if let Some(o) = twice {
                    return Err(bad(format!("choice parameter `{}` lists option `{o}` twice", spec.name)));
                }
            }
            (_, false) => {
                return Err(bad(format!("parameter `{}` has options but is not a choice", spec.name)));
            }
            (_, true) => {}
        }
        if let Some(default) = &spec.default {
            if spec.kind != ParamKind::Folder {
                check_value(spec, default)
                    .map_err(|reason| bad(format!("default of parameter `{}` {reason}", spec.name)))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Params;
    use serde_json::json;

    /// The same kind as the `params` tests use: one parameter of each type.
    fn info() -> KindInfo {
        KindInfo::new("k", "K", "test kind")
            .param(ParamSpec::integer("n", "N", "count").default(5).range(1.0, 10.0))
            .param(ParamSpec::number("ms", "Ms", "delay").default(1.5).range(0.0, 100.0))
            .param(ParamSpec::integer("opt", "Opt", "optional, no default"))
            .param(ParamSpec::string("name", "Name", "text").required())
            .param(ParamSpec::boolean("flag", "Flag", "flag").default(false))
    }

    #[test]
    fn nan_and_infinities_are_rejected() {
        // A JSON value cannot hold NaN or an infinity: serde_json turns them into null (as
        // JavaScript's JSON.stringify does), which then fails the type check...
        let spec = ParamSpec::number("x", "X", "x");
        assert_eq!(check_value(&spec, &json!(f64::NAN)).unwrap_err(), "must be a number, got null");
        assert_eq!(check_value(&spec, &json!(f64::INFINITY)).unwrap_err(), "must be a number, got null");
        // ...or, in a parameters object, counts as left out, so a required one is reported.
        let info = KindInfo::new("k", "K", "k").param(spec.required());
        assert_eq!(Params::parse(&info, &json!({"x": f64::NAN})).unwrap_err().field(), Some("x"));
        // Text that is not valid JSON never gets this far.
        assert!(serde_json::from_str::<Value>(r#"{"x": NaN}"#).is_err());
    }

    #[test]
    fn folders_must_exist_and_be_directories() {
        let spec = ParamSpec::folder("folder", "Folder", "where").required();
        let info = KindInfo::new("h", "H", "h").param(spec);
        let here = std::env::temp_dir();
        assert!(Params::parse(&info, &json!({"folder": here.to_str().unwrap()})).is_ok());
        let missing = here.join("jobdeck-surely-missing-folder-8c1f");
        let err = Params::parse(&info, &json!({"folder": missing.to_str().unwrap()})).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        let file = here.join(format!("jobdeck-params-test-{}", std::process::id()));
        std::fs::write(&file, b"x").unwrap();
        let err = Params::parse(&info, &json!({"folder": file.to_str().unwrap()})).unwrap_err();
        std::fs::remove_file(&file).ok();
        assert!(err.to_string().contains("is not a folder"), "{err}");
        let err = Params::parse(&info, &json!({"folder": ""})).unwrap_err();
        assert!(err.to_string().contains("empty path"), "{err}");
        let err = Params::parse(&info, &json!({"folder": "relative/dir"})).unwrap_err();
        assert!(err.to_string().contains("must be an absolute folder path"), "{err}");
        // Surrounding blanks from a pasted path are dropped, not part of the folder name.
        let padded = format!("  {}  ", here.to_str().unwrap());
        let parsed = Params::parse(&info, &json!({"folder": padded})).unwrap();
        assert_eq!(parsed.path("folder").unwrap(), here.as_path());
    }

    #[test]
    fn choices_need_distinct_options_and_only_choices_have_options() {
        let ok = KindInfo::new("c", "C", "c").param(
            ParamSpec::choice("progress", "Progress", "format", &["auto", "tqdm", "none"]).default("auto"),
        );
        assert!(check_kind_info(&ok).is_ok());
        let none = KindInfo::new("c", "C", "c").param(ParamSpec::choice("p", "P", "p", &[]));
        assert!(check_kind_info(&none).unwrap_err().to_string().contains("has no options"));
        let twice = KindInfo::new("c", "C", "c").param(ParamSpec::choice("p", "P", "p", &["a", "b", "a"]));
        assert!(check_kind_info(&twice).unwrap_err().to_string().contains("lists option `a` twice"));
        let bad_default =
            KindInfo::new("c", "C", "c").param(ParamSpec::choice("p", "P", "p", &["a"]).default("b"));
        assert!(check_kind_info(&bad_default)
            .unwrap_err()
            .to_string()
            .contains("must be one of a, got \"b\""));
        let mut stray = ParamSpec::string("s", "S", "s");
        stray.options = vec!["x".into()];
        let stray = KindInfo::new("c", "C", "c").param(stray);
        assert!(check_kind_info(&stray).unwrap_err().to_string().contains("not a choice"));
    }

    #[test]
    fn kind_infos_are_checked_at_registration() {
        assert!(check_kind_info(&info()).is_ok());
        let twice = info().param(ParamSpec::integer("n", "N", "again"));
        assert!(check_kind_info(&twice).unwrap_err().to_string().contains("declared twice"));
        let bad_default =
            KindInfo::new("b", "B", "b").param(ParamSpec::integer("n", "N", "n").default(0).range(1.0, 2.0));
        assert!(check_kind_info(&bad_default).is_err());
        assert!(check_kind_info(&KindInfo::new(" ", "", "")).is_err());
    }
}
