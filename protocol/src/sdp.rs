//! The few things Plenary reads from a session description itself: each
//! m-line's mid, kind, direction and `a=msid` track id, and the ids of header
//! extensions. The SFU and the browser read them alike, from what the other
//! side wrote (browsers number and name these their own way).

/// One m-line of a session description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub mid: String,
    pub audio: bool,
    /// Whether the writer of the description sends media on it (`sendrecv`
    /// or `sendonly`, `sendrecv` when unsaid) and the m-line is not rejected.
    pub sends: bool,
    /// The track id of its `a=msid`, if any.
    pub track_id: Option<String>,
}

/// The m-lines that have a mid, in order.
pub fn sections(sdp: &str) -> Vec<Section> {
    sdp.split("\nm=")
        .skip(1)
        .filter_map(|section| {
            let mut lines = section.lines().map(str::trim);
            let media = lines.next()?;
            let rejected =
                media.split_whitespace().nth(1) == Some("0") && !section.contains("a=bundle-only");
            let attribute = |name: &str| {
                section
                    .lines()
                    .find_map(|l| l.trim().strip_prefix(name).map(str::to_string))
            };
            let has = |flag: &str| section.lines().any(|l| l.trim() == flag);
            let sends = !rejected && !has("a=recvonly") && !has("a=inactive");
            Some(Section {
                mid: attribute("a=mid:")?,
                audio: media.starts_with("audio"),
                sends,
                track_id: attribute("a=msid:")
                    .and_then(|msid| msid.split_whitespace().nth(1).map(str::to_string)),
            })
        })
        .collect()
}

/// The id an `a=extmap` line gives `uri`.
pub fn extmap_id(sdp: &str, uri: &str) -> Option<u8> {
    sdp.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("a=extmap:")?;
        let (id, tail) = rest.split_once(' ')?;
        let id = id.split('/').next()?;
        (tail.split_whitespace().next()? == uri)
            .then(|| id.parse().ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Firefox ESR 153's offer (its video m-line has port 0 and is
    /// bundle-only), and a recvonly line, cut to what matters.
    const OFFER: &str = "v=0\r\n\
        a=group:BUNDLE 0 1 2\r\n\
        m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101\r\n\
        a=sendrecv\r\n\
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n\
        a=extmap:3/sendrecv urn:ietf:params:rtp-hdrext:sdes:mid\r\n\
        a=mid:0\r\n\
        a=msid:{7b4108da} {f25e9793}\r\n\
        m=video 0 UDP/TLS/RTP/SAVPF 120 124\r\n\
        a=bundle-only\r\n\
        a=sendonly\r\n\
        a=mid:1\r\n\
        a=msid:{7b4108da} {a03d4435}\r\n\
        m=video 9 UDP/TLS/RTP/SAVPF 120\r\n\
        a=recvonly\r\n\
        a=mid:2\r\n";

    #[test]
    fn sections_give_mid_kind_direction_and_track() {
        let found = sections(OFFER);
        let section = |mid: &str, audio, sends, track: Option<&str>| Section {
            mid: mid.into(),
            audio,
            sends,
            track_id: track.map(str::to_string),
        };
        assert_eq!(
            found,
            vec![
                section("0", true, true, Some("{f25e9793}")),
                section("1", false, true, Some("{a03d4435}")),
                section("2", false, false, None),
            ]
        );
        let rejected = OFFER.replace("a=bundle-only\r\n", "");
        assert!(!sections(&rejected)[1].sends, "port 0 without bundle-only");
    }

    #[test]
    fn extmap_ids_are_read_from_the_sdp() {
        assert_eq!(
            extmap_id(OFFER, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
            Some(1)
        );
        assert_eq!(
            extmap_id(OFFER, "urn:ietf:params:rtp-hdrext:sdes:mid"),
            Some(3)
        );
        assert_eq!(extmap_id(OFFER, "urn:none"), None);
    }
}
