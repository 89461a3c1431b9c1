//! The floor's video as WebM (Matroska with VP8), written as it arrives.
//!
//! The file is laid out to be streamed and to survive a crash: the header
//! comes first with room reserved for what only the end knows (the
//! segment's size, the duration, an index of where the seek points are),
//! then clusters of a few seconds each, every one complete when handed
//! out. A file cut off anywhere plays up to its last whole cluster (the
//! segment's size says "unknown" until the end); [`scan`] reads such a file
//! back and [`close`] finishes it as the writer would have, so a recovered
//! recording is as seekable as any other.

/// Milliseconds per tick of the file's timestamps.
const TIMESTAMP_SCALE: u64 = 1_000_000;
/// A cluster ends at a key frame, after this long, or at this size: what a
/// cut-off file can lose, and the most the writer holds.
const CLUSTER_MS: u64 = 5_000;
const CLUSTER_BYTES: usize = 1 << 20;
/// Seek points: at most one per this interval, and this many (some eleven
/// hours of them), so the index stays small however long the sitting.
const CUE_EVERY_MS: u64 = 2_000;
const MAX_CUES: usize = 20_000;
/// Room for the index of the file's parts, written at the end.
const SEEK_RESERVE: usize = 96;
/// Room for the duration (an 8-byte float element), written at the end.
const DURATION_RESERVE: usize = 11;

const EBML: u32 = 0x1A45_DFA3;
const SEGMENT: u32 = 0x1853_8067;
const SEEK_HEAD: u32 = 0x114D_9B74;
const SEEK: u32 = 0x4DBB;
const SEEK_ID: u32 = 0x53AB;
const SEEK_POSITION: u32 = 0x53AC;
const INFO: u32 = 0x1549_A966;
const DURATION: u32 = 0x4489;
const TRACKS: u32 = 0x1654_AE6B;
const CLUSTER: u32 = 0x1F43_B675;
const CLUSTER_TIMESTAMP: u32 = 0xE7;
const SIMPLE_BLOCK: u32 = 0xA3;
const CUES: u32 = 0x1C53_BB6B;
const VOID: u32 = 0xEC;

/// Bytes to write over what was handed out earlier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    pub at: u64,
    pub bytes: Vec<u8>,
}

/// Where the header's reserved places are: absolute offsets in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    segment_data: u64,
    seek_void: u64,
    info: u64,
    duration_void: u64,
    tracks: u64,
}

/// One video track's WebM stream.
#[derive(Debug)]
pub struct WebmVp8 {
    title: String,
    layout: Option<Layout>,
    /// Bytes handed out so far.
    written: u64,
    /// The open cluster's blocks, its timestamp and whether it starts with a key frame.
    cluster: Vec<u8>,
    cluster_ms: u64,
    cluster_key: bool,
    cues: Vec<(u64, u64)>,
    last_ms: u64,
    frames: u64,
}

impl WebmVp8 {
    pub fn new(title: &str) -> WebmVp8 {
        WebmVp8 {
            title: title.to_string(),
            layout: None,
            written: 0,
            cluster: Vec::new(),
            cluster_ms: 0,
            cluster_key: false,
            cues: Vec::new(),
            last_ms: 0,
            frames: 0,
        }
    }

    /// Whether the stream has begun (with a key frame).
    pub fn begun(&self) -> bool {
        self.layout.is_some()
    }

    /// Frames written.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// The time of the last frame, in milliseconds from the start.
    pub fn duration_ms(&self) -> u64 {
        self.last_ms
    }

