// The IPC contract's names and limits, in one place. Plain constants only: `build.rs`
// `include!`s this file (so it must compile on its own, outside the crate), the crate
// re-exports it, and `npm run gen:types` writes `ui/src/generated/contract.ts` from it, which
// types `ui/src/ipc.ts`'s calls and `ui/src/validate.ts`'s count check.

/// Every command the app registers, as the UI invokes it.
///
/// `tauri-build` generates an `allow-<command>` and a `deny-<command>` permission for each,
/// and `capabilities/default.json` grants them one by one (Tauri needs that list literally;
/// the app's tests check it against this one): a command missing here is rejected by the ACL,
/// never silently allowed.
pub const COMMANDS: &[&str] = &[
    "list_kinds",
    "submit",
    "cancel",
    "cancel_all",
    "pause",
    "resume",
    "set_max_concurrent",
    "snapshot",
    "series",
    "clear_finished",
    "next_batches",
    "job_log",
    "open_job_log",
    "history_page",
    "history_kinds",
    "history_notice",
    "history_series",
    "rerun",
    "retry_failed",
    "resume_queued",
    "delete_jobs",
    "delete_older_than",
    "export_series_csv",
    "export_results_json",
    "export_plot_png",
];

/// The most jobs one `submit` may start.
pub const MAX_COUNT: u64 = 10_000;
