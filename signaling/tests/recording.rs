//! A channel's recording read back by an independent reader: Debian's
//! ffprobe and ffmpeg (installed by `infra/setup.sh test`). The Opus
//! packets are real ones, encoded by ffmpeg's libopus from a tone.

use plenary_signaling::recording::vp8::{Assembled, Vp8Frames};
use plenary_signaling::recording::webm::{self, WebmVp8};
use plenary_signaling::recording::OggOpus;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Twenty-millisecond Opus packets of a `seconds`-long tone, as a browser
/// would send them (taken out of ffmpeg's own Ogg file).
fn tone_packets(dir: &Path, seconds: u32) -> Vec<Vec<u8>> {
    let source = dir.join("tone.ogg");
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-f", "lavfi", "-i"])
        .arg(format!("sine=frequency=440:duration={seconds}"))
        .args([
            "-c:a",
            "libopus",
            "-b:a",
            "32k",
            "-frame_duration",
            "20",
            "-y",
        ])
        .arg(&source)
        .output()
        .expect("ffmpeg runs (infra/setup.sh test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = ogg::reading::PacketReader::new(std::fs::File::open(&source).expect("tone"));
    let mut packets = Vec::new();
    while let Some(p) = reader.read_packet().expect("ogg") {
        packets.push(p.data);
    }
    // The two header packets are ffmpeg's; the audio is what a sender sends.
    packets.split_off(2)
}

/// ffprobe's view: (codec, duration in seconds, packets, the LANGUAGE
/// tag). The duration is the stream's whole length from its granule
/// positions; what a player plays is that less the pre-skip (see `decode`).
fn probe(file: &Path) -> (String, f64, u64, String) {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-count_packets", "-of", "json"])
        .args([
            "-show_entries",
            "stream=codec_name,nb_read_packets:stream_tags=LANGUAGE:format=duration,start_time",
        ])
        .arg(file)
        .output()
        .expect("ffprobe runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let stream = &v["streams"][0];
    (
        stream["codec_name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        seconds(&v["format"]["duration"]) + seconds(&v["format"]["start_time"]),
        stream["nb_read_packets"]
            .as_str()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        stream["tags"]["LANGUAGE"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

fn seconds(v: &Value) -> f64 {
    v.as_str().and_then(|d| d.parse().ok()).unwrap_or(f64::NAN)
}

/// Decodes every packet with ffmpeg, which must not complain; returns the
/// milliseconds a player plays.
fn decode(file: &Path) -> u64 {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(file)
        .args(["-f", "s16le", "-ac", "1", "-ar", "48000", "-"])
        .output()
        .expect("ffmpeg runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "ffmpeg reported errors decoding {}",
        file.display()
    );
    out.stdout.len() as u64 / 2 / 48
}

#[test]
fn a_channel_with_a_silence_reads_back_with_its_duration_and_packets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut packets = tone_packets(dir.path(), 3);
    assert!(packets.len() >= 150, "{} packets", packets.len());
    packets.truncate(150);
    let (mut stream, mut bytes) = OggOpus::new(42, &[("LANGUAGE", "fr")]);
    // The first interpreter for a second, two seconds of silence (off air),
    // then the partner for two seconds, with some jitter on arrival.
    let mut at = 0;
    for (i, p) in packets.iter().enumerate() {
        if i == 50 {
            at += 2_000;
        }
        let jitter = [0, 7, 3, 15, 1][i % 5];
        bytes.extend(stream.push(at + jitter, p).expect("opus"));
        at += 20;
    }
    assert_eq!(stream.packets(), 150);
    let fillers = stream.fillers();
    assert_eq!(fillers, 100, "two seconds of 20 ms frames");
    assert_eq!(
        stream.duration_ms(),
        5_000 - 80,
        "played: all but the pre-skip"
    );
    bytes.extend(stream.finish());
    let file = dir.path().join("fr.opus");
    std::fs::write(&file, &bytes).expect("write");

    let (codec, duration, read, language) = probe(&file);
    assert_eq!(codec, "opus");
    assert_eq!(language, "fr");
    assert_eq!(read, 150 + fillers);
    assert!((duration - 5.0).abs() < 0.001, "duration {duration}");
    assert_eq!(decode(&file), 5_000 - 80, "played: all but the pre-skip");
}

#[test]
fn what_was_written_before_a_crash_plays() {
    let dir = tempfile::tempdir().expect("temp dir");
    let packets = tone_packets(dir.path(), 4);
    let (mut stream, mut bytes) = OggOpus::new(7, &[("LANGUAGE", "es")]);
    // The node stops after three seconds: only the pages handed back exist,
    // with no end-of-stream page.
    for (i, p) in packets.iter().take(150).enumerate() {
        bytes.extend(stream.push(i as u64 * 20, p).expect("opus"));
    }
    drop(stream);
    let file = dir.path().join("es.opus");
    std::fs::write(&file, &bytes).expect("write");
    let (codec, duration, read, _) = probe(&file);
    assert_eq!(codec, "opus");
    // Whole pages of 50 packets: the third is still open when it stops.
    assert_eq!(read, 100, "the first two pages");
    assert!((duration - 2.0).abs() < 0.001, "duration {duration}");
    assert_eq!(decode(&file), 2_000 - 80);
}

/// `seconds` of a test pattern as VP8 frames (320×240, 30 a second, a key
/// frame each second) out of ffmpeg's IVF file.
fn pattern_frames(dir: &Path, seconds: u32) -> Vec<Vec<u8>> {
    let ivf = dir.join("pattern.ivf");
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-f", "lavfi", "-i"])
        .arg(format!("testsrc=size=320x240:rate=30:duration={seconds}"))
        .args([
            "-c:v", "libvpx", "-g", "30", "-b:v", "300k", "-f", "ivf", "-y",
        ])
        .arg(&ivf)
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&ivf).expect("ivf");
    let mut frames = Vec::new();
    let mut at = 32;
    while let Some(head) = bytes.get(at..at + 12) {
        let len = u32::from_le_bytes(head[..4].try_into().expect("4 bytes")) as usize;
        frames.push(bytes[at + 12..at + 12 + len].to_vec());
        at += 12 + len;
    }
    frames
}

/// ffprobe's view of a video file: (codec, width, frames, duration in seconds).
fn probe_video(file: &Path) -> (String, u64, u64, f64) {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-count_packets", "-of", "json"])
        .args([
            "-show_entries",
            "stream=codec_name,width,nb_read_packets:format=duration",
        ])
        .arg(file)
        .output()
        .expect("ffprobe runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let stream = &v["streams"][0];
    (
        stream["codec_name"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        stream["width"].as_u64().unwrap_or(0),
        stream["nb_read_packets"]
            .as_str()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0),
        seconds(&v["format"]["duration"]),
    )
}

/// Decodes every frame with ffmpeg, which must not complain; returns how many.
fn decode_video(file: &Path) -> usize {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(file)
        .args(["-f", "framemd5", "-"])
        .output()
        .expect("ffmpeg runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "ffmpeg reported errors decoding {}",
        file.display()
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .count()
}

fn apply(bytes: &mut [u8], patches: &[webm::Patch]) {
    for p in patches {
        let at = p.at as usize;
        bytes[at..at + p.bytes.len()].copy_from_slice(&p.bytes);
    }
}

/// The floor's video: RTP packets of real VP8 (one lost on the way) joined
/// into frames and written as WebM, which ffprobe reads with its frames,
/// size and duration and ffmpeg decodes without a complaint; cut off in
/// the middle of a cluster, it is read back and finished as the writer
/// would have, and plays up to its last whole cluster.
#[test]
fn the_floor_video_is_webm_that_ffmpeg_plays_whole_or_cut_off() {
    let dir = tempfile::tempdir().expect("temp dir");
    let frames = pattern_frames(dir.path(), 4);
    assert_eq!(frames.len(), 120);
    let mut joiner = Vp8Frames::default();
    let mut webm = WebmVp8::new("meeting");
    let mut bytes = Vec::new();
    let (mut seq, mut waiting, mut lost) = (0u16, false, 0);
    for (i, frame) in frames.iter().enumerate() {
        let pieces: Vec<&[u8]> = frame.chunks(300).collect();
        for (j, piece) in pieces.iter().enumerate() {
            seq = seq.wrapping_add(1);
            // A packet of frame 40 is lost: frames up to the next key frame (60) cannot be shown.
            if i == 40 && j == 0 {
                continue;
            }
            let mut payload = vec![if j == 0 { 0x10 } else { 0x00 }];
            payload.extend_from_slice(piece);
            let ts = 3000 * i as u32;
            match joiner.push(seq, ts, j + 1 == pieces.len(), &payload) {
                Assembled::Frame(f) => {
                    if waiting && !f.key {
                        lost += 1;
                        continue;
                    }
                    waiting = false;
                    bytes.extend(webm.push(i as u64 * 33, f.key, &f.data));
                }
                Assembled::Lost => waiting = true,
                Assembled::More => {}
            }
        }
        if i == 40 {
            waiting = true;
            lost += 1;
        }
    }
    assert_eq!(lost, 20, "frame 40 and those after it until the key frame");
    assert_eq!(webm.frames(), 100);
    let cut_at = bytes.len() - 500;
    let mut cut = bytes.clone();
    let (tail, patches) = webm.finish();
    bytes.extend(tail);
    apply(&mut bytes, &patches);
    let file = dir.path().join("floor.webm");
    std::fs::write(&file, &bytes).expect("write");
    let (codec, width, packets, duration) = probe_video(&file);
    assert_eq!((codec.as_str(), width, packets), ("vp8", 320, 100));
    assert!((duration - 3.927).abs() < 0.05, "{duration} s");
    assert_eq!(decode_video(&file), 100);

    // The crash: the last cluster handed out (frames 60 to 89; the one
    // from 90 was still being gathered) half written.
    cut.truncate(cut_at);
    let s = webm::scan(&cut).expect("a header");
    assert!(!s.finished);
    assert_eq!(s.frames, 40, "the whole clusters: frames 0 to 39");
    cut.truncate(s.whole as usize);
    let (tail, patches) = webm::close(&s.layout, s.whole, s.duration_ms, &s.cues);
    cut.extend(tail);
    apply(&mut cut, &patches);
    let recovered = dir.path().join("recovered.webm");
    std::fs::write(&recovered, &cut).expect("write");
    let (codec, _, packets, duration) = probe_video(&recovered);
    assert_eq!((codec.as_str(), packets), ("vp8", s.frames));
    assert!(
        (duration * 1000.0 - s.duration_ms as f64).abs() < 50.0,
        "{duration} s"
    );
    assert_eq!(decode_video(&recovered) as u64, s.frames);
}
