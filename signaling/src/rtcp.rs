//! The RTCP work of each SFU peer connection: NACK both ways, transport-wide
//! congestion feedback, sender and receiver reports, and key frame requests
//! handed to the application.
//!
//! webrtc-rs walks every packet through each interceptor of its chain, one
//! hop (two moves of a large value and a queue) per interceptor. Forwarding
//! writes each packet once per subscriber, so the write path is the hot one,
//! and four of the interceptors only pass writes through: the NACK
//! generator, the TWCC receiver and the receiver reports record what
//! *arrives*, and the key frame filter looks at reads alone. [`Reception`]
//! holds those together with the sender reports as one interceptor: reads
//! walk all of them in the chain's order, writes go to the sender reports
//! only, and the RTCP the others generate is collected from them.

use rtc::interceptor::{
    Attribute, Interceptor, NackGeneratorBuilder, NackGeneratorInterceptor, NackResponderBuilder,
    Packet, ReceiverReportBuilder, ReceiverReportInterceptor, Registry, SenderReportBuilder,
    SenderReportInterceptor, Slot, StreamInfo, TaggedPacket, TwccReceiverBuilder,
    TwccReceiverInterceptor,
};
use rtc::peer_connection::configuration::interceptor_registry::{
    configure_nack, configure_twcc_receiver_only,
};
use rtc::peer_connection::configuration::media_engine::MediaEngine;
use rtc::rtcp::payload_feedbacks::full_intra_request::FullIntraRequest;
use rtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;
use rtc::rtcp::receiver_report::ReceiverReport;
use rtc::rtcp::transport_feedbacks::transport_layer_nack::TransportLayerNack;
use rtc::sansio::Protocol;
use rtc::shared::error::Error;
use std::collections::VecDeque;
use std::time::Instant;

/// The interceptors of one peer connection, with the feedback and header
/// extensions they need declared in `engine`.
pub(crate) fn registry(engine: &mut MediaEngine) -> Result<Registry, String> {
    // These declare NACK, PLI and transport-wide CC in the media engine; the
    // interceptors they would add are composed here instead.
    let _ = configure_nack(Registry::new(), engine);
    let _ = configure_twcc_receiver_only(Registry::new(), engine).map_err(|e| e.to_string())?;
    Ok(Registry::new()
        .with(Slot::NackResponder, NackResponderBuilder::new().build())
        .with(Slot::NackGenerator, Reception::new()))
}

/// The NACK generator, TWCC receiver, receiver and sender reports, and the
/// key frame filter, as one interceptor (see the module's comment).
struct Reception {
    nack: NackGeneratorInterceptor,
    twcc: TwccReceiverInterceptor,
    receiver: ReceiverReportInterceptor,
    sender: SenderReportInterceptor,
    /// Reads that passed all of them, for the application side.
    read: VecDeque<TaggedPacket>,
    /// Reused between reads, so a read allocates nothing.
    belt: VecDeque<TaggedPacket>,
}

impl Reception {
    fn new() -> Self {
        Reception {
            nack: NackGeneratorBuilder::new().build(),
            twcc: TwccReceiverBuilder::new().build(),
            receiver: ReceiverReportBuilder::new().build(),
            sender: SenderReportBuilder::new().build(),
            read: VecDeque::new(),
            belt: VecDeque::new(),
        }
    }

    /// Each of them in the order the chain would hold them (by their slots).
    fn each(&mut self) -> [&mut dyn Interceptor; 4] {
        [
            &mut self.nack,
            &mut self.twcc,
            &mut self.receiver,
            &mut self.sender,
        ]
    }
}

/// What reaches the application: media, and of RTCP the key frame
/// requests (PLI, FIR), which the SFU passes on to the publisher, and the
/// receiver reports, whose loss the SFU chooses a subscriber's simulcast
/// layers by. The rest of RTCP has been answered by the
/// interceptors.
fn for_application(mut msg: TaggedPacket) -> Option<TaggedPacket> {
    if let Packet::Rtcp(packets) = &msg.message.packet {
        let wanted: Vec<Box<dyn rtc::rtcp::Packet>> = packets
            .iter()
            .filter(|p| {
                let any = p.as_any();
                any.is::<PictureLossIndication>()
                    || any.is::<FullIntraRequest>()
                    || any.is::<ReceiverReport>()
            })
            .cloned()
            .collect();
        if wanted.is_empty() {
            return None;
        }
        msg.message.packet = Packet::Rtcp(wanted);
        msg.message.add(Attribute::DeliverToApplication);
    }
    Some(msg)
}

