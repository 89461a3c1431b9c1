//! A per-key token bucket: `rate` requests a minute, at most `rate` at once,
//! kept in this process. Used where a limit only has to protect this node's
//! work (anonymous search), so a shared store would be cost without gain.
//!
//! The map is bounded: when it is full, buckets that have refilled (those
//! that would allow a full burst anyway) are dropped first, and if none has,
//! the new key is refused rather than the map allowed to grow.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Throttle<K> {
    per_minute: u32,
    max_keys: usize,
    /// Tokens left and when they were counted. A std mutex: each use is a
    /// few map operations and never awaits.
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Hash + Eq + Clone> Throttle<K> {
    pub fn new(per_minute: u32, max_keys: usize) -> Throttle<K> {
        Throttle {
            per_minute,
            max_keys,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn tokens_at(&self, (tokens, at): (f64, Instant), now: Instant) -> f64 {
        let per_sec = f64::from(self.per_minute) / 60.0;
        (tokens + now.saturating_duration_since(at).as_secs_f64() * per_sec)
            .min(f64::from(self.per_minute))
    }

    /// Takes one token for `key` at `now`; when none is left, how long until
    /// one is.
    pub fn take(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let burst = f64::from(self.per_minute);
        let per_sec = burst / 60.0;
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !buckets.contains_key(key) && buckets.len() >= self.max_keys {
            buckets.retain(|_, b| self.tokens_at(*b, now) < burst);
            if buckets.len() >= self.max_keys {
                return Err(Duration::from_secs(1));
            }
        }
        let left = buckets.get(key).map_or(burst, |b| self.tokens_at(*b, now));
        if left < 1.0 {
            buckets.insert(key.clone(), (left, now));
            return Err(Duration::from_secs_f64((1.0 - left) / per_sec));
        }
        buckets.insert(key.clone(), (left - 1.0, now));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_the_rate_passes_and_the_next_waits_its_share_of_a_minute() {
        let t = Throttle::new(6, 10);
        let now = Instant::now();
        for _ in 0..6 {
            assert!(t.take(&"a", now).is_ok());
        }
        let wait = t.take(&"a", now).expect_err("seventh in the same instant");
        assert_eq!(wait.as_secs(), 10);
        // Another key has its own bucket.
        assert!(t.take(&"b", now).is_ok());
        // Ten seconds later one token is back, and only one.
        let later = now + Duration::from_secs(10);
        assert!(t.take(&"a", later).is_ok());
        assert!(t.take(&"a", later).is_err());
    }

    #[test]
    fn a_full_map_drops_refilled_buckets_and_refuses_when_none_has() {
        let t = Throttle::new(60, 2);
        let now = Instant::now();
        assert!(t.take(&1, now).is_ok());
        assert!(t.take(&2, now).is_ok());
        assert!(t.take(&3, now).is_err(), "both buckets are in use");
        let later = now + Duration::from_secs(2);
        assert!(t.take(&3, later).is_ok(), "refilled buckets were dropped");
    }
}
