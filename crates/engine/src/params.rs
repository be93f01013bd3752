//! Validation of a job's parameters against its kind's [`ParamSpec`]s, and typed access to
//! the result.
//!
//! The same [`KindInfo`] drives a UI's form and this check, so a value the form accepts is a
//! value the engine accepts, and every rejection names the parameter at fault.

use std::path::Path;

use serde_json::{Map, Value};

use crate::{Error, KindInfo, ParamKind, ParamSpec, Result};

/// A job's parameters after validation: every key is a declared parameter, every value has
/// its declared type and range, and defaults are filled in.
///
/// A kind reads them in [`JobKind::prepare`](crate::JobKind::prepare) through the typed
/// accessors, which return an [`Error::InvalidParams`] (never panic) if the kind asks for a
/// name or type it did not declare.
///
/// # Examples
///
/// ```
/// use jobdeck_engine::{KindInfo, ParamSpec, Params};
/// use serde_json::json;
///
/// let info = KindInfo::new("demo", "Demo", "Shows parameter validation.")
///     .param(ParamSpec::integer("steps", "Steps", "How many.").default(10).range(1.0, 100.0));
///
/// let params = Params::parse(&info, &json!({})).unwrap();
/// assert_eq!(params.u64("steps").unwrap(), 10);
///
/// let err = Params::parse(&info, &json!({"steps": -5})).unwrap_err();
/// assert_eq!(err.to_string(), "demo: parameter `steps` must be at least 1, got -5");
/// assert_eq!(err.field(), Some("steps"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    kind: std::sync::Arc<str>,
    values: Map<String, Value>,
}

impl Params {
    /// Validates `value` (a JSON object; `null` counts as `{}`) against `info`'s parameters.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] naming the first parameter at fault: not an object, an
    /// unknown key, a required parameter left out, a value of the wrong type (a string for a
    /// number, `1.5` for an integer), a non-finite number, a value out of range (which
    /// covers negative counts), or a folder that does not exist or is not a directory.
    pub fn parse(info: &KindInfo, value: &Value) -> Result<Params> {
        Self::parse_named(info.name.as_str().into(), info, value)
    }

    /// [`parse`](Self::parse) with the kind's name already shared (no allocation for it).
    pub(crate) fn parse_named(name: std::sync::Arc<str>, info: &KindInfo, value: &Value) -> Result<Params> {
        let empty = Map::new();
        let given = match value {
            Value::Object(map) => map,
            Value::Null => &empty,
            other => {
                return Err(invalid(
                    &info.name,
                    "params",
                    format!("must be a JSON object, got {}", show(other)),
                ))
            }
        };
        if let Some(unknown) = given.keys().find(|k| !info.params.iter().any(|p| &p.name == *k)) {
            let takes = if info.params.is_empty() {
                format!("{} takes no parameters", info.name)
            } else {
                let names: Vec<&str> = info.params.iter().map(|p| p.name.as_str()).collect();
                format!("{} takes: {}", info.name, names.join(", "))
            };
            return Err(invalid(&info.name, unknown, format!("is not a known parameter ({takes})")));
        }
        let mut values = Map::new();
        for spec in &info.params {
            match given.get(&spec.name).filter(|v| !v.is_null()) {
                Some(v) => {
                    let checked =
                        check_value(spec, v).map_err(|reason| invalid(&info.name, &spec.name, reason))?;
                    values.insert(spec.name.clone(), checked);
                }
                None if spec.required => return Err(invalid(&info.name, &spec.name, "is required".into())),
                None => {
                    if let Some(default) = &spec.default {
                        values.insert(spec.name.clone(), default.clone());
                    }
                }
            }
        }
        Ok(Params { kind: name, values })
    }

    /// The kind these parameters were validated for.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The raw value of a parameter, if it was given or has a default.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// The parameters as a JSON object, defaults filled in (what a job's row shows).
    pub fn to_value(&self) -> Value {
        Value::Object(self.values.clone())
    }

    /// An [`Error::InvalidParams`] about `field`, for checks a kind makes itself in `prepare`.
    pub fn invalid(&self, field: &str, reason: impl Into<String>) -> Error {
        invalid(&self.kind, field, reason.into())
    }

    fn required<T>(&self, name: &str, value: Option<T>) -> Result<T> {
        value.ok_or_else(|| self.invalid(name, "is required"))
    }

    fn typed<'a, T>(
        &'a self,
        name: &str,
        what: &str,
        read: impl Fn(&'a Value) -> Option<T>,
    ) -> Result<Option<T>> {
        match self.values.get(name) {
            None => Ok(None),
            Some(v) => read(v)
                .map(Some)
                .ok_or_else(|| self.invalid(name, format!("must be {what}, got {}", show(v)))),
        }
    }

    /// A non-negative integer parameter, or `None` when it was left out and has no default.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if the value is not a non-negative integer.
    pub fn opt_u64(&self, name: &str) -> Result<Option<u64>> {
        self.typed(name, "a non-negative integer", Value::as_u64)
    }

    /// A non-negative integer parameter.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if it is missing or not a non-negative integer.
    pub fn u64(&self, name: &str) -> Result<u64> {
        self.required(name, self.opt_u64(name)?)
    }

    /// An integer parameter, or `None` when it was left out and has no default.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if the value is not an integer that fits an `i64`.
    pub fn opt_i64(&self, name: &str) -> Result<Option<i64>> {
        self.typed(name, "an integer", Value::as_i64)
    }

