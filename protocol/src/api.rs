//! Bodies of the JSON API under `/api/v1`.
//!
//! Request types reject unknown fields so a misspelt field is an error, not a
//! silently ignored value. Times on the wire: instants are RFC 3339 in UTC;
//! wall-clock times a person typed are `YYYY-MM-DDTHH:MM[:SS]` together with an
//! IANA time zone name.

use crate::ids::*;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a user may do. Ordered by nothing: a role is a set of permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages users and delegations; may do everything.
    Admin,
    /// Schedules bodies, rooms, meetings and agendas.
    ConferenceManager,
    /// Issues documents and minutes; reads every meeting.
    Secretariat,
    /// Represents one delegation; reads public meetings and those its delegation is invited to.
    Delegate,
    /// Interprets into the languages of their profile; reads public meetings
    /// and those they are booked for. A role of its own, not a flag on staff:
    /// interpreters are often engaged for a session only and need none of
    /// the secretariat's rights (issuing documents, reading every meeting).
    Interpreter,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::ConferenceManager,
        Role::Secretariat,
        Role::Delegate,
        Role::Interpreter,
    ];

    // What each role may do, stated once for the server's checks and the
    // pages' offers alike.

    /// May manage users and delegations.
    pub const ADMINISTRATORS: &'static [Role] = &[Role::Admin];
    /// May schedule bodies, rooms, meetings and agendas.
    pub const SCHEDULERS: &'static [Role] = &[Role::Admin, Role::ConferenceManager];
    /// May issue documents and write, review and publish minutes.
    pub const ISSUERS: &'static [Role] = &[Role::Admin, Role::Secretariat];
    /// Staff of the hub: every role but a delegation's.
    pub const STAFF: &'static [Role] = &[Role::Admin, Role::ConferenceManager, Role::Secretariat];

    /// Whether this role is staff ([`Role::STAFF`]).
    pub fn is_staff(self) -> bool {
        Role::STAFF.contains(&self)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::ConferenceManager => "conference_manager",
            Role::Secretariat => "secretariat",
            Role::Delegate => "delegate",
            Role::Interpreter => "interpreter",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Whether a delegation represents a Member State or an observer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DelegationKind {
    MemberState,
    Observer,
}

impl DelegationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DelegationKind::MemberState => "member_state",
            DelegationKind::Observer => "observer",
        }
    }

    pub fn parse(s: &str) -> Option<DelegationKind> {
        [DelegationKind::MemberState, DelegationKind::Observer]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

// ---------------------------------------------------------------- sessions

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// A signed-in user's new password, with the current one re-entered.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    pub current_password: String,
    pub new_password: String,
}

/// The signed-in session. The session itself travels in an HttpOnly cookie;
/// `csrf_token` goes into the `X-CSRF-Token` header of every write.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub session_id: SessionId,
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    /// Only a `complete` session is signed in; the others may do their next
    /// step alone.
    pub stage: SessionStage,
}

/// How far a sign-in has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionStage {
    /// Signed in.
    Complete,
    /// The password was right; a one-time code (or a recovery code) is next,
    /// at `POST /api/v1/session/code`.
    Code,
    /// The password was right, and the account's role must sign in with two
    /// factors: setting them up is next (`POST /api/v1/session/two-factor`).
    Enrol,
}

impl SessionStage {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStage::Complete => "complete",
            SessionStage::Code => "code",
            SessionStage::Enrol => "enrol",
        }
    }

    pub fn parse(s: &str) -> Option<SessionStage> {
        [
            SessionStage::Complete,
            SessionStage::Code,
            SessionStage::Enrol,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// A one-time code from the authenticator app (six digits), or one of the
/// recovery codes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OneTimeCode {
    pub code: String,
}

/// A new authenticator secret, to be confirmed with a code made from it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorSetup {
    /// The secret in base32, for apps that take it typed.
    pub secret: String,
    /// The `otpauth://` URI the QR code carries.
    pub uri: String,
    /// That QR code, as an SVG image.
    pub qr_svg: String,
}

