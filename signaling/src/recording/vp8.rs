//! VP8 frames out of RTP payloads (RFC 7741): the payload descriptor is
//! taken off and the partitions of one frame joined, nothing decoded.

/// The largest frame kept: far above a 1080p key frame.
const MAX_FRAME: usize = 4 << 20;

/// A whole frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// Its RTP timestamp (90 kHz).
    pub timestamp: u32,
    pub key: bool,
    pub data: Vec<u8>,
}

/// What a payload did to the frame being assembled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assembled {
    /// The frame goes on (or a packet was left out as it came).
    More,
    Frame(Frame),
    /// A packet of the frame is missing: it was dropped, and what follows
    /// cannot be decoded until the next key frame.
    Lost,
}

/// Joins the packets of each frame.
#[derive(Debug, Default)]
pub struct Vp8Frames {
    frame: Vec<u8>,
    timestamp: u32,
    /// The sequence number the frame's next packet must carry.
    next: Option<u16>,
}

/// The VP8 payload after the descriptor, and whether it starts a frame.
fn descriptor(payload: &[u8]) -> Option<(bool, &[u8])> {
    let first = *payload.first()?;
    let mut at = 1;
    if first & 0x80 != 0 {
        let extension = *payload.get(at)?;
        at += 1;
        if extension & 0x80 != 0 {
            // The picture id: 15 bits when its first bit says so, else 7.
            at += if *payload.get(at)? & 0x80 != 0 { 2 } else { 1 };
        }
        if extension & 0x40 != 0 {
            at += 1;
        }
        if extension & 0x30 != 0 {
            at += 1;
        }
    }
    let start = first & 0x10 != 0 && first & 0x07 == 0;
    Some((start, payload.get(at..).filter(|rest| !rest.is_empty())?))
}

impl Vp8Frames {
    /// Adds one packet.
    pub fn push(&mut self, seq: u16, timestamp: u32, marker: bool, payload: &[u8]) -> Assembled {
        let Some((start, data)) = descriptor(payload) else {
            return Assembled::More;
        };
        let mut outcome = Assembled::More;
        if start {
            if self.next.is_some() {
                // The last frame never saw its end.
                outcome = Assembled::Lost;
            }
            self.frame.clear();
            self.timestamp = timestamp;
        } else {
            match self.next {
                Some(n) if n == seq && timestamp == self.timestamp => {}
                // A packet of a frame not begun (the start was lost, or the
                // frame was already given up): nothing to join it to.
                None => return Assembled::More,
                Some(_) => {
                    self.next = None;
                    return Assembled::Lost;
                }
            }
        }
        if self.frame.len() + data.len() > MAX_FRAME {
            self.next = None;
            return Assembled::Lost;
        }
        self.frame.extend_from_slice(data);
        if marker {
            self.next = None;
            let data = std::mem::take(&mut self.frame);
            // The frame tag's first bit is 0 for a key frame (RFC 6386 §9.1).
            let key = data.first().is_some_and(|b| b & 1 == 0);
            return Assembled::Frame(Frame {
                timestamp,
                key,
                data,
            });
        }
        self.next = Some(seq.wrapping_add(1));
        outcome
    }
}

/// Whether `payload` (an RTP packet's) is the first packet of a key frame:
/// where a subscriber can start decoding, or change to another layer.
pub fn starts_key_frame(payload: &[u8]) -> bool {
    // The frame tag's first bit is 0 for a key frame (RFC 6386 §9.1).
    matches!(descriptor(payload), Some((true, data)) if data.first().is_some_and(|b| b & 1 == 0))
}

/// A key frame's width and height (RFC 6386 §9.1), if `frame` is one.
pub fn dimensions(frame: &[u8]) -> Option<(u16, u16)> {
    if frame.first()? & 1 != 0 || frame.get(3..6)? != [0x9d, 0x01, 0x2a] {
        return None;
    }
    let w = u16::from_le_bytes([*frame.get(6)?, *frame.get(7)?]) & 0x3fff;
    let h = u16::from_le_bytes([*frame.get(8)?, *frame.get(9)?]) & 0x3fff;
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_frame_starts_where_its_first_packet_says_so() {
        // S set, partition 0, the frame tag's key bit clear.
        assert!(starts_key_frame(&[0x10, 0x50, 0x01]));
        // With a picture id (15 bits) in the extension.
        assert!(starts_key_frame(&[0x90, 0x80, 0x81, 0x02, 0x50]));
        // An inter frame.
        assert!(!starts_key_frame(&[0x10, 0x51, 0x01]));
        // Not the frame's first packet.
        assert!(!starts_key_frame(&[0x00, 0x50, 0x01]));
        assert!(!starts_key_frame(&[0x11, 0x50, 0x01]));
        assert!(!starts_key_frame(&[]));
    }

    const KEY: [u8; 10] = [0x50, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01];

    #[test]
    fn the_packets_of_a_frame_are_joined_without_their_descriptors() {
        let mut frames = Vp8Frames::default();
        // Start of a frame with a 15-bit picture id and TL0PICIDX.
        let mut first = vec![0x90, 0xC0, 0x81, 0x23, 0x05];
        first.extend_from_slice(&KEY[..6]);
        assert_eq!(frames.push(10, 3000, false, &first), Assembled::More);
        let mut second = vec![0x80, 0xC0, 0x81, 0x23, 0x05];
        second.extend_from_slice(&KEY[6..]);
        let Assembled::Frame(frame) = frames.push(11, 3000, true, &second) else {
            panic!("a frame");
        };
        assert_eq!(frame.data, KEY);
        assert!(frame.key);
        assert_eq!(dimensions(&frame.data), Some((640, 480)));
        // An inter frame in one packet, short descriptor.
        let Assembled::Frame(frame) = frames.push(12, 6000, true, &[0x10, 0x01, 0x02]) else {
            panic!("a frame");
        };
        assert!(!frame.key);
        assert_eq!(dimensions(&frame.data), None);
    }

    #[test]
    fn a_lost_packet_loses_the_frame_and_only_that() {
        let mut frames = Vp8Frames::default();
        assert_eq!(frames.push(1, 90, false, &[0x10, 0x01]), Assembled::More);
        // 2 never comes.
        assert_eq!(frames.push(3, 90, true, &[0x00, 0x02]), Assembled::Lost);
        // The frame's tail without its start: nothing.
        assert_eq!(frames.push(4, 90, true, &[0x00, 0x02]), Assembled::More);
        assert!(matches!(
            frames.push(5, 180, true, &[0x10, 0x01]),
            Assembled::Frame(_)
        ));
        // A start while a frame is open: that one is lost, the new one kept.
        frames.push(6, 270, false, &[0x10, 0x01]);
        assert_eq!(frames.push(8, 360, false, &[0x10, 0x01]), Assembled::Lost);
        assert!(matches!(
            frames.push(9, 360, true, &[0x00, 0x03]),
            Assembled::Frame(Frame { timestamp: 360, .. })
        ));
        // Garbage is left out.
        assert_eq!(frames.push(10, 450, true, &[]), Assembled::More);
        assert_eq!(frames.push(11, 450, true, &[0x80]), Assembled::More);
    }
}
