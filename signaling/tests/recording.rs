//! A channel's recording read back by an independent reader: Debian's
//! ffprobe and ffmpeg (installed by `infra/setup.sh test`). The Opus
//! packets are real ones, encoded by ffmpeg's libopus from a tone.

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
