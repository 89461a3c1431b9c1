//! Interpretation: who hears what in a meeting interpreted into several
//! languages.
//!
//! A meeting with interpretation has the floor and one channel per booth.
//! Each booth's team sits at its console; one of them at a time is on air
//! and feeds the booth's channel. Everything about which audio feeds which
//! channel, and what each interpreter hears, is decided here; the SFU
//! forwards what [`Interpretation::feed`] says, on the track each listener
//! already has.
//!
//! The rules, as interpretation services practise them:
//! - A channel carries its booth's interpreter on air; with nobody on air it
//!   carries the floor, so a listener hears the original rather than silence.
//! - When the floor speaks a booth's own language, that booth's channel
//!   carries the floor and the booth is told (it stops interpreting).
//! - An interpreter hears the floor, or takes relay from another booth (the
//!   booth's channel, as a listener of it hears it); relays never form a
//!   loop, where booths would interpret each other and nobody the floor.
//! - Handover is asked by the interpreter on air and accepted by a partner
//!   present in the booth: the channel moves from one to the other in one
//!   step, so there is never a moment with both or neither on air.
//!
//! Participants are the live meeting's; whether one of them may sit in a
//! booth (booked for it) is the caller's to check before [`Interpretation::enter`].

use plenary_protocol::api::Language;
use plenary_protocol::signal::{self, ParticipantId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a listener chooses to hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    /// The original: whoever holds the floor, in the language they speak.
    Floor,
    /// The booth interpreting into this language.
    Booth(Language),
}

/// Whose audio a channel carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feed {
    /// The floor (the speaker holding it, and the chair).
    Floor,
    /// This interpreter's microphone.
    Interpreter(ParticipantId),
}

/// What changed after a call, for the driver and the consoles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The channel now carries this feed: switch what is forwarded on it.
    Feed { channel: Channel, feed: Feed },
    /// The booth's interpreter on air (none: the channel carries the floor).
    OnAir {
        booth: Language,
        interpreter: Option<ParticipantId>,
    },
    /// The interpreter on air asks `to` to take over.
    HandoverAsked {
        booth: Language,
        from: ParticipantId,
        to: ParticipantId,
    },
    /// Whether the floor speaks the booth's language (its channel carries
    /// the floor meanwhile).
    FloorInBoothLanguage { booth: Language, speaking: bool },
    /// What this booth's interpreters hear now.
    Hears { booth: Language, feed: Feed },
}

/// Why a call was refused; nothing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InterpretationError {
    #[error("the meeting has no booth for this language")]
    NoBooth,
    #[error("not at this booth's console")]
    NotInBooth,
    #[error("another interpreter of the booth is on air")]
    OnAirTaken,
    #[error("not on air")]
    NotOnAir,
    #[error("no handover was asked of this interpreter")]
    NoHandover,
    #[error("a booth cannot take relay from itself or from a booth that relays it")]
    RelayLoop,
    #[error("already at another booth's console")]
    InAnotherBooth,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Booth {
    /// Interpreters at the console, in the order they came.
    present: Vec<ParticipantId>,
    on_air: Option<ParticipantId>,
    /// The partner asked to take over, if a handover is pending.
    asked: Option<ParticipantId>,
    /// The booth it takes relay from; `None`: it hears the floor.
    relay: Option<Language>,
}

/// One meeting's interpretation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interpretation {
    booths: BTreeMap<Language, Booth>,
    /// The language the floor speaks, when the speaker or the chair said so.
    floor_language: Option<Language>,
}

impl Interpretation {
    /// A meeting interpreted into these languages (its booths).
    pub fn new(languages: impl IntoIterator<Item = Language>) -> Interpretation {
        Interpretation {
            booths: languages
                .into_iter()
                .map(|l| (l, Booth::default()))
                .collect(),
            floor_language: None,
        }
    }

