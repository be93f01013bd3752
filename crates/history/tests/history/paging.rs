use std::collections::HashSet;

use jobdeck_engine::JobId;
use jobdeck_history::{Cursor, History, JobFilter, Page, MAX_PAGE_SIZE};
use serde_json::json;

use crate::util::{job, open, succeeded, Feed, TempDir};

/// `n` finished jobs, ten per millisecond (ties broken by order of recording), starting at `t0`.
fn add(feed: &mut Feed, n: u64, t0: u64) -> Vec<JobId> {
    let jobs = (0..n).map(|i| (job("noop", json!({"i": i}), t0 + i / 10), succeeded(json!(i)))).collect();
    feed.finished(jobs)
}

fn walk(history: &History, filter: &JobFilter, size: usize) -> Vec<Page> {
    let mut pages = vec![history.page(filter, None, size).unwrap()];
    while let Some(next) = pages.last().unwrap().next {
        pages.push(history.page(filter, Some(&next), size).unwrap());
    }
    pages
}

#[test]
fn pages_go_newest_first_and_cover_everything_once() {
    let dir = TempDir::new("paging");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    let mut ids = add(&mut feed, 250, 1_000);
    history.sync().unwrap();
    ids.reverse(); // newest first: later time, then later recording within a time
    let pages = walk(&history, &JobFilter::new(), 40);
    assert_eq!(pages.iter().map(|p| p.jobs.len()).collect::<Vec<_>>(), [40, 40, 40, 40, 40, 40, 10]);
    let seen: Vec<JobId> = pages.iter().flat_map(|p| p.jobs.iter().map(|j| j.id)).collect();
    assert_eq!(seen, ids);
    // Exactly a page's worth left: the last full page says there is no next one.
    let pages = walk(&history, &JobFilter::new(), 50);
    assert_eq!(pages.len(), 5);
    assert!(pages[4].next.is_none());
    // Limits are clamped.
    assert_eq!(history.page(&JobFilter::new(), None, 0).unwrap().jobs.len(), 1);
    assert_eq!(history.page(&JobFilter::new(), None, usize::MAX).unwrap().jobs.len(), 250.min(MAX_PAGE_SIZE));
    history.close();
}

#[test]
fn a_cursor_stays_valid_while_jobs_are_added_and_deleted() {
    let dir = TempDir::new("cursor");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    let mut old = add(&mut feed, 100, 1_000);
    history.sync().unwrap();
    old.reverse();
    let first = history.page(&JobFilter::new(), None, 30).unwrap();
    assert_eq!(first.jobs.iter().map(|j| j.id).collect::<Vec<_>>(), old[..30]);

    // New jobs arrive (newer: they belong before page one) and some later rows go.
    let new = add(&mut feed, 25, 5_000);
    history.sync().unwrap();
    let gone: Vec<JobId> = old[40..45].to_vec();
    assert_eq!(history.delete(&jobdeck_history::Selection::Ids { ids: gone.clone() }).unwrap(), 5);

    // The cursor, through JSON as the window holds it.
    let cursor: Cursor = serde_json::from_value(serde_json::to_value(first.next.unwrap()).unwrap()).unwrap();
    let mut rest = Vec::new();
    let mut next = Some(cursor);
    while let Some(c) = next {
        let page = history.page(&JobFilter::new(), Some(&c), 30).unwrap();
        rest.extend(page.jobs.iter().map(|j| j.id));
        next = page.next;
    }
    let expected: Vec<JobId> = old[30..].iter().filter(|id| !gone.contains(id)).copied().collect();
    assert_eq!(rest, expected, "continues right after page one: nothing skipped, nothing twice");
    let new: HashSet<JobId> = new.into_iter().collect();
    assert!(rest.iter().all(|id| !new.contains(id)));
    // A fresh first page starts with the new jobs.
    assert!(new.contains(&history.page(&JobFilter::new(), None, 1).unwrap().jobs[0].id));
    history.close();
}

#[test]
fn filtered_pages_page_the_same_way() {
    let dir = TempDir::new("filtered-pages");
    let (history, _) = open(&dir);
    let mut feed = Feed::new(&history);
    add(&mut feed, 300, 1_000);
    history.sync().unwrap();
    // "7" matches the jobs whose `i` (a parameter and the result) starts with 7; the
    // date range keeps i < 200 (ten jobs per millisecond from 1,000).
    let filter = JobFilter::new().search("7").submitted_between(1_000, 1_020);
    let pages = walk(&history, &filter, 4);
    assert_eq!(pages.len(), 3);
    let seen: Vec<u64> =
        pages.iter().flat_map(|p| p.jobs.iter().map(|j| j.params["i"].as_u64().unwrap())).collect();
    let expected: Vec<u64> = (0..200).rev().filter(|i: &u64| i.to_string().starts_with('7')).collect();
    assert_eq!(expected.len(), 11); // 79 … 70, 7
    assert_eq!(seen, expected);
    history.close();
}
