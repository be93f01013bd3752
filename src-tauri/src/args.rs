//! Command arguments the shell parses itself.
//!
//! Tauri rejects an argument that fails to deserialize with a bare string. Jobdeck promises
//! an [`ErrorPayload`](jobdeck_engine::ErrorPayload) for every rejection, so each argument
//! that comes from the UI is taken as raw JSON and checked here: a malformed id, a count of
//! `"three"` or a missing spec all become `invalid_argument` errors naming the argument.

use jobdeck_engine::{JobId, JobSpec};
use jobdeck_history::{Cursor, JobFilter, Selection, MAX_PAGE_SIZE};
use serde::Deserialize;
use serde_json::Value;
use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::Runtime;

use crate::contract::MAX_COUNT;
use crate::error::{Error, Result};

/// An argument parsed from the raw JSON value the UI sent under its name (`None`: absent or null).
trait FromArg: Sized {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self>;
}

/// Implements [`CommandArg`] for a [`FromArg`] type, so the `#[tauri::command]` wrapper
/// rejects bad input with the structured error.
macro_rules! command_arg {
    ($($ty:ty),*) => {$(
        impl<'de, R: Runtime> CommandArg<'de, R> for $ty {
            fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
                let field = command.key;
                let value = Option::<Value>::deserialize(command)
                    .map_err(|e| InvokeError::from(Error::invalid(field, e.to_string())))?;
                <$ty as FromArg>::from_arg(field, value.as_ref()).map_err(InvokeError::from)
            }
        }
    )*};
}

command_arg!(IdArg, CountArg, LimitArg, SpecArg, SeqArg, SeriesNameArg);
command_arg!(IdsArg, FilterArg, CursorArg, PageSizeArg, SelectionArg, TimeArg);

fn required<'v>(field: &'static str, value: Option<&'v Value>) -> Result<&'v Value> {
    value.ok_or_else(|| Error::invalid(field, "is required"))
}

/// A non-negative integer, also accepted as a float with no fraction (JS numbers).
fn whole_number(field: &'static str, value: &Value) -> Result<u64> {
    value
        .as_u64()
        .or_else(|| value.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1e19).map(|f| f as u64))
        .ok_or_else(|| Error::invalid(field, format!("must be a whole number ≥ 0, got {value}")))
}

/// How a job id looks, for error messages.
const EXAMPLE_ID: &str = "67e55044-10b1-426f-9247-bb680e5fe0c8";

/// A job id: a hyphenated UUID string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IdArg(pub(crate) JobId);

impl FromArg for IdArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        let value = required(field, value)?;
        let text = value
            .as_str()
            .ok_or_else(|| Error::invalid(field, format!("must be a job id string, got {value}")))?;
        text.parse().map(IdArg).map_err(|_| {
            Error::invalid(field, format!("`{text}` is not a job id (a UUID such as {EXAMPLE_ID})"))
        })
    }
}

/// How many copies of a job `submit` starts: `1..=`[`MAX_COUNT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CountArg(pub(crate) usize);

impl FromArg for CountArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        let n = whole_number(field, required(field, value)?)?;
        if !(1..=MAX_COUNT).contains(&n) {
            return Err(Error::invalid(field, format!("must be 1..={MAX_COUNT}, got {n}")));
        }
        Ok(CountArg(n as usize))
    }
}

/// A concurrency limit; its range is the engine's to check (`0` is an engine error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LimitArg(pub(crate) usize);

impl FromArg for LimitArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        let n = whole_number(field, required(field, value)?)?;
        usize::try_from(n).map(LimitArg).map_err(|_| Error::invalid(field, format!("is too large: {n}")))
    }
}

/// A job spec `{kind, params?, priority?}`; the params are the engine's to validate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SpecArg(pub(crate) JobSpec);

impl FromArg for SpecArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        JobSpec::deserialize(required(field, value)?)
            .map(SpecArg)
            .map_err(|e| Error::invalid(field, e.to_string()))
    }
}

/// A sequence number the page has seen: of the last batch it applied (or of its snapshot),
/// for `next_batches`; of the last log line it has, for `job_log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SeqArg(pub(crate) u64);

impl FromArg for SeqArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        whole_number(field, required(field, value)?).map(SeqArg)
    }
}

/// An optional series name (`series`): absent or null for the job's default series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeriesNameArg(pub(crate) Option<String>);

