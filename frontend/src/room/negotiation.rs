//! The browser's side of media negotiation with the SFU, as a pure state
//! machine: no DOM, no socket, no `RtcPeerConnection`. The client tells it
//! what happened and does what it answers; the unit tests below play every
//! exchange (glare included) with plain calls.
//!
//! The browser is the polite peer: when the server's offer crosses one of
//! ours, ours is rolled back, the server's is answered, and ours goes again.
//! At most one exchange is in flight; a change wanted meanwhile (a screen
//! shared, a track stopped) is one re-offer once it completes. The camera and
//! microphone are added after the server's first offer is answered, so the
//! SFU's forwarded tracks keep the first m-lines.

use plenary_protocol::signal::{MediaSource, ParticipantId, PublishedTrack};
use std::collections::HashMap;

/// What to do when an exchange completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Nothing,
    /// Add the camera and microphone, then offer.
    Publish,
    /// Offer again: a change waited for the exchange in flight.
    Offer,
}

/// What to do with an offer from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incoming {
    Answer,
    /// Our offer crossed it: roll ours back first (it goes again after).
    RollbackThenAnswer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiation {
    /// Our offer awaiting its answer.
    offer_id: Option<u64>,
    /// A server offer is being answered.
    answering: bool,
    /// Offer again once the exchange in flight completes.
    reoffer: bool,
    /// The camera and microphone wait for the server's first offer.
    unpublished: bool,
    /// The forwarded track id of each `mid`, from the server's descriptions.
    mids: HashMap<String, String>,
}

impl Negotiation {
    /// A new connection. `offer_follows`: the server offers first (the
    /// tracks already in the room), and the camera and microphone wait for
    /// that offer to be answered; else they are published at once.
    pub fn new(offer_follows: bool) -> Negotiation {
        Negotiation {
            offer_id: None,
            answering: false,
            reoffer: false,
            unpublished: offer_follows,
            mids: HashMap::new(),
        }
    }

    /// The local tracks changed. `true`: offer now; `false`: the offer
    /// follows the exchange in flight.
    pub fn want_offer(&mut self) -> bool {
        if self.offer_id.is_some() || self.answering || self.unpublished {
            self.reoffer = true;
            return false;
        }
        true
    }

    /// Our offer `id` was set locally and sent: it carries every change so far.
    pub fn offer_sent(&mut self, id: u64) {
        self.offer_id = Some(id);
        self.reoffer = false;
    }

    /// A change waits for an offer.
    pub fn pending(&self) -> bool {
        self.reoffer
    }

    /// Whether an answer to `id` is for the offer in flight (a late answer
    /// to a rolled-back offer is ignored).
    pub fn awaits(&self, id: u64) -> bool {
        self.offer_id == Some(id)
    }

    /// The server's answer to our offer, applied (its `mid`s learnt first).
    pub fn answered(&mut self) -> Next {
        self.offer_id = None;
        self.after()
    }

    /// The server refused our offer `id` because its own crossed it (glare):
    /// ours goes again after the server's is answered.
    pub fn refused_for_glare(&mut self, id: u64) {
        if self.awaits(id) {
            self.offer_id = None;
            self.reoffer = true;
        }
    }

    /// An offer from the server arrived; `have_local_offer`: the browser's
    /// signaling state says an offer of ours is set locally.
    pub fn server_offer(&mut self, sdp: &str, have_local_offer: bool) -> Incoming {
        self.learn(sdp);
        self.answering = true;
        if self.offer_id.take().is_some() || have_local_offer {
            self.reoffer = true;
            Incoming::RollbackThenAnswer
        } else {
            Incoming::Answer
        }
    }

    /// Our answer to the server's offer was sent.
    pub fn server_offer_answered(&mut self) -> Next {
        self.answering = false;
        if std::mem::take(&mut self.unpublished) {
            return Next::Publish;
        }
        self.after()
    }

    /// The forwarded track id carried on `mid`.
    pub fn track_of(&self, mid: &str) -> Option<&str> {
        self.mids.get(mid).map(String::as_str)
    }

    pub fn mids(&self) -> &HashMap<String, String> {
        &self.mids
    }

    fn after(&mut self) -> Next {
        if std::mem::take(&mut self.reoffer) {
            Next::Offer
        } else {
            Next::Nothing
        }
    }