/// Recovery codes, each good for one sign-in; shown once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// Turning one's two-factor sign-in off, the password re-entered.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RemoveTwoFactor {
    pub current_password: String,
}

// ---------------------------------------------------------------- users

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Set for delegates (required) and absent for the other roles.
    pub delegation_id: Option<DelegationId>,
    /// For interpreters (at least one, required): the languages they
    /// interpret into, the booths they may be booked in. Empty for the
    /// other roles.
    #[serde(default)]
    pub languages: Vec<Language>,
    /// A disabled user cannot sign in and has no live sessions.
    pub disabled: bool,
    /// Delegates only: may sign for the delegation, that is add it to or
    /// withdraw it from the co-sponsors of draft resolutions.
    #[serde(default)]
    pub signs_for_delegation: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub delegation_id: Option<DelegationId>,
    /// Interpreters only: the languages they interpret into.
    #[serde(default)]
    pub languages: Vec<Language>,
    /// Delegates only: may sign for the delegation (co-sponsorship).
    #[serde(default)]
    pub signs_for_delegation: bool,
    /// At least 12 characters.
    pub password: String,
}

/// Every field is optional; absent fields keep their value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    /// `null` clears it (only valid for non-delegates).
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DelegationId>))]
    pub delegation_id: Option<Option<DelegationId>>,
    /// Interpreters only: the languages they interpret into.
    #[serde(default)]
    pub languages: Option<Vec<Language>>,
    /// Disabling also revokes every session of the user.
    #[serde(default)]
    pub disabled: Option<bool>,
    /// Delegates only: may sign for the delegation (co-sponsorship). A
    /// user who stops being a delegate loses it.
    #[serde(default)]
    pub signs_for_delegation: Option<bool>,
    /// Setting a password revokes every session of the user.
    #[serde(default)]
    pub password: Option<String>,
    /// `true` removes the user's two-factor sign-in (a lost phone and lost
    /// recovery codes) and revokes their sessions; they set it up again.
    #[serde(default)]
    pub reset_two_factor: Option<bool>,
}

// ---------------------------------------------------------------- delegations

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delegation {
    pub id: DelegationId,
    /// Short unique code, e.g. `FRA` or `HOLY-SEE`.
    pub code: String,
    pub name: String,
    pub kind: DelegationKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateDelegation {
    pub code: String,
    pub name: String,
    pub kind: DelegationKind,
}

/// Every field is optional; absent fields keep their value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateDelegation {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: Option<DelegationKind>,
}

// ---------------------------------------------------------------- bodies and rooms

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Body {
    pub id: BodyId,
    pub name: String,
    /// The name in other languages.
    #[serde(default)]
    pub names: Titles,
    /// Symbol prefix of the body's documents, e.g. `A/C.2`.
    pub symbol_prefix: Option<String>,
    /// Rights of reply a delegation has per agenda item, and the speaking
    /// time of each in seconds (the General Assembly's: `[600, 300]`).
    pub reply_limits_s: Vec<u32>,
    /// Observer delegations may sponsor the body's draft resolutions.
    #[serde(default)]
    pub observers_may_sponsor: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    pub name: String,
    /// The name in other languages.
    #[serde(default)]
    pub names: Titles,
    #[serde(default)]
    pub symbol_prefix: Option<String>,
    /// At most five, each 10 to 3600 seconds; absent: `[600, 300]`.
    #[serde(default)]
    pub reply_limits_s: Option<Vec<u32>>,
    /// Observer delegations may sponsor the body's draft resolutions.
    #[serde(default)]
    pub observers_may_sponsor: bool,
}

