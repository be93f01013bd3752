//! A job's validated parameters, and typed access to them.
//!
//! The same [`KindInfo`] drives a UI's form and the check (`validate`), so a value the form
//! accepts is a value the engine accepts, and every rejection names the parameter at fault.

use std::path::Path;

use serde_json::{Map, Value};

use super::validate::{check_value, invalid, show};
use crate::{Error, KindInfo, Result};

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

    /// A text parameter (also a folder, a choice or lines).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ParamSpec;
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
    fn a_choice_must_be_one_of_its_options_and_lines_are_text() {
        let info = KindInfo::new("cmd", "Cmd", "choices and lines")
            .param(
                ParamSpec::choice("progress", "Progress", "format", &["auto", "tqdm", "none"])
                    .default("auto"),
            )
            .param(ParamSpec::lines("env", "Environment", "KEY=VALUE lines"));
        let p = Params::parse(&info, &json!({})).unwrap();
        assert_eq!((p.str("progress").unwrap(), p.opt_str("env").unwrap()), ("auto", None));
        let p = Params::parse(&info, &json!({"progress": "tqdm", "env": "A=1\nB=2"})).unwrap();
        assert_eq!(p.str("progress").unwrap(), "tqdm");
        assert_eq!(p.str("env").unwrap().lines().collect::<Vec<_>>(), ["A=1", "B=2"]);
        let err = Params::parse(&info, &json!({"progress": "TQDM"})).unwrap_err();
        assert_eq!(err.field(), Some("progress"));
        assert_eq!(
            err.to_string(),
            "cmd: parameter `progress` must be one of auto, tqdm, none, got \"TQDM\""
        );
        let err = Params::parse(&info, &json!({"progress": 1})).unwrap_err();
        assert_eq!(err.field(), Some("progress"));
        let err = Params::parse(&info, &json!({"env": ["A=1"]})).unwrap_err();
        assert_eq!(
            (err.field(), err.to_string().contains("must be text (lines), got an array")),
            (Some("env"), true)
        );
        // A form reads the options from the kind's description.
        let spec = serde_json::to_value(&info.params[0]).unwrap();
        assert_eq!(
            (spec["kind"].clone(), spec["options"].clone()),
            (json!("choice"), json!(["auto", "tqdm", "none"]))
        );
        assert_eq!(serde_json::to_value(&info.params[1]).unwrap()["kind"], json!("lines"));
    }
}
