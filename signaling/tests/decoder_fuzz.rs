//! A bounded fuzz run of the websocket message decoder and of the meeting
//! rules behind it: mutated valid messages and random bytes must decode to a
//! message or a clear error, and any command decoded must leave the meeting
//! in a state the rules can go on from, never a panic.
//!
//! Deterministic (a fixed seed) so a failure reproduces; bounded by both an
//! iteration count and a time budget so it fits in the test suite.

use plenary_protocol::signal::{ClientMessage, MeetingRole};
use plenary_protocol::{DelegationId, UserId};
use plenary_signaling::meeting::{Joiner, MeetingState, Rules};
use plenary_signaling::session::decode;
use std::time::{Duration, Instant};

const SEEDS: &[&str] = &[
    r#"{"type":"act","id":1,"command":{"command":"raise_hand"}}"#,
    r#"{"type":"act","id":2,"command":{"command":"inscribe","kind":"point_of_order"}}"#,
    r#"{"type":"act","id":3,"command":{"command":"chat","text":"Thank you, Chair."}}"#,
    r#"{"type":"act","id":4,"command":{"command":"give_floor","participant":2}}"#,
    r#"{"type":"act","id":5,"command":{"command":"give_floor","participant":null}}"#,
    r#"{"type":"act","id":6,"command":{"command":"admit","participant":3}}"#,
    r#"{"type":"act","id":7,"command":{"command":"set_speaking_limit","limit_ms":90000}}"#,
    r#"{"type":"act","id":8,"command":{"command":"lock","locked":true}}"#,
    r#"{"type":"act","id":9,"command":{"command":"open"}}"#,
    r#"{"type":"act","id":10,"command":{"command":"adjourn"}}"#,
    r#"{"type":"sync","id":11}"#,
    r#"{"type":"ping","id":18446744073709551615}"#,
];

/// xorshift64*: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
}

const INTERESTING: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b":",
    b",",
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"0.5",
    b"\\u0000",
    b"\\ud800",
    b"\"type\"",
    b"\"act\"",
    b"\"command\"",
    b"\"participant\"",
    "\u{202e}".as_bytes(),
    b"\xff",
    b"\x00",
    b"18446744073709551616",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let end = (at + rng.below(8)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                out.splice(at..at, piece.iter().copied());
            }
            3 => out.truncate(at),
            4 => {
                let other = SEEDS[rng.below(SEEDS.len())].as_bytes();
                let from = rng.below(other.len());
                out.splice(at..at, other[from..].iter().copied());
            }
            _ => out.insert(at, u8::try_from(rng.below(256)).unwrap_or(0)),
        }
    }
    out
}

fn meeting() -> MeetingState {
    let mut m = MeetingState::new(Rules::default(), true);
    for (n, role) in [
        (1u128, MeetingRole::Chair),
        (2, MeetingRole::Delegate),
        (3, MeetingRole::Delegate),
        (4, MeetingRole::Secretariat),
    ] {
        let joiner = Joiner {
            user: UserId(uuid::Uuid::from_u128(n)),
            name: format!("P{n}"),
            role,
            delegation: (role == MeetingRole::Delegate)
                .then(|| DelegationId(uuid::Uuid::from_u128(100 + n))),
        };
        m.join(joiner).expect("seat");
    }
    m
}

#[test]
fn the_decoder_and_the_rules_survive_mutated_and_random_input() {
    let budget = Duration::from_secs(3);
    let started = Instant::now();
    let mut rng = Rng(0x5EED_CAFE_F00D_D00D);
    let mut state = meeting();
    let (mut decoded, mut refused, mut iterations) = (0u64, 0u64, 0u64);
    while iterations < 300_000 && started.elapsed() < budget {
        iterations += 1;
        let bytes = if rng.below(10) == 0 {
            (0..rng.below(64))
                .map(|_| u8::try_from(rng.below(256)).unwrap_or(0))
                .collect()
        } else {
            let seed = SEEDS[rng.below(SEEDS.len())];
            mutate(&mut rng, seed.as_bytes())
        };
        // The socket layer hands over text frames only.
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        match decode(text) {
            Ok(message) => {
                decoded += 1;
                let again = serde_json::to_string(&message).expect("encode");
                assert_eq!(decode(&again).expect("re-decode"), message, "{text}");
                if let ClientMessage::Act { command, .. } = message {
                    let actor = plenary_protocol::signal::ParticipantId(1 + rng.next() % 5);
                    let now = plenary_protocol::signal::Millis(iterations * 1000);
                    let _ = state.apply(actor, command, now);
                    let _ = state.tick(now);
                    if state.status == plenary_protocol::api::MeetingStatus::Adjourned {
                        state = meeting();
                    }
                }
            }
            Err((_, why)) => {
                refused += 1;
                assert!(!why.is_empty());
            }
        }
    }
    assert!(
        decoded > 100 && refused > 100,
        "the run explored both sides: {decoded} decoded, {refused} refused"
    );
    eprintln!(
        "decoder fuzz: {iterations} inputs in {:?}, {decoded} decoded, {refused} refused",
        started.elapsed()
    );
}
