//! Small helpers for the work that long texts split across cores (recognition, sentence
//! splitting, writing JSON). Short texts stay on one thread: starting threads costs more
//! than it saves there.

/// How many threads to use for `size` units of work: one below `threshold`, else one per
/// core (at most 8).
pub fn threads_for(size: usize, threshold: usize) -> usize {
    if size < threshold {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    }
}

/// Does `work` for each piece `0..pieces` on `threads` threads, this one among them: each
/// thread takes the next piece as it finishes one, so a core that the machine gives less
/// time to does fewer pieces instead of holding up the rest. `scratch` makes each thread's
/// own working state, kept from one of its pieces to the next. The results come in piece
/// order; a piece lost to a panicking thread is done again here.
pub fn map_pieces<S, T: Send>(
    pieces: usize,
    threads: usize,
    scratch: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize) -> T + Sync,
) -> Vec<T> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let run = || {
        let mut state = scratch();
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= pieces {
                return done;
            }
            done.push((k, work(&mut state, k)));
        }
    };
    let mut results: Vec<Option<T>> = std::iter::repeat_with(|| None).take(pieces).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(run)).collect();
        // This thread's share too is done again, were it lost to a panic.
        let mut done =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(&run)).unwrap_or_default();
        for helper in helpers {
            if let Ok(theirs) = helper.join() {
                done.extend(theirs);
            }
        }
        for (k, result) in done {
            results[k] = Some(result);
        }
    });
    let mut state = None;
    results
        .into_iter()
        .enumerate()
        .map(|(k, result)| result.unwrap_or_else(|| work(state.get_or_insert_with(&scratch), k)))
        .collect()
}

/// The parts one after the other, reusing the first part's memory.
pub fn concat<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let total: usize = parts.iter().map(Vec::len).sum();
    let mut parts = parts.into_iter();
    let mut out = parts.next().unwrap_or_default();
    out.reserve_exact(total - out.len());
    for part in parts {
        out.extend(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_joined_in_order() {
        assert_eq!(concat(vec![vec![1, 2], vec![], vec![3]]), vec![1, 2, 3]);
        assert!(concat::<u8>(Vec::new()).is_empty());
    }

    #[test]
    fn pieces_come_back_in_order_whichever_thread_did_them() {
        let squares = map_pieces(
            100,
            3,
            || 0usize,
            |calls, k| {
                *calls += 1;
                k * k
            },
        );
        assert_eq!(squares, (0..100).map(|k| k * k).collect::<Vec<_>>());
        assert!(map_pieces(0, 2, || (), |(), k| k).is_empty());
        assert_eq!(map_pieces(3, 1, || (), |(), k| k), vec![0, 1, 2]);
    }

    #[test]
    fn a_piece_lost_to_a_panic_is_done_again() {
        let first_try = std::sync::atomic::AtomicBool::new(true);
        let out = map_pieces(
            8,
            2,
            || (),
            |(), k| {
                if k == 5 && first_try.swap(false, std::sync::atomic::Ordering::Relaxed) {
                    panic!("lost piece");
                }
                k + 1
            },
        );
        assert_eq!(out, (1..=8).collect::<Vec<_>>());
    }

    #[test]
    fn small_work_stays_on_one_thread() {
        assert_eq!(threads_for(10, 100), 1);
        assert!(threads_for(100, 100) >= 1);
    }
}
