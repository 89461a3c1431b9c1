//! Recordings of a meeting's channels: the RTP payloads as they arrive,
//! muxed without transcoding: each channel's audio as Ogg Opus (here), the
//! floor's video as WebM ([`webm`], its frames joined by [`vp8`]).
//!
//! [`OggOpus`] turns one audio channel's Opus payloads into an Ogg Opus
//! stream (RFC 7845). It hands back each page's bytes as the page
//! completes (about a second of audio), so the caller streams them on and
//! holds at most one page, whatever the meeting's length. Every page is
//! whole and carries its own position, so what was handed back before a
//! crash plays as it is: a reader ends at the last complete page.
//!
//! Time follows arrival, not the senders' RTP timestamps: a channel's
//! source changes (an interpreter hands over, the floor takes the channel)
//! and each source counts its own time. When the channel falls silent for
//! longer than [`GAP_SLACK_MS`], the gap is filled with empty Opus frames
//! (RFC 6716 §3.2.1: a frame of length 0, which decoders conceal), so the
//! recording keeps the meeting's timeline.

use ogg::writing::{PacketWriteEndInfo, PacketWriter};
use plenary_protocol::signal::Millis;
use plenary_protocol::MeetingId;

pub use crate::ballots::BoxFuture;
pub use webm::Patch;

pub mod vp8;
pub mod webm;

/// What a recording is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// A channel's audio.
    OggOpus,
    /// The floor's video.
    WebmVp8,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::OggOpus => "ogg",
            Format::WebmVp8 => "webm",
        }
    }

    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension {
            "ogg" => Some(Format::OggOpus),
            "webm" => Some(Format::WebmVp8),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::OggOpus => "audio/ogg",
            Format::WebmVp8 => "video/webm",
        }
    }
}

/// What a finished recording holds, for the archive's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub ended: Millis,
    pub duration_ms: u64,
    /// Opus packets (fillers of silences not counted), or video frames.
    pub packets: u64,
}

#[derive(Debug, thiserror::Error)]
#[error("recording: {0}")]
pub struct RecordingError(pub String);

/// Where a channel's recording goes as it is made (the server: a spool file
/// on the node, archived with its size and SHA-256 when the sitting ends).
pub trait Recordings: Send + Sync + std::fmt::Debug + 'static {
    /// Starts the recording of `channel` (`floor`, or a booth's language)
    /// in `format` for a sitting of `meeting` that began at `started`.
    fn start(
        &self,
        meeting: MeetingId,
        channel: &str,
        format: Format,
        started: Millis,
    ) -> Result<Box<dyn RecordingWriter>, RecordingError>;
}

/// One recording being made.
pub trait RecordingWriter: Send {
    /// Appends bytes (whole Ogg pages, whole WebM clusters): what a
    /// recovery after a crash reads back.
    fn write(&mut self, bytes: &[u8]) -> Result<(), RecordingError>;

    /// The recording is complete: with `patches` written over its first
    /// bytes (a header filled in at the end; they lie within the first
    /// kilobyte), archive it.
    fn finish(
        self: Box<Self>,
        summary: Summary,
        patches: Vec<Patch>,
    ) -> BoxFuture<'static, Result<(), RecordingError>>;
}

/// Samples per millisecond: Ogg Opus counts time at 48 kHz whatever the
/// input (RFC 7845 §4).
const PER_MS: u64 = 48;
/// Samples a decoder discards at the start, for it to converge when a
/// recording starts inside a live stream (RFC 7845 §4.2 asks for 80 ms).
const PRE_SKIP: u16 = 3840;
/// How far arrival may run ahead of the audio written before the gap is
/// filled: more than network jitter, less than anyone would hear as drift.
pub const GAP_SLACK_MS: u64 = 100;
/// An empty 20 ms frame (CELT, full band, mono, one frame of length 0).
const FILLER: [u8; 1] = [0xF8];
const FILLER_SAMPLES: u64 = 960;
/// Packets per page: about a second of 20 ms packets.
const PAGE_PACKETS: usize = 50;
/// The longest Opus packet: 120 ms.
const MAX_PACKET_SAMPLES: u64 = 5760;

/// A payload that is not an Opus packet; it was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an Opus packet")]
pub struct NotOpus;