    /// Adds a frame shown `at_ms` after the recording began; returns the
    /// bytes completed (the header, at the first key frame; a cluster).
    /// Frames before the first key frame cannot be decoded and are left
    /// out, as is a frame earlier than the last.
    pub fn push(&mut self, at_ms: u64, key: bool, frame: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        if self.layout.is_none() {
            if !key {
                return out;
            }
            let (w, h) = super::vp8::dimensions(frame).unwrap_or((640, 480));
            let (head, layout) = head(&self.title, w, h);
            self.layout = Some(layout);
            self.written = head.len() as u64;
            out = head;
        }
        if at_ms < self.last_ms {
            return out;
        }
        let full = at_ms - self.cluster_ms >= CLUSTER_MS || self.cluster.len() >= CLUSTER_BYTES;
        if !self.cluster.is_empty() && (key || full) {
            out.extend(self.flush());
        }
        if self.cluster.is_empty() {
            self.cluster_ms = at_ms;
            self.cluster_key = key;
        }
        let relative = i16::try_from(at_ms - self.cluster_ms).unwrap_or(i16::MAX);
        let mut block = Vec::with_capacity(frame.len() + 4);
        block.push(0x81); // track 1
        block.extend_from_slice(&relative.to_be_bytes());
        block.push(if key { 0x80 } else { 0 });
        block.extend_from_slice(frame);
        self.cluster.extend(element(SIMPLE_BLOCK, &block));
        self.last_ms = at_ms;
        self.frames += 1;
        out
    }

    /// The open cluster's bytes, its seek point noted.
    fn flush(&mut self) -> Vec<u8> {
        let Some(layout) = self.layout else {
            return Vec::new();
        };
        let position = self.written - layout.segment_data;
        note_cue(&mut self.cues, self.cluster_key, self.cluster_ms, position);
        let mut body = element(CLUSTER_TIMESTAMP, &uint(self.cluster_ms));
        body.append(&mut self.cluster);
        let cluster = element_sized(CLUSTER, &body);
        self.written += cluster.len() as u64;
        cluster
    }

    /// Ends the stream: the last bytes, and the patches that fill in the
    /// header's reserved places. Nothing if it never began.
    pub fn finish(mut self) -> (Vec<u8>, Vec<Patch>) {
        let Some(layout) = self.layout else {
            return (Vec::new(), Vec::new());
        };
        let mut out = self.flush();
        let end = self.written;
        let (tail, patches) = close(&layout, end, self.last_ms, &self.cues);
        out.extend(tail);
        (out, patches)
    }
}

fn note_cue(cues: &mut Vec<(u64, u64)>, key: bool, ms: u64, position: u64) {
    let due = cues
        .last()
        .is_none_or(|(last, _)| ms >= last + CUE_EVERY_MS);
    if key && due && cues.len() < MAX_CUES {
        cues.push((ms, position));
    }
}

/// The header: EBML, the segment (size unknown), room for the seek index,
/// the segment's info (room for the duration) and the video track.
fn head(title: &str, width: u16, height: u16) -> (Vec<u8>, Layout) {
    let mut ebml = Vec::new();
    ebml.extend(element(0x4286, &uint(1))); // EBMLVersion
    ebml.extend(element(0x42F7, &uint(1))); // EBMLReadVersion
    ebml.extend(element(0x42F2, &uint(4))); // EBMLMaxIDLength
    ebml.extend(element(0x42F3, &uint(8))); // EBMLMaxSizeLength
    ebml.extend(element(0x4282, b"webm")); // DocType
    ebml.extend(element(0x4287, &uint(4))); // DocTypeVersion
    ebml.extend(element(0x4285, &uint(2))); // DocTypeReadVersion
    let mut out = element(EBML, &ebml);
    out.extend(id(SEGMENT));
    out.extend([0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]); // unknown size
    let segment_data = out.len() as u64;
    let seek_void = out.len() as u64;
    out.extend(void(SEEK_RESERVE));
    let info_at = out.len() as u64;
    let mut info = Vec::new();
    info.extend(element(0x2AD7B1, &uint(TIMESTAMP_SCALE))); // TimestampScale
    info.extend(element(0x4D80, b"Plenary")); // MuxingApp
    info.extend(element(0x5741, b"Plenary")); // WritingApp
    info.extend(element(0x7BA9, title.as_bytes())); // Title
    let info_head = id(INFO).len() + 8;
    let duration_void = info_at + (info_head + info.len()) as u64;
    info.extend(void(DURATION_RESERVE));
    out.extend(element_sized(INFO, &info));
    let tracks_at = out.len() as u64;
    let mut video = Vec::new();
    video.extend(element(0xB0, &uint(u64::from(width)))); // PixelWidth
    video.extend(element(0xBA, &uint(u64::from(height)))); // PixelHeight
    let mut entry = Vec::new();
    entry.extend(element(0xD7, &uint(1))); // TrackNumber
    entry.extend(element(0x73C5, &uint(1))); // TrackUID
    entry.extend(element(0x83, &uint(1))); // TrackType: video
    entry.extend(element(0x86, b"V_VP8")); // CodecID
    entry.extend(element(0x9C, &uint(0))); // FlagLacing
    entry.extend(element(0xE0, &video)); // Video
    out.extend(element(TRACKS, &element(0xAE, &entry)));
    let layout = Layout {
        segment_data,
        seek_void,
        info: info_at,
        duration_void,
        tracks: tracks_at,
    };
    (out, layout)
}

