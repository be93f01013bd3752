/// Every command the app registers. `tauri-build` generates an `allow-<command>` and a
/// `deny-<command>` permission for each, and `capabilities/default.json` grants them one by
/// one: a command missing here (or there) is rejected by the ACL, never silently allowed.
const COMMANDS: &[&str] = &[
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
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