/// A body's rights of reply when it does not set them: two, ten minutes then five.
pub const DEFAULT_REPLY_LIMITS_S: [u32; 2] = [600, 300];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Room {
    pub id: RoomId,
    pub name: String,
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateRoom {
    pub name: String,
    #[serde(default)]
    pub capacity: Option<u32>,
}

// ---------------------------------------------------------------- meetings

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Scheduled,
    InProgress,
    Suspended,
    Adjourned,
    Cancelled,
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 5] = [
        MeetingStatus::Scheduled,
        MeetingStatus::InProgress,
        MeetingStatus::Suspended,
        MeetingStatus::Adjourned,
        MeetingStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "scheduled",
            MeetingStatus::InProgress => "in_progress",
            MeetingStatus::Suspended => "suspended",
            MeetingStatus::Adjourned => "adjourned",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingStatus> {
        MeetingStatus::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// Who may see and join a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Everyone, including readers who are not signed in.
    Public,
    /// Staff and the delegations in `invited_delegations` only.
    Closed,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Public => "public",
            Access::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Access> {
        [Access::Public, Access::Closed]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// The item's number on the body's agenda, e.g. `17 (a)`; optional.
    #[serde(default)]
    pub number: Option<String>,
    pub title: String,
    /// The title in other languages.
    #[serde(default, skip_serializing_if = "Titles::is_empty")]
    pub titles: Titles,
}

/// A title (or a name) in some of the six languages, beside the one given:
/// a reader is shown the one in their language, else the one given.
pub type Titles = std::collections::BTreeMap<Language, String>;

/// The title a reader in `lang` is shown: theirs, else the one given.
pub fn title_in(given: &str, titles: &Titles, lang: Language) -> String {
    titles
        .get(&lang)
        .map_or_else(|| given.to_string(), Clone::clone)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meeting {
    pub id: MeetingId,
    pub title: String,
    /// The title in other languages.
    #[serde(default)]
    pub titles: Titles,
    pub body_id: BodyId,
    pub room_id: Option<RoomId>,
    /// Start as an instant (UTC).
    pub starts_at: DateTime<Utc>,
    /// End as an instant (UTC).
    pub ends_at: DateTime<Utc>,
    /// IANA time zone the meeting was scheduled in, e.g. `America/New_York`.
    pub time_zone: String,
    /// Start as wall-clock time in `time_zone`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-30T10:00:00"))]
    pub starts_local: NaiveDateTime,
    /// End as wall-clock time in `time_zone`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-30T13:00:00"))]
    pub ends_local: NaiveDateTime,
    pub status: MeetingStatus,
    pub access: Access,
    pub invited_delegations: Vec<DelegationId>,
    pub agenda: Vec<AgendaItem>,
    /// The presiding officer, who holds the chair's powers in the live meeting.
    pub chair_id: Option<UserId>,
    /// The secretary of the meeting, a member of the secretariat who may do
    /// all the chair does on the chair's behalf; `None`: any member of the
    /// secretariat may.
    #[serde(default)]
    pub secretary_id: Option<UserId>,
    /// The booths: for each language the meeting is interpreted into, the
    /// interpreters booked for it (readers other than staff see the
    /// languages, and their own name only).
    #[serde(default)]
    pub interpreters: Interpreters,
    /// iCalendar SEQUENCE: bumped each time the time, place or status changes.
    pub sequence: u32,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateMeeting {
    pub title: String,
    /// The title in other languages.
    #[serde(default)]
    pub titles: Titles,
    pub body_id: BodyId,
    #[serde(default)]
    pub room_id: Option<RoomId>,
    /// Wall-clock start in `time_zone`, `YYYY-MM-DDTHH:MM[:SS]`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-30T10:00"))]
    pub starts_local: String,
    /// Wall-clock end in `time_zone`; after the start.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-30T13:00"))]
    pub ends_local: String,
    /// IANA time zone name.
    pub time_zone: String,
    #[serde(default = "default_access")]
    pub access: Access,
    #[serde(default)]
    pub invited_delegations: Vec<DelegationId>,
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    /// The booths, each with its team of interpreters.
    #[serde(default)]
    pub interpreters: Interpreters,
}

/// A meeting's booths: the language each interprets into, and the team of
/// interpreters booked in it ([`BOOTH_TEAM`] many).
pub type Interpreters = std::collections::BTreeMap<Language, Vec<UserId>>;

/// How many interpreters a booth's team has: at least two, who hand over
/// to each other every half hour, and a third for long meetings.
pub const BOOTH_TEAM: std::ops::RangeInclusive<usize> = 2..=3;

fn default_access() -> Access {
    Access::Public
}

/// Every field is optional; absent fields keep their value. Changing the time
/// or room is checked for conflicts again.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMeeting {
    #[serde(default)]
    pub title: Option<String>,
    /// Replaces the title's translations; `{}` removes them.
    #[serde(default)]
    pub titles: Option<Titles>,
    #[serde(default)]
    pub body_id: Option<BodyId>,
    /// `null` moves the meeting out of any room.
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<RoomId>))]
    pub room_id: Option<Option<RoomId>>,
    #[serde(default)]
    pub starts_local: Option<String>,
    #[serde(default)]
    pub ends_local: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub access: Option<Access>,
    #[serde(default)]
    pub invited_delegations: Option<Vec<DelegationId>>,
    #[serde(default)]
    pub agenda: Option<Vec<AgendaItem>>,
    /// Replaces every booth; `{}` removes interpretation.
    #[serde(default)]
    pub interpreters: Option<Interpreters>,
}