impl FromArg for SeriesNameArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        match value {
            None => Ok(SeriesNameArg(None)),
            Some(Value::String(name)) if !name.is_empty() => Ok(SeriesNameArg(Some(name.clone()))),
            Some(other) => Err(Error::invalid(field, format!("must be a series name, got {other}"))),
        }
    }
}

/// Job ids (`rerun`): 1..=[`MAX_COUNT`] of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IdsArg(pub(crate) Vec<JobId>);

impl FromArg for IdsArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        let value = required(field, value)?;
        let list = value
            .as_array()
            .ok_or_else(|| Error::invalid(field, format!("must be a list of job ids, got {value}")))?;
        if list.is_empty() || list.len() as u64 > MAX_COUNT {
            return Err(Error::invalid(field, format!("must hold 1..={MAX_COUNT} ids, got {}", list.len())));
        }
        list.iter().map(|v| IdArg::from_arg(field, Some(v)).map(|id| id.0)).collect::<Result<_>>().map(IdsArg)
    }
}

/// A history filter `{search?, states?, kinds?, submittedFrom?, submittedBefore?}`; absent: every job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FilterArg(pub(crate) JobFilter);

impl FromArg for FilterArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        value
            .map_or(Ok(JobFilter::default()), |v| {
                JobFilter::deserialize(v).map_err(|e| Error::invalid(field, e.to_string()))
            })
            .map(FilterArg)
    }
}

/// Where the previous history page ended (its `next`); absent: the first page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CursorArg(pub(crate) Option<Cursor>);

impl FromArg for CursorArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        value
            .map(|v| Cursor::deserialize(v).map_err(|e| Error::invalid(field, e.to_string())))
            .transpose()
            .map(CursorArg)
    }
}

/// How many jobs a history page holds: 1..=[`MAX_PAGE_SIZE`], [`DEFAULT_PAGE_SIZE`] when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageSizeArg(pub(crate) usize);

/// The page size when the UI names none.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 50;

impl FromArg for PageSizeArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        let Some(value) = value else { return Ok(PageSizeArg(DEFAULT_PAGE_SIZE)) };
        let n = whole_number(field, value)?;
        if !(1..=MAX_PAGE_SIZE as u64).contains(&n) {
            return Err(Error::invalid(field, format!("must be 1..={MAX_PAGE_SIZE}, got {n}")));
        }
        Ok(PageSizeArg(n as usize))
    }
}

/// The jobs an action applies to: `{type: "ids", ids}` or `{type: "matching", filter}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SelectionArg(pub(crate) Selection);

impl FromArg for SelectionArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        Selection::deserialize(required(field, value)?)
            .map(SelectionArg)
            .map_err(|e| Error::invalid(field, e.to_string()))
    }
}

/// A time in milliseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeArg(pub(crate) u64);