/// What finishes a file of `end` bytes: the index of seek points to
/// append, and the patches for the header (the segment's size, the seek
/// index, the duration).
pub fn close(
    layout: &Layout,
    end: u64,
    duration_ms: u64,
    cues: &[(u64, u64)],
) -> (Vec<u8>, Vec<Patch>) {
    let mut tail = Vec::new();
    let mut seeks = vec![(INFO, layout.info), (TRACKS, layout.tracks)];
    if !cues.is_empty() {
        let mut points = Vec::new();
        for (ms, position) in cues {
            let mut at = element(0xF7, &uint(1)); // CueTrack
            at.extend(element(0xF1, &uint(*position))); // CueClusterPosition
            let mut point = element(0xB3, &uint(*ms)); // CueTime
            point.extend(element(0xB7, &at)); // CueTrackPositions
            points.extend(element(0xBB, &point)); // CuePoint
        }
        seeks.push((CUES, end));
        tail = element(CUES, &points);
    }
    let mut index = Vec::new();
    for (what, at) in seeks {
        let mut seek = element(SEEK_ID, &id(what));
        seek.extend(element(
            SEEK_POSITION,
            &(at - layout.segment_data).to_be_bytes(),
        ));
        index.extend(element(SEEK, &seek));
    }
    let mut seek_head = element(SEEK_HEAD, &index);
    seek_head.extend(void(SEEK_RESERVE - seek_head.len()));
    let size = end + tail.len() as u64 - layout.segment_data;
    let mut segment_size = size.to_be_bytes();
    segment_size[0] = 0x01;
    let mut duration = element(DURATION, &(duration_ms as f64).to_be_bytes());
    duration.truncate(DURATION_RESERVE);
    let patches = vec![
        Patch {
            at: layout.segment_data - 8,
            bytes: segment_size.to_vec(),
        },
        Patch {
            at: layout.seek_void,
            bytes: seek_head,
        },
        Patch {
            at: layout.duration_void,
            bytes: duration,
        },
    ];
    (tail, patches)
}

/// What a WebM file this module wrote holds up to its last whole cluster.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scanned {
    pub layout: Layout,
    /// Bytes up to the end of the last whole cluster.
    pub whole: u64,
    /// The last frame's time, in milliseconds.
    pub duration_ms: u64,
    pub frames: u64,
    pub cues: Vec<(u64, u64)>,
    /// The file was finished (its index written): keep it as it is.
    pub finished: bool,
}

