//! Walking `limit`/`offset` pages as one stream of items, and stopping a server whose pages
//! would never end.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::hash::Hasher;

use futures_util::Stream;

use crate::Error;

/// The most pages [`paginate`] fetches: 100,000 (25 million items at 250 per page, far beyond
/// any tenant's list). It only exists so that a server sending ever new full pages cannot keep
/// a stream going forever; [`paginate_with_max_pages`] sets another limit.
pub const DEFAULT_MAX_PAGES: usize = 100_000;

/// Streams the items of every page, asking `fetch(limit, offset)` for one page at a time.
///
/// The generated request builders' `stream` methods ask for 250 items per page, or for the `limit`
/// parameter's documented maximum when that is smaller. The next offset is the number of items
/// received so far, so nothing is skipped or repeated even if a server sends more or fewer
/// than asked for. The stream stops at an empty page, when the offset reaches the total the
/// server reported ([`Page::with_total`], from `X-Total-Count`), or at an error. A page shorter
/// than asked for does not end it: a server may cap its pages below the `limit` sent (asked
/// for 1,000, ISC sends 250), and stopping there would lose the rest without an error.
///
/// It also stops, with an [`Error::Pagination`], when the pages would never end: a page
/// identical to any page before it (the server ignores `offset`, perhaps cycling through a
/// few pages), or a page still coming after [`DEFAULT_MAX_PAGES`] pages. Pages are compared
/// by a 64-bit hash of their JSON form, so memory stays small however long the walk.
pub fn paginate<T, E, P, F, Fut>(
    page_size: i64,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    T: serde::Serialize,
    P: Into<Page<T>>,
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    paginate_from(Paging::new(page_size), fetch)
}

/// [`paginate`] with a different limit on the number of pages (at least 1): after `max_pages`
/// pages, a further full page is not fetched and the stream ends with
/// [`PaginationError::TooManyPages`].
pub fn paginate_with_max_pages<T, E, P, F, Fut>(
    page_size: i64,
    max_pages: usize,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    T: serde::Serialize,
    P: Into<Page<T>>,
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    paginate_from(Paging::new(page_size).with_max_pages(max_pages), fetch)
}

/// One page of a listing: its items, and the size of the whole data set when the server says
/// (ISC's `X-Total-Count`, sent when `count=true` is asked for). A `Vec` is a page without a
/// total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    items: Vec<T>,
    total: Option<u64>,
}

impl<T> Page<T> {
    /// A page of `items`, and the total the server reported, if any.
    pub fn with_total(items: Vec<T>, total: Option<u64>) -> Self {
        Page { items, total }
    }
}

impl<T> From<Vec<T>> for Page<T> {
    fn from(items: Vec<T>) -> Self {
        Page { items, total: None }
    }
}

/// How a paginated stream walks its pages: the page size, where to start, and when to stop.
///
/// The generated request builders make one from their `limit` and `offset` setters (page size
/// and start) and `with_max_items` (a cap on the items yielded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    page_size: i64,
    start_offset: i64,
    max_items: Option<u64>,
    max_pages: usize,
}

