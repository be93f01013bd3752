//! Reading the history for the window: pages, counts, one job's details.

mod filter;
mod page;
mod read;
mod search;

pub(crate) use filter::Where;
pub use filter::{JobFilter, Selection};
pub(crate) use page::{count, page};
pub use page::{Cursor, Page, MAX_PAGE_SIZE};
pub(crate) use read::{job, kinds, log, retried, series};