/// One channel's Ogg Opus stream, written as it arrives.
pub struct OggOpus {
    pages: PacketWriter<'static, Vec<u8>>,
    serial: u32,
    /// Samples written: the granule position (RFC 7845 §4: decoded samples,
    /// of which players drop the first [`PRE_SKIP`]).
    granule: u64,
    /// The packet held back, with its end granule, so that the last one can
    /// close the stream.
    held: Option<(Vec<u8>, u64)>,
    in_page: usize,
    packets: u64,
    fillers: u64,
}

impl std::fmt::Debug for OggOpus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OggOpus")
            .field("serial", &self.serial)
            .field("granule", &self.granule)
            .field("packets", &self.packets)
            .field("fillers", &self.fillers)
            .finish_non_exhaustive()
    }
}

impl OggOpus {
    /// A stream with its two header pages (returned), the comments naming
    /// what it records (`("LANGUAGE", "fr")`, …).
    pub fn new(serial: u32, comments: &[(&str, &str)]) -> (OggOpus, Vec<u8>) {
        let mut head = Vec::with_capacity(19);
        head.extend_from_slice(b"OpusHead");
        head.push(1); // version
        head.push(2); // channels: browsers send stereo-capable Opus
        head.extend_from_slice(&PRE_SKIP.to_le_bytes());
        head.extend_from_slice(&48_000u32.to_le_bytes()); // the input's rate, informative
        head.extend_from_slice(&0i16.to_le_bytes()); // output gain
        head.push(0); // channel mapping family: mono or stereo
        let mut tags = Vec::new();
        tags.extend_from_slice(b"OpusTags");
        let vendor = b"Plenary";
        tags.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
        tags.extend_from_slice(vendor);
        tags.extend_from_slice(&(comments.len() as u32).to_le_bytes());
        for (key, value) in comments {
            let comment = format!("{key}={value}");
            tags.extend_from_slice(&(comment.len() as u32).to_le_bytes());
            tags.extend_from_slice(comment.as_bytes());
        }
        let mut stream = OggOpus {
            pages: PacketWriter::new(Vec::new()),
            serial,
            granule: 0,
            held: None,
            in_page: 0,
            packets: 0,
            fillers: 0,
        };
        // Each header packet ends its page, as RFC 7845 §3 requires.
        let mut out = stream.write(head, PacketWriteEndInfo::EndPage, 0);
        out.extend(stream.write(tags, PacketWriteEndInfo::EndPage, 0));
        (stream, out)
    }

    /// Adds one RTP payload that arrived `at_ms` after the recording began;
    /// returns the bytes of any page completed.
    pub fn push(&mut self, at_ms: u64, payload: &[u8]) -> Result<Vec<u8>, NotOpus> {
        let samples = opus_samples(payload).ok_or(NotOpus)?;
        let mut out = Vec::new();
        let written = self.granule;
        let arrived = at_ms.saturating_mul(PER_MS);
        if arrived > written + GAP_SLACK_MS * PER_MS {
            let missing = (arrived - written) / FILLER_SAMPLES;
            for _ in 0..missing {
                out.extend(self.hold(FILLER.to_vec(), FILLER_SAMPLES));
                self.fillers += 1;
            }
        }
        out.extend(self.hold(payload.to_vec(), samples));
        self.packets += 1;
        Ok(out)
    }

    /// Ends the stream: the last page, marked as the end.
    pub fn finish(mut self) -> Vec<u8> {
        let (packet, granule) = self.held.take().unwrap_or_else(|| {
            self.granule += FILLER_SAMPLES;
            (FILLER.to_vec(), self.granule)
        });
        self.write(packet, PacketWriteEndInfo::EndStream, granule)
    }

    /// Opus packets recorded (fillers not counted).
    pub fn packets(&self) -> u64 {
        self.packets
    }

    /// Empty frames written to fill silences.
    pub fn fillers(&self) -> u64 {
        self.fillers
    }

    /// What a player plays of the audio so far, in milliseconds: all of it
    /// but the pre-skip.
    pub fn duration_ms(&self) -> u64 {
        self.granule.saturating_sub(u64::from(PRE_SKIP)) / PER_MS
    }

    /// Writes the packet held back, if any, and holds this one.
    fn hold(&mut self, packet: Vec<u8>, samples: u64) -> Vec<u8> {
        self.granule += samples;
        let out = match self.held.take() {
            Some((previous, granule)) => {
                self.in_page += 1;
                let end = if self.in_page >= PAGE_PACKETS {
                    self.in_page = 0;
                    PacketWriteEndInfo::EndPage
                } else {
                    PacketWriteEndInfo::NormalPacket
                };
                self.write(previous, end, granule)
            }
            None => Vec::new(),
        };
        self.held = Some((packet, self.granule));
        out
    }

