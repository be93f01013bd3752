use jobdeck_history::{Error, History, SCHEMA_VERSION};

use crate::util::{job, open, raw, succeeded, Feed, TempDir};

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = TempDir::new("newer");
    let (history, _) = open(&dir);
    Feed::new(&history)
        .finished(vec![(job("noop", serde_json::json!({}), 1), succeeded(serde_json::Value::Null))]);
    history.sync().unwrap();
    history.close();
    // What a later Jobdeck would leave: a version this build does not know.
    let future = SCHEMA_VERSION + 7;
    raw(&dir)
        .execute("INSERT INTO schema_version VALUES (?1, 1800000000000, 'jobdeck-history 9.0.0')", [future])
        .unwrap();
    let before = std::fs::read(dir.db()).unwrap();
    let modified = std::fs::metadata(dir.db()).unwrap().modified().unwrap();

    for _ in 0..2 {
        let err = History::open(dir.path()).err().expect("refused");
        assert_eq!(err.code(), "newer_schema");
        match &err {
            Error::NewerSchema { found, supported, written_by, path } => {
                assert_eq!((*found, *supported), (future, SCHEMA_VERSION));
                assert_eq!(written_by, "jobdeck-history 9.0.0");
                assert_eq!(path, &dir.db());
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("newer Jobdeck"), "{err}");
    }
    assert_eq!(std::fs::read(dir.db()).unwrap(), before, "not one byte changed");
    assert_eq!(std::fs::metadata(dir.db()).unwrap().modified().unwrap(), modified);
    // Nothing was moved aside either.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(names.iter().all(|n| !n.to_string_lossy().contains("damaged")), "{names:?}");
}
