use jobdeck_engine::{JobId, LifecycleEvent, Outcome};
use jobdeck_history::{History, HistoryState, JobFilter};
use serde_json::json;

use crate::util::{failed, job, open, succeeded, Feed, TempDir};

struct Fixture {
    _dir: TempDir,
    history: History,
    division: Vec<JobId>,
    pi: JobId,
    resume: JobId,
    running: JobId,
    cancelled: JobId,
}

/// 40 jobs of four kinds over four days, plus a few with text to find.
fn fixture() -> Fixture {
    const DAY: u64 = 86_400_000;
    let dir = TempDir::new("search");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    let mut jobs = Vec::new();
    let mut division = Vec::new();
    for i in 0..40u64 {
        let at = 1_700_000_000_000 + (i / 10) * DAY + i;
        let (kind, outcome) = match i % 4 {
            0 => ("progress", succeeded(json!({"steps": i}))),
            1 => ("ratio", failed(&format!("Division by zero at n = {i}"))),
            2 => ("random-walk", succeeded(json!({"steps": 500, "last": i as f64 * 0.5}))),
            _ => ("noop", succeeded(json!(null))),
        };
        let j = job(kind, json!({"steps": i, "step_ms": 10}), at);
        if i % 4 == 1 {
            division.push(j.id);
        }
        jobs.push((j, outcome));
    }
    let pi = job("monte-carlo-pi", json!({"samples": 1000}), 1_700_900_000_000);
    let resume = job("hash-files", json!({"folder": "/data/Résumé files"}), 1_700_900_000_001);
    let (pi_id, resume_id) = (pi.id, resume.id);
    jobs.push((pi, succeeded(json!({"pi": 3.14172, "absError": 0.00013}))));
    jobs.push((resume, Outcome::Failed { message: "permission denied".into(), panicked: true }));
    let cancelled = job("progress", json!({"steps": 7}), 1_700_900_000_002);
    let cancelled_id = cancelled.id;
    jobs.push((cancelled, Outcome::Cancelled));
    feed.finished(jobs);
    let running = job("progress", json!({"steps": 99}), 1_700_900_000_003);
    let running_id = running.id;
    feed.send(
        vec![LifecycleEvent::Queued { job: running }, LifecycleEvent::Started { id: running_id, at: 1 }],
        Vec::new(),
    );
    history.sync().unwrap();
    Fixture {
        _dir: dir,
        history,
        division,
        pi: pi_id,
        resume: resume_id,
        running: running_id,
        cancelled: cancelled_id,
    }
}

fn ids(history: &History, filter: &JobFilter) -> Vec<JobId> {
    let page = history.page(filter, None, 1000).unwrap();
    assert_eq!(history.count(filter).unwrap(), page.jobs.len() as u64, "count agrees with the page");
    page.jobs.into_iter().map(|j| j.id).collect()
}

fn sorted(mut v: Vec<JobId>) -> Vec<JobId> {
    v.sort();
    v
}

#[test]
fn search_finds_word_prefixes_in_message_params_result_kind_and_id() {
    let f = fixture();
    let h = &f.history;
    let search = |text: &str| sorted(ids(h, &JobFilter::new().search(text)));
    assert_eq!(search("division"), sorted(f.division.clone()));
    assert_eq!(search("DIVI"), sorted(f.division.clone()), "case-insensitive prefix");
    assert_eq!(search("division zero"), sorted(f.division.clone()), "all words, anywhere");
    assert_eq!(search("3.141"), vec![f.pi], "a result");
    assert_eq!(search("absError"), vec![f.pi], "a result's key");
    assert_eq!(search("monte"), vec![f.pi], "a kind");
    assert_eq!(search("resume"), vec![f.resume], "accents ignored");
    assert_eq!(search("Résumé"), vec![f.resume]);
    assert_eq!(search("step_ms").len(), 40, "a parameter's name: the 40 jobs that have it");
    assert_eq!(search(&f.pi.to_string()[..8]), vec![f.pi], "an id's first digits");
    assert_eq!(search(&f.pi.to_string()), vec![f.pi], "a whole id");
    assert!(search("zzqx").is_empty());
    assert!(search("vision").is_empty(), "inside a word does not match (FTS5 words)");
    assert!(search("division monte").is_empty(), "every word must match");
    assert_eq!(search("  --  ").len(), 44, "punctuation alone matches everything");
    assert_eq!(search(r#""division""#), sorted(f.division.clone()), "quotes are text, not FTS syntax");
    assert_eq!(search("NOT division OR"), Vec::<JobId>::new(), "nor are operators");
}

#[test]
fn a_word_that_starts_a_state_name_matches_that_state() {
    let f = fixture();
    let h = &f.history;
    let search = |text: &str| sorted(ids(h, &JobFilter::new().search(text)));
    let mut failed = f.division.clone();
    failed.push(f.resume);
    assert_eq!(search("failed"), sorted(failed.clone()), "none of them says `failed` in its text");
    assert_eq!(search("fail"), sorted(failed));
    assert_eq!(search("running"), vec![f.running]);
    assert_eq!(search("cancel"), vec![f.cancelled]);
    assert_eq!(search("fail permission"), vec![f.resume]);
}

#[test]
fn filters_by_state_kind_and_date_combine_with_search() {
    let f = fixture();
    let h = &f.history;
    const DAY: u64 = 86_400_000;
    let failed = JobFilter::new().state(HistoryState::Failed);
    assert_eq!(ids(h, &failed).len(), 11);
    assert_eq!(ids(h, &failed.clone().state(HistoryState::Cancelled)).len(), 12, "states are ORed");
    assert_eq!(ids(h, &JobFilter::new().kind("ratio")).len(), 10);
    assert_eq!(ids(h, &JobFilter::new().kind("ratio").kind("noop")).len(), 20);
    assert_eq!(
        ids(h, &JobFilter::new().kind("ratio").state(HistoryState::Succeeded)).len(),
        0,
        "parts are ANDed"
    );
    // Day 2 only: [from, before).
    let day2 = JobFilter::new().submitted_between(1_700_000_000_000 + DAY, 1_700_000_000_000 + 2 * DAY);
    assert_eq!(ids(h, &day2).len(), 10);
    assert_eq!(ids(h, &day2.clone().search("division")).len(), 2, "i = 13 and 17");
    assert_eq!(ids(h, &day2.kind("progress").search("fail")).len(), 0);
    let failed_divisions = ids(h, &JobFilter::new().search("division").state(HistoryState::Failed));
    assert_eq!(sorted(failed_divisions), sorted(f.division.clone()));
    assert_eq!(
        h.kinds().unwrap(),
        ["hash-files", "monte-carlo-pi", "noop", "progress", "random-walk", "ratio"]
    );
}

#[test]
fn filters_arrive_from_the_window_as_json() {
    let f = fixture();
    let filter: JobFilter =
        serde_json::from_value(json!({"search": "division", "states": ["failed"], "kinds": ["ratio"]}))
            .unwrap();
    assert_eq!(ids(&f.history, &filter).len(), 10);
    let all: JobFilter = serde_json::from_value(json!({})).unwrap();
    assert_eq!(all, JobFilter::new());
}