/// How many NACKs (each a list of lost packets) `msg` carries.
fn nacks_in(msg: &TaggedPacket) -> usize {
    match &msg.message.packet {
        Packet::Rtcp(packets) => packets
            .iter()
            .filter(|p| p.as_any().is::<TransportLayerNack>())
            .count(),
        _ => 0,
    }
}

impl Protocol<TaggedPacket, TaggedPacket, ()> for Reception {
    type Rout = TaggedPacket;
    type Wout = TaggedPacket;
    type Eout = ();
    type Error = Error;
    type Time = Instant;

    fn handle_read(&mut self, msg: TaggedPacket) -> Result<(), Self::Error> {
        let asked = nacks_in(&msg);
        if asked > 0 {
            metrics::counter!("plenary_sfu_nacks_total", "direction" => "received")
                .increment(asked as u64);
        }
        let mut belt = std::mem::take(&mut self.belt);
        belt.push_back(msg);
        for interceptor in self.each() {
            let passing = belt.len();
            for _ in 0..passing {
                if let Some(next) = belt.pop_front() {
                    interceptor.handle_read(next)?;
                }
            }
            while let Some(next) = interceptor.poll_read() {
                belt.push_back(next);
            }
        }
        self.read.extend(belt.drain(..).filter_map(for_application));
        self.belt = belt;
        Ok(())
    }

    fn poll_read(&mut self) -> Option<TaggedPacket> {
        self.read.pop_front()
    }

    /// Only the sender reports look at what is written: the others pass it
    /// through unchanged.
    fn handle_write(&mut self, msg: TaggedPacket) -> Result<(), Self::Error> {
        self.sender.handle_write(msg)
    }

    /// What the sender reports let through, then the RTCP the others made.
    fn poll_write(&mut self) -> Option<TaggedPacket> {
        let out = self
            .each()
            .into_iter()
            .rev()
            .find_map(|interceptor| interceptor.poll_write())?;
        let asked = nacks_in(&out);
        if asked > 0 {
            metrics::counter!("plenary_sfu_nacks_total", "direction" => "sent")
                .increment(asked as u64);
        }
        Some(out)
    }

    fn handle_timeout(&mut self, now: Instant) -> Result<(), Self::Error> {
        for interceptor in self.each() {
            interceptor.handle_timeout(now)?;
        }
        Ok(())
    }

    fn poll_timeout(&mut self) -> Option<Instant> {
        self.each()
            .into_iter()
            .filter_map(|interceptor| interceptor.poll_timeout())
            .min()
    }

    fn close(&mut self) -> Result<(), Self::Error> {
        for interceptor in self.each() {
            interceptor.close()?;
        }
        Ok(())
    }
}

impl Interceptor for Reception {
    fn bind_local_stream(&mut self, info: &StreamInfo) {
        for interceptor in self.each() {
            interceptor.bind_local_stream(info);
        }
    }

    fn unbind_local_stream(&mut self, info: &StreamInfo) {
        for interceptor in self.each() {
            interceptor.unbind_local_stream(info);
        }
    }

    fn bind_remote_stream(&mut self, info: &StreamInfo) {
        for interceptor in self.each() {
            interceptor.bind_remote_stream(info);
        }
    }

