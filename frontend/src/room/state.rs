//! What the meeting room knows, and how each message from the server
//! changes it. Pure: the browser part feeds it messages, the tests plain values.

use plenary_protocol::signal::{
    ChatMessage, Event, Floor, Inscription, MeetingView, Millis, Participant, ParticipantId,
    ServerMessage, SignalError,
};

/// Chat lines kept in the page; the server keeps its own bounded history.
const CHAT_KEPT: usize = 200;

/// The websocket as the page tells it to the user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Link {
    #[default]
    Connecting,
    Connected,
    /// Lost; trying again (the seat is held for the grace period).
    Reconnecting,
    /// Over for good: removed, replaced, adjourned. Carries the reason.
    Ended(SignalError),
}

/// The room as this participant sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Room {
    pub link: Link,
    pub you: Option<ParticipantId>,
    pub resume_token: Option<String>,
    pub version: u64,
    pub view: Option<MeetingView>,
    /// Server clock minus the page's, in milliseconds, from the last message stamped.
    pub clock_offset_ms: i64,
    pub active_speaker: Option<ParticipantId>,
    /// Why the last request failed, shown in a live region.
    pub notice: Option<Notice>,
    /// A viewer's channel (a seat's is its participant's, in the view).
    pub listening: Option<plenary_protocol::api::Language>,
}

/// What went wrong, as the room tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The server refused a request: its stable code, said in the reader's
    /// language (never the server's English message).
    Refused(SignalError),
    /// The camera or microphone could not be opened; the browser's reason.
    Devices(String),
}

/// What the page must do after a message, besides showing the new state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Follow {
    Nothing,
    /// Versions were missed: ask for the whole state.
    Resync,
}

impl Room {
    /// Applies one message from the server; `now` is the page's clock.
    pub fn receive(&mut self, message: &ServerMessage, now: Millis) -> Follow {
        match message {
            ServerMessage::Welcome {
                you,
                resume_token,
                version,
                state,
                server_time,
                ..
            } => {
                self.link = Link::Connected;
                self.you = Some(*you);
                self.resume_token = Some(resume_token.clone());
                self.version = *version;
                self.view = Some(state.clone());
                self.stamp(*server_time, now);
            }
            ServerMessage::State { version, state, .. } => {
                self.version = *version;
                self.view = Some(state.clone());
            }
            ServerMessage::Update {
                version,
                events,
                server_time,
            } => {
                self.stamp(*server_time, now);
                if *version <= self.version {
                    return Follow::Nothing;
                }
                if *version != self.version + 1 {
                    return Follow::Resync;
                }
                self.version = *version;
                if let Some(view) = &mut self.view {
                    for event in events {
                        apply(view, event);
                    }
                }
            }
            ServerMessage::Error { code, .. } => self.notice = Some(Notice::Refused(*code)),
            ServerMessage::ActiveSpeaker { participant } => self.active_speaker = *participant,
            ServerMessage::Goodbye { code, .. } => {
                self.link = match code {
                    // A new role is taken by joining again, as a reconnect does.
                    SignalError::ShuttingDown | SignalError::IdleTimeout | SignalError::Reseat => {
                        Link::Reconnecting
                    }
                    other => Link::Ended(*other),
                }
            }
            _ => {}
        }
        Follow::Nothing
    }

    fn stamp(&mut self, server_time: Millis, now: Millis) {
        self.clock_offset_ms = server_time.0 as i64 - now.0 as i64;
    }

    pub fn me(&self) -> Option<&Participant> {
        let you = self.you?;
        self.participant(you)
    }

    pub fn participant(&self, id: ParticipantId) -> Option<&Participant> {
        self.view.as_ref()?.participants.iter().find(|p| p.id == id)
    }

    pub fn is_chair(&self) -> bool {
        self.me()
            .is_some_and(|p| p.role == plenary_protocol::signal::MeetingRole::Chair)
    }

    /// Whether this participant holds the chair's powers (the chair, or the
    /// secretary of the meeting).
    pub fn presides(&self) -> bool {
        match (&self.view, self.me()) {
            (Some(view), Some(me)) => view.presides(me),
            _ => false,
        }
    }

    /// Whether this participant is the chair or of the secretariat (who read
    /// and answer private messages).
    pub fn is_staff(&self) -> bool {
        self.me().is_some_and(|p| p.role.is_staff())
    }

