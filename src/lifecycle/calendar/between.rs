//! Business time between two instants.

use super::Calendar;

impl Calendar {
    /// Open time between two instants, in milliseconds (0 when `to` is not after `from`).
    pub fn business_ms_between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        for day in self.local_day(from) - 1..=self.local_day(to) + 1 {
            for (open, close) in self.open_spans(day) {
                let (a, b) = (open.max(from), close.min(to));
                if b > a {
                    total += b - a;
                }
            }
        }
        total
    }
}