    /// An integer parameter.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if it is missing or not an integer that fits an `i64`.
    pub fn i64(&self, name: &str) -> Result<i64> {
        self.required(name, self.opt_i64(name)?)
    }

    /// A number parameter (integers read as numbers too), or `None` when left out.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if the value is not a number.
    pub fn opt_f64(&self, name: &str) -> Result<Option<f64>> {
        self.typed(name, "a number", Value::as_f64)
    }

    /// A number parameter.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if it is missing or not a number.
    pub fn f64(&self, name: &str) -> Result<f64> {
        self.required(name, self.opt_f64(name)?)
    }

    /// A text (or folder) parameter, or `None` when left out.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if the value is not a string.
    pub fn opt_str(&self, name: &str) -> Result<Option<&str>> {
        self.typed(name, "a string", Value::as_str)
    }

    /// A text (or folder) parameter.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if it is missing or not a string.
    pub fn str(&self, name: &str) -> Result<&str> {
        self.required(name, self.opt_str(name)?)
    }

    /// A folder parameter as a path (it named an existing directory at submit time).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if it is missing or not a string.
    pub fn path(&self, name: &str) -> Result<&Path> {
        self.str(name).map(Path::new)
    }

    /// A boolean parameter, or `None` when left out.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if the value is not a boolean.
    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>> {
        self.typed(name, "true or false", Value::as_bool)
    }

    /// A boolean parameter.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParams`] if it is missing or not a boolean.
    pub fn bool(&self, name: &str) -> Result<bool> {
        self.required(name, self.opt_bool(name)?)
    }
}

fn invalid(kind: &str, field: &str, reason: String) -> Error {
    Error::InvalidParams { kind: kind.to_owned(), field: field.to_owned(), reason }
}

/// A JSON value as a person would read it in a message, cut short if long.
fn show(v: &Value) -> String {
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
fn check_value(spec: &ParamSpec, v: &Value) -> std::result::Result<Value, String> {
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
    use serde_json::json;

    fn info() -> KindInfo {
        KindInfo::new("k", "K", "test kind")
            .param(ParamSpec::integer("n", "N", "count").default(5).range(1.0, 10.0))
            .param(ParamSpec::number("ms", "Ms", "delay").default(1.5).range(0.0, 100.0))
            .param(ParamSpec::integer("opt", "Opt", "optional, no default"))
            .param(ParamSpec::string("name", "Name", "text").required())
            .param(ParamSpec::boolean("flag", "Flag", "flag").default(false))
    }

    fn reject(params: Value) -> (String, String) {
        let err = Params::parse(&info(), &params).unwrap_err();
        let Error::InvalidParams { field, reason, .. } = err else { panic!("wrong error {err:?}") };
        (field, reason)
    }

    #[test]
    fn fills_defaults_and_reads_typed() {
        let p = Params::parse(&info(), &json!({"name": "x", "n": 7.0})).unwrap();
        assert_eq!(p.u64("n").unwrap(), 7);
        assert_eq!(p.i64("n").unwrap(), 7);
        assert_eq!(p.f64("ms").unwrap(), 1.5);
        assert_eq!(p.opt_u64("opt").unwrap(), None);
        assert_eq!(p.str("name").unwrap(), "x");
        assert!(!p.bool("flag").unwrap());
        assert_eq!(p.to_value(), json!({"n": 7, "ms": 1.5, "name": "x", "flag": false}));
        // A kind asking for what it did not declare gets an error, not a panic.
        assert_eq!(p.u64("nope").unwrap_err().field(), Some("nope"));
        assert!(p.u64("name").unwrap_err().to_string().contains("must be a non-negative integer"));
        // null means "left out".
        let p = Params::parse(&info(), &json!({"name": "x", "n": null})).unwrap();
        assert_eq!(p.u64("n").unwrap(), 5);
    }

    #[test]
    fn rejects_each_kind_of_bad_value() {
        assert_eq!(reject(json!([1])), ("params".into(), "must be a JSON object, got an array".into()));
        assert_eq!(reject(json!({"name": "x", "bogus": 1})).0, "bogus");
        assert!(reject(json!({"name": "x", "bogus": 1})).1.contains("k takes: n, ms, opt, name, flag"));
        assert_eq!(reject(json!({})), ("name".into(), "is required".into()));
        assert_eq!(
            reject(json!({"name": "x", "n": "3"})),
            ("n".into(), "must be an integer, got \"3\"".into())
        );
        assert_eq!(
            reject(json!({"name": "x", "n": 1.5})),
            ("n".into(), "must be a whole number, got 1.5".into())
        );
        assert_eq!(reject(json!({"name": "x", "n": -5})), ("n".into(), "must be at least 1, got -5".into()));
        assert_eq!(reject(json!({"name": "x", "n": 11})), ("n".into(), "must be at most 10, got 11".into()));
        assert_eq!(reject(json!({"name": "x", "ms": -0.5})).0, "ms");
        assert_eq!(
            reject(json!({"name": "x", "ms": true})),
            ("ms".into(), "must be a number, got true".into())
        );
        assert_eq!(reject(json!({"name": 3})), ("name".into(), "must be text, got 3".into()));
        assert_eq!(reject(json!({"name": "x", "flag": 1})).0, "flag");
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
