use serde_json::json;

use crate::util::{open, TempDir};

#[test]
fn settings_are_stored_replaced_removed_and_kept_across_restarts() {
    let dir = TempDir::new("settings");
    let (history, _) = open(&dir);
    assert_eq!(history.setting("window.close").unwrap(), None);
    history.set_setting("window.close", json!("minimize-to-tray")).unwrap();
    history.set_setting("window.bounds", json!({"x": 10, "y": 20, "w": 1280, "h": 800})).unwrap();
    history.set_setting("window.close", json!("quit")).unwrap();
    assert_eq!(history.setting("window.close").unwrap(), Some(json!("quit")));
    history.close();

    let (history, _) = open(&dir);
    assert_eq!(history.setting("window.bounds").unwrap().unwrap()["w"], 1280);
    history.remove_setting("window.bounds").unwrap();
    assert_eq!(history.setting("window.bounds").unwrap(), None);
    assert_eq!(history.set_setting("", json!(1)).unwrap_err().code(), "invalid_setting");
    assert_eq!(history.setting(&"k".repeat(201)).unwrap_err().code(), "invalid_setting");
    history.close();
    assert_eq!(history.set_setting("a", json!(1)).unwrap_err().code(), "closed");
}
