//! Object storage for archived files: a local folder (the embedded default)
//! or any S3-compatible server (Garage in tests and production), through one
//! code path on `object_store`.
//!
//! Architecture invariants: objects are write-once (a new file is a new key;
//! nothing here overwrites or reuses a key, since Garage has no conditional
//! PUT), and SQL, not the bucket, says which objects exist. `keys` owns the
//! object key layout.

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::local::LocalFileSystem;
use object_store::multipart::{MultipartStore, PartId};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::sync::Arc;

/// Size of each multipart part: S3 wants at least 5 MiB but the last.
const PART_BYTES: usize = 8 << 20;
/// Parts in flight at once; with `PART_BYTES` this bounds an upload's memory.
const PARTS_IN_FLIGHT: usize = 2;

/// The object key layout.
pub mod keys {
    /// A readiness probe's key; never holds archive data.
    pub const PROBE: &str = "plenary/probe";

    /// One file of a published version of minutes. `attempt` is new for each
    /// publish attempt, so a retry never reuses a key an earlier attempt wrote.
    pub fn minutes(minutes: &str, version: u32, attempt: &str, name: &str) -> String {
        format!("minutes/{minutes}/v{version}/{attempt}/{name}")
    }

    /// One recording of a sitting (`channel`: `floor` or a booth's
    /// language; `extension`: its format's); `recording` is new for each.
    /// One recovered after a crash has a key of its own, so that it never
    /// lands on one an interrupted upload may have written.
    pub fn recording(
        meeting: &str,
        recording: &str,
        channel: &str,
        extension: &str,
        recovered: bool,
    ) -> String {
        let recovered = if recovered { ".recovered" } else { "" };
        format!("recordings/{meeting}/{recording}-{channel}{recovered}.{extension}")
    }
}

/// Where objects live, from the configuration.
#[derive(Clone, PartialEq, Eq)]
pub enum ObjectsConfig {
    /// A folder on this machine.
    Local(std::path::PathBuf),
    /// An S3-compatible server.
    S3 {
        endpoint: String,
        bucket: String,
        region: String,
        access_key_id: String,
        secret_access_key: String,
    },
}

impl std::fmt::Debug for ObjectsConfig {
    /// Without the secret key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ObjectsConfig::Local(dir) => f.debug_tuple("Local").field(dir).finish(),
            ObjectsConfig::S3 {
                endpoint,
                bucket,
                region,
                access_key_id,
                ..
            } => f
                .debug_struct("S3")
                .field("endpoint", endpoint)
                .field("bucket", bucket)
                .field("region", region)
                .field("access_key_id", access_key_id)
                .finish_non_exhaustive(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ObjectsError {
    #[error("object store: {0}")]
    Store(#[from] object_store::Error),
    #[error("object {0} does not exist")]
    NotFound(String),
    #[error("the file is larger than the limit of {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the file is empty")]
    Empty,
    #[error("the upload broke off: {0}")]
    Source(String),
    #[error("cannot prepare the object folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error("object {key} holds {got} bytes where SQL records {expected}")]
    Truncated {
        key: String,
        expected: u64,
        got: u64,
    },
}

/// What was stored: the facts SQL records to verify the object later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub size: u64,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
}

/// What re-reading an object found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Intact,
    Missing,
    Altered { size: u64, sha256: String },
}

/// The object store in use.
#[derive(Debug, Clone)]
pub struct Objects {
    store: Arc<dyn ObjectStore>,
    /// The same store, where it takes numbered parts in any order (S3).
    parts: Option<Arc<AmazonS3>>,
}

/// The smallest part S3 takes, but for the last.
pub const MIN_PART_BYTES: usize = 5 << 20;

/// An object being written in numbered parts over time (S3's multipart
/// upload), any part in any order; it exists once completed.
#[derive(Debug)]
pub struct Parts {
    store: Arc<AmazonS3>,
    path: ObjectPath,
    id: String,
    done: std::collections::BTreeMap<usize, PartId>,
}

impl Parts {
    /// The upload's id: what [`Objects::abort_parts`] needs should this
    /// process stop before it completes.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Uploads part `index` (from 0; each but the last at least
    /// [`MIN_PART_BYTES`]).
    pub async fn put(&mut self, index: usize, bytes: Bytes) -> Result<(), ObjectsError> {
        let size = bytes.len() as u64;
        let part = self
            .store
            .put_part(&self.path, &self.id, index, bytes.into())
            .await?;
        metrics::counter!("plenary_archive_bytes_in_total").increment(size);
        self.done.insert(index, part);
        Ok(())
    }

