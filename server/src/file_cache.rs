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
        // One shard, a fifth of it for newcomers: a new file enters the
        // cache's probation part, which must hold the largest one (an
        // eighth), else the file is dropped as it comes and read from the
        // store again. Shards of their own (the crate makes four per core)
        // would each get a slice of the bound smaller than that.
        let options = quick_cache::OptionsBuilder::new()
            .estimated_items_capacity(
                usize::try_from(capacity / (64 << 10))
                    .unwrap_or(usize::MAX)
                    .max(16),
            )
            .weight_capacity(capacity)
            .hot_allocation(0.8)
            .shards(1)
            .build();
        let cache = options.ok().filter(|_| capacity > 0).map(|options| {
            quick_cache::sync::Cache::with_options(
                options,
                ByLength,
                Default::default(),
                Default::default(),
            )
        });
        FileCache { cache, largest }
    }

    /// Whether a file of `size` bytes is kept here.
    pub fn takes(&self, size: u64) -> bool {
        self.cache.is_some() && size <= self.largest
    }

    /// The bytes of object `key`: kept ones, else `load`'s, kept from then
    /// on. Requests for a key being loaded wait for that one load: the
    /// minute a document is issued, hundreds of readers ask for the same
    /// file at once, and each reading it whole for itself would hold
    /// hundreds of copies (and ask the store as many times).
    pub async fn get_or_load<E>(
        &self,
        key: &str,
        load: impl std::future::Future<Output = Result<Bytes, E>>,
    ) -> Result<Bytes, E> {
        let Some(cache) = &self.cache else {
            return load.await;
        };
        let count = |outcome: &'static str| {
            metrics::counter!("plenary_file_cache_reads_total", "outcome" => outcome).increment(1);
        };
        match cache.get_value_or_guard_async(key).await {
            Ok(bytes) => {
                count("hit");
                Ok(bytes)
            }
            Err(guard) => {
                count("miss");
                let bytes = load.await?;
                let _ = guard.insert(bytes.clone());
                metrics::gauge!("plenary_file_cache_bytes").set(cache.weight() as f64);
                Ok(bytes)
            }
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
            let bytes = Bytes::from(vec![i as u8; 4000]);
            kept(&cache, &format!("documents/{i}"), bytes);
            assert!(cache.weight() <= 64 << 10, "{} after {i}", cache.weight());
        }
        assert!(cache.weight() > 32 << 10, "it is used: {}", cache.weight());
        assert_eq!(
            kept(&cache, "documents/99", Bytes::new()),
            Bytes::from(vec![99u8; 4000]),
            "kept, not loaded again"
        );
        let off = FileCache::new(0);
        assert!(!off.takes(1));
        kept(&off, "k", Bytes::from_static(b"x"));
        assert_eq!(kept(&off, "k", Bytes::from_static(b"y")), "y");
    }

    /// What the cache answers for `key`, loading `bytes` if it must.
    fn kept(cache: &FileCache, key: &str, bytes: Bytes) -> Bytes {
        futures_util::FutureExt::now_or_never(cache.get_or_load(key, async { Ok::<_, ()>(bytes) }))
            .expect("nothing waits")
            .expect("loaded")
    }

    #[test]
    fn a_file_entering_a_full_cache_is_kept_at_its_first_load() {
        for (bound, size) in [(256 << 10, 30_000), (64 << 20, 8 << 20)] {
            let cache = FileCache::new(bound);
            assert!(cache.takes(size as u64));
            for i in 0..3 * bound / (size as u64 / 2) {
                let bytes = Bytes::from(vec![1u8; size / 2]);
                kept(&cache, &format!("documents/{i}"), bytes);
            }
            kept(&cache, "documents/new", Bytes::from(vec![2u8; size]));
            assert_eq!(
                kept(&cache, "documents/new", Bytes::new()).len(),
                size,
                "kept at its first load ({size} bytes, bound {bound})"
            );
            assert!(cache.weight() <= bound);
        }
    }

    #[tokio::test]
    async fn readers_of_a_file_being_loaded_wait_for_that_one_load() {
        let cache = std::sync::Arc::new(FileCache::new(64 << 20));
        let loads = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let readers = (0..50).map(|_| {
            let (cache, loads) = (cache.clone(), loads.clone());
            tokio::spawn(async move {
                cache
                    .get_or_load("documents/a", async {
                        loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok::<_, ()>(Bytes::from_static(b"issued"))
                    })
                    .await
            })
        });
        for reader in futures_util::future::join_all(readers).await {
            assert_eq!(reader.expect("task"), Ok(Bytes::from_static(b"issued")));
        }
        assert_eq!(loads.load(std::sync::atomic::Ordering::SeqCst), 1);
        // A load that fails keeps nothing: the next reader loads again.
        assert_eq!(
            cache
                .get_or_load("documents/b", async { Err::<Bytes, _>("store down") })
                .await,
            Err("store down")
        );
        assert_eq!(kept(&cache, "documents/b", Bytes::from_static(b"b")), "b");
    }
}