/// The meetings of one day in one time zone.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Journal {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-30"))]
    pub date: NaiveDate,
    pub time_zone: String,
    /// Ordered by start time.
    pub meetings: Vec<Meeting>,
}

/// A personal calendar feed. The URL holds a secret: treat it like a password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    pub url: String,
}

/// A personal feed of newly issued documents (Atom). The URL holds a
/// secret: treat it like a password.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentsFeed {
    pub url: String,
}

/// `/readyz`: each backend and whether it answered.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    pub ready: bool,
    pub database: bool,
    pub objects: bool,
    /// The live meetings' store (Redis, where configured).
    pub live: bool,
}

/// Serde helper telling an absent field (`None`) from an explicit `null` (`Some(None)`).
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        v: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

// ---------------------------------------------------------------- documents

/// Who may read a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// Everyone, without signing in.
    General,
    /// Every signed-in user.
    Limited,
    /// Staff and the delegations named in `restricted_to`.
    Restricted,
}

impl Distribution {
    pub fn as_str(self) -> &'static str {
        match self {
            Distribution::General => "general",
            Distribution::Limited => "limited",
            Distribution::Restricted => "restricted",
        }
    }

    pub fn parse(s: &str) -> Option<Distribution> {
        [
            Distribution::General,
            Distribution::Limited,
            Distribution::Restricted,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

/// The six official languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Ar,
    Zh,
    En,
    Fr,
    Ru,
    Es,
}

impl Language {
    pub const ALL: [Language; 6] = [
        Language::Ar,
        Language::Zh,
        Language::En,
        Language::Fr,
        Language::Ru,
        Language::Es,
    ];

    /// Order tried when the asked language is not issued yet: the asked one,
    /// then the Secretariat's working languages (English, French), then the
    /// others in the order of `ALL`.
    pub fn fallback_order(asked: Language) -> Vec<Language> {
        let mut order = vec![asked, Language::En, Language::Fr];
        order.extend(Language::ALL);
        let mut seen = Vec::new();
        order.retain(|l| {
            let first = !seen.contains(l);
            seen.push(*l);
            first
        });
        order
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Language::Ar => "ar",
            Language::Zh => "zh",
            Language::En => "en",
            Language::Fr => "fr",
            Language::Ru => "ru",
            Language::Es => "es",
        }
    }

    pub fn parse(s: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// One stored file of a language version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentFile {
    pub id: uuid::Uuid,
    pub size: u64,
    pub sha256: String,
    /// Detected from the bytes, not taken from the uploader.
    pub content_type: String,
    pub filename: String,
    pub uploaded_at: DateTime<Utc>,
}

/// The documents a document's symbol relates it to: the one it revises,
/// adds to or corrects, and those that revise, add to or correct it (as the
/// reader may see them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentLineage {
    pub parent: Option<RelatedDocument>,
    pub children: Vec<RelatedDocument>,
}

