//! Which simulcast layer of each camera a subscriber receives: what it asked
//! for (the stage large, tiles small), as far as its link carries.
//!
//! The link's capacity is estimated from what the subscriber reports: the
//! fraction of packets lost in each RTCP receiver report (the loss-based
//! controller of Google Congestion Control: down in proportion above 10 %
//! loss, up by 8 % below 2 %). Not from REMB: a browser's REMB estimates
//! what it receives, so taken as a ceiling it holds a subscriber to the
//! layers it already gets (Chromium's stays near 140 kbit/s while it
//! receives the low layer), unless the sender probes above it, which the
//! SFU does not. A subscriber on a poor link is moved down a layer at a
//! time, the tiles before the stage, and never below the lowest layer: it is
//! moved down, not dropped.
//!
//! No I/O and no clock: time is an argument.

use crate::sfu::MonoMillis;
pub use plenary_protocol::signal::Quality;

/// The most an estimate grows to: enough for the stage high and every tile
/// medium at the most cameras a subscriber may receive.
pub const MAX_BPS: u64 = 20_000_000;
/// The least: every camera low still fits a few.
pub const MIN_BPS: u64 = 100_000;
/// Where a link nothing is known of starts: the stage high and a few tiles
/// medium. A clean link climbs from there (as Google Congestion Control's
/// estimate does from its start).
pub const START_BPS: u64 = 3_000_000;
/// Reports closer than this to the last change do not move the estimate
/// again (a report covers about a second, and the last change must have
/// had time to show in it).
const SETTLE_MS: u64 = 500;

/// One subscriber's link, as its reports describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    bps: u64,
    changed_at: Option<MonoMillis>,
}

impl Default for Estimate {
    fn default() -> Self {
        Estimate {
            bps: START_BPS,
            changed_at: None,
        }
    }
}

impl Estimate {
    /// What the link carries now, in bits per second.
    pub fn bps(&self) -> u64 {
        self.bps
    }

    /// A receiver report: `fraction_lost` out of 256 of the packets sent
    /// since the last. Whether the estimate changed.
    pub fn lost(&mut self, fraction_lost: u8, now: MonoMillis) -> bool {
        if self.changed_at.is_some_and(|at| now.since(at) < SETTLE_MS) {
            return false;
        }
        let lost = u64::from(fraction_lost);
        let next = if lost > 26 {
            // Above 10 %: down by half the loss.
            self.bps.saturating_mul(512 - lost) / 512
        } else if lost < 5 {
            // Below 2 %: up by 8 %.
            self.bps.saturating_mul(108) / 100
        } else {
            self.bps
        }
        .clamp(MIN_BPS, MAX_BPS);
        if next == self.bps {
            return false;
        }
        self.bps = next;
        self.changed_at = Some(now);
        true
    }
}

/// The layer of each camera shown, in the order shown: the first at
/// `stage` if it is on the stage (the floor holder's), the others at
/// `tiles`; moved down a layer at a time until the whole fits `bps`, the
/// tiles first (the last shown first) and the stage, which is what a
/// subscriber watches, last; at worst everything is low.
pub fn choose(stage: Option<Quality>, tiles: Quality, shown: usize, bps: u64) -> Vec<Quality> {
    let mut layers: Vec<Quality> = (0..shown)
        .map(|i| match stage {
            Some(stage) if i == 0 => stage,
            _ => tiles,
        })
        .collect();
    let total = |layers: &[Quality]| layers.iter().map(|q| q.bitrate()).sum::<u64>();
    while total(&layers) > bps {
        let Some((i, lower)) = (0..layers.len())
            .rev()
            .find_map(|i| layers[i].lower().map(|lower| (i, lower)))
        else {
            break;
        };
        layers[i] = lower;
    }
    layers
}

#[cfg(test)]
mod tests {
    use super::*;
    use Quality::*;

    #[test]
    fn each_camera_gets_what_is_asked_while_the_link_carries_it() {
        assert_eq!(choose(Some(High), Low, 4, MAX_BPS), [High, Low, Low, Low]);
        assert_eq!(
            choose(Some(High), Medium, 3, MAX_BPS),
            [High, Medium, Medium]
        );
        assert_eq!(choose(Some(Low), High, 2, MAX_BPS), [Low, High]);
        assert!(choose(Some(High), Low, 0, MAX_BPS).is_empty());
        // Nobody on the stage: all tiles alike.
        assert_eq!(choose(None, Medium, 2, MAX_BPS), [Medium, Medium]);
    }

    #[test]
    fn a_poor_link_moves_the_tiles_down_before_the_stage_and_never_drops_a_camera() {
        // 1.5 M + 2 x 0.5 M does not fit 2.2 M: the last tile gives way.
        assert_eq!(
            choose(Some(High), Medium, 3, 2_200_000),
            [High, Medium, Low]
        );
        // The stage keeps its high layer while a tile can give way.
        assert_eq!(choose(Some(High), Medium, 3, 2_000_000), [High, Low, Low]);
        assert_eq!(choose(Some(High), Low, 3, 1_800_000), [High, Low, Low]);
        // Then the stage.
        assert_eq!(choose(Some(High), Medium, 3, 1_200_000), [Medium, Low, Low]);
        assert_eq!(choose(Some(High), High, 2, 400_000), [Low, Low]);
        // Nothing fits: everything low, nothing dropped.
        assert_eq!(choose(Some(High), High, 3, 100_000), [Low, Low, Low]);
    }

    #[test]
    fn loss_moves_the_estimate_down_in_proportion_and_a_clean_link_moves_it_up() {
        let mut e = Estimate::default();
        let t = MonoMillis(1_000);
        assert_eq!(e.bps(), START_BPS);
        // 50 % lost: down by a quarter.
        assert!(e.lost(128, t));
        assert_eq!(e.bps(), START_BPS * 3 / 4);
        // Too soon after a change: the report may predate it.
        assert!(!e.lost(128, t + 100));
        assert!(e.lost(128, t + 600));
        let after_two = e.bps();
        assert_eq!(after_two, START_BPS * 9 / 16);
        // Between 2 and 10 %: held.
        assert!(!e.lost(12, t + 1_200));
        // Clean: up by 8 %.
        assert!(e.lost(0, t + 1_800));
        assert_eq!(e.bps(), after_two * 108 / 100);
        // Steady loss brings it to the floor and no lower.
        for i in 0..100 {
            e.lost(255, t + 2_400 + i * 600);
        }
        assert_eq!(e.bps(), MIN_BPS);
        // A clean link never goes past the ceiling.
        for i in 0..200 {
            e.lost(0, t + 200_000 + i * 600);
        }
        assert_eq!(e.bps(), MAX_BPS);
    }
}