    /// Learns the forwarded tracks of a description from the server, before
    /// it is applied (the browser's `track` events read them). A mid the
    /// server no longer sends on is forgotten: a track removed and added
    /// again comes on a new mid, and the old one's receiver (and its
    /// statistics, frozen where it stopped) must not stand for it.
    pub fn learn(&mut self, sdp: &str) {
        for section in plenary_protocol::sdp::sections(sdp) {
            match section.track_id.filter(|_| section.sends) {
                Some(track) => self.mids.insert(section.mid, track),
                None => self.mids.remove(&section.mid),
            };
        }
    }
}

/// The forwarded track id (from `a=msid`) of each `a=mid` in an SDP.
pub fn mids(sdp: &str) -> Vec<(String, String)> {
    plenary_protocol::sdp::sections(sdp)
        .into_iter()
        .filter_map(|s| Some((s.mid, s.track_id?)))
        .collect()
}

/// The published tracks as an offer names them. The server matches a track
/// by the id in its m-line's `a=msid`, which JSEP leaves to the browser:
/// Chromium writes the track's own id, Firefox an id of its own. So the id is
/// read from the offer, through the mid of the transceiver whose sender
/// carries the track (`senders`: mid and the id of the track sent there).
pub fn declared(
    published: &[(String, MediaSource)],
    senders: &[(String, String)],
    sdp: &str,
) -> Vec<PublishedTrack> {
    let in_offer = mids(sdp);
    published
        .iter()
        .map(|(local, source)| {
            let named = senders
                .iter()
                .find(|(_, sent)| sent == local)
                .and_then(|(mid, _)| in_offer.iter().find(|(m, _)| m == mid))
                .map(|(_, msid)| msid.clone());
            PublishedTrack {
                track_id: named.unwrap_or_else(|| local.clone()),
                source: *source,
            }
        })
        .collect()
}

