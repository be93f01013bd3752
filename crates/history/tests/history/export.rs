use jobdeck_engine::{LifecycleEvent, SeriesChunk, DEFAULT_SERIES};
use jobdeck_history::{HistoryState, JobFilter, Selection};
use serde_json::{json, Value};

use crate::util::{failed, job, open, succeeded, Feed, TempDir};

#[test]
fn a_job_s_series_as_csv() {
    let dir = TempDir::new("csv");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    let j = job("random-walk", json!({}), 1);
    let id = j.id;
    feed.send(
        vec![LifecycleEvent::Queued { job: j }, LifecycleEvent::Started { id, at: 2 }],
        vec![SeriesChunk {
            id,
            series: DEFAULT_SERIES.into(),
            x: vec![0.0, 1.0],
            y: vec![0.5, -1.5],
            decimated: false,
        }],
    );
    feed.send(
        vec![LifecycleEvent::Finished { id, at: 3, outcome: succeeded(json!({})) }],
        vec![SeriesChunk {
            id,
            series: DEFAULT_SERIES.into(),
            x: vec![2.0, 3.0],
            y: vec![1e-9, 4.0],
            decimated: false,
        }],
    );
    history.sync().unwrap();
    let out = dir.path().join("walk.csv");
    history.export_series_csv(id, &out).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "x,y\n0,0.5\n1,-1.5\n2,1e-9\n3,4\n");

    // A second job with a named series beside its default one: one column each, by x.
    let j = job("train", json!({}), 4);
    let id = j.id;
    let chunk = |series: &str, x: Vec<f64>, y: Vec<f64>| SeriesChunk {
        id,
        series: series.into(),
        x,
        y,
        decimated: false,
    };
    feed.send(
        vec![LifecycleEvent::Queued { job: j }, LifecycleEvent::Started { id, at: 5 }],
        vec![
            chunk("loss", vec![1.0, 2.5], vec![0.25, 0.125]),
            chunk(DEFAULT_SERIES, vec![0.0, 1.0], vec![0.5, -1.5]),
        ],
    );
    feed.send(
        vec![LifecycleEvent::Finished { id, at: 6, outcome: succeeded(json!({})) }],
        vec![chunk(DEFAULT_SERIES, vec![2.0, 3.0], vec![1e-9, 4.0])],
    );
    history.sync().unwrap();
    let names: Vec<String> = history.series(id).unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"loss".to_owned()) && names.contains(&DEFAULT_SERIES.to_owned()));
    history.export_series_csv(id, &out).unwrap();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "x,y,loss\n0,0.5,\n1,-1.5,0.25\n2,1e-9,\n2.5,,0.125\n3,4,\n"
    );

    let missing = history.export_series_csv(jobdeck_engine::JobId::new(), &out).unwrap_err();
    assert_eq!(missing.code(), "not_found");
    history.close();
}

#[test]
fn a_selection_s_results_as_json() {
    let dir = TempDir::new("json");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    let ids = feed.finished(
        (0..10u64)
            .map(|i| {
                let outcome =
                    if i % 2 == 0 { succeeded(json!({"value": i})) } else { failed("division by zero") };
                (job("ratio", json!({"iterations": i}), 1_000 + i), outcome)
            })
            .collect(),
    );
    history.sync().unwrap();

    let out = dir.path().join("failed.json");
    let failed_only = Selection::Matching { filter: JobFilter::new().state(HistoryState::Failed) };
    assert_eq!(history.export_results_json(&failed_only, &out).unwrap(), 5);
    let rows: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(rows.len(), 5);
    let iterations: Vec<u64> = rows.iter().map(|r| r["params"]["iterations"].as_u64().unwrap()).collect();
    assert_eq!(iterations, [9, 7, 5, 3, 1], "newest first");
    assert_eq!(rows[0]["state"], "failed");
    assert_eq!(
        rows[0]["outcome"],
        json!({"type": "failed", "message": "division by zero", "panicked": false})
    );
    assert_eq!(rows[0]["id"], json!(ids[9].to_string()));

    let two = Selection::Ids { ids: vec![ids[0], ids[4]] };
    assert_eq!(history.export_results_json(&two, &out).unwrap(), 2);
    let rows: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(rows[0]["outcome"], json!({"type": "succeeded", "result": {"value": 4}}));
    assert_eq!(rows[1]["kind"], "ratio");

    let none = Selection::Ids { ids: vec![] };
    assert_eq!(history.export_results_json(&none, &out).unwrap(), 0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "[]\n");

    // Only the given path is written; a path that cannot be is an error, not a fallback.
    let err = history.export_results_json(&two, dir.path().join("no/such/folder/x.json")).unwrap_err();
    assert_eq!(err.code(), "export_failed");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!files.iter().any(|f| f == "no"), "{files:?}");
    history.close();
}