    /// This participant's lines (its delegation's) on the list of the item
    /// under discussion.
    pub fn my_lines(&self) -> impl Iterator<Item = &Inscription> + '_ {
        let me = self.me();
        let mine = me.and_then(|p| p.delegation);
        let you = self.you;
        self.view
            .as_ref()
            .and_then(|v| v.current_list())
            .into_iter()
            .flat_map(|list| list.lines.iter())
            .filter(move |s| match mine {
                Some(d) => s.delegation == Some(d),
                None => you.is_some() && s.participant == you,
            })
    }

    /// Milliseconds left to the speaker holding the floor (negative once
    /// over), or `None` without a floor or a limit.
    pub fn remaining_ms(&self, now: Millis) -> Option<i64> {
        let floor: &Floor = self.view.as_ref()?.floor.as_ref()?;
        let limit = floor.limit_ms? as i64;
        let server_now = now.0 as i64 + self.clock_offset_ms;
        Some(floor.started_at.0 as i64 + limit - server_now)
    }

    pub fn name_of(&self, id: ParticipantId) -> String {
        self.participant(id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| format!("#{}", id.0))
    }
}

/// One event applied to the view, as the server applied it to its own.
pub fn apply(view: &mut MeetingView, event: &Event) {
    match event {
        Event::Joined { participant } => {
            view.participants.retain(|p| p.id != participant.id);
            view.participants.push(participant.clone());
        }
        Event::Left { participant }
        | Event::Refused { participant }
        | Event::Removed { participant }
        | Event::AccessEnded { participant }
        | Event::Reseated { participant } => {
            view.participants.retain(|p| p.id != *participant);
            view.hands.retain(|h| h != participant);
        }
        Event::Disconnected { participant } => set(view, *participant, |p| p.connected = false),
        Event::Reconnected { participant, .. } => set(view, *participant, |p| p.connected = true),
        Event::Admitted { participant } => set(view, *participant, |p| p.in_lobby = false),
        Event::ChannelChosen {
            participant,
            channel,
        } => set(view, *participant, |p| p.channel = *channel),
        Event::InterpretationChanged { interpretation } => {
            view.interpretation = Some(interpretation.clone())
        }
        Event::MuteRequested { participant } => {
            set(view, *participant, |p| p.muted_by_chair = true)
        }
        Event::MuteLifted { participant } => set(view, *participant, |p| p.muted_by_chair = false),
        Event::HandsChanged { hands } => view.hands = hands.clone(),
        Event::SpeakersChanged { item, list } => {
            view.lists.insert(*item, list.clone());
        }
        Event::FloorLimitChanged { limit_ms } => {
            if let Some(f) = &mut view.floor {
                f.limit_ms = *limit_ms;
                f.warned = false;
                f.expired = false;
            }
        }
        Event::FloorGiven { floor } => view.floor = Some(floor.clone()),
        Event::FloorEnded { .. } => view.floor = None,
        Event::TimeWarning { .. } => {
            if let Some(f) = &mut view.floor {
                f.warned = true;
            }
        }
        Event::TimeExpired { .. } => {
            if let Some(f) = &mut view.floor {
                f.expired = true;
            }
        }
        Event::StatusChanged { status } => view.status = *status,
        Event::LockChanged { locked } => view.locked = *locked,
        Event::FormalChanged { formal } => view.formal = *formal,
        Event::AccessChanged { closed } => view.closed = *closed,
        Event::SpeakingLimitChanged { limit_ms } => view.speaking_limit_ms = *limit_ms,
        Event::ItemTakenUp { position } => view.current_item = Some(*position),
        Event::DecisionRecorded { .. } | Event::Readmitted { .. } | Event::ShareStopped { .. } => {}
        Event::Chat { message } => push_chat(&mut view.chat, message.clone()),
        Event::VoteOpened { vote } | Event::VoteClosed { vote } => view.vote = Some(vote.clone()),
        Event::VotesCast { number, voted } => {
            if let Some(vote) = view.vote.as_mut().filter(|v| v.number == *number) {
                for v in voted {
                    match vote
                        .voted
                        .binary_search_by_key(&v.delegation, |x| x.delegation)
                    {
                        Ok(i) => vote.voted[i] = *v,
                        Err(i) => vote.voted.insert(i, *v),
                    }
                }
            }
        }
        Event::RollCallChanged { number, roll_call } => {
            if let Some(vote) = view.vote.as_mut().filter(|v| v.number == *number) {
                vote.roll_call = Some(roll_call.clone());
            }
        }
    }
}

fn set(view: &mut MeetingView, id: ParticipantId, change: impl FnOnce(&mut Participant)) {
    if let Some(p) = view.participants.iter_mut().find(|p| p.id == id) {
        change(p);
    }
}

