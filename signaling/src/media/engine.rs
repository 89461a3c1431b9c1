//! The codecs and header extensions every peer connection of the SFU offers.

use rtc::peer_connection::configuration::media_engine::{
    MediaEngine, MIME_TYPE_OPUS, MIME_TYPE_VP8,
};
use rtc::rtp_transceiver::rtp_sender::{
    RTCRtpCodec, RTCRtpCodecParameters, RTCRtpHeaderExtensionCapability, RtpCodecKind,
};

pub(super) const AUDIO_LEVEL_URI: &str = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
pub(super) const ABS_SEND_TIME_URI: &str =
    "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
pub(super) const TRANSPORT_CC_URI: &str =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
pub(super) const SDES_MID_URI: &str = "urn:ietf:params:rtp-hdrext:sdes:mid";
/// The payload types the SFU offers; publishers' packets are rewritten to them.
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

pub(super) fn vp8() -> RTCRtpCodec {
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
    // Header extension ids are given in registration order, from 1. They
    // follow the browsers' own numbering: a browser that adds a track after
    // answering an offer of ours numbers its new m-line its way, and one
    // bundle may not give an id two meanings.
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
