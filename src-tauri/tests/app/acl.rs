//! Least privilege: the window may call Jobdeck's own commands and the folder picker, nothing else.

use jobdeck_lib::COMMANDS;
use serde_json::{json, Value};

use crate::util::TestApp;

#[test]
fn the_capability_grants_each_command_and_the_folder_picker_only() {
    let capability: Value = serde_json::from_str(include_str!("../../capabilities/default.json")).unwrap();
    let mut granted: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission names, no scopes"))
        .collect();
    granted.sort_unstable();
    let mut expected: Vec<String> =
        COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    expected.push("dialog:allow-open".into());
    expected.sort_unstable();
    assert_eq!(granted, expected);
    assert_eq!(capability["windows"], json!(["main"]));
    assert!(capability.get("remote").is_none(), "no remote origin may call in");
}

/// Each name of the contract is granted and reaches a handler (`generate_handler!` in lib.rs).
#[test]
fn every_app_command_is_allowed_from_the_local_page() {
    let app = TestApp::new();
    for cmd in COMMANDS {
        if let Err(e) = app.invoke(cmd, json!({})) {
            // Missing arguments are fine here, and so is the history's absence (this app has
            // none); an ACL denial is a string, not our payload.
            assert!(e["code"] == "invalid_argument" || e["code"] == "history_unavailable", "{cmd}: {e}");
        }
    }
}

#[test]
fn plugin_commands_not_granted_are_denied() {
    let app = TestApp::new();
    // No opener for the page: the app opens a job's log itself, from the job's id.
    for cmd in [
        // Exports open the save dialog from Rust: the page has no dialog of its own to save with.
        "plugin:dialog|save",
        "plugin:dialog|message",
        "plugin:event|emit",
        "plugin:window|close",
        "plugin:opener|open_path",
        "plugin:opener|open_url",
    ] {
        let err = app.invoke(cmd, json!({})).unwrap_err();
        assert!(err.is_string(), "{cmd} should be denied by the ACL, got {err}");
    }
}

#[test]
fn remote_pages_cannot_call_the_app() {
    let app = TestApp::new();
    let err = app.invoke_from("https://example.com", "cancel_all", json!({})).unwrap_err();
    assert!(err.is_string(), "a remote page must be denied, got {err}");
    assert_eq!(app.state().engine().snapshot().jobs.len(), 0);
}