impl Paging {
    /// Pages of `page_size` items (at least 1) from offset 0, with no cap on items and at most
    /// [`DEFAULT_MAX_PAGES`] pages.
    pub fn new(page_size: i64) -> Self {
        Paging {
            page_size: page_size.max(1),
            start_offset: 0,
            max_items: None,
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// Starts at `offset` (negative counts as 0) instead of the first item.
    #[must_use]
    pub fn starting_at(mut self, offset: i64) -> Self {
        self.start_offset = offset.max(0);
        self
    }

    /// Ends the stream after `max_items` items, asking the last page for no more than are
    /// still wanted.
    #[must_use]
    pub fn with_max_items(mut self, max_items: u64) -> Self {
        self.max_items = Some(max_items);
        self
    }

    /// Fetches at most `max_pages` pages (at least 1); see [`paginate_with_max_pages`].
    #[must_use]
    pub fn with_max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// The number of items per page.
    pub fn page_size(&self) -> i64 {
        self.page_size
    }
}

/// [`paginate`] walking the pages that `paging` describes: its page size, start offset, item
/// cap and page cap.
pub fn paginate_from<T, E, P, F, Fut>(
    paging: Paging,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    T: serde::Serialize,
    P: Into<Page<T>>,
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<P, Error<E>>>,
{
    let state = Pages {
        fetch,
        offset: paging.start_offset,
        received: 0,
        remaining: paging.max_items,
        buffer: VecDeque::new(),
        seen: HashSet::new(),
        pages: 0,
        max_pages: paging.max_pages,
        finished: false,
    };
    let page_size = paging.page_size;
    futures_util::stream::unfold(state, move |mut state| async move {
        loop {
            if state.remaining == Some(0) {
                return None;
            }
            if let Some(item) = state.buffer.pop_front() {
                state.remaining = state.remaining.map(|left| left - 1);
                return Some((Ok(item), state));
            }
            if state.finished {
                return None;
            }
            if state.pages >= state.max_pages {
                state.finished = true;
                let error = PaginationError::TooManyPages {
                    max_pages: state.max_pages,
                    items: state.received,
                };
                return Some((Err(Error::Pagination(error)), state));
            }
            // The last page wanted asks for no more than the cap leaves.
            let limit = match state.remaining {
                Some(left) => i64::try_from(left).unwrap_or(i64::MAX).min(page_size),
                None => page_size,
            };
            let Page { items, total } = match (state.fetch)(limit, state.offset).await {
                Ok(page) => page.into(),
                Err(error) => {
                    state.finished = true;
                    return Some((Err(error), state));
                }
            };
            state.pages += 1;
            if items.is_empty() {
                return None;
            }
            // A page that cannot be serialized is not remembered; the page cap still bounds
            // the walk.
            if fingerprint(&items).is_some_and(|hash| !state.seen.insert(hash)) {
                state.finished = true;
                let error = PaginationError::RepeatedPage {
                    offset: state.offset,
                    page: state.pages,
                };
                return Some((Err(Error::Pagination(error)), state));
            }
            let received = i64::try_from(items.len()).unwrap_or(i64::MAX);
            state.offset = state.offset.saturating_add(received);
            state.received = state.received.saturating_add(received);
            state.finished =
                total.is_some_and(|total| state.offset >= i64::try_from(total).unwrap_or(i64::MAX));
            state.buffer.extend(items);
        }
    })
}

/// Where a pagination is: what to fetch next and what is left to yield.
struct Pages<T, F> {
    fetch: F,
    /// The offset of the next page.
    offset: i64,
    /// Items received so far (the offset, less the start).
    received: i64,
    /// Items still to yield, when the stream has a cap.
    remaining: Option<u64>,
    buffer: VecDeque<T>,
    /// Hashes of the pages received, to notice a server that ignores `offset`.
    seen: HashSet<u64>,
    /// Pages fetched so far.
    pages: usize,
    max_pages: usize,
    finished: bool,
}

/// A hash of the page's JSON form, written straight into the hasher (no copy of the page).
fn fingerprint<T: serde::Serialize>(page: &[T]) -> Option<u64> {
    struct HashWriter(std::hash::DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = HashWriter(Default::default());
    serde_json::to_writer(&mut writer, page).ok()?;
    Some(writer.0.finish())
}

/// Why a paginated stream ended early instead of following the server forever.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaginationError {
    /// A page identical to one received earlier: the server probably ignores `offset`.
    RepeatedPage {
        /// The offset the repeated page was asked for.
        offset: i64,
        /// Its number, counting from 1.
        page: usize,
    },
    /// The page limit was reached and pages were still coming.
    TooManyPages {
        /// The limit ([`DEFAULT_MAX_PAGES`] unless set with [`paginate_with_max_pages`]).
        max_pages: usize,
        /// The items received (and already yielded) before stopping.
        items: i64,
    },
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationError::RepeatedPage { offset, page } => write!(
                f,
                "page {page} (offset {offset}) is a page the server had already sent; \
                 it seems to ignore `offset`, so the listing stops instead of looping"
            ),
            PaginationError::TooManyPages { max_pages, items } => write!(
                f,
                "the listing stopped after {max_pages} pages ({items} items) because the \
                 server kept sending pages; if the data set really is this large, use \
                 paginate_with_max_pages with a higher limit"
            ),
        }
    }
}

impl std::error::Error for PaginationError {}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    async fn collect(
        pages: Vec<Vec<u32>>,
        page_size: i64,
    ) -> (Vec<Result<u32, String>>, Vec<(i64, i64)>) {
        // The server holds the pages' items in a row and answers `limit` of them from `offset`.
        let data: Vec<u32> = pages.into_iter().flatten().collect();
        let calls = std::sync::Mutex::new(Vec::new());
        let stream = paginate::<u32, std::fmt::Error, _, _, _>(page_size, |limit, offset| {
            calls.lock().unwrap().push((limit, offset));
            let start = usize::try_from(offset).unwrap().min(data.len());
            let end = (start + usize::try_from(limit).unwrap()).min(data.len());
            let page = data[start..end].to_vec();
            async move { Ok(page) }
        });
        let items = stream
            .map(|item| item.map_err(|error| error.to_string()))
            .collect::<Vec<_>>()
            .await;
        (items, calls.into_inner().unwrap())
    }