/// A document related by lineage; `relation` and `number` are the step
/// between the two (`A/57/L.12/Rev.2` is revision 2 of `A/57/L.12`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RelatedDocument {
    pub id: DocumentId,
    pub symbol: String,
    pub title: String,
    /// The title in other languages.
    #[serde(default)]
    pub titles: Titles,
    /// `revision`, `addendum` or `corrigendum`.
    pub relation: String,
    pub number: u16,
}

// ---------------------------------------------------------------- sponsors

/// A change to a draft resolution's list of sponsors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SponsorAct {
    /// The secretariat named a main sponsor.
    Main,
    /// A delegation joined the co-sponsors.
    Add,
    /// A delegation left the co-sponsors.
    Withdraw,
    /// The secretariat closed the list.
    Close,
}

impl SponsorAct {
    pub const ALL: [SponsorAct; 4] = [
        SponsorAct::Main,
        SponsorAct::Add,
        SponsorAct::Withdraw,
        SponsorAct::Close,
    ];

    /// Its name in the API and in SQL.
    pub fn as_str(self) -> &'static str {
        match self {
            SponsorAct::Main => "main",
            SponsorAct::Add => "add",
            SponsorAct::Withdraw => "withdraw",
            SponsorAct::Close => "close",
        }
    }

    pub fn parse(name: &str) -> Option<SponsorAct> {
        SponsorAct::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

/// One kept change of a draft's sponsors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SponsorChange {
    pub act: SponsorAct,
    /// The delegation it concerns; absent when the list was closed.
    pub delegation: Option<Delegation>,
    /// The name of who made the change: shown to staff only.
    pub by: Option<String>,
    pub at: DateTime<Utc>,
}

/// The secretariat names a main sponsor of a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NameMainSponsor {
    pub delegation_id: DelegationId,
}

/// A draft resolution's sponsors: the current list and how it came to be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sponsors {
    pub document_id: DocumentId,
    /// Delegations may join or leave while the list is open.
    pub open: bool,
    /// Named by the secretariat, in the order named.
    pub main: Vec<Delegation>,
    /// In the order they joined.
    pub co: Vec<Delegation>,
    /// Every change, oldest first.
    pub history: Vec<SponsorChange>,
}

// ---------------------------------------------------------------- statements

/// A statement a delegation handed in before speaking: readable to the
/// secretariat, the meeting's interpreters and the delegation until it takes
/// the floor, then to all who may read the meeting, as a text to check
/// against delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statement {
    pub id: uuid::Uuid,
    pub meeting_id: MeetingId,
    pub delegation: Delegation,
    /// The language it is written in.
    pub language: Language,
    pub file: DocumentFile,
    /// When the delegation took the floor after handing it in; absent until then.
    pub delivered_at: Option<DateTime<Utc>>,
    /// Where to download it.
    pub url: String,
}

