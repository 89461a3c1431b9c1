//! The keys of the meeting room's and the sign-in page's words; the words
//! themselves are in `locales/` (see `i18n`).

use plenary_protocol::api::Language;
use plenary_protocol::signal::SignalError;

/// Declares the words once: each variant with its key.
macro_rules! words {
    ($($word:ident => $key:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Word {
            $($word,)*
        }

        impl Word {
            pub const ALL: &'static [Word] = &[$(Word::$word,)*];

            /// Its message in `locales/<language>/plenary.ftl`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Word::$word => $key,)*
                }
            }
        }
    };
}

words! {
    Room => "room-room",
    Connecting => "room-connecting",
    Connected => "room-connected",
    Reconnecting => "room-reconnecting",
    Ended => "room-ended",
    Participants => "room-participants",
    Speakers => "room-speakers",
    Chat => "room-chat",
    Send => "room-send",
    Message => "room-message",
    RaiseHand => "room-raise-hand",
    LowerHand => "room-lower-hand",
    Inscribe => "room-inscribe",
    Withdraw => "room-withdraw",
    PointOfOrder => "room-point-of-order",
    RightOfReply => "room-right-of-reply",
    HasFloor => "room-has-floor",
    NoFloor => "room-no-floor",
    TimeLeft => "room-time-left",
    GiveFloor => "room-give-floor",
    NextSpeaker => "room-next-speaker",
    EndFloor => "room-end-floor",
    Mute => "room-mute",
    Unmute => "room-unmute",
    Remove => "room-remove",
    Admit => "room-admit",
    Refuse => "room-refuse",
    Open => "room-open",
    Suspend => "room-suspend",
    Resume => "room-resume",
    Adjourn => "room-adjourn",
    Chair => "room-chair",
    JoinMedia => "room-join-media",
    LeaveMedia => "room-leave-media",
    Camera => "room-camera",
    Microphone => "room-microphone",
    Screen => "room-screen",
    You => "room-you",
    InLobby => "room-in-lobby",
    MutedByChair => "room-muted-by-chair",
    HandRaised => "room-hand-raised",
    Away => "room-away",
    DeviceCheck => "room-device-check",
    Video => "room-video",
    NoJavaScript => "room-no-java-script",
    SignIn => "room-sign-in",
    SignOut => "room-sign-out",
    Email => "room-email",
    Password => "room-password",
    BadCredentials => "room-bad-credentials",
    TooManyAttempts => "room-too-many-attempts",
    Join => "room-join",
    SpeakingTime => "room-speaking-time",
    Account => "room-account",
    Desk => "room-desk",
    Item => "room-item",
    TakeUp => "room-take-up",
    NoItem => "room-no-item",
    Lock => "room-lock",
    Unlock => "room-unlock",
    MuteAll => "room-mute-all",
    GoInformal => "room-go-informal",
    GoFormal => "room-go-formal",
    FormalNote => "room-formal-note",
    StopShare => "room-stop-share",
    CloseList => "room-close-list",
    ReopenList => "room-reopen-list",
    ListClosed => "room-list-closed",
    OrderByLevel => "room-order-by-level",
    OrderByChair => "room-order-by-chair",
    Insert => "room-insert",
    Delegation => "room-delegation",
    Level => "room-level",
    Place => "room-place",
    MoveUp => "room-move-up",
    MoveDown => "room-move-down",
    Strike => "room-strike",
    LevelHeadOfState => "room-level-head-of-state",
    LevelMinister => "room-level-minister",
    LevelHeadOfDelegation => "room-level-head-of-delegation",
    LevelOther => "room-level-other",
    RepliesRule => "room-replies-rule",
    FloorTime => "room-floor-time",
    ListTime => "room-list-time",
    To => "room-to",
    ToEveryone => "room-to-everyone",
    ToPresiding => "room-to-presiding",
    Private => "room-private",
    ReplyPrivately => "room-reply-privately",
    Shortcuts => "room-shortcuts",
    Close => "room-close",
    Controls => "room-controls",
    Secretary => "room-secretary",
    NoSpeakers => "room-no-speakers",
    Statement => "room-statement",
    Panel => "room-panel",
    ShareStopped => "room-share-stopped",
    DevicesFailed => "room-devices-failed",
    Min => "room-min",
    Documents => "room-documents",
    NoDocuments => "room-no-documents",
    Channel => "room-channel",
    FloorChannel => "room-floor-channel",
    FloorLanguage => "room-floor-language",
    NotSaid => "room-not-said",
    Booth => "room-booth",
    OnAir => "room-on-air",
    OffAir => "room-off-air",
    HandOverTo => "room-hand-over-to",
    TakeOver => "room-take-over",
    HandoverAsked => "room-handover-asked",
    Hear => "room-hear",
    FloorInYourLanguage => "room-floor-in-your-language",
    Console => "room-console",
    Watch => "room-watch",
    Viewing => "room-viewing",
}

