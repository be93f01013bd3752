//! Short constructors for [`KindInfo`] and [`ParamSpec`], so a job kind's description reads
//! like a form definition.

use serde_json::Value;

use crate::{KindInfo, ParamKind, ParamSpec};

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