    #[tokio::test]
    async fn walks_pages_until_an_empty_one() {
        let (items, calls) = collect(vec![vec![1, 2], vec![3, 4], vec![5]], 2).await;
        assert_eq!(items, vec![Ok(1), Ok(2), Ok(3), Ok(4), Ok(5)]);
        assert_eq!(calls, vec![(2, 0), (2, 2), (2, 4), (2, 5)]);
    }

    #[tokio::test]
    async fn a_page_shorter_than_asked_for_is_not_the_last() {
        // Asked for 4 per page, the server caps pages at 2 (as ISC caps at 250 whatever the
        // `limit`): stopping at the first short page would lose the rest without an error.
        let data: Vec<u32> = (1..=5).collect();
        let calls = std::sync::Mutex::new(Vec::new());
        let stream = paginate::<u32, std::fmt::Error, _, _, _>(4, |limit, offset| {
            calls.lock().unwrap().push((limit, offset));
            let start = usize::try_from(offset).unwrap().min(data.len());
            let page = data[start..(start + 2).min(data.len())].to_vec();
            async move { Ok(page) }
        });
        let items: Vec<u32> = stream.map(|item| item.unwrap()).collect().await;
        assert_eq!(items, data);
        assert_eq!(
            calls.into_inner().unwrap(),
            vec![(4, 0), (4, 2), (4, 4), (4, 5)]
        );
    }

    #[tokio::test]
    async fn a_known_total_ends_the_stream_without_an_empty_page() {
        let calls = std::sync::Mutex::new(0);
        let stream = paginate::<u32, std::fmt::Error, _, _, _>(2, |_, offset| {
            *calls.lock().unwrap() += 1;
            let items = if offset == 0 { vec![1, 2] } else { vec![3] };
            async move { Ok(Page::with_total(items, Some(3))) }
        });
        let items: Vec<u32> = stream.map(|item| item.unwrap()).collect().await;
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(*calls.lock().unwrap(), 2);
    }

    #[tokio::test]
    async fn the_next_offset_counts_the_items_received() {
        // A server that sends more than asked for (here 3 for a limit of 2) is not skipped past.
        let calls = std::sync::Mutex::new(Vec::new());
        let stream = paginate::<u32, std::fmt::Error, _, _, _>(2, |limit, offset| {
            calls.lock().unwrap().push((limit, offset));
            let page: Vec<u32> = match offset {
                0 => vec![1, 2, 3],
                3 => vec![4],
                _ => Vec::new(),
            };
            async move { Ok(page) }
        });
        let items: Vec<u32> = stream.map(|item| item.unwrap()).collect().await;
        assert_eq!(items, vec![1, 2, 3, 4]);
        assert_eq!(calls.into_inner().unwrap(), vec![(2, 0), (2, 3), (2, 4)]);
    }

    #[tokio::test]
    async fn an_empty_last_page_ends_the_stream() {
        let (items, calls) = collect(vec![vec![1, 2]], 2).await;
        assert_eq!(items, vec![Ok(1), Ok(2)]);
        assert_eq!(calls.len(), 2);
    }