/// A language version: issued once a file is stored; earlier files stay in `history`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LanguageVersion {
    pub language: Language,
    /// `awaiting_translation` or `issued`.
    pub status: String,
    pub current: Option<DocumentFile>,
    pub history: Vec<DocumentFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    pub id: DocumentId,
    pub symbol: String,
    pub title: String,
    /// The title in other languages.
    #[serde(default)]
    pub titles: Titles,
    /// The issuing organ; a document of a meeting takes the meeting's body.
    pub body_id: Option<BodyId>,
    pub meeting_id: Option<MeetingId>,
    /// Position of the agenda item in the meeting's agenda, from 0.
    pub agenda_position: Option<u32>,
    pub distribution: Distribution,
    pub restricted_to: Vec<DelegationId>,
    pub withdrawn: bool,
    /// All six languages, in the order of `Language::ALL`.
    pub versions: Vec<LanguageVersion>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateDocument {
    pub symbol: String,
    pub title: String,
    /// The title in other languages.
    #[serde(default)]
    pub titles: Titles,
    /// The issuing organ; defaults to the meeting's body when `meeting_id` is given.
    #[serde(default)]
    pub body_id: Option<BodyId>,
    #[serde(default)]
    pub meeting_id: Option<MeetingId>,
    #[serde(default)]
    pub agenda_position: Option<u32>,
    pub distribution: Distribution,
    #[serde(default)]
    pub restricted_to: Vec<DelegationId>,
}

/// One document found by `GET /api/v1/search`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub document: Document,
    /// Relevance (BM25); only the order is meaningful.
    pub score: f32,
    /// The language version the snippet comes from.
    pub snippet_language: Option<Language>,
    /// A passage of the text around the words found, HTML-escaped, with the
    /// words found in `<b>`; safe to insert as markup.
    pub snippet_html: Option<String>,
}

/// A page of search results, best first.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    /// Documents matching, before paging (at most those the caller may read).
    pub total: u64,
    pub hits: Vec<SearchHit>,
}

/// Body of `PUT /api/v1/meetings/{id}/chair`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetChair {
    /// The user who presides; `null` leaves the meeting without a chair.
    pub chair_id: Option<UserId>,
}

/// Body of `PUT /api/v1/meetings/{id}/secretary`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetSecretary {
    /// A member of the secretariat; `null` lets any member act for the chair.
    pub secretary_id: Option<UserId>,
}

/// A single-use token to open a meeting's websocket without the session cookie.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    /// Path of the websocket, with `v` and `token` to add as query parameters.
    pub path: String,
}

/// Asks for a viewer's link to a public meeting.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewViewerLink {
    /// How long the link holds, 1 to 336 hours (24 when absent).
    #[serde(default)]
    pub hours: Option<u32>,
}

/// A link to watch and listen to a public meeting without an account (the
/// stage's video, the floor or a booth's channel), until it expires.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ViewerLink {
    /// The page to open.
    pub url: String,
    /// What the page passes as `watch` to the meeting's websocket.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Where a meeting's minutes stand. Saving a revision of published minutes
/// starts a correction (back to draft); publishing it issues a corrigendum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MinutesState {
    Draft,
    InReview,
    Published,
}

impl MinutesState {
    pub fn as_str(self) -> &'static str {
        match self {
            MinutesState::Draft => "draft",
            MinutesState::InReview => "in_review",
            MinutesState::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<MinutesState> {
        Some(match s {
            "draft" => MinutesState::Draft,
            "in_review" => MinutesState::InReview,
            "published" => MinutesState::Published,
            _ => return None,
        })
    }
}

/// Body of `POST /api/v1/meetings/{id}/minutes`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateMinutes {
    /// The summary record's symbol, e.g. `A/C.2/57/SR.12`; corrigenda add `/Corr.N`.
    pub symbol: String,
    /// The language the minutes are written in.
    pub language: Language,
    /// Start from a skeleton drafted from the meeting's record (attendance,
    /// agenda items taken up, speakers with times, status changes).
    #[serde(default)]
    pub from_record: bool,
}

/// One saved text of the minutes. Revisions are numbered from 1 and never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision {
    pub number: u64,
    pub author_id: UserId,
    pub author_name: String,
    pub saved_at: DateTime<Utc>,
    /// Saved by the editor on its own rather than by the author's choice.
    pub autosave: bool,
    /// Markdown.
    pub content: String,
}

/// Body of `POST /api/v1/meetings/{id}/minutes/revisions` (and `/autosave`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveRevision {
    /// The revision this text was edited from (0 before the first save).
    pub based_on: u64,
    /// Markdown.
    pub content: String,
}