/// Reads back a file [`WebmVp8`] wrote, cut off anywhere; `None` if it
/// holds no whole header.
pub fn scan(bytes: &[u8]) -> Option<Scanned> {
    let (ebml, at) = read_element(bytes, 0)?;
    if ebml.0 != EBML {
        return None;
    }
    let ((segment, _), segment_data) = read_element_head(bytes, at)?;
    if segment != SEGMENT {
        return None;
    }
    let mut s = Scanned {
        layout: Layout {
            segment_data: segment_data as u64,
            ..Layout::default()
        },
        ..Scanned::default()
    };
    let mut at = segment_data;
    let mut seen_tracks = false;
    while let Some(((what, size), body)) = read_element_head(bytes, at) {
        let end = body.checked_add(usize::try_from(size).ok()?)?;
        let Some(content) = bytes.get(body..end) else {
            break;
        };
        match what {
            VOID if s.layout.info == 0 => s.layout.seek_void = at as u64,
            SEEK_HEAD => {
                s.layout.seek_void = at as u64;
                s.finished = true;
            }
            INFO => {
                s.layout.info = at as u64;
                let mut inner = 0;
                while let Some(((child, _), next)) = read_element(content, inner) {
                    if child == VOID || child == DURATION {
                        s.layout.duration_void = (body + inner) as u64;
                    }
                    inner = next;
                }
            }
            TRACKS => {
                s.layout.tracks = at as u64;
                seen_tracks = true;
            }
            CLUSTER => {
                let position = at as u64 - s.layout.segment_data;
                let mut cluster_ms = 0;
                let mut first = true;
                let mut inner = 0;
                while let Some(((child, _), next)) = read_element(content, inner) {
                    let value = &content[inner..next];
                    let (_, data) = read_element_head(value, 0)?;
                    let data = &value[data..];
                    if child == CLUSTER_TIMESTAMP {
                        cluster_ms = data.iter().fold(0u64, |v, b| (v << 8) | u64::from(*b));
                    } else if child == SIMPLE_BLOCK && data.len() >= 4 {
                        let relative = i16::from_be_bytes([data[1], data[2]]);
                        let key = data[3] & 0x80 != 0;
                        if first {
                            note_cue(&mut s.cues, key, cluster_ms, position);
                            first = false;
                        }
                        s.duration_ms = cluster_ms.saturating_add_signed(i64::from(relative));
                        s.frames += 1;
                    }
                    inner = next;
                }
            }
            // Written before the header's patches: the crash came between.
            CUES if !s.finished => break,
            _ => {}
        }
        at = end;
        if seen_tracks {
            s.whole = at as u64;
        }
    }
    (seen_tracks && s.layout.duration_void != 0 && s.layout.seek_void != 0).then_some(s)
}

/// An element's id and size, and where its content starts.
fn read_element_head(bytes: &[u8], at: usize) -> Option<((u32, u64), usize)> {
    let first = *bytes.get(at)?;
    let id_len = first.leading_zeros() as usize + 1;
    if id_len > 4 {
        return None;
    }
    let id = bytes
        .get(at..at + id_len)?
        .iter()
        .fold(0u32, |v, b| (v << 8) | u32::from(*b));
    let at = at + id_len;
    let first = *bytes.get(at)?;
    let size_len = first.leading_zeros() as usize + 1;
    if size_len > 8 {
        return None;
    }
    let raw = bytes.get(at..at + size_len)?;
    let mask = if size_len == 8 { 0 } else { 0xFFu8 >> size_len };
    let size = raw[1..]
        .iter()
        .fold(u64::from(raw[0] & mask), |v, b| (v << 8) | u64::from(*b));
    Some(((id, size), at + size_len))
}

/// An element's id and size, and where the next one starts (if it is whole).
fn read_element(bytes: &[u8], at: usize) -> Option<((u32, u64), usize)> {
    let ((what, size), body) = read_element_head(bytes, at)?;
    let end = body.checked_add(usize::try_from(size).ok()?)?;
    (end <= bytes.len()).then_some(((what, size), end))
}

fn id(id: u32) -> Vec<u8> {
    let bytes = id.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    bytes[skip..].to_vec()
}

/// An unsigned integer's shortest big-endian bytes.
fn uint(v: u64) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count().min(7);
    bytes[skip..].to_vec()
}

/// An element with its size in the fewest bytes.
fn element(what: u32, body: &[u8]) -> Vec<u8> {
    let mut out = id(what);
    let len = body.len() as u64;
    let width = (1..=8u32)
        .find(|w| len < (1u64 << (7 * w)) - 1)
        .unwrap_or(8);
    let mut size = len.to_be_bytes()[8 - width as usize..].to_vec();
    size[0] |= 0x80 >> (width - 1);
    out.extend(size);
    out.extend_from_slice(body);
    out
}

