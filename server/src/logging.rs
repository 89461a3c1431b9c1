//! The node's log: the configured filter, plain text to a writer, and the
//! webrtc crates' per-packet lines counted rather than written
//! (`plenary_signaling::noise`).

use plenary_signaling::noise::PacketNoise;
use std::time::Duration;
use tracing::Dispatch;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::EnvFilter;

/// How often the count of packet failures kept out of the log is written.
pub const SUMMARY_EVERY: Duration = Duration::from_secs(10);

/// The filter the node logs with: the configured one, with two families of
/// crates quieter unless it names them: the webrtc crates at ERROR (they warn
/// about every packet dropped before a connection is up, which is normal while
/// a browser joins) and the search index at WARN (it tells every commit of the
/// index at INFO, five lines a document).
pub fn filter(configured: &str) -> String {
    let mut filter = configured.to_string();
    if !configured.contains("rtc") {
        filter.push_str(
            ",rtc=error,rtc_ice=error,rtc_dtls=error,rtc_srtp=error,rtc_sctp=error,rtc_interceptor=error,webrtc=error",
        );
    }
    if !configured.contains("tantivy") {
        filter.push_str(",tantivy=warn");
    }
    filter
}

/// The node's logger writing to `writer`, with colours when `ansi`; its
/// summary of packet failures is written every `summary_every`.
pub fn logger<W>(configured: &str, writer: W, ansi: bool, summary_every: Duration) -> Dispatch
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let (noise, summary) = PacketNoise::new();
    let dispatch = Dispatch::new(
        tracing_subscriber::registry()
            .with(EnvFilter::new(filter(configured)))
            .with(noise)
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(writer)
                    .with_ansi(ansi),
            ),
    );
    summary.start(&dispatch, summary_every);
    dispatch
}

/// Makes `dispatch` the process's logger, the `log` crate's lines (the
/// webrtc crates write through it) included.
pub fn install(dispatch: Dispatch) -> Result<(), String> {
    tracing::dispatcher::set_global_default(dispatch).map_err(|e| e.to_string())?;
    tracing_log::LogTracer::init().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// Everything written, kept for the test to read.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Kept {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Kept {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
        }
    }

    #[test]
    fn crates_named_by_the_operator_log_as_configured() {
        assert_eq!(
            filter("info,tantivy=debug,webrtc=info"),
            "info,tantivy=debug,webrtc=info"
        );
        assert!(filter("info").ends_with(",webrtc=error,tantivy=warn"));
    }

    #[test]
    fn a_flood_of_packet_failures_is_one_summary_line_and_other_errors_pass() {
        let kept = Kept::default();
        let writer = kept.clone();
        let dispatch = logger(
            "info",
            move || writer.clone(),
            false,
            Duration::from_millis(200),
        );
        // The webrtc crates write through `log`; as they do, with the packet.
        let _ = tracing_log::LogTracer::init();
        let payload = vec![0xABu8; 1200];
        tracing::dispatcher::with_default(&dispatch, || {
            for _ in 0..10_000 {
                log::error!(
                    target: "webrtc::peer_connection::driver",
                    "Failed to send RtpPacket to track remote {{f25e9793}}: {:?}",
                    payload
                );
            }
            log::error!(target: "webrtc::peer_connection::driver", "Failed to send RTP: unsupported codec type by this transceiver");
            log::error!(target: "webrtc::peer_connection::driver", "Failed to bind UDP on address 0.0.0.0:0: denied");
            tracing::error!("the store failed");
            log::info!(target: "tantivy::indexer::index_writer", "Preparing commit");
            log::warn!(target: "tantivy::indexer::index_writer", "the index is short of space");
        });
        std::thread::sleep(Duration::from_millis(600));
        let text = kept.text();
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            !text.contains("RtpPacket") && !text.contains("171, 171"),
            "{text}"
        );
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.contains("could not deliver"))
                .count(),
            1,
            "{text}"
        );
        assert!(
            text.contains("10001 packets")
                && text.contains("inbound_queue_full 10000, rtp_not_sent 1"),
            "{text}"
        );
        assert!(text.contains("Failed to bind UDP"), "{text}");
        assert!(text.contains("the store failed"), "{text}");
        assert!(!text.contains("Preparing commit"), "{text}");
        assert!(text.contains("short of space"), "{text}");
        assert_eq!(lines.len(), 4, "{text}");
    }
}
