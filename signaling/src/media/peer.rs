//! How the SFU's peer connections are built: the codecs and header
//! extensions each offers, and the handler that turns a connection's events
//! into commands for its room.

use super::Command;
use plenary_protocol::signal::{IceCandidate, ParticipantId};
use rtc::media_stream::MediaStreamTrack;
use rtc::peer_connection::configuration::media_engine::{
    MediaEngine, MIME_TYPE_OPUS, MIME_TYPE_VP8,
};
use rtc::rtp_transceiver::rtp_sender::{
    RTCRtpCodec, RTCRtpCodecParameters, RTCRtpHeaderExtensionCapability, RtpCodecKind,
};
use rtc::rtp_transceiver::rtp_sender::{RTCRtpCodingParameters, RTCRtpEncodingParameters};
use std::sync::Arc;
use tokio::sync::mpsc;
use webrtc::media_stream::track_local::static_rtp::TrackLocalStaticRTP;
use webrtc::media_stream::track_remote::TrackRemote;
use webrtc::peer_connection::{PeerConnectionEventHandler, RTCPeerConnectionState};

pub(super) const AUDIO_LEVEL_URI: &str = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
pub(super) const ABS_SEND_TIME_URI: &str =
    "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
pub(super) const TRANSPORT_CC_URI: &str =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
pub(super) const SDES_MID_URI: &str = "urn:ietf:params:rtp-hdrext:sdes:mid";
/// Names each simulcast layer of a camera (its RID), with the mid.
const SDES_RTP_STREAM_ID_URI: &str = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
/// The payload types the SFU offers where no browser has numbered the codec;
/// each forwarded packet carries the type its subscriber's transceiver agreed.
pub(super) const OPUS_PT: u8 = 111;
pub(super) const VP8_PT: u8 = 96;

pub(super) fn opus() -> RTCRtpCodec {
    RTCRtpCodec {
        mime_type: MIME_TYPE_OPUS.to_owned(),
        clock_rate: 48_000,
        channels: 2,
        sdp_fmtp_line: "minptime=10;useinbandfec=1".to_owned(),
        rtcp_feedback: Vec::new(),
    }
}

/// VP8 as the SFU and its test participants send it.
pub fn vp8() -> RTCRtpCodec {
    let feedback = [("nack", ""), ("nack", "pli"), ("ccm", "fir")]
        .iter()
        .map(
            |(typ, parameter)| rtc::rtp_transceiver::rtp_sender::RTCPFeedback {
                typ: (*typ).to_owned(),
                parameter: (*parameter).to_owned(),
            },
        )
        .collect();
    RTCRtpCodec {
        mime_type: MIME_TYPE_VP8.to_owned(),
        clock_rate: 90_000,
        channels: 0,
        sdp_fmtp_line: String::new(),
        rtcp_feedback: feedback,
    }
}

/// The codecs the SFU forwards: Opus and VP8, which every browser sends.
pub(super) fn media_engine() -> rtc::shared::error::Result<MediaEngine> {
    let mut engine = MediaEngine::default();
    engine.register_codec(
        RTCRtpCodecParameters {
            rtp_codec: opus(),
            payload_type: OPUS_PT,
        },
        RtpCodecKind::Audio,
    )?;
    engine.register_codec(
        RTCRtpCodecParameters {
            rtp_codec: vp8(),
            payload_type: VP8_PT,
        },
        RtpCodecKind::Video,
    )?;
    // Header extension ids are given in registration order, from 1, and
    // are used only where no browser has numbered them yet: an answer takes
    // the offer's ids, and later offers keep the ids negotiated (Firefox
    // numbers mid 3 and transport-cc 7, Chromium mid 4 and transport-cc 3;
    // both are tested). Registering them in Chromium's order keeps the
    // first offer to a browser that has not offered yet in its numbering.
    for (uri, kinds) in [
        (AUDIO_LEVEL_URI, &[RtpCodecKind::Audio][..]),
        (
            ABS_SEND_TIME_URI,
            &[RtpCodecKind::Audio, RtpCodecKind::Video],
        ),
        (
            TRANSPORT_CC_URI,
            &[RtpCodecKind::Audio, RtpCodecKind::Video],
        ),
        (SDES_MID_URI, &[RtpCodecKind::Audio, RtpCodecKind::Video]),
        (SDES_RTP_STREAM_ID_URI, &[RtpCodecKind::Video]),
    ] {
        for kind in kinds {
            engine.register_header_extension(
                RTCRtpHeaderExtensionCapability {
                    uri: uri.to_owned(),
                },
                *kind,
                None,
            )?;
        }
    }
    Ok(engine)
}

/// Events of one participant's peer connection, sent to its room.
pub(super) struct PeerEvents {
    pub(super) who: ParticipantId,
    pub(super) token: u64,
    pub(super) room: mpsc::UnboundedSender<Command>,
}

#[async_trait::async_trait]
impl PeerConnectionEventHandler for PeerEvents {
    async fn on_ice_candidate(&self, event: webrtc::peer_connection::RTCPeerConnectionIceEvent) {
        if let Ok(init) = event.candidate.to_json() {
            let candidate = IceCandidate {
                candidate: init.candidate,
                sdp_mid: init.sdp_mid,
                sdp_m_line_index: init.sdp_mline_index,
            };
            // Through the room, so it reaches the browser after the offer
            // whose gathering produced it, not before.
            let _ = self.room.send(Command::LocalCandidate {
                who: self.who,
                token: self.token,
                candidate,
            });
        }
    }

    async fn on_connection_state_change(&self, state: RTCPeerConnectionState) {
        if state == RTCPeerConnectionState::Failed {
            let _ = self.room.send(Command::Failed {
                who: self.who,
                token: self.token,
            });
        }
    }

    async fn on_track(&self, track: Arc<dyn TrackRemote>) {
        let _ = self.room.send(Command::Track {
            who: self.who,
            token: self.token,
            track,
        });
    }
}

/// A local track of Opus (`audio`) or VP8 with this SSRC and ids: what the
/// SFU forwards to a subscriber, and what a test participant publishes.
pub fn local_track(
    audio: bool,
    ssrc: u32,
    stream_id: String,
    track_id: String,
) -> Arc<TrackLocalStaticRTP> {
    let (kind, codec) = if audio {
        (RtpCodecKind::Audio, opus())
    } else {
        (RtpCodecKind::Video, vp8())
    };
    Arc::new(TrackLocalStaticRTP::new(MediaStreamTrack::new(
        stream_id,
        track_id.clone(),
        track_id,
        kind,
        vec![RTCRtpEncodingParameters {
            rtp_coding_parameters: RTCRtpCodingParameters {
                ssrc: Some(ssrc),
                ..Default::default()
            },
            codec,
            ..Default::default()
        }],
    )))
}