/// With `stale_revision`: the newest revision and the text that was refused,
/// so the editor can merge without losing either.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionConflict {
    pub current: Revision,
    pub yours: String,
}

/// Body of the review and publish steps: the revision the caller has seen.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MinutesStep {
    pub revision: u64,
}

/// The four files of a published version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MinutesFileKind {
    Markdown,
    Html,
    Pdf,
    Manifest,
}

impl MinutesFileKind {
    pub const ALL: [MinutesFileKind; 4] = [
        MinutesFileKind::Markdown,
        MinutesFileKind::Html,
        MinutesFileKind::Pdf,
        MinutesFileKind::Manifest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MinutesFileKind::Markdown => "markdown",
            MinutesFileKind::Html => "html",
            MinutesFileKind::Pdf => "pdf",
            MinutesFileKind::Manifest => "manifest",
        }
    }

    pub fn parse(s: &str) -> Option<MinutesFileKind> {
        MinutesFileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The file's name inside a version, and the type it is served with.
    pub fn file_name(self) -> &'static str {
        match self {
            MinutesFileKind::Markdown => "minutes.md",
            MinutesFileKind::Html => "minutes.html",
            MinutesFileKind::Pdf => "minutes.pdf",
            MinutesFileKind::Manifest => "manifest.json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            MinutesFileKind::Markdown => "text/markdown; charset=utf-8",
            MinutesFileKind::Html => "text/html; charset=utf-8",
            MinutesFileKind::Pdf => "application/pdf",
            MinutesFileKind::Manifest => "application/json",
        }
    }
}

/// One stored file of a published version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinutesFile {
    pub kind: MinutesFileKind,
    pub size: u64,
    pub sha256: String,
}

/// A published version: version 1 under the minutes' symbol, each later one a
/// corrigendum (`/Corr.1`, ...). Published versions never change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedMinutes {
    pub version: u32,
    pub symbol: String,
    /// The revision whose text was published.
    pub revision: u64,
    /// The official document issued for it (its PDF as the language version).
    pub document_id: DocumentId,
    pub published_by: UserId,
    pub published_at: DateTime<Utc>,
    pub files: Vec<MinutesFile>,
}

/// The manifest stored beside each published version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinutesManifest {
    pub symbol: String,
    pub version: u32,
    pub meeting_id: MeetingId,
    pub language: Language,
    pub revision: u64,
    pub publisher_id: UserId,
    pub publisher_name: String,
    pub published_at: DateTime<Utc>,
    /// Name, size and SHA-256 of the Markdown, HTML and PDF files.
    pub files: Vec<ManifestEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManifestEntry {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// A meeting's minutes. Readers who are not staff see only the published
/// versions (`head` is then absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Minutes {
    pub id: MinutesId,
    pub meeting_id: MeetingId,
    pub symbol: String,
    pub language: Language,
    pub state: MinutesState,
    /// The newest revision, for the secretariat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Revision>,
    /// Oldest first.
    pub versions: Vec<PublishedMinutes>,
}

/// What an audit log entry records: security events only (never a ballot's
/// content, never a password or token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignedIn,
    /// A wrong password, an unknown email or a disabled account.
    SignInRefused,
    /// Refused unchecked: too many attempts from the address or for the account.
    SignInLimited,
    PasswordChanged,
    UserCreated,
    RoleChanged,
    DelegationChanged,
    AccountDisabled,
    AccountEnabled,
    /// Every session of the account revoked by an administrator.
    SessionsRevoked,
    DocumentIssued,
    DocumentWithdrawn,
    /// A file of a document that is not for general distribution downloaded.
    RestrictedDownload,
    MinutesPublished,
    /// The chair removed a participant for the rest of the meeting.
    ParticipantRemoved,
    /// The chair muted a participant.
    ParticipantMuted,
    VoteOpened,
    VoteClosed,
    /// Two-factor sign-in set up (its recovery codes issued).
    TwoFactorEnrolled,
    /// Two-factor sign-in turned off by its user or reset by an administrator.
    TwoFactorRemoved,
    /// A delegate's right to sign for the delegation given or taken.
    SigningRightChanged,
    /// An account linked to a subject of the organisation's OpenID provider.
    IdentityLinked,
}