    #[tokio::test]
    async fn alternating_pages_stop_with_an_error() {
        // A server that answers every other offset with one of two full pages.
        let calls = std::sync::Mutex::new(0);
        let stream = paginate::<u32, std::fmt::Error, _, _, _>(2, |_, offset| {
            *calls.lock().unwrap() += 1;
            let page = if (offset / 2) % 2 == 0 {
                vec![1, 2]
            } else {
                vec![3, 4]
            };
            async move { Ok(page) }
        });
        // `take` bounds the test should the stream loop.
        let items: Vec<_> = stream
            .take(100)
            .map(|item| item.map_err(|error| error.to_string()))
            .collect()
            .await;
        assert_eq!(items.len(), 5, "{items:?}");
        assert_eq!(&items[..4], &[Ok(1), Ok(2), Ok(3), Ok(4)]);
        let message = items[4].as_ref().unwrap_err();
        assert!(message.contains("already sent"), "{message}");
        assert_eq!(*calls.lock().unwrap(), 3);
    }

    #[tokio::test]
    async fn endless_new_full_pages_stop_at_the_page_cap() {
        let calls = std::sync::Mutex::new(0);
        let stream = paginate_with_max_pages::<i64, std::fmt::Error, _, _, _>(2, 5, |_, offset| {
            *calls.lock().unwrap() += 1;
            async move { Ok(vec![offset, offset + 1]) }
        });
        let items: Vec<_> = stream.take(100).collect().await;
        assert_eq!(items.len(), 11, "five pages of two items, then the error");
        let values: Vec<i64> = items[..10].iter().map(|i| *i.as_ref().unwrap()).collect();
        assert_eq!(values, (0..10).collect::<Vec<_>>());
        let Err(Error::Pagination(error)) = &items[10] else {
            panic!("expected a pagination error, got {:?}", items[10]);
        };
        assert_eq!(
            *error,
            PaginationError::TooManyPages {
                max_pages: 5,
                items: 10
            }
        );
        assert!(error.to_string().contains("5 pages"), "{error}");
        assert_eq!(*calls.lock().unwrap(), 5, "no sixth page was fetched");
    }

    #[tokio::test]
    async fn a_data_set_that_ends_within_the_cap_is_complete() {
        let stream = paginate_with_max_pages::<u32, std::fmt::Error, _, _, _>(2, 4, |_, offset| {
            let page = match offset {
                0 => vec![1, 2],
                2 => vec![3, 4],
                4 => vec![5],
                _ => Vec::new(),
            };
            async move { Ok(page) }
        });
        let items: Vec<u32> = stream.map(|item| item.unwrap()).collect().await;
        assert_eq!(items, [1, 2, 3, 4, 5]);
    }

    #[tokio::test]
    async fn a_stream_starts_at_its_offset_and_stops_at_its_cap() {
        let calls = std::sync::Mutex::new(Vec::new());
        let paging = Paging::new(3).starting_at(10).with_max_items(5);
        let stream = paginate_from::<i64, std::fmt::Error, _, _, _>(paging, |limit, offset| {
            calls.lock().unwrap().push((limit, offset));
            // An endless data set: the cap alone ends the stream.
            async move { Ok((offset..offset + limit).collect::<Vec<_>>()) }
        });
        let items: Vec<i64> = stream.map(|item| item.unwrap()).collect().await;
        assert_eq!(items, [10, 11, 12, 13, 14]);
        // The second page asks only for the two items still wanted.
        assert_eq!(calls.into_inner().unwrap(), vec![(3, 10), (2, 13)]);
    }

    #[tokio::test]
    async fn a_cap_of_zero_fetches_nothing() {
        let stream = paginate_from::<i64, std::fmt::Error, Vec<i64>, _, _>(
            Paging::new(3).with_max_items(0),
            |_, _| async move { panic!("no page may be fetched") },
        );
        assert_eq!(stream.count().await, 0);
    }

    #[test]
    fn the_default_page_cap_is_100_000_pages() {
        assert_eq!(DEFAULT_MAX_PAGES, 100_000);
    }

    #[tokio::test]
    async fn a_page_that_does_not_advance_stops_with_an_error() {
        let (items, calls) = collect(vec![vec![1, 2], vec![1, 2], vec![1, 2]], 2).await;
        assert_eq!(items.len(), 3);
        assert!(items[2].as_ref().unwrap_err().contains("already sent"));
        assert_eq!(calls.len(), 2);
    }
}
