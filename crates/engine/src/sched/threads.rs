//! Threads the engine can join with a deadline (rayon pools cannot be joined at all).

use std::sync::{Arc, Condvar, Mutex};
use std::thread::{JoinHandle, ThreadId};
use std::time::Instant;

use rayon::{ThreadPool, ThreadPoolBuilder};

use crate::error::SpawnCause;
use crate::sync::{lock, wait_until};
use crate::{Error, Result};

/// A set of threads the engine started, with a count of those that have ended.
///
/// Invariant: `ended` counts the threads whose body has returned (its last statement
/// increments it), so once `ended == handles.len()` every `join` returns at once.
#[derive(Default)]
pub(crate) struct ThreadSet {
    handles: Mutex<Vec<(ThreadId, JoinHandle<()>)>>,
    ended: Mutex<usize>,
    cv: Condvar,
}

impl ThreadSet {
    /// Starts a named thread that belongs to this set.
    pub(crate) fn spawn(
        self: &Arc<Self>,
        name: String,
        body: impl FnOnce() + Send + 'static,
    ) -> std::io::Result<()> {
        self.spawn_with(std::thread::Builder::new().name(name), body)
    }

    fn spawn_with(
        self: &Arc<Self>,
        builder: std::thread::Builder,
        body: impl FnOnce() + Send + 'static,
    ) -> std::io::Result<()> {
        let set = Arc::clone(self);
        let handle = builder.spawn(move || {
            // A guard, so the count is right even if the body unwinds.
            struct Ended(Arc<ThreadSet>);
            impl Drop for Ended {
                fn drop(&mut self) {
                    *lock(&self.0.ended) += 1;
                    self.0.cv.notify_all();
                }
            }
            let _ended = Ended(set);
            body();
        })?;
        lock(&self.handles).push((handle.thread().id(), handle));
        Ok(())
    }

    /// A rayon pool whose threads belong to this set.
    pub(crate) fn pool(self: &Arc<Self>, name: &'static str, threads: usize) -> Result<ThreadPool> {
        let set = Arc::clone(self);
        ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(move |i| format!("{name}-{i}"))
            .spawn_handler(move |thread| {
                let mut builder = std::thread::Builder::new();
                if let Some(name) = thread.name() {
                    builder = builder.name(name.to_owned());
                }
                if let Some(size) = thread.stack_size() {
                    builder = builder.stack_size(size);
                }
                set.spawn_with(builder, move || thread.run())
            })
            .build()
            .map_err(|e| Error::Spawn { what: format!("{name} pool"), source: SpawnCause::new(e) })
    }

    /// Waits until every thread of the set has ended (the calling thread, if it is one of
    /// them, excepted) or `deadline` passes, then joins those that ended. Returns true if
    /// all did.
    pub(crate) fn join(&self, deadline: Instant) -> bool {
        let me = std::thread::current().id();
        let (total, mine) = {
            let handles = lock(&self.handles);
            (handles.len(), handles.iter().filter(|(id, _)| *id == me).count())
        };
        let mut ended = lock(&self.ended);
        let mut all = true;
        while *ended + mine < total {
            let (guard, timed_out) = wait_until(&self.cv, ended, deadline);
            ended = guard;
            if timed_out && *ended + mine < total {
                all = false;
                break;
            }
        }
        drop(ended);
        if all {
            for (id, handle) in lock(&self.handles).drain(..) {
                if id != me {
                    let _ = handle.join();
                }
            }
        }
        all
    }
}