impl FromArg for TimeArg {
    fn from_arg(field: &'static str, value: Option<&Value>) -> Result<Self> {
        whole_number(field, required(field, value)?).map(TimeArg)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn code_field(err: Error) -> (String, Option<String>) {
        let p = err.payload();
        (p.code, p.field)
    }

    #[test]
    fn ids_must_be_uuid_strings() {
        let id = JobId::new();
        assert_eq!(IdArg::from_arg("id", Some(&json!(id.to_string()))).unwrap(), IdArg(id));
        for bad in [json!("nope"), json!(42), json!({}), json!("")] {
            let err = IdArg::from_arg("id", Some(&bad)).unwrap_err();
            assert_eq!(code_field(err), ("invalid_argument".into(), Some("id".into())), "{bad}");
        }
        assert!(IdArg::from_arg("id", None).is_err());
    }

    #[test]
    fn counts_are_1_to_10000() {
        assert_eq!(CountArg::from_arg("count", Some(&json!(1))).unwrap(), CountArg(1));
        assert_eq!(CountArg::from_arg("count", Some(&json!(10_000))).unwrap(), CountArg(10_000));
        assert_eq!(CountArg::from_arg("count", Some(&json!(5.0))).unwrap(), CountArg(5));
        for bad in [json!(0), json!(10_001), json!(-1), json!(2.5), json!("3"), json!(null)] {
            let err = CountArg::from_arg("count", Some(&bad)).unwrap_err();
            assert_eq!(code_field(err), ("invalid_argument".into(), Some("count".into())), "{bad}");
        }
    }

    #[test]
    fn seqs_are_whole_numbers() {
        assert_eq!(SeqArg::from_arg("after", Some(&json!(0))).unwrap(), SeqArg(0));
        assert_eq!(SeqArg::from_arg("after", Some(&json!(123_456.0))).unwrap(), SeqArg(123_456));
        for bad in [json!(-1), json!(1.5), json!("7"), json!(null)] {
            let err = SeqArg::from_arg("after", Some(&bad)).unwrap_err();
            assert_eq!(code_field(err), ("invalid_argument".into(), Some("after".into())), "{bad}");
        }
        let err = SeqArg::from_arg("after", None).unwrap_err();
        assert_eq!(code_field(err), ("invalid_argument".into(), Some("after".into())));
    }

    #[test]
    fn series_names_are_optional_non_empty_strings() {
        assert_eq!(SeriesNameArg::from_arg("series", None).unwrap(), SeriesNameArg(None));
        assert_eq!(
            SeriesNameArg::from_arg("series", Some(&json!("loss"))).unwrap(),
            SeriesNameArg(Some("loss".into()))
        );
        for bad in [json!(""), json!(3), json!(["loss"])] {
            let err = SeriesNameArg::from_arg("series", Some(&bad)).unwrap_err();
            assert_eq!(code_field(err), ("invalid_argument".into(), Some("series".into())), "{bad}");
        }
    }

    #[test]
    fn specs_take_defaults_and_reject_garbage() {
        let SpecArg(spec) = SpecArg::from_arg("spec", Some(&json!({"kind": "noop"}))).unwrap();
        assert_eq!(spec, JobSpec::new("noop"));
        for bad in [json!({}), json!("progress"), json!({"kind": "noop", "priority": "urgent"})] {
            let err = SpecArg::from_arg("spec", Some(&bad)).unwrap_err();
            assert_eq!(code_field(err), ("invalid_argument".into(), Some("spec".into())), "{bad}");
        }
    }

    #[test]
    fn history_arguments_take_defaults_and_name_the_field() {
        let id = JobId::new();
        assert_eq!(IdsArg::from_arg("ids", Some(&json!([id.to_string()]))).unwrap(), IdsArg(vec![id]));
        for bad in [json!([]), json!(["nope"]), json!("x"), json!(null)] {
            let err = IdsArg::from_arg("ids", Some(&bad)).unwrap_err();
            assert_eq!(code_field(err), ("invalid_argument".into(), Some("ids".into())), "{bad}");
        }
        assert_eq!(FilterArg::from_arg("filter", None).unwrap(), FilterArg(JobFilter::default()));
        let f = FilterArg::from_arg("filter", Some(&json!({"search": "division", "states": ["failed"]})))
            .unwrap();
        assert_eq!(f.0, JobFilter::new().search("division").state(jobdeck_history::HistoryState::Failed));
        let err = FilterArg::from_arg("filter", Some(&json!({"states": ["broken"]}))).unwrap_err();
        assert_eq!(code_field(err), ("invalid_argument".into(), Some("filter".into())));
        assert_eq!(CursorArg::from_arg("after", None).unwrap(), CursorArg(None));
        assert!(CursorArg::from_arg("after", Some(&json!("12"))).unwrap().0.is_some());
        assert!(CursorArg::from_arg("after", Some(&json!("-1"))).is_err());
        assert_eq!(PageSizeArg::from_arg("limit", None).unwrap(), PageSizeArg(DEFAULT_PAGE_SIZE));
        for bad in [json!(0), json!(1001), json!("5")] {
            let err = PageSizeArg::from_arg("limit", Some(&bad)).unwrap_err();
            assert_eq!(code_field(err), ("invalid_argument".into(), Some("limit".into())), "{bad}");
        }
        let sel = SelectionArg::from_arg("selection", Some(&json!({"type": "ids", "ids": [id.to_string()]})));
        assert_eq!(sel.unwrap().0, Selection::Ids { ids: vec![id] });
        assert!(SelectionArg::from_arg("selection", Some(&json!({"type": "all"}))).is_err());
        assert!(SelectionArg::from_arg("selection", None).is_err());
        assert_eq!(
            TimeArg::from_arg("before", Some(&json!(1_700_000_000_000u64))).unwrap(),
            TimeArg(1_700_000_000_000)
        );
    }
}
