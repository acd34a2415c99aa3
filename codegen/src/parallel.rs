//! Work spread over every core: files to parse while loading, files to build and format while
//! emitting (`prettyplease` is most of the generator's time on a large spec), and, in `xtask`,
//! the generated files to write.

/// `items.iter().map(work)`, spread over the machine's cores, results in input order.
///
/// Each worker takes the next item when it is done with one, so a few large items (a tag with
/// hundreds of operations) do not leave the other cores idle at the end, as fixed shares did.
/// Token streams are not `Send`, so each worker builds and formats its own files from the
/// shared, read-only IR.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .min(items.len().max(1));
    if workers <= 1 {
        return items.iter().map(&work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, work(item)));
        }
    };
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(worker)).collect();
        for handle in handles {
            match handle.join() {
                Ok(done) => {
                    for (index, result) in done {
                        slots[index] = Some(result);
                    }
                }
                // A worker only panics if the generator has a bug; surface it unchanged.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    // Every index below `items.len()` was taken by exactly one worker.
    slots.into_iter().flatten().collect()
}

/// Runs `side` on a thread of its own while this thread runs `main`, and returns both results:
/// for one piece of work that can go beside a [`map`] instead of before or after it.
pub(crate) fn join<A: Send, B>(
    side: impl FnOnce() -> A + Send,
    main: impl FnOnce() -> B,
) -> (A, B) {
    std::thread::scope(|scope| {
        let side = scope.spawn(side);
        let main = main();
        match side.join() {
            Ok(side) => (side, main),
            // Only a generator bug panics; surface it unchanged.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |item| item * 2),
            items.iter().map(|item| item * 2).collect::<Vec<_>>()
        );
        assert!(super::map(&[] as &[u32], |item| *item).is_empty());
    }

    #[test]
    fn join_returns_both_results() {
        assert_eq!(super::join(|| 1 + 1, || "main"), (2, "main"));
    }
}
