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
    fn small_work_stays_on_one_thread() {
        assert_eq!(threads_for(10, 100), 1);
        assert!(threads_for(100, 100) >= 1);
    }
}
