//! Walking `limit`/`offset` pages as one stream of items.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::Stream;

use crate::{Error, InvalidRequest};

/// Streams the items of every page, asking `fetch(limit, offset)` for one page at a time.
///
/// The generated `*_stream` helpers ask for 250 items per page, or for the `limit`
/// parameter's documented maximum when that is smaller. The next offset is the number of items
/// received so far, so nothing is skipped or repeated even if a server sends more than asked
/// for. The stream stops after a page shorter than `page_size` (the last one), an empty page,
/// or an error. A full page that equals the one before it means the server ignores `offset`; the
/// stream then ends with an error instead of looping forever.
pub fn paginate<T, E, F, Fut>(page_size: i64, fetch: F) -> impl Stream<Item = Result<T, Error<E>>>
where
    T: Clone + PartialEq,
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<Vec<T>, Error<E>>>,
{
    let page_size = page_size.max(1);
    let state = Pages {
        fetch,
        offset: 0,
        buffer: VecDeque::new(),
        previous: None,
        finished: false,
    };
    futures_util::stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            if state.finished {
                return None;
            }
            let page = match (state.fetch)(page_size, state.offset).await {
                Ok(page) => page,
                Err(error) => {
                    state.finished = true;
                    return Some((Err(error), state));
                }
            };
            let full = i64::try_from(page.len()).unwrap_or(i64::MAX) >= page_size;
            if full && state.previous.as_ref() == Some(&page) {
                state.finished = true;
                let message = format!(
                    "the server returned the same page again at offset {}; stopping instead of looping",
                    state.offset
                );
                return Some((
                    Err(Error::InvalidRequest(InvalidRequest::new(message))),
                    state,
                ));
            }
            state.finished = !full;
            state.offset += i64::try_from(page.len()).unwrap_or(i64::MAX);
            state.buffer.extend(page.iter().cloned());
            state.previous = Some(page);
        }
    })
}

/// Where a pagination is: what to fetch next and what is left to yield.
struct Pages<T, F> {
    fetch: F,
    offset: i64,
    buffer: VecDeque<T>,
    /// The last full page, to notice a server that ignores `offset`.
    previous: Option<Vec<T>>,
    finished: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    async fn collect(
        pages: Vec<Vec<u32>>,
        page_size: i64,
    ) -> (Vec<Result<u32, String>>, Vec<(i64, i64)>) {
        let calls = std::sync::Mutex::new(Vec::new());
        let stream = paginate::<u32, std::fmt::Error, _, _>(page_size, |limit, offset| {
            calls.lock().unwrap().push((limit, offset));
            let index = usize::try_from(offset / limit).unwrap();
            let page = pages.get(index).cloned().unwrap_or_default();
            async move { Ok(page) }
        });
        let items = stream
            .map(|item| item.map_err(|error| error.to_string()))
            .collect::<Vec<_>>()
            .await;
        (items, calls.into_inner().unwrap())
    }

    #[tokio::test]
    async fn walks_pages_until_a_short_one() {
        let (items, calls) = collect(vec![vec![1, 2], vec![3, 4], vec![5]], 2).await;
        assert_eq!(items, vec![Ok(1), Ok(2), Ok(3), Ok(4), Ok(5)]);
        assert_eq!(calls, vec![(2, 0), (2, 2), (2, 4)]);
    }

    #[tokio::test]
    async fn the_next_offset_counts_the_items_received() {
        // A server that sends more than asked for (here 3 for a limit of 2) is not skipped past.
        let calls = std::sync::Mutex::new(Vec::new());
        let stream = paginate::<u32, std::fmt::Error, _, _>(2, |limit, offset| {
            calls.lock().unwrap().push((limit, offset));
            let page: Vec<u32> = match offset {
                0 => vec![1, 2, 3],
                3 => vec![4],
                _ => vec![99],
            };
            async move { Ok(page) }
        });
        let items: Vec<u32> = stream.map(|item| item.unwrap()).collect().await;
        assert_eq!(items, vec![1, 2, 3, 4]);
        assert_eq!(calls.into_inner().unwrap(), vec![(2, 0), (2, 3)]);
    }

    #[tokio::test]
    async fn an_empty_last_page_ends_the_stream() {
        let (items, calls) = collect(vec![vec![1, 2]], 2).await;
        assert_eq!(items, vec![Ok(1), Ok(2)]);
        assert_eq!(calls.len(), 2);
    }

    #[tokio::test]
    async fn a_page_that_does_not_advance_stops_with_an_error() {
        let (items, calls) = collect(vec![vec![1, 2], vec![1, 2], vec![1, 2]], 2).await;
        assert_eq!(items.len(), 3);
        assert!(items[2].as_ref().unwrap_err().contains("same page again"));
        assert_eq!(calls.len(), 2);
    }
}
