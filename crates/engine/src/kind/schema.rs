//! Self-description of job kinds: what parameters they take, for validation and for forms,
//! with short constructors so that a kind's description reads like a form definition.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A job kind as a user or a form builder sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct KindInfo {
    /// The name jobs are submitted under, e.g. `"monte-carlo-pi"`.
    pub name: String,
    /// A short human title, e.g. `"Monte Carlo π"`.
    pub title: String,
    /// One or two sentences on what the job does and what it returns.
    pub description: String,
    /// Its parameters, in the order a form shows them.
    pub params: Vec<ParamSpec>,
}

/// One parameter of a job kind. Submitted values are validated against it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ParamSpec {
    /// The key in the parameters object, e.g. `"steps"`.
    pub name: String,
    /// A short label for a form field.
    pub label: String,
    /// What the value means, its unit, and what happens when it is left out.
    pub help: String,
    /// The value's type.
    pub kind: ParamKind,
    /// True when the value must be given (there is no default).
    pub required: bool,
    /// The value used when it is left out; `None` with `required == false` means the kind
    /// chooses (the help says how).
    pub default: Option<Value>,
    /// Smallest allowed value (numbers and integers).
    pub min: Option<f64>,
    /// Largest allowed value (numbers and integers).
    pub max: Option<f64>,
    /// The allowed values of a [`ParamKind::Choice`], in the order a form lists them (empty
    /// for every other kind).
    pub options: Vec<String>,
}

/// The type of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ParamKind {
    /// A whole number (JSON integer; `1.0` is accepted, `1.5` is not).
    Integer,
    /// A finite floating-point number (NaN and infinities are rejected).
    Number,
    /// Any text.
    String,
    /// A filesystem path to a folder (a form offers a folder picker).
    Folder,
    /// `true` or `false`.
    Boolean,
    /// One of the spec's [`options`](ParamSpec::options) (a form offers a select).
    Choice,
    /// Text of several lines, e.g. `KEY=VALUE` lines (a form offers a text area).
    Lines,
}

impl KindInfo {
    /// A kind with no parameters yet; add them with [`param`](Self::param).
    pub fn new(name: impl Into<String>, title: impl Into<String>, description: impl Into<String>) -> Self {
        KindInfo {
            name: name.into(),
            title: title.into(),
            description: description.into(),
            params: Vec::new(),
        }
    }

    /// Appends a parameter (forms show them in this order).
    pub fn param(mut self, spec: ParamSpec) -> Self {
        self.params.push(spec);
        self
    }
}

impl ParamSpec {
    /// An optional parameter of type `kind` with no default (the kind chooses; say how in `help`).
    pub fn new(
        name: impl Into<String>,
        kind: ParamKind,
        label: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        ParamSpec {
            name: name.into(),
            label: label.into(),
            help: help.into(),
            kind,
            required: false,
            default: None,
            min: None,
            max: None,
            options: Vec::new(),
        }
    }

    /// A whole-number parameter.
    pub fn integer(name: impl Into<String>, label: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(name, ParamKind::Integer, label, help)
    }

    /// A finite floating-point parameter.
    pub fn number(name: impl Into<String>, label: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(name, ParamKind::Number, label, help)
    }

    /// A text parameter.
    pub fn string(name: impl Into<String>, label: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(name, ParamKind::String, label, help)
    }

    /// A folder parameter: it must name an existing directory when the job is submitted.
    pub fn folder(name: impl Into<String>, label: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(name, ParamKind::Folder, label, help)
    }

    /// A `true`/`false` parameter.
    pub fn boolean(name: impl Into<String>, label: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(name, ParamKind::Boolean, label, help)
    }

    /// A parameter whose value is one of `options` (text), e.g. a format. Give it a
    /// [`default`](Self::default) among them, or make it [`required`](Self::required).
    pub fn choice(
        name: impl Into<String>,
        label: impl Into<String>,
        help: impl Into<String>,
        options: &[&str],
    ) -> Self {
        let mut spec = Self::new(name, ParamKind::Choice, label, help);
        spec.options = options.iter().map(|o| (*o).to_owned()).collect();
        spec
    }

    /// A multi-line text parameter (read it with [`Params::str`](crate::Params::str), then
    /// split its lines).
    pub fn lines(name: impl Into<String>, label: impl Into<String>, help: impl Into<String>) -> Self {
        Self::new(name, ParamKind::Lines, label, help)
    }

    /// Makes the parameter mandatory (no default).
    pub fn required(mut self) -> Self {
        self.required = true;
        self.default = None;
        self
    }

    /// The value used when the parameter is left out.
    pub fn default(mut self, value: impl Into<Value>) -> Self {
        self.default = Some(value.into());
        self.required = false;
        self
    }

    /// The allowed range, inclusive (numbers and integers).
    pub fn range(mut self, min: f64, max: f64) -> Self {
        self.min = Some(min);
        self.max = Some(max);
        self
    }
}