/// A word of the meeting room or the sign-in page.
pub fn w(l: Language, word: Word) -> &'static str {
    crate::i18n::text(l, word.key())
}

/// Why the room refused a request or ended, in the reader's language: the
/// server's stable code, never its English message.
pub fn refusal(l: Language, code: SignalError) -> &'static str {
    crate::i18n::text(l, refusal_key(code))
}

fn refusal_key(code: SignalError) -> &'static str {
    use SignalError::*;
    match code {
        BadMessage => "room-error-bad-message",
        TooLarge => "room-error-too-large",
        RateLimited => "room-error-rate-limited",
        NotChair => "room-error-not-chair",
        NoSuchParticipant => "room-error-no-such-participant",
        InLobby => "room-error-in-lobby",
        NotInProgress => "room-error-not-in-progress",
        Adjourned => "room-error-adjourned",
        MeetingFull => "room-error-meeting-full",
        TooManySeats => "room-error-too-many-seats",
        InvalidTransition => "room-error-invalid-transition",
        AlreadyInscribed => "room-error-already-inscribed",
        ListEmpty => "room-error-list-empty",
        ListClosed => "room-error-list-closed",
        ReplyLimit => "room-error-reply-limit",
        RepliesAfterList => "room-error-replies-after-list",
        SpeakerAbsent => "room-error-speaker-absent",
        PrivateToPresiding => "room-error-private-to-presiding",
        BadChat => "room-error-bad-chat",
        BadValue => "room-error-bad-value",
        Unavailable => "room-error-unavailable",
        Removed => "room-error-removed",
        Replaced => "room-error-replaced",
        Reseat => "room-error-reseat",
        IdleTimeout => "room-error-idle-timeout",
        ShuttingDown => "room-error-shutting-down",
        NotInMedia => "room-error-not-in-media",
        MediaFull => "room-error-media-full",
        BadSdp => "room-error-bad-sdp",
        Glare => "room-error-glare",
        MediaTimeout => "room-error-media-timeout",
        VotingInProgress => "room-error-voting-in-progress",
        NoVote => "room-error-no-vote",
        NotEntitled => "room-error-not-entitled",
        AlreadyVoted => "room-error-already-voted",
        NotYourTurn => "room-error-not-your-turn",
        BadBallot => "room-error-bad-ballot",
        NotBooked => "room-error-not-booked",
        NoBooth => "room-error-no-booth",
        NotAtBooth => "room-error-not-at-booth",
        OnAirTaken => "room-error-on-air-taken",
        NoHandover => "room-error-no-handover",
        RelayLoop => "room-error-relay-loop",
        Interpreting => "room-error-interpreting",
        Viewing => "room-error-viewing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each message of the catalog names a code the socket sends, and each
    /// code's word is that message, in all six languages (the match above is
    /// exhaustive: a new code does not compile without its key).
    #[test]
    fn every_refusal_on_the_socket_is_said_in_all_six_languages() {
        let keys: Vec<&str> = crate::i18n::keys_starting("room-error-").collect();
        assert_eq!(keys.len(), 45);
        for key in keys {
            let name = key.trim_start_matches("room-error-").replace('-', "_");
            let code: SignalError =
                serde_json::from_value(serde_json::Value::String(name)).expect("a code");
            assert_eq!(refusal_key(code), key);
            for l in Language::ALL {
                assert!(crate::i18n::said(l, key, &[]).is_some(), "{key} in {l:?}");
            }
        }
        assert_eq!(
            refusal(Language::Fr, SignalError::ListClosed),
            "La liste des orateurs est close."
        );
    }
}