    fn unbind_remote_stream(&mut self, info: &StreamInfo) {
        for interceptor in self.each() {
            interceptor.unbind_remote_stream(info);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rtc::interceptor::{AttributedPacket, RTCPFeedback, RTPHeaderExtension};
    use rtc::rtcp::sender_report::SenderReport;
    use rtc::rtcp::transport_feedbacks::transport_layer_cc::TransportLayerCc;
    use rtc::rtcp::transport_feedbacks::transport_layer_nack::NackPair;
    use rtc::rtp::extension::transport_cc_extension::TransportCcExtension;
    use rtc::shared::marshal::Marshal;
    use rtc::shared::TransportContext;
    use std::time::Duration;

    const VIDEO: u32 = 0x1111;
    /// The header extension id of transport-wide sequence numbers.
    const TWCC: u8 = 5;

    fn chain() -> impl Interceptor {
        registry(&mut MediaEngine::default())
            .expect("registry")
            .build()
    }

    fn video(ssrc: u32) -> StreamInfo {
        StreamInfo {
            ssrc,
            clock_rate: 90_000,
            mime_type: "video/VP8".into(),
            payload_type: 96,
            rtcp_feedback: vec![RTCPFeedback {
                typ: "nack".into(),
                parameter: String::new(),
            }],
            rtp_header_extensions: vec![RTPHeaderExtension {
                uri: rtc::sdp::extmap::TRANSPORT_CC_URI.into(),
                id: u16::from(TWCC),
            }],
            ..Default::default()
        }
    }

    fn rtp(now: Instant, ssrc: u32, seq: u16) -> TaggedPacket {
        let mut packet = rtc::rtp::Packet {
            header: rtc::rtp::header::Header {
                ssrc,
                sequence_number: seq,
                timestamp: u32::from(seq) * 3000,
                payload_type: 96,
                ..Default::default()
            },
            payload: vec![seq as u8; 100].into(),
        };
        let transport_wide = TransportCcExtension {
            transport_sequence: seq,
        }
        .marshal()
        .expect("extension");
        packet
            .header
            .set_extension(TWCC, transport_wide.freeze())
            .expect("extension");
        TaggedPacket {
            now,
            transport: TransportContext::default(),
            message: AttributedPacket::new(Packet::Rtp(packet)),
        }
    }

    fn rtcp(now: Instant, packets: Vec<Box<dyn rtc::rtcp::Packet>>) -> TaggedPacket {
        TaggedPacket {
            now,
            transport: TransportContext::default(),
            message: AttributedPacket::new(Packet::Rtcp(packets)),
        }
    }

    /// Every RTCP packet written, and the sequence numbers of the RTP ones.
    fn written(chain: &mut impl Interceptor) -> (Vec<Box<dyn rtc::rtcp::Packet>>, Vec<u16>) {
        let (mut control, mut media) = (Vec::new(), Vec::new());
        while let Some(out) = chain.poll_write() {
            match out.message.packet {
                Packet::Rtcp(packets) => control.extend(packets),
                Packet::Rtp(p) => media.push(p.header.sequence_number),
                _ => {}
            }
        }
        (control, media)
    }

    fn find<T: 'static>(control: &[Box<dyn rtc::rtcp::Packet>]) -> Vec<&T> {
        control
            .iter()
            .filter_map(|p| p.as_any().downcast_ref::<T>())
            .collect()
    }

    #[test]
    fn a_lost_packet_is_asked_for_and_reception_is_reported() {
        let mut chain = chain();
        chain.bind_remote_stream(&video(VIDEO));
        let t0 = Instant::now();
        for seq in [10, 11, 13, 14] {
            chain.handle_read(rtp(t0, VIDEO, seq)).expect("read");
        }
        let mut arrived = Vec::new();
        while let Some(out) = chain.poll_read() {
            if let Packet::Rtp(p) = out.message.packet {
                arrived.push(p.header.sequence_number);
            }
        }
        assert_eq!(arrived, [10, 11, 13, 14], "media reaches the application");

        chain
            .handle_timeout(t0 + Duration::from_millis(150))
            .expect("timeout");
        let (control, _) = written(&mut chain);
        let nacks = find::<TransportLayerNack>(&control);
        assert_eq!(nacks.len(), 1, "{control:?}");
        assert_eq!(nacks[0].media_ssrc, VIDEO);
        assert_eq!(nacks[0].nacks[0].packet_id, 12);
        assert!(
            !find::<TransportLayerCc>(&control).is_empty(),
            "transport-wide feedback: {control:?}"
        );

        chain
            .handle_timeout(t0 + Duration::from_millis(1100))
            .expect("timeout");
        let (control, _) = written(&mut chain);
        let reports = find::<ReceiverReport>(&control);
        assert_eq!(reports.len(), 1, "{control:?}");
        assert_eq!(reports[0].reports[0].ssrc, VIDEO);
        assert_eq!(reports[0].reports[0].last_sequence_number, 14);
    }

    #[test]
    fn nacks_are_counted_both_ways() {
        let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        metrics::with_local_recorder(&recorder, || {
            let mut chain = chain();
            chain.bind_remote_stream(&video(VIDEO));
            chain.bind_local_stream(&video(0x2222));
            let t0 = Instant::now();
            for seq in [10, 11, 13, 14] {
                chain.handle_read(rtp(t0, VIDEO, seq)).expect("read");
            }
            chain
                .handle_timeout(t0 + Duration::from_millis(150))
                .expect("timeout");
            written(&mut chain);
            let nack = |packet_id| -> Box<dyn rtc::rtcp::Packet> {
                Box::new(TransportLayerNack {
                    sender_ssrc: 9,
                    media_ssrc: 0x2222,
                    nacks: vec![NackPair {
                        packet_id,
                        lost_packets: 0,
                    }],
                })
            };
            chain
                .handle_read(rtcp(t0, vec![nack(3), nack(7)]))
                .expect("read");
        });
        let text = handle.render();
        assert!(
            text.contains("plenary_sfu_nacks_total{direction=\"sent\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("plenary_sfu_nacks_total{direction=\"received\"} 2"),
            "{text}"
        );
    }

    #[test]
    fn what_is_written_passes_unchanged_is_counted_and_can_be_resent() {
        let mut chain = chain();
        chain.bind_local_stream(&video(VIDEO));
        let t0 = Instant::now();
        for seq in 1..=5 {
            chain.handle_write(rtp(t0, VIDEO, seq)).expect("write");
        }
        let (control, media) = written(&mut chain);
        assert!(control.is_empty(), "{control:?}");
        assert_eq!(media, [1, 2, 3, 4, 5], "in order, none held back");

        // The subscriber lost 3: it is sent again.
        let nack = TransportLayerNack {
            sender_ssrc: 9,
            media_ssrc: VIDEO,
            nacks: vec![NackPair {
                packet_id: 3,
                lost_packets: 0,
            }],
        };
        chain
            .handle_read(rtcp(t0, vec![Box::new(nack)]))
            .expect("read");
        assert!(
            chain.poll_read().is_none(),
            "answered here, not the application's"
        );
        let (_, media) = written(&mut chain);
        assert_eq!(media, [3]);

        chain
            .handle_timeout(t0 + Duration::from_millis(1100))
            .expect("timeout");
        let (control, _) = written(&mut chain);
        let reports = find::<SenderReport>(&control);
        assert_eq!(reports.len(), 1, "{control:?}");
        assert_eq!(reports[0].ssrc, VIDEO);
        assert!(reports[0].packet_count >= 5, "{:?}", reports[0]);
    }

    #[test]
    fn key_frame_requests_and_receiver_reports_reach_the_application() {
        let mut chain = chain();
        chain.bind_local_stream(&video(VIDEO));
        let t0 = Instant::now();
        let pli = PictureLossIndication {
            sender_ssrc: 9,
            media_ssrc: VIDEO,
        };
        chain
            .handle_read(rtcp(
                t0,
                vec![
                    Box::new(SenderReport::default()),
                    Box::new(ReceiverReport::default()),
                    Box::new(pli.clone()),
                ],
            ))
            .expect("read");
        let out = chain.poll_read().expect("the PLI");
        let Packet::Rtcp(packets) = out.message.packet else {
            panic!("RTCP expected")
        };
        assert_eq!(packets.len(), 2, "all but the sender report");
        assert!(packets[0].as_any().is::<ReceiverReport>());
        assert_eq!(
            packets[1].as_any().downcast_ref::<PictureLossIndication>(),
            Some(&pli)
        );
        assert!(chain.poll_read().is_none());

        chain
            .handle_read(rtcp(t0, vec![Box::new(SenderReport::default())]))
            .expect("read");
        assert!(
            chain.poll_read().is_none(),
            "sender reports stay with the interceptors"
        );
    }
}
