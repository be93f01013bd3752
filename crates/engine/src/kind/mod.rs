//! What a job kind is: a self-description plus a way to turn parameters into a job body.
//!
//! The [`JobKind`] trait and the registry of kinds (here); `schema` (the self-description a
//! form is built from), `params` (validated parameters and their typed accessors), `validate`
//! (the checks behind them) and `builtin` (the kinds every engine has, one file each).

pub(crate) mod builtin;
pub(crate) mod params;
pub(crate) mod schema;
pub(crate) mod validate;

use std::sync::Arc;

use self::validate::check_kind_info;
use crate::{JobContext, JobError, KindInfo, Params, Result};

/// A job body, ready to run: called once on a job thread with the job's context.
///
/// It returns the job's result (any JSON) or a [`JobError`]; a panic is caught and ends
/// the job as `Failed` with `panicked: true`.
pub type JobFn = Box<dyn FnOnce(&JobContext<'_>) -> Result<serde_json::Value, JobError> + Send>;

/// A kind of job the engine can run, e.g. `progress` or `hash-files`.
///
/// The engine validates the submitted parameters against [`info`](Self::info) before it
/// calls [`prepare`](Self::prepare), so `prepare` only reads typed values and makes any
/// check of its own. It runs on the submitter's thread, at submit time, once per job:
/// keep it cheap and return an error rather than panic.
///
/// See the [crate docs](crate#writing-a-job-kind) for a complete example.
pub trait JobKind: Send + Sync + 'static {
    /// The kind's name, title, description and parameters (read once, at registration).
    fn info(&self) -> KindInfo;

    /// Builds the body of one job from its validated parameters.
    ///
    /// # Errors
    ///
    /// Any [`Error`](crate::Error) (normally [`Params::invalid`]) rejects the submission;
    /// nothing is queued.
    fn prepare(&self, params: &Params) -> Result<JobFn>;
}

/// A registered kind with its description read once.
pub(crate) struct KindEntry {
    pub(crate) name: Arc<str>,
    pub(crate) info: KindInfo,
    pub(crate) kind: Box<dyn JobKind>,
    /// The kind's parameters when none are given (`{}`), validated once at registration and
    /// shared by every such job; `None` if the kind has required parameters.
    defaults: Option<(Params, Arc<serde_json::Value>)>,
}

impl KindEntry {
    /// Validates `given` (reusing the all-defaults result for `{}` and `null`); returns the
    /// parameters and their JSON form for the job's row.
    pub(crate) fn params(
        &self,
        given: &serde_json::Value,
    ) -> Result<(std::borrow::Cow<'_, Params>, Arc<serde_json::Value>)> {
        let empty = given.is_null() || given.as_object().is_some_and(|m| m.is_empty());
        if let (true, Some((params, shown))) = (empty, &self.defaults) {
            return Ok((std::borrow::Cow::Borrowed(params), Arc::clone(shown)));
        }
        let params = Params::parse_named(Arc::clone(&self.name), &self.info, given)?;
        let shown = Arc::new(params.to_value());
        Ok((std::borrow::Cow::Owned(params), shown))
    }
}

/// Every kind the engine knows, in registration order.
pub(crate) struct Kinds {
    entries: Vec<KindEntry>,
}

impl Kinds {
    /// Registers `kinds`, in order (the builder passes the built-ins first).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`](crate::Error::InvalidConfig) for a badly described kind or a
    /// name registered twice.
    pub(crate) fn new(kinds: impl IntoIterator<Item = Box<dyn JobKind>>) -> Result<Self> {
        let mut entries: Vec<KindEntry> = Vec::new();
        for kind in kinds {
            let info = kind.info();
            check_kind_info(&info)?;
            if entries.iter().any(|e| e.info.name == info.name) {
                return Err(crate::Error::InvalidConfig {
                    option: "kind",
                    value: info.name.clone(),
                    reason: "a job kind of this name is already registered".into(),
                });
            }
            let name: Arc<str> = info.name.as_str().into();
            // Not for kinds with folder parameters: a folder's existence is checked per submit.
            let has_folder = info.params.iter().any(|p| p.kind == crate::ParamKind::Folder);
            let defaults = (!has_folder)
                .then(|| Params::parse_named(Arc::clone(&name), &info, &serde_json::Value::Null).ok())
                .flatten()
                .map(|p| {
                    let shown = Arc::new(p.to_value());
                    (p, shown)
                });
            entries.push(KindEntry { name, info, kind, defaults });
        }
        Ok(Kinds { entries })
    }

    pub(crate) fn get(&self, name: &str) -> Result<&KindEntry> {
        self.entries.iter().find(|e| e.info.name == name).ok_or_else(|| crate::Error::UnknownKind {
            kind: name.to_owned(),
            known: self.entries.iter().map(|e| e.info.name.as_str()).collect::<Vec<_>>().join(", "),
        })
    }

    pub(crate) fn infos(&self) -> Vec<KindInfo> {
        self.entries.iter().map(|e| e.info.clone()).collect()
    }
}
