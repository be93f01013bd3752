//! The engine's own queue in front of the job pool: priority first, FIFO within a priority.

use std::collections::VecDeque;

use crate::Priority;

/// One FIFO lane per priority; `pop` serves the highest non-empty lane.
///
/// rayon has no priorities, no cancellation of queued work and no way to shrink its pool at
/// run time, so jobs wait here, not in rayon, until a slot is free.
pub(crate) struct PriorityQueue<T> {
    /// Indexed by `lane(priority)`: 0 = High, 1 = Normal, 2 = Low.
    lanes: [VecDeque<T>; 3],
}

fn lane(priority: Priority) -> usize {
    match priority {
        Priority::High => 0,
        Priority::Normal => 1,
        Priority::Low => 2,
    }
}

impl<T> PriorityQueue<T> {
    pub(crate) fn new() -> Self {
        PriorityQueue { lanes: Default::default() }
    }

    pub(crate) fn push(&mut self, priority: Priority, item: T) {
        self.lanes[lane(priority)].push_back(item);
    }

    pub(crate) fn pop(&mut self) -> Option<T> {
        self.lanes.iter_mut().find_map(VecDeque::pop_front)
    }

    pub(crate) fn len(&self) -> usize {
        self.lanes.iter().map(VecDeque::len).sum()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.lanes.iter().all(VecDeque::is_empty)
    }

    /// Removes the first item of `priority`'s lane that matches (linear in the lane's length;
    /// single cancels are rare, `drain` serves cancel-all).
    pub(crate) fn remove(&mut self, priority: Priority, matches: impl Fn(&T) -> bool) -> Option<T> {
        let lane = &mut self.lanes[lane(priority)];
        let at = lane.iter().position(matches)?;
        lane.remove(at)
    }

    /// Takes every item, in the order they would have been served.
    pub(crate) fn drain(&mut self) -> Vec<T> {
        let mut all = Vec::with_capacity(self.len());
        for lane in &mut self.lanes {
            all.extend(lane.drain(..));
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_then_fifo() {
        let mut q = PriorityQueue::new();
        q.push(Priority::Low, "low1");
        q.push(Priority::Normal, "n1");
        q.push(Priority::High, "h1");
        q.push(Priority::Normal, "n2");
        q.push(Priority::High, "h2");
        assert_eq!(q.len(), 5);
        assert_eq!(q.remove(Priority::Normal, |s| *s == "n2"), Some("n2"));
        assert_eq!(q.remove(Priority::Normal, |s| *s == "zz"), None);
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(order, ["h1", "h2", "n1", "low1"]);
        assert!(q.is_empty());
    }
}
