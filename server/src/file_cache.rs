//! Small archived files kept in memory, within a bound of bytes: the minute
//! a document is issued, every delegation fetches the same few files, and
//! an archive object never changes once written, so its key names its bytes
//! for good and a copy never goes stale.

use bytes::Bytes;

/// Weighs an entry by its bytes.
#[derive(Debug, Clone, Copy)]
struct ByLength;

impl quick_cache::Weighter<String, Bytes> for ByLength {
    fn weight(&self, _key: &String, value: &Bytes) -> u64 {
        // An empty file still takes a slot.
        value.len().max(1) as u64
    }
}

/// The cache of one node; `capacity` 0 keeps nothing.
#[derive(Debug)]
pub struct FileCache {
    cache: Option<quick_cache::sync::Cache<String, Bytes, ByLength>>,
    /// The largest file kept: a few large files would push out many hot
    /// small ones.
    largest: u64,
}

impl FileCache {
    pub fn new(capacity: u64) -> FileCache {
        // Files of up to an eighth of the bound, and 8 MiB at most.
        let largest = (capacity / 8).min(8 << 20);
        let cache = (capacity > 0).then(|| {
            let items = usize::try_from(capacity / (64 << 10))
                .unwrap_or(usize::MAX)
                .max(16);
            quick_cache::sync::Cache::with_weighter(items, capacity, ByLength)
        });
        FileCache { cache, largest }
    }

    /// Whether a file of `size` bytes is kept here.
    pub fn takes(&self, size: u64) -> bool {
        self.cache.is_some() && size <= self.largest
    }

    /// The bytes of object `key`, if kept.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        let found = self.cache.as_ref()?.get(key);
        let outcome = if found.is_some() { "hit" } else { "miss" };
        metrics::counter!("plenary_file_cache_reads_total", "outcome" => outcome).increment(1);
        found
    }

    pub fn insert(&self, key: &str, bytes: Bytes) {
        if let Some(cache) = &self.cache {
            cache.insert(key.to_string(), bytes);
            metrics::gauge!("plenary_file_cache_bytes").set(cache.weight() as f64);
        }
    }

    /// Bytes held now.
    pub fn weight(&self) -> u64 {
        self.cache.as_ref().map_or(0, |c| c.weight())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_keeps_small_files_within_its_bound() {
        let cache = FileCache::new(64 << 10);
        assert!(cache.takes(8 << 10));
        assert!(
            !cache.takes((8 << 10) + 1),
            "an eighth of the bound at most"
        );
        for i in 0..100 {
            cache.insert(&format!("documents/{i}"), Bytes::from(vec![i as u8; 4000]));
            assert!(cache.weight() <= 64 << 10, "{} after {i}", cache.weight());
        }
        assert!(cache.weight() > 32 << 10, "it is used: {}", cache.weight());
        assert_eq!(
            cache.get("documents/99").as_deref(),
            Some(&[99u8; 4000][..])
        );
        let off = FileCache::new(0);
        assert!(!off.takes(1));
        off.insert("k", Bytes::from_static(b"x"));
        assert_eq!(off.get("k"), None);
    }
}