    /// The booths' languages.
    pub fn languages(&self) -> impl Iterator<Item = Language> + '_ {
        self.booths.keys().copied()
    }

    /// Whether the meeting has a booth for `language`.
    pub fn has_booth(&self, language: Language) -> bool {
        self.booths.contains_key(&language)
    }

    /// The meeting's booths changed: booths kept keep their state, new
    /// ones start empty, those gone go with whoever sat in them.
    pub fn set_languages(&mut self, languages: impl IntoIterator<Item = Language>) -> Vec<Change> {
        let languages: BTreeSet<Language> = languages.into_iter().collect();
        self.changing(|s| {
            s.booths.retain(|l, _| languages.contains(l));
            for b in s.booths.values_mut() {
                if b.relay.is_some_and(|r| !languages.contains(&r)) {
                    b.relay = None;
                }
            }
            for l in languages {
                s.booths.entry(l).or_default();
            }
            if s.floor_language.is_some_and(|l| !s.booths.contains_key(&l)) {
                s.floor_language = None;
            }
        })
    }

    /// As everyone sees it.
    pub fn view(&self) -> signal::Interpretation {
        signal::Interpretation {
            booths: self
                .booths
                .iter()
                .map(|(language, b)| signal::Booth {
                    language: *language,
                    present: b.present.clone(),
                    on_air: b.on_air,
                    asked: b.asked,
                    relay: b.relay,
                })
                .collect(),
            floor_language: self.floor_language,
        }
    }

    /// The channels a listener may choose: the floor, then each booth.
    pub fn channels(&self) -> Vec<Channel> {
        std::iter::once(Channel::Floor)
            .chain(self.booths.keys().map(|l| Channel::Booth(*l)))
            .collect()
    }

    /// Whose audio `channel` carries. A language without a booth carries
    /// the floor.
    pub fn feed(&self, channel: Channel) -> Feed {
        let Channel::Booth(language) = channel else {
            return Feed::Floor;
        };
        if self.floor_language == Some(language) {
            return Feed::Floor;
        }
        self.booths
            .get(&language)
            .and_then(|b| b.on_air)
            .map_or(Feed::Floor, Feed::Interpreter)
    }

    /// What the interpreters of `booth` hear: the floor, or their relay's channel.
    pub fn hears(&self, booth: Language) -> Feed {
        match self.booths.get(&booth).and_then(|b| b.relay) {
            Some(relay) => self.feed(Channel::Booth(relay)),
            None => Feed::Floor,
        }
    }

    /// What `who` hears, listening to `channel`: an interpreter at a
    /// console hears what their booth hears (the floor or the relay), never
    /// the channel they choose as a listener; anyone else hears the
    /// channel's feed.
    pub fn hearing(&self, who: ParticipantId, channel: Channel) -> Feed {
        match self.booth_of(who) {
            Some(booth) => self.hears(booth),
            None => self.feed(channel),
        }
    }

    /// The interpreter on air in `booth`.
    pub fn on_air(&self, booth: Language) -> Option<ParticipantId> {
        self.booths.get(&booth).and_then(|b| b.on_air)
    }

    /// Every channel's feed, for the driver to forward.
    pub fn routes(&self) -> BTreeMap<Channel, Feed> {
        self.channels()
            .into_iter()
            .map(|c| (c, self.feed(c)))
            .collect()
    }

    /// The booth a participant sits in.
    pub fn booth_of(&self, who: ParticipantId) -> Option<Language> {
        self.booths
            .iter()
            .find(|(_, b)| b.present.contains(&who))
            .map(|(l, _)| *l)
    }

    /// An interpreter comes to the booth's console (off air).
    pub fn enter(
        &mut self,
        booth: Language,
        who: ParticipantId,
    ) -> Result<Vec<Change>, InterpretationError> {
        match self.booth_of(who) {
            Some(b) if b == booth => return Ok(Vec::new()),
            Some(_) => return Err(InterpretationError::InAnotherBooth),
            None => {}
        }
        self.booth_mut(booth)?.present.push(who);
        Ok(Vec::new())
    }

    /// An interpreter leaves the console (or their connection ends): off
    /// air, and out of any handover.
    pub fn leave(&mut self, who: ParticipantId) -> Vec<Change> {
        let Some(language) = self.booth_of(who) else {
            return Vec::new();
        };
        self.changing(|s| {
            if let Some(b) = s.booths.get_mut(&language) {
                b.present.retain(|p| *p != who);
                if b.on_air == Some(who) {
                    b.on_air = None;
                    b.asked = None;
                }
                if b.asked == Some(who) {
                    b.asked = None;
                }
            }
        })
    }

    /// An interpreter at the console switches their microphone on, when
    /// nobody of the booth is on air.
    pub fn go_on_air(
        &mut self,
        booth: Language,
        who: ParticipantId,
    ) -> Result<Vec<Change>, InterpretationError> {
        let b = self.present_in(booth, who)?;
        match b.on_air {
            Some(p) if p == who => return Ok(Vec::new()),
            Some(_) => return Err(InterpretationError::OnAirTaken),
            None => {}
        }
        Ok(self.put_on_air(booth, Some(who)))
    }

    /// The interpreter on air switches their microphone off: the channel
    /// carries the floor until someone is on air again.
    pub fn go_off_air(
        &mut self,
        booth: Language,
        who: ParticipantId,
    ) -> Result<Vec<Change>, InterpretationError> {
        if self.present_in(booth, who)?.on_air != Some(who) {
            return Err(InterpretationError::NotOnAir);
        }
        Ok(self.put_on_air(booth, None))
    }

    /// The interpreter on air asks a partner at the console to take over.
    pub fn ask_handover(
        &mut self,
        booth: Language,
        from: ParticipantId,
        to: ParticipantId,
    ) -> Result<Vec<Change>, InterpretationError> {
        let b = self.present_in(booth, from)?;
        if b.on_air != Some(from) {
            return Err(InterpretationError::NotOnAir);
        }
        if to == from || !b.present.contains(&to) {
            return Err(InterpretationError::NotInBooth);
        }
        if let Some(b) = self.booths.get_mut(&booth) {
            b.asked = Some(to);
        }
        Ok(vec![Change::HandoverAsked { booth, from, to }])
    }

    /// The partner asked accepts: the channel moves to them in one step.
    pub fn accept_handover(
        &mut self,
        booth: Language,
        who: ParticipantId,
    ) -> Result<Vec<Change>, InterpretationError> {
        if self.present_in(booth, who)?.asked != Some(who) {
            return Err(InterpretationError::NoHandover);
        }
        Ok(self.put_on_air(booth, Some(who)))
    }

    /// The booth takes relay from another booth (`None`: back to the floor).
    pub fn take_relay(
        &mut self,
        booth: Language,
        from: Option<Language>,
    ) -> Result<Vec<Change>, InterpretationError> {
        self.booth_mut(booth)?;
        if let Some(from) = from {
            if !self.booths.contains_key(&from) {
                return Err(InterpretationError::NoBooth);
            }
            // Follow the relays from `from`: reaching `booth` would close a loop.
            let mut next = Some(from);
            let mut seen = BTreeSet::new();
            while let Some(l) = next {
                if l == booth || !seen.insert(l) {
                    return Err(InterpretationError::RelayLoop);
                }
                next = self.booths.get(&l).and_then(|b| b.relay);
            }
        }
        Ok(self.changing(|s| {
            if let Some(b) = s.booths.get_mut(&booth) {
                b.relay = from;
            }
        }))
    }

    /// The language the floor speaks now (`None`: not said). Set by the
    /// speaker or the chair.
    pub fn set_floor_language(&mut self, language: Option<Language>) -> Vec<Change> {
        self.changing(|s| s.floor_language = language)
    }

    /// Who is on air in `booth` (a pending handover ends with any change).
    fn put_on_air(&mut self, booth: Language, who: Option<ParticipantId>) -> Vec<Change> {
        self.changing(|s| {
            if let Some(b) = s.booths.get_mut(&booth) {
                b.on_air = who;
                b.asked = None;
            }
        })
    }

    fn booth_mut(&mut self, booth: Language) -> Result<&mut Booth, InterpretationError> {
        self.booths
            .get_mut(&booth)
            .ok_or(InterpretationError::NoBooth)
    }

    fn present_in(
        &self,
        booth: Language,
        who: ParticipantId,
    ) -> Result<&Booth, InterpretationError> {
        let b = self
            .booths
            .get(&booth)
            .ok_or(InterpretationError::NoBooth)?;
        if b.present.contains(&who) {
            Ok(b)
        } else {
            Err(InterpretationError::NotInBooth)
        }
    }

    /// Applies `change` and says what differs: feeds, who is on air, what
    /// each booth hears, whether the floor speaks a booth's language.
    fn changing(&mut self, change: impl FnOnce(&mut Interpretation)) -> Vec<Change> {
        let before = self.clone();
        change(self);
        let mut changes = Vec::new();
        for (channel, feed) in self.routes() {
            if before.feed(channel) != feed {
                changes.push(Change::Feed { channel, feed });
            }
        }
        for language in self.booths.keys().copied() {
            if before.on_air(language) != self.on_air(language) {
                changes.push(Change::OnAir {
                    booth: language,
                    interpreter: self.on_air(language),
                });
            }
            let speaking = |s: &Interpretation| s.floor_language == Some(language);
            if speaking(&before) != speaking(self) {
                changes.push(Change::FloorInBoothLanguage {
                    booth: language,
                    speaking: speaking(self),
                });
            }
            if before.hears(language) != self.hears(language) {
                changes.push(Change::Hears {
                    booth: language,
                    feed: self.hears(language),
                });
            }
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{Ar, En, Es, Fr};

    fn p(n: u64) -> ParticipantId {
        ParticipantId(n)
    }

    /// French and Spanish booths, two interpreters each at the console.
    fn meeting() -> Interpretation {
        let mut i = Interpretation::new([Fr, Es]);
        for (booth, who) in [(Fr, 1), (Fr, 2), (Es, 3), (Es, 4)] {
            assert_eq!(i.enter(booth, p(who)), Ok(vec![]));
        }
        i
    }

    #[test]
    fn a_channel_carries_its_interpreter_on_air_and_the_floor_otherwise() {
        let mut i = meeting();
        assert_eq!(
            i.channels(),
            vec![Channel::Floor, Channel::Booth(Fr), Channel::Booth(Es)]
        );
        assert_eq!(i.feed(Channel::Booth(Fr)), Feed::Floor, "nobody on air yet");
        let changes = i.go_on_air(Fr, p(1)).expect("on air");
        assert_eq!(
            changes,
            vec![
                Change::Feed {
                    channel: Channel::Booth(Fr),
                    feed: Feed::Interpreter(p(1))
                },
                Change::OnAir {
                    booth: Fr,
                    interpreter: Some(p(1))
                },
            ]
        );
        assert_eq!(i.feed(Channel::Booth(Fr)), Feed::Interpreter(p(1)));
        assert_eq!(i.feed(Channel::Booth(Es)), Feed::Floor);
        assert_eq!(i.feed(Channel::Floor), Feed::Floor);
        assert_eq!(i.feed(Channel::Booth(Ar)), Feed::Floor, "no Arabic booth");
        // Only one on air per booth; the other booth is its own.
        assert_eq!(i.go_on_air(Fr, p(2)), Err(InterpretationError::OnAirTaken));
        assert_eq!(i.go_on_air(Fr, p(3)), Err(InterpretationError::NotInBooth));
        i.go_on_air(Es, p(3)).expect("Spanish on air");
        assert_eq!(
            i.routes(),
            BTreeMap::from([
                (Channel::Floor, Feed::Floor),
                (Channel::Booth(Fr), Feed::Interpreter(p(1))),
                (Channel::Booth(Es), Feed::Interpreter(p(3))),
            ])
        );
        // Off air: back to the floor, not silence.
        let changes = i.go_off_air(Fr, p(1)).expect("off air");
        assert!(changes.contains(&Change::Feed {
            channel: Channel::Booth(Fr),
            feed: Feed::Floor
        }));
        assert_eq!(i.go_off_air(Fr, p(1)), Err(InterpretationError::NotOnAir));
    }

    #[test]
    fn handover_moves_the_channel_in_one_step_when_the_partner_accepts() {
        let mut i = meeting();
        i.go_on_air(Fr, p(1)).expect("on air");
        // Only the one on air asks, and only a partner present in the booth.
        assert_eq!(
            i.ask_handover(Fr, p(2), p(1)),
            Err(InterpretationError::NotOnAir)
        );
        assert_eq!(
            i.ask_handover(Fr, p(1), p(3)),
            Err(InterpretationError::NotInBooth)
        );
        assert_eq!(
            i.ask_handover(Fr, p(1), p(1)),
            Err(InterpretationError::NotInBooth)
        );
        assert_eq!(
            i.accept_handover(Fr, p(2)),
            Err(InterpretationError::NoHandover),
            "nobody asked yet"
        );
        assert_eq!(
            i.ask_handover(Fr, p(1), p(2)),
            Ok(vec![Change::HandoverAsked {
                booth: Fr,
                from: p(1),
                to: p(2)
            }])
        );
        // Asking changes nothing on air.
        assert_eq!(i.feed(Channel::Booth(Fr)), Feed::Interpreter(p(1)));
        let changes = i.accept_handover(Fr, p(2)).expect("accepted");
        assert_eq!(
            changes,
            vec![
                Change::Feed {
                    channel: Channel::Booth(Fr),
                    feed: Feed::Interpreter(p(2))
                },
                Change::OnAir {
                    booth: Fr,
                    interpreter: Some(p(2))
                },
            ],
            "one step: from one interpreter straight to the other, never the floor between"
        );
        assert_eq!(
            i.accept_handover(Fr, p(2)),
            Err(InterpretationError::NoHandover),
            "a handover is accepted once"
        );
    }

    #[test]
    fn a_handover_ends_with_either_interpreter_leaving() {
        let mut i = meeting();
        i.go_on_air(Fr, p(1)).expect("on air");
        i.ask_handover(Fr, p(1), p(2)).expect("asked");
        i.leave(p(2));
        assert_eq!(
            i.accept_handover(Fr, p(2)),
            Err(InterpretationError::NotInBooth)
        );
        i.enter(Fr, p(2)).expect("back");
        assert_eq!(
            i.accept_handover(Fr, p(2)),
            Err(InterpretationError::NoHandover),
            "coming back does not revive the request"
        );
        // The one on air leaving puts the floor on the channel.
        let changes = i.leave(p(1));
        assert!(changes.contains(&Change::OnAir {
            booth: Fr,
            interpreter: None
        }));
        assert_eq!(i.feed(Channel::Booth(Fr)), Feed::Floor);
        assert_eq!(i.booth_of(p(1)), None);
        assert_eq!(i.leave(p(1)), vec![], "leaving twice changes nothing");
    }

    #[test]
    fn the_floor_speaking_a_booths_language_takes_its_channel_and_the_booth_is_told() {
        let mut i = meeting();
        i.go_on_air(Fr, p(1)).expect("on air");
        i.go_on_air(Es, p(3)).expect("on air");
        let changes = i.set_floor_language(Some(Fr));
        assert_eq!(
            changes,
            vec![
                Change::Feed {
                    channel: Channel::Booth(Fr),
                    feed: Feed::Floor
                },
                Change::FloorInBoothLanguage {
                    booth: Fr,
                    speaking: true
                },
            ]
        );
        assert_eq!(i.feed(Channel::Booth(Fr)), Feed::Floor);
        assert_eq!(i.feed(Channel::Booth(Es)), Feed::Interpreter(p(3)));
        assert_eq!(
            i.on_air(Fr),
            Some(p(1)),
            "still at the microphone, not heard"
        );
        // A speaker in a language no booth has changes no channel.
        let changes = i.set_floor_language(Some(Ar));
        assert!(changes.contains(&Change::Feed {
            channel: Channel::Booth(Fr),
            feed: Feed::Interpreter(p(1))
        }));
        assert!(changes.contains(&Change::FloorInBoothLanguage {
            booth: Fr,
            speaking: false
        }));
        assert_eq!(i.set_floor_language(Some(Ar)), vec![]);
    }

    #[test]
    fn interpreters_hear_the_floor_or_their_relay_and_relays_never_loop() {
        let mut i = Interpretation::new([En, Fr, Es]);
        for (booth, who) in [(En, 1), (Fr, 2), (Es, 3)] {
            i.enter(booth, p(who)).expect("enter");
        }
        assert_eq!(i.hears(Es), Feed::Floor);
        i.go_on_air(Fr, p(2)).expect("on air");
        // Arabic on the floor: the Spanish booth takes relay from French.
        let changes = i.take_relay(Es, Some(Fr)).expect("relay");
        assert_eq!(
            changes,
            vec![Change::Hears {
                booth: Es,
                feed: Feed::Interpreter(p(2))
            }]
        );
        // The English booth from Spanish, which relays French: allowed, no loop.
        i.take_relay(En, Some(Es)).expect("relay of a relay");
        assert_eq!(i.hears(En), Feed::Floor, "nobody on air in Spanish yet");
        let changes = i.go_on_air(Es, p(3)).expect("on air");
        assert!(changes.contains(&Change::Hears {
            booth: En,
            feed: Feed::Interpreter(p(3))
        }));
        // French from English would close the loop French → English → Spanish → French.
        assert_eq!(
            i.take_relay(Fr, Some(En)),
            Err(InterpretationError::RelayLoop)
        );
        assert_eq!(
            i.take_relay(Fr, Some(Fr)),
            Err(InterpretationError::RelayLoop)
        );
        assert_eq!(
            i.take_relay(Fr, Some(Ar)),
            Err(InterpretationError::NoBooth)
        );
        assert_eq!(i.take_relay(Ar, None), Err(InterpretationError::NoBooth));
        assert_eq!(i.hears(Fr), Feed::Floor);
        // Back to the floor.
        i.take_relay(Es, None).expect("floor");
        assert_eq!(i.hears(Es), Feed::Floor);
    }

    #[test]
    fn an_interpreter_sits_in_one_booth_and_only_where_there_is_one() {
        let mut i = meeting();
        assert_eq!(i.enter(Es, p(1)), Err(InterpretationError::InAnotherBooth));
        assert_eq!(i.enter(Ar, p(9)), Err(InterpretationError::NoBooth));
        assert_eq!(i.enter(Fr, p(1)), Ok(vec![]), "entering again is no change");
        assert_eq!(i.booth_of(p(1)), Some(Fr));
        assert_eq!(i.go_on_air(Ar, p(1)), Err(InterpretationError::NoBooth));
        assert_eq!(i.go_on_air(Fr, p(9)), Err(InterpretationError::NotInBooth));
    }
}