    /// The object, of the parts uploaded in their order.
    pub async fn complete(self) -> Result<(), ObjectsError> {
        let parts = self.done.into_values().collect();
        self.store
            .complete_multipart(&self.path, &self.id, parts)
            .await?;
        Ok(())
    }

    /// Gives the upload up: its parts are dropped, no object is left.
    pub async fn abort(self) {
        if let Err(e) = self.store.abort_multipart(&self.path, &self.id).await {
            tracing::warn!(key = %self.path, "aborting an upload in parts failed: {e}");
        }
    }
}

async fn next_chunk<E: std::fmt::Display>(
    body: &mut (impl Stream<Item = Result<Bytes, E>> + Unpin),
) -> Result<Option<Bytes>, ObjectsError> {
    match body.next().await {
        None => Ok(None),
        Some(Err(e)) => Err(ObjectsError::Source(e.to_string())),
        Some(Ok(chunk)) => Ok(Some(chunk)),
    }
}

impl Objects {
    pub fn open(config: &ObjectsConfig) -> Result<Objects, ObjectsError> {
        match config {
            ObjectsConfig::Local(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| ObjectsError::Folder(dir.display().to_string(), e))?;
                let store = Arc::new(LocalFileSystem::new_with_prefix(dir)?);
                Ok(Objects { store, parts: None })
            }
            ObjectsConfig::S3 {
                endpoint,
                bucket,
                region,
                access_key_id,
                secret_access_key,
            } => {
                let s3 = Arc::new(
                    AmazonS3Builder::new()
                        .with_endpoint(endpoint)
                        .with_bucket_name(bucket)
                        .with_region(region)
                        .with_access_key_id(access_key_id)
                        .with_secret_access_key(secret_access_key)
                        // Garage and most self-hosted servers address buckets by path.
                        .with_virtual_hosted_style_request(false)
                        .with_allow_http(endpoint.starts_with("http://"))
                        // Storage away: fail within seconds with a clear error rather than
                        // retrying for minutes while the user waits.
                        .with_retry(object_store::RetryConfig {
                            max_retries: 3,
                            retry_timeout: std::time::Duration::from_secs(10),
                            ..Default::default()
                        })
                        .with_client_options(
                            // These options replace the builder's: allow plain HTTP here too.
                            object_store::ClientOptions::new()
                                .with_allow_http(endpoint.starts_with("http://"))
                                .with_connect_timeout(std::time::Duration::from_secs(5))
                                .with_timeout(std::time::Duration::from_secs(120)),
                        )
                        .build()?,
                );
                Ok(Objects {
                    store: s3.clone(),
                    parts: Some(s3),
                })
            }
        }
    }

    /// Begins an object written in numbered parts, where the store takes
    /// them (S3; a local folder does not: `None`).
    pub async fn begin_parts(&self, key: &str) -> Result<Option<Parts>, ObjectsError> {
        let Some(store) = &self.parts else {
            return Ok(None);
        };
        let path = ObjectPath::from(key);
        let id = store.create_multipart(&path).await?;
        Ok(Some(Parts {
            store: store.clone(),
            path,
            id,
            done: Default::default(),
        }))
    }

    /// Gives up an upload in parts a stopped process began.
    pub async fn abort_parts(&self, key: &str, id: &str) -> Result<(), ObjectsError> {
        if let Some(store) = &self.parts {
            store
                .abort_multipart(&ObjectPath::from(key), &id.to_string())
                .await?;
        }
        Ok(())
    }

    /// Stores bytes already in memory as a new object.
    pub async fn put_bytes(&self, key: &str, bytes: Vec<u8>) -> Result<Stored, ObjectsError> {
        let body =
            futures_util::stream::iter([Ok::<_, std::convert::Infallible>(Bytes::from(bytes))]);
        self.put_stream(key, body, u64::MAX).await
    }