    fn write(&mut self, packet: Vec<u8>, end: PacketWriteEndInfo, granule: u64) -> Vec<u8> {
        // Writing into a Vec cannot fail.
        let _ = self.pages.write_packet(packet, self.serial, end, granule);
        std::mem::take(self.pages.inner_mut())
    }
}

/// The samples (at 48 kHz) an Opus packet holds, from its table of
/// contents (RFC 6716 §3.1); `None` if it is not a valid packet.
pub fn opus_samples(packet: &[u8]) -> Option<u64> {
    let toc = *packet.first()?;
    let config = toc >> 3;
    let frame: u64 = match config {
        0..=11 => [480, 960, 1920, 2880][usize::from(config % 4)],
        12..=15 => [480, 960][usize::from(config % 2)],
        _ => [120, 240, 480, 960][usize::from(config % 4)],
    };
    let frames = match toc & 3 {
        0 => 1,
        1 | 2 => 2,
        _ => u64::from(*packet.get(1)? & 0x3f),
    };
    let samples = frames * frame;
    (frames > 0 && samples <= MAX_PACKET_SAMPLES).then_some(samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packet_lengths_come_from_the_table_of_contents() {
        assert_eq!(opus_samples(&[0xF8]), Some(960), "CELT 20 ms");
        assert_eq!(opus_samples(&[0x08]), Some(960), "SILK 20 ms");
        assert_eq!(opus_samples(&[0x18]), Some(2880), "SILK 60 ms");
        assert_eq!(opus_samples(&[0x70]), Some(480), "hybrid 10 ms");
        assert_eq!(opus_samples(&[0x80]), Some(120), "CELT 2.5 ms");
        assert_eq!(opus_samples(&[0xF9, 0, 0]), Some(1920), "two frames");
        assert_eq!(
            opus_samples(&[0xFB, 0x03]),
            Some(2880),
            "three frames, code 3"
        );
        assert_eq!(
            opus_samples(&[0xFB, 0x07]),
            None,
            "140 ms is longer than any packet"
        );
        assert_eq!(opus_samples(&[0xFB, 0x00]), None, "no frames");
        assert_eq!(opus_samples(&[0xFB]), None, "code 3 without its count");
        assert_eq!(opus_samples(&[]), None);
    }

    #[test]
    fn pages_come_out_as_they_complete_and_memory_stays_one_page() {
        let (mut stream, headers) = OggOpus::new(7, &[("LANGUAGE", "fr")]);
        assert_eq!(&headers[..4], b"OggS");
        assert_eq!(
            headers
                .windows(8)
                .filter(|w| w == b"OggS\0\x02\0\0")
                .count(),
            1,
            "one first page"
        );
        let mut pages = 0;
        for i in 0..500u64 {
            let out = stream.push(i * 20, &[0xFC, 1, 2, 3]).expect("opus");
            pages += out.windows(4).filter(|w| w == b"OggS").count();
            assert!(
                stream.pages.inner().is_empty(),
                "nothing kept once a page is out"
            );
        }
        assert_eq!(pages, 9, "a page per 50 packets, the last still open");
        assert_eq!(stream.packets(), 500);
        assert_eq!(stream.fillers(), 0, "no gap");
        assert_eq!(stream.duration_ms(), 10_000 - 80, "less the pre-skip");
        let end = stream.finish();
        assert_eq!(end.windows(4).filter(|w| w == b"OggS").count(), 1);
        assert_eq!(end[5], 0x04, "the last page ends the stream");
    }

    #[test]
    fn a_silence_is_filled_and_jitter_is_not() {
        let (mut stream, _) = OggOpus::new(1, &[]);
        stream.push(0, &[0xFC]).expect("opus");
        // Late by 80 ms: jitter, nothing added.
        stream.push(100, &[0xFC]).expect("opus");
        assert_eq!(stream.fillers(), 0);
        assert_eq!(stream.granule, 2 * 960);
        // Two seconds of nothing, then the channel speaks again.
        stream.push(2_100, &[0xFC]).expect("opus");
        assert_eq!(stream.fillers(), (2_100 - 40) / 20);
        assert_eq!(stream.granule, 2_120 * 48);
        assert_eq!(stream.push(2_120, &[]), Err(NotOpus));
        assert_eq!(stream.packets(), 3, "the bad payload left out");
    }
}
