//! Self-description of job kinds: what parameters they take, for validation and for forms.

use serde::{Deserialize, Serialize};

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
    pub default: Option<serde_json::Value>,
    /// Smallest allowed value (numbers and integers).
    pub min: Option<f64>,
    /// Largest allowed value (numbers and integers).
    pub max: Option<f64>,
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
}
