//! Small sorts for short, cold lists. The standard library's sorts are faster on large inputs
//! but cost several kilobytes of Wasm per element type; these cost a few hundred bytes. (A lead's
//! events, the scoring hot path, use the standard sort, but in the small engine, built for size.)
//!
//! - [`sort_by`], unstable, for the engine's lists (warnings, held events, cap remainders), which
//!   all have a total order: insertion sort for short slices, nothing for sorted ones, heapsort
//!   otherwise.
//! - [`stable_sort_by`], insertion sort, for the lifecycle's lists, which are short (opening
//!   hours, holidays, a lead's drivers and pages) or nearly in order already (a lead's events),
//!   and whose ties keep their order.

/// Sorts `items` so that no item is `less` than one before it.
pub(crate) fn sort_by<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    if items.len() <= 20 {
        insertion_sort(items, &less);
    } else if items.windows(2).any(|pair| less(&pair[1], &pair[0])) {
        heapsort(items, &less);
    }
}

/// Sorts `items` so that no item is `less` than one before it, equal items in their order.
#[cfg(feature = "lifecycle")]
pub(crate) fn stable_sort_by<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    insertion_sort(items, &less);
}

fn insertion_sort<T>(items: &mut [T], less: &impl Fn(&T, &T) -> bool) {
    for end in 1..items.len() {
        let mut at = end;
        while at > 0 && less(&items[at], &items[at - 1]) {
            items.swap(at, at - 1);
            at -= 1;
        }
    }
}

fn heapsort<T>(items: &mut [T], less: &impl Fn(&T, &T) -> bool) {
    let len = items.len();
    for start in (0..len / 2).rev() {
        sift_down(items, start, len, less);
    }
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end, less);
    }
}

/// Restores the max-heap property below `node` within `items[..end]`.
fn sift_down<T>(items: &mut [T], mut node: usize, end: usize, less: &impl Fn(&T, &T) -> bool) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&items[child], &items[child + 1]) {
            child += 1;
        }
        if !less(&items[node], &items[child]) {
            return;
        }
        items.swap(node, child);
        node = child;
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(mut items in prop::collection::vec(any::<(u8, u16)>(), 0..200)) {
            let mut expected = items.clone();
            expected.sort();
            sort_by(&mut items, |a, b| a < b);
            prop_assert_eq!(items, expected);
        }

        #[cfg(feature = "lifecycle")]
        #[test]
        fn stable_sort_keeps_ties_in_order(mut items in prop::collection::vec(any::<(u8, u16)>(), 0..200)) {
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            stable_sort_by(&mut items, |a, b| a.0 < b.0);
            prop_assert_eq!(items, expected);
        }
    }
}
