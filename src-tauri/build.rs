/// The IPC contract: the same file the crate compiles as `contract`. The build needs only the
/// command names (`MAX_COUNT` is for the crate and the UI). Editing it rebuilds this script
/// (cargo tracks `include!`d files), which then runs again.
#[allow(dead_code)]
mod contract {
    include!("src/contract.rs");
}

fn main() {
    // `tauri-build` generates an `allow-`/`deny-` permission per command, which
    // capabilities/default.json grants one by one.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(contract::COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