impl AuditAction {
    pub const ALL: [AuditAction; 22] = [
        AuditAction::SignedIn,
        AuditAction::SignInRefused,
        AuditAction::SignInLimited,
        AuditAction::PasswordChanged,
        AuditAction::UserCreated,
        AuditAction::RoleChanged,
        AuditAction::DelegationChanged,
        AuditAction::AccountDisabled,
        AuditAction::AccountEnabled,
        AuditAction::SessionsRevoked,
        AuditAction::DocumentIssued,
        AuditAction::DocumentWithdrawn,
        AuditAction::RestrictedDownload,
        AuditAction::MinutesPublished,
        AuditAction::ParticipantRemoved,
        AuditAction::ParticipantMuted,
        AuditAction::VoteOpened,
        AuditAction::VoteClosed,
        AuditAction::TwoFactorEnrolled,
        AuditAction::TwoFactorRemoved,
        AuditAction::SigningRightChanged,
        AuditAction::IdentityLinked,
    ];

    /// Its name in the API and in SQL.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignedIn => "signed_in",
            AuditAction::SignInRefused => "sign_in_refused",
            AuditAction::SignInLimited => "sign_in_limited",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::UserCreated => "user_created",
            AuditAction::RoleChanged => "role_changed",
            AuditAction::DelegationChanged => "delegation_changed",
            AuditAction::AccountDisabled => "account_disabled",
            AuditAction::AccountEnabled => "account_enabled",
            AuditAction::SessionsRevoked => "sessions_revoked",
            AuditAction::DocumentIssued => "document_issued",
            AuditAction::DocumentWithdrawn => "document_withdrawn",
            AuditAction::RestrictedDownload => "restricted_download",
            AuditAction::MinutesPublished => "minutes_published",
            AuditAction::ParticipantRemoved => "participant_removed",
            AuditAction::ParticipantMuted => "participant_muted",
            AuditAction::VoteOpened => "vote_opened",
            AuditAction::VoteClosed => "vote_closed",
            AuditAction::TwoFactorEnrolled => "two_factor_enrolled",
            AuditAction::TwoFactorRemoved => "two_factor_removed",
            AuditAction::SigningRightChanged => "signing_right_changed",
            AuditAction::IdentityLinked => "identity_linked",
        }
    }

    pub fn parse(name: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Its place in the log, from 1; later entries have larger numbers.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub action: AuditAction,
    /// The user who acted; absent when nobody was signed in.
    pub actor: Option<UserId>,
    /// The actor's name and email as they are now.
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    /// The client's address, through the trusted proxies.
    pub address: Option<String>,
    /// What it was done to: `user:<id>`, `document:<id>`, `meeting:<id>`, `minutes:<id>`.
    pub subject: Option<String>,
    /// What else there is to say (a role before and after, a symbol, a vote's number).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: serde_json::Value,
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; absent on the last.
    pub next_before: Option<i64>,
}

impl Meeting {
    /// The meeting as a reader in `lang` reads it: its title and its agenda
    /// items' in their language where given.
    pub fn in_language(mut self, lang: Language) -> Meeting {
        self.title = title_in(&self.title, &self.titles, lang);
        for item in &mut self.agenda {
            item.title = title_in(&item.title, &item.titles, lang);
        }
        self
    }
}

impl Document {
    /// The document as a reader in `lang` reads it: its title in their
    /// language where given.
    pub fn in_language(mut self, lang: Language) -> Document {
        self.title = title_in(&self.title, &self.titles, lang);
        self
    }
}