fn push_chat(chat: &mut Vec<ChatMessage>, message: ChatMessage) {
    chat.push(message);
    if chat.len() > CHAT_KEPT {
        chat.drain(..chat.len() - CHAT_KEPT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plenary_protocol::api::MeetingStatus;
    use plenary_protocol::signal::{MeetingRole, SpeakerKind};
    use plenary_protocol::UserId;

    fn participant(id: u64, role: MeetingRole) -> Participant {
        Participant {
            id: ParticipantId(id),
            user: UserId(uuid::Uuid::nil()),
            name: format!("P{id}"),
            role,
            delegation: None,
            in_lobby: false,
            muted_by_chair: false,
            connected: true,
            channel: None,
        }
    }

    fn welcomed() -> Room {
        let mut room = Room::default();
        let state = MeetingView {
            status: MeetingStatus::InProgress,
            closed: false,
            locked: false,
            formal: true,
            participants: vec![
                participant(1, MeetingRole::Chair),
                participant(2, MeetingRole::Delegate),
            ],
            hands: vec![],
            lists: Default::default(),
            floor: None,
            chat: vec![],
            speaking_limit_ms: Some(120_000),
            current_item: None,
            secretary: None,
            reply_limits_ms: vec![600_000, 300_000],
            vote: None,
            interpretation: None,
        };
        let welcome = ServerMessage::Welcome {
            protocol: 1,
            you: ParticipantId(2),
            resume_token: "r".into(),
            grace_ms: 60_000,
            version: 10,
            state,
            server_time: Millis(1_000_500),
        };
        assert_eq!(room.receive(&welcome, Millis(1_000_000)), Follow::Nothing);
        room
    }

    fn update(version: u64, events: Vec<Event>) -> ServerMessage {
        ServerMessage::Update {
            version,
            events,
            server_time: Millis(1_000_500),
        }
    }

    #[test]
    fn the_welcome_seats_the_participant() {
        let room = welcomed();
        assert_eq!(room.link, Link::Connected);
        assert_eq!(room.me().map(|p| p.name.as_str()), Some("P2"));
        assert!(!room.is_chair());
        assert_eq!(room.clock_offset_ms, 500);
    }

    #[test]
    fn updates_change_the_view_in_order_and_a_gap_asks_for_the_state() {
        let mut room = welcomed();
        let hands = update(
            11,
            vec![Event::HandsChanged {
                hands: vec![ParticipantId(2)],
            }],
        );
        assert_eq!(room.receive(&hands, Millis(0)), Follow::Nothing);
        assert_eq!(
            room.view.as_ref().map(|v| v.hands.clone()),
            Some(vec![ParticipantId(2)])
        );
        // A replay is ignored; a skipped version asks for the whole state.
        assert_eq!(room.receive(&hands, Millis(0)), Follow::Nothing);
        let later = update(13, vec![Event::HandsChanged { hands: vec![] }]);
        assert_eq!(room.receive(&later, Millis(0)), Follow::Resync);
        assert_eq!(room.version, 11, "nothing applied past the gap");
        let removed = update(
            12,
            vec![Event::Removed {
                participant: ParticipantId(1),
            }],
        );
        room.receive(&removed, Millis(0));
        assert_eq!(room.view.as_ref().map(|v| v.participants.len()), Some(1));
    }

    #[test]
    fn the_countdown_follows_the_servers_clock() {
        let mut room = welcomed();
        let floor = Floor {
            participant: ParticipantId(2),
            kind: SpeakerKind::Statement,
            started_at: Millis(1_000_000),
            limit_ms: Some(120_000),
            warned: false,
            expired: false,
        };
        room.receive(
            &update(11, vec![Event::FloorGiven { floor }]),
            Millis(1_000_000),
        );
        // The page's clock is 500 ms behind the server's.
        assert_eq!(room.remaining_ms(Millis(1_009_500)), Some(110_000));
        assert_eq!(
            room.remaining_ms(Millis(1_129_500)),
            Some(-10_000),
            "over time is negative"
        );
        room.receive(
            &update(
                12,
                vec![Event::FloorEnded {
                    participant: ParticipantId(2),
                    spoke_ms: 1,
                    overrun_ms: 0,
                }],
            ),
            Millis(0),
        );
        assert_eq!(room.remaining_ms(Millis(1_009_500)), None);
    }

    #[test]
    fn chat_keeps_a_bounded_history() {
        let mut room = welcomed();
        for i in 0..(CHAT_KEPT as u64 + 5) {
            let message = ChatMessage {
                from: ParticipantId(1),
                name: "P1".into(),
                text: format!("m{i}"),
                sent_at: Millis(i),
                to: Default::default(),
            };
            room.receive(&update(11 + i, vec![Event::Chat { message }]), Millis(0));
        }
        let chat = room
            .view
            .as_ref()
            .map(|v| v.chat.clone())
            .unwrap_or_default();
        assert_eq!(chat.len(), CHAT_KEPT);
        assert_eq!(chat.first().map(|m| m.text.as_str()), Some("m5"));
    }

    #[test]
    fn a_goodbye_ends_the_seat_or_asks_to_reconnect() {
        let mut room = welcomed();
        let bye = |code| ServerMessage::Goodbye {
            code,
            message: String::new(),
        };
        room.receive(&bye(SignalError::ShuttingDown), Millis(0));
        assert_eq!(room.link, Link::Reconnecting);
        room.receive(&bye(SignalError::Removed), Millis(0));
        assert_eq!(room.link, Link::Ended(SignalError::Removed));
    }
}
