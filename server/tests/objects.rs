//! The object store against its two backends: a local folder, and a real
//! Garage over S3 (started by `infra/test.sh`).

use bytes::Bytes;
use futures_util::StreamExt;
use object_store::ObjectStoreExt;
use plenary_server::objects::{Objects, ObjectsConfig, ObjectsError, Stored, Verdict};

fn garage() -> ObjectsConfig {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!("{name} is not set: run ./infra/test.sh, which starts Garage for the tests")
        })
    };
    ObjectsConfig::S3 {
        endpoint: var("PLENARY_TEST_S3_ENDPOINT"),
        bucket: var("PLENARY_TEST_S3_BUCKET"),
        region: var("PLENARY_TEST_S3_REGION"),
        access_key_id: var("PLENARY_TEST_S3_ACCESS_KEY_ID"),
        secret_access_key: var("PLENARY_TEST_S3_SECRET_ACCESS_KEY"),
    }
}

/// A store and a key prefix of this test's own.
fn open(s3: bool) -> (Objects, String, Option<tempfile::TempDir>) {
    let prefix = format!("test/{}", uuid::Uuid::new_v4());
    if s3 {
        (Objects::open(&garage()).expect("open Garage"), prefix, None)
    } else {
        let dir = tempfile::tempdir().expect("tempdir");
        (
            Objects::open(&ObjectsConfig::Local(dir.path().into())).expect("open folder"),
            prefix,
            Some(dir),
        )
    }
}

/// Deterministic, incompressible-looking bytes.
fn content(len: usize) -> Vec<u8> {
    let mut x: u32 = 2_463_534_242;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

fn chunks(
    data: &[u8],
    size: usize,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Unpin {
    let parts: Vec<_> = data
        .chunks(size)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    futures_util::stream::iter(parts)
}

async fn read_all(objects: &Objects, key: &str, range: Option<std::ops::Range<u64>>) -> Vec<u8> {
    let mut stream = objects.read(key, range).await.expect("read");
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        out.extend_from_slice(&chunk.expect("chunk"));
    }
    out
}

async fn streams_a_large_file_with_its_hash_and_reads_ranges_back(s3: bool) {
    let (objects, prefix, _dir) = open(s3);
    let data = content(20 << 20);
    let key = format!("{prefix}/big");
    let stored = objects
        .put_stream(&key, chunks(&data, 64 << 10), 1 << 30)
        .await
        .expect("upload");
    assert_eq!(stored.size, data.len() as u64);
    let expected = {
        use sha2::Digest;
        sha2::Sha256::digest(&data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(stored.sha256, expected);
    assert_eq!(read_all(&objects, &key, None).await, data);
    assert_eq!(
        read_all(&objects, &key, Some(1000..5000)).await,
        &data[1000..5000]
    );
    assert_eq!(
        objects.verify(&key, &stored).await.expect("verify"),
        Verdict::Intact
    );
}

async fn a_broken_upload_leaves_no_object(s3: bool) {
    let (objects, prefix, _dir) = open(s3);
    let data = content(12 << 20);
    let mut parts: Vec<Result<Bytes, std::io::Error>> = data
        .chunks(1 << 20)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    parts.truncate(10);
    parts.push(Err(std::io::Error::other("client went away")));
    let key = format!("{prefix}/broken");
    let result = objects
        .put_stream(&key, futures_util::stream::iter(parts), 1 << 30)
        .await;
    assert!(matches!(result, Err(ObjectsError::Source(_))), "{result:?}");
    assert!(objects.list(&prefix).await.expect("list").is_empty());
    assert!(matches!(
        objects.read(&key, None).await.map(|_| ()),
        Err(ObjectsError::NotFound(_))
    ));
}

async fn an_oversized_upload_is_refused_and_leaves_nothing(s3: bool) {
    let (objects, prefix, _dir) = open(s3);
    let data = content(3 << 20);
    let result = objects
        .put_stream(&format!("{prefix}/big"), chunks(&data, 256 << 10), 1 << 20)
        .await;
    assert!(
        matches!(result, Err(ObjectsError::TooLarge { limit }) if limit == 1 << 20),
        "{result:?}"
    );
    assert!(objects.list(&prefix).await.expect("list").is_empty());
}

async fn verify_reports_missing_and_altered_objects(s3: bool) {
    let (objects, prefix, _dir) = open(s3);
    let key = format!("{prefix}/minutes.pdf");
    let stored = objects
        .put_stream(&key, chunks(b"%PDF-1.7 the minutes", 8), 1 << 20)
        .await
        .expect("upload");
    // Altered behind the hub's back, straight through the store.
    let path = object_store::path::Path::from(key.as_str());
    objects
        .raw()
        .put(&path, Bytes::from_static(b"%PDF-1.7 the minutez").into())
        .await
        .expect("overwrite");
    assert!(matches!(
        objects.verify(&key, &stored).await.expect("verify"),
        Verdict::Altered { size: 20, .. }
    ));
    objects.raw().delete(&path).await.expect("delete");
    assert_eq!(
        objects.verify(&key, &stored).await.expect("verify"),
        Verdict::Missing
    );
    let absent = Stored {
        size: 1,
        sha256: "00".into(),
    };
    assert_eq!(
        objects
            .verify(&format!("{prefix}/never"), &absent)
            .await
            .expect("verify"),
        Verdict::Missing
    );
}

macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod local { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $case() { super::$case(false).await } )* }
        mod garage { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $case() { super::$case(true).await } )* }
    };
}

on_both_backends!(
    streams_a_large_file_with_its_hash_and_reads_ranges_back,
    a_broken_upload_leaves_no_object,
    an_oversized_upload_is_refused_and_leaves_nothing,
    verify_reports_missing_and_altered_objects,
);

#[tokio::test]
async fn readiness_tells_a_reachable_store_from_an_unreachable_one() {
    let (objects, _, _) = open(true);
    assert!(objects.ping().await);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let ObjectsConfig::S3 {
        bucket,
        region,
        access_key_id,
        secret_access_key,
        ..
    } = garage()
    else {
        unreachable!()
    };
    let closed = ObjectsConfig::S3 {
        endpoint: format!("http://127.0.0.1:{port}"),
        bucket,
        region,
        access_key_id,
        secret_access_key,
    };
    assert!(!Objects::open(&closed).expect("open").ping().await);
}
