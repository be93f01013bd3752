//! Every rejection crosses the IPC as `{code, message, field?}`: the JSON is pinned here.

use serde_json::json;

use crate::util::TestApp;

#[test]
fn malformed_ids_are_invalid_arguments() {
    let app = TestApp::new();
    assert_eq!(
        app.invoke("cancel", json!({"id": "not-a-uuid"})),
        Err(json!({
            "code": "invalid_argument",
            "message": "invalid `id`: `not-a-uuid` is not a job id \
                        (a UUID such as 67e55044-10b1-426f-9247-bb680e5fe0c8)",
            "field": "id"
        }))
    );
    assert_eq!(
        app.invoke("pause", json!({"id": 7})),
        Err(json!({
            "code": "invalid_argument",
            "message": "invalid `id`: must be a job id string, got 7",
            "field": "id"
        }))
    );
    assert_eq!(
        app.invoke("resume", json!({})),
        Err(json!({"code": "invalid_argument", "message": "invalid `id`: is required", "field": "id"}))
    );
}

#[test]
fn unknown_ids_are_the_engines_not_found() {
    let app = TestApp::new();
    let id = "3f2a0000-0000-4000-8000-000000000000";
    assert_eq!(
        app.invoke("cancel", json!({ "id": id })),
        Err(json!({"code": "not_found", "message": format!("no job with id {id}")}))
    );
    assert_eq!(app.invoke("series", json!({ "id": id })).unwrap_err()["code"], "not_found");
}

#[test]
fn counts_outside_1_to_10000_submit_nothing() {
    let app = TestApp::new();
    for count in [json!(0), json!(10_001), json!(-3), json!(1.5), json!("2")] {
        let err = app.invoke("submit", json!({"spec": {"kind": "noop"}, "count": count})).unwrap_err();
        assert_eq!(err["code"], "invalid_argument", "{count}: {err}");
        assert_eq!(err["field"], "count", "{count}: {err}");
    }
    assert_eq!(
        app.invoke("submit", json!({"spec": {"kind": "noop"}, "count": 0})),
        Err(json!({
            "code": "invalid_argument",
            "message": "invalid `count`: must be 1..=10000, got 0",
            "field": "count"
        }))
    );
    assert_eq!(app.state().engine().snapshot().jobs.len(), 0);
}

#[test]
fn engine_errors_pass_through_with_their_field() {
    let app = TestApp::new();
    let err = app
        .invoke("submit", json!({"spec": {"kind": "progress", "params": {"steps": -5}}, "count": 1}))
        .unwrap_err();
    assert_eq!(err["code"], "invalid_params", "{err}");
    assert_eq!(err["field"], "steps", "{err}");
    assert!(err["message"].as_str().unwrap().contains("steps"), "{err}");

    let err = app.invoke("submit", json!({"spec": {"kind": "nope"}, "count": 1})).unwrap_err();
    assert_eq!(err["code"], "unknown_kind", "{err}");
    assert!(err.get("field").is_none(), "{err}");

    let err = app.invoke("submit", json!({"spec": {"params": {}}, "count": 1})).unwrap_err();
    assert_eq!(err["code"], "invalid_argument", "{err}");
    assert_eq!(err["field"], "spec", "{err}");

    let err = app.invoke("set_max_concurrent", json!({"limit": 0})).unwrap_err();
    assert_eq!(err["code"], "invalid_config", "{err}");
    let err = app.invoke("set_max_concurrent", json!({"limit": "four"})).unwrap_err();
    assert_eq!(err["code"], "invalid_argument", "{err}");
    assert_eq!(err["field"], "limit", "{err}");
}

#[test]
fn a_bad_seq_is_a_structured_error() {
    let app = TestApp::new();
    let err = app.invoke("next_batches", json!({"after": -1})).unwrap_err();
    assert_eq!(
        err,
        json!({
            "code": "invalid_argument",
            "message": "invalid `after`: must be a whole number ≥ 0, got -1",
            "field": "after"
        })
    );
}