/// An element with its size in eight bytes, so its header's length is
/// known before its content.
fn element_sized(what: u32, body: &[u8]) -> Vec<u8> {
    let mut out = id(what);
    let mut size = (body.len() as u64).to_be_bytes();
    size[0] = 0x01;
    out.extend(size);
    out.extend_from_slice(body);
    out
}

/// A Void element of exactly `n` bytes (at least 2).
fn void(n: usize) -> Vec<u8> {
    if n < 10 {
        let mut out = vec![0u8; n];
        out[0] = 0xEC;
        out[1] = 0x80 | (n as u8 - 2);
        out
    } else {
        element_sized(VOID, &vec![0u8; n - 9])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key frame of 320×240 as VP8 starts one.
    fn key() -> Vec<u8> {
        let mut f = vec![0x50, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00];
        f.extend([7u8; 200]);
        f
    }

    fn apply(bytes: &mut [u8], patches: &[Patch]) {
        for p in patches {
            let at = p.at as usize;
            bytes[at..at + p.bytes.len()].copy_from_slice(&p.bytes);
        }
    }

    #[test]
    fn sizes_and_voids_are_what_readers_expect() {
        assert_eq!(element(0xE7, &[5]), [0xE7, 0x81, 5]);
        assert_eq!(element(0xA3, &[0; 200])[..3], [0xA3, 0x40, 200]);
        assert_eq!(uint(0), [0]);
        assert_eq!(uint(1_000_000), [0x0F, 0x42, 0x40]);
        for n in [2, 9, 10, 11, 96] {
            let v = void(n);
            assert_eq!(v.len(), n);
            assert!(matches!(read_element(&v, 0), Some(((VOID, _), end)) if end == n));
        }
    }

    #[test]
    fn a_stream_waits_for_a_key_frame_and_clusters_at_each() {
        let mut webm = WebmVp8::new("meeting");
        assert!(
            webm.push(0, false, &[1, 2, 3]).is_empty(),
            "no key frame yet"
        );
        let head = webm.push(33, true, &key());
        assert!(webm.begun());
        let mut file = head;
        for i in 2..300u64 {
            file.extend(webm.push(i * 33, i % 90 == 0, &[1u8; 100]));
        }
        assert_eq!(webm.frames(), 299);
        let (tail, patches) = webm.finish();
        file.extend(tail);
        let cut = file.clone();
        apply(&mut file, &patches);
        let done = scan(&file).expect("a whole file");
        assert!(done.finished);
        assert_eq!(done.frames, 299);
        assert_eq!(done.duration_ms, 299 * 33);
        assert_eq!(
            done.cues.iter().map(|c| c.0).collect::<Vec<_>>(),
            [33, 2970, 5940, 8910]
        );
        // Before the patches the file is one cut off after its last cluster:
        // closing what the scan finds gives the same file.
        let s = scan(&cut).expect("readable");
        assert!(!s.finished);
        let (tail, patches) = close(&s.layout, s.whole, s.duration_ms, &s.cues);
        let mut again = cut[..s.whole as usize].to_vec();
        again.extend(tail);
        apply(&mut again, &patches);
        assert_eq!(again, file);
    }

    #[test]
    fn a_file_cut_mid_cluster_keeps_its_whole_clusters() {
        let mut webm = WebmVp8::new("m");
        let mut file = webm.push(0, true, &key());
        let mut ends = Vec::new();
        for i in 1..400u64 {
            let out = webm.push(i * 33, false, &[1u8; 100]);
            if !out.is_empty() {
                file.extend(out);
                ends.push((file.len(), i));
            }
        }
        // Clusters every five seconds, though no key frame came.
        assert_eq!(ends.len(), 2);
        let (end, next) = ends[1];
        file.extend_from_slice(&[0x1F, 0x43, 0xB6, 0x75, 0x01, 0, 0]);
        let s = scan(&file).expect("readable");
        assert_eq!(s.whole, end as u64);
        assert_eq!(s.frames, next);
        assert_eq!(s.duration_ms, (next - 1) * 33);
        assert_eq!(
            s.cues,
            [(0, s.cues[0].1)],
            "a seek point at the key frame only"
        );
        assert_eq!(scan(&file[..20]), None, "no header");
    }
}