/// Owner and source of a forwarded track id, `participant-<id>-<source>`.
pub fn owner_of(track_id: &str) -> Option<(ParticipantId, &str)> {
    let rest = track_id.strip_prefix("participant-")?;
    let (id, source) = rest.split_once('-')?;
    Some((ParticipantId(id.parse().ok()?), source))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFER: &str = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=msid:participant-7 participant-7-microphone\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n";

    #[test]
    fn the_first_server_offer_is_answered_then_the_devices_are_published() {
        let mut n = Negotiation::new(true);
        assert!(
            !n.want_offer(),
            "nothing is offered before the server's first offer"
        );
        assert_eq!(n.server_offer(OFFER, false), Incoming::Answer);
        assert_eq!(n.track_of("0"), Some("participant-7-microphone"));
        assert_eq!(n.track_of("1"), None);
        assert_eq!(n.server_offer_answered(), Next::Publish);
        assert!(n.want_offer());
        n.offer_sent(1);
        assert!(n.awaits(1));
        assert_eq!(n.answered(), Next::Nothing);
        assert!(!n.awaits(1));
    }

    #[test]
    fn a_track_added_again_is_known_by_its_new_mid_only() {
        let mut n = Negotiation::new(false);
        n.learn("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=sendonly\r\na=msid:participant-2 participant-2-camera\r\n");
        assert_eq!(n.track_of("1"), Some("participant-2-camera"));
        // Removed: its m-line stays, sending nothing.
        n.learn("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=inactive\r\na=msid:participant-2 participant-2-camera\r\n");
        assert_eq!(n.track_of("1"), None);
        // Added again, on a new mid.
        n.learn("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=inactive\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:3\r\na=sendonly\r\na=msid:participant-2 participant-2-camera\r\n");
        let mids: Vec<_> = n
            .mids()
            .iter()
            .filter(|(_, t)| *t == "participant-2-camera")
            .map(|(m, _)| m.as_str())
            .collect();
        assert_eq!(mids, ["3"]);
    }

    #[test]
    fn the_first_in_the_room_publishes_at_once() {
        let mut n = Negotiation::new(false);
        assert!(n.want_offer());
        n.offer_sent(1);
        assert_eq!(n.answered(), Next::Nothing);
        assert_eq!(n.server_offer(OFFER, false), Incoming::Answer);
        assert_eq!(n.server_offer_answered(), Next::Nothing);
        assert!(!n.pending());
    }

    #[test]
    fn a_change_before_the_first_offer_rides_on_the_publish() {
        let mut n = Negotiation::new(true);
        assert!(
            !n.want_offer(),
            "a screen shared before the server's first offer"
        );
        assert!(n.pending());
        n.server_offer(OFFER, false);
        assert_eq!(n.server_offer_answered(), Next::Publish);
        assert!(n.want_offer());
        n.offer_sent(1);
        assert!(!n.pending(), "the publish's offer carried it");
        assert_eq!(n.answered(), Next::Nothing);
    }

    #[test]
    fn a_change_during_an_exchange_is_one_reoffer_after_it() {
        let mut n = Negotiation::new(false);
        assert!(n.want_offer());
        n.offer_sent(1);
        assert!(!n.want_offer(), "a screen shared while our offer is out");
        assert!(!n.want_offer(), "and stopped again");
        assert_eq!(n.answered(), Next::Offer);
        assert!(n.want_offer());
        n.offer_sent(2);
        assert_eq!(n.answered(), Next::Nothing);

        assert_eq!(n.server_offer(OFFER, false), Incoming::Answer);
        assert!(!n.want_offer(), "no offer while answering");
        assert_eq!(n.server_offer_answered(), Next::Offer);
    }

    #[test]
    fn glare_rolls_our_offer_back_and_sends_it_again() {
        let mut n = Negotiation::new(false);
        assert!(n.want_offer());
        n.offer_sent(1);
        assert_eq!(n.server_offer(OFFER, true), Incoming::RollbackThenAnswer);
        assert!(
            !n.awaits(1),
            "a late answer to the rolled-back offer is ignored"
        );
        assert_eq!(n.server_offer_answered(), Next::Offer);
    }

    #[test]
    fn glare_refused_by_the_server_waits_for_its_offer() {
        let mut n = Negotiation::new(false);
        assert!(n.want_offer());
        n.offer_sent(1);
        n.refused_for_glare(2);
        assert!(n.awaits(1), "a refusal of another offer changes nothing");
        n.refused_for_glare(1);
        assert!(!n.awaits(1));
        assert_eq!(n.server_offer(OFFER, false), Incoming::Answer);
        assert_eq!(n.server_offer_answered(), Next::Offer);
    }

    #[test]
    fn forwarded_track_ids_name_their_owner() {
        assert_eq!(
            owner_of("participant-12-camera"),
            Some((ParticipantId(12), "camera"))
        );
        assert_eq!(owner_of("participant-x-camera"), None);
        assert_eq!(owner_of("local"), None);
    }

    /// An offer of Firefox ESR 153 (its `msid` track ids are not the tracks'
    /// ids), cut to the lines that matter.
    const FIREFOX_OFFER: &str = "v=0\r\n\
        m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101\r\n\
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n\
        a=mid:0\r\n\
        a=msid:{b0997998-f44d-4666-b2ac-b57aaf12eaa8} {ae0d0493-7d43-471d-889e-b2045a3042b8}\r\n\
        a=rtpmap:109 opus/48000/2\r\n\
        m=video 9 UDP/TLS/RTP/SAVPF 120 124\r\n\
        a=mid:1\r\n\
        a=msid:{b0997998-f44d-4666-b2ac-b57aaf12eaa8} {edf19b7d-dfa4-4350-84d5-30281fb38369}\r\n\
        a=rtpmap:120 VP8/90000\r\n";

    #[test]
    fn published_tracks_are_declared_by_the_ids_their_offer_gives() {
        let microphone = "{b0ed2d71-fcfc-41d8-8b66-cc9966e6089e}".to_string();
        let camera = "{57f1796e-6938-425f-b837-563ad9705768}".to_string();
        let published = [
            (microphone.clone(), MediaSource::Microphone),
            (camera.clone(), MediaSource::Camera),
        ];
        let senders = [("1".to_string(), camera), ("0".to_string(), microphone)];
        let named = |t: &str, source| PublishedTrack {
            track_id: t.into(),
            source,
        };
        assert_eq!(
            declared(&published, &senders, FIREFOX_OFFER),
            [
                named(
                    "{ae0d0493-7d43-471d-889e-b2045a3042b8}",
                    MediaSource::Microphone
                ),
                named(
                    "{edf19b7d-dfa4-4350-84d5-30281fb38369}",
                    MediaSource::Camera
                ),
            ]
        );
        // Where the offer names the track by its own id (Chromium), or does
        // not name it yet, that id is kept.
        let chromium = FIREFOX_OFFER.replace(
            "{ae0d0493-7d43-471d-889e-b2045a3042b8}",
            "{b0ed2d71-fcfc-41d8-8b66-cc9966e6089e}",
        );
        assert_eq!(
            declared(&published[..1], &senders, &chromium),
            [named(
                "{b0ed2d71-fcfc-41d8-8b66-cc9966e6089e}",
                MediaSource::Microphone
            )]
        );
        assert_eq!(
            declared(&published[1..], &[], FIREFOX_OFFER),
            [named(
                "{57f1796e-6938-425f-b837-563ad9705768}",
                MediaSource::Camera
            )]
        );
    }
}