    /// Streams `body` into a new object, hashing as it goes, holding at most a
    /// few parts in memory whatever the size. On any failure the partial
    /// upload is aborted, so no object is left behind.
    pub async fn put_stream<E: std::fmt::Display>(
        &self,
        key: &str,
        mut body: impl Stream<Item = Result<Bytes, E>> + Unpin,
        limit: u64,
    ) -> Result<Stored, ObjectsError> {
        let path = ObjectPath::from(key);
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        // A file smaller than one part goes up in a single PUT: two round
        // trips fewer than a multipart upload, and nothing to abort.
        let mut first = Vec::new();
        let mut spilled = false;
        while let Some(chunk) = next_chunk(&mut body).await? {
            size += chunk.len() as u64;
            if size > limit {
                return Err(ObjectsError::TooLarge { limit });
            }
            hasher.update(&chunk);
            first.push(chunk);
            if size as usize >= PART_BYTES {
                spilled = true;
                break;
            }
        }
        if !spilled {
            if size == 0 {
                return Err(ObjectsError::Empty);
            }
            let payload: object_store::PutPayload = first.into_iter().collect();
            self.store.put(&path, payload).await?;
            metrics::counter!("plenary_archive_bytes_in_total").increment(size);
            return Ok(Stored {
                size,
                sha256: crate::crypto::hex(&hasher.finalize()),
            });
        }
        let upload = self.store.put_multipart(&path).await?;
        let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let outcome: Result<(), ObjectsError> = async {
            for chunk in first {
                writer.wait_for_capacity(PARTS_IN_FLIGHT).await?;
                writer.write(&chunk);
            }
            while let Some(chunk) = next_chunk(&mut body).await? {
                size += chunk.len() as u64;
                if size > limit {
                    return Err(ObjectsError::TooLarge { limit });
                }
                hasher.update(&chunk);
                writer.wait_for_capacity(PARTS_IN_FLIGHT).await?;
                writer.write(&chunk);
            }
            Ok(())
        }
        .await;
        match outcome {
            Ok(()) => {
                writer.finish().await?;
                metrics::counter!("plenary_archive_bytes_in_total").increment(size);
                Ok(Stored {
                    size,
                    sha256: crate::crypto::hex(&hasher.finalize()),
                })
            }
            Err(e) => {
                if let Err(abort) = writer.abort().await {
                    tracing::warn!(key, error = %abort, "aborting the upload of {key} failed: {abort}");
                }
                Err(e)
            }
        }
    }

    /// The bytes of `range` (or the whole object), as a stream.
    pub async fn read(
        &self,
        key: &str,
        range: Option<Range<u64>>,
    ) -> Result<impl Stream<Item = Result<Bytes, ObjectsError>> + use<>, ObjectsError> {
        let path = ObjectPath::from(key);
        let options = object_store::GetOptions {
            range: range.map(Into::into),
            ..Default::default()
        };
        let result = self
            .store
            .get_opts(&path, options)
            .await
            .map_err(|e| match e {
                object_store::Error::NotFound { .. } => ObjectsError::NotFound(key.to_string()),
                other => other.into(),
            })?;
        let out = metrics::counter!("plenary_archive_bytes_out_total");
        Ok(result.into_stream().map(move |r| {
            if let Ok(bytes) = &r {
                out.increment(bytes.len() as u64);
            }
            r.map_err(ObjectsError::from)
        }))
    }

    /// Re-reads an object and compares it with what SQL recorded.
    pub async fn verify(&self, key: &str, expected: &Stored) -> Result<Verdict, ObjectsError> {
        let mut stream = match self.read(key, None).await {
            Ok(s) => s,
            Err(ObjectsError::NotFound(_)) => return Ok(Verdict::Missing),
            Err(e) => return Err(e),
        };
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            size += chunk.len() as u64;
            hasher.update(&chunk);
        }
        let sha256 = crate::crypto::hex(&hasher.finalize());
        if size == expected.size && sha256 == expected.sha256 {
            Ok(Verdict::Intact)
        } else {
            Ok(Verdict::Altered { size, sha256 })
        }
    }

    /// Whether the store answers: writes and reads back the probe object.
    pub async fn ping(&self) -> bool {
        let path = ObjectPath::from(keys::PROBE);
        let answered = async {
            self.store
                .put(&path, Bytes::from_static(b"ok").into())
                .await?;
            self.store.head(&path).await
        };
        matches!(
            tokio::time::timeout(std::time::Duration::from_secs(3), answered).await,
            Ok(Ok(_))
        )
    }

    /// Removes an object SQL never recorded (cleanup after a failed write).
    pub async fn delete(&self, key: &str) -> Result<(), ObjectsError> {
        Ok(self.store.delete(&ObjectPath::from(key)).await?)
    }

    /// Keys under a prefix with when each object was last written.
    pub async fn list_with_times(
        &self,
        prefix: &str,
    ) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>)>, ObjectsError> {
        let prefix = ObjectPath::from(prefix);
        let mut found = Vec::new();
        let mut listing = self.store.list(Some(&prefix));
        while let Some(meta) = listing.next().await {
            let meta = meta?;
            found.push((meta.location.to_string(), meta.last_modified));
        }
        Ok(found)
    }

    /// Keys under a prefix (for tests and the archive verifier).
    pub async fn list(&self, prefix: &str) -> Result<Vec<String>, ObjectsError> {
        let mut keys: Vec<String> = self
            .list_with_times(prefix)
            .await?
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        keys.sort();
        Ok(keys)
    }

    /// The store underneath, for tests that alter objects behind the hub's back.
    pub fn raw(&self) -> &Arc<dyn ObjectStore> {
        &self.store
    }
}
