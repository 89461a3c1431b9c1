//! Errors at the HTTP edge, and the one mapping from them to responses.
//!
//! Policy: every error a client sees is an RFC 9457 problem with a stable
//! `code`. Store and internal failures are logged here with their cause and
//! answered with a generic 500 (`internal`) or 503 (`unavailable`); their text
//! never reaches the client.

use crate::validate::{Broken, Invalid};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use plenary_frontend::i18n::{self, Arg};
use plenary_protocol::api::{Language, Meeting, MeetingStatus, MinutesState};
use plenary_protocol::{ErrorCode, Problem};
use std::fmt;

tokio::task_local! {
    /// The reader's language while a request is answered, set at the HTTP
    /// edge (`http::in_readers_language`); English outside it.
    pub static LANGUAGE: Language;
}

/// Failures of the SQL store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("corrupt row: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Whether the database answered with a unique-constraint violation.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Sql(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("validation failed")]
    Validation(Vec<Invalid>),
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("forbidden")]
    Forbidden,
    /// Forbidden, and the problem's detail says why.
    #[error("forbidden: {0}")]
    Refused(Refusal),
    #[error("csrf check failed: {0}")]
    Csrf(Refusal),
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("room conflict")]
    RoomConflict(Box<Meeting>),
    /// An interpreter (named in the field's error) is booked in this meeting.
    #[error("interpreter conflict")]
    InterpreterConflict(Box<Meeting>, Invalid),
    #[error("already exists: {0}")]
    AlreadyExists(Refusal),
    #[error("invalid state: {0}")]
    InvalidState(Refusal),
    #[error("stale revision")]
    StaleRevision(Box<plenary_protocol::api::RevisionConflict>),
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("range not satisfiable")]
    RangeNotSatisfiable { size: u64 },
    #[error("upload incomplete: {0}")]
    UploadIncomplete(String),
    #[error("object storage unavailable: {0}")]
    StorageUnavailable(String),
    /// A part of the hub this node was started without (see the message).
    #[error("not installed: {0}")]
    NotInstalled(String),
    /// A backend other than SQL or object storage did not answer (see the message).
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("internal: {0}")]
    Internal(String),
    #[error("this address speaks websocket only")]
    UpgradeRequired,
    #[error("the request took too long")]
    RequestTimeout,
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Store(StoreError::Sql(e))
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
            _ => ApiError::InvalidJson(r.body_text()),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        // A malformed id names nothing that exists.
        ApiError::NotFound
    }
}

impl From<axum::extract::rejection::FormRejection> for ApiError {
    fn from(r: axum::extract::rejection::FormRejection) -> Self {
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
            _ => ApiError::invalid(
                "form",
                Broken::Unreadable {
                    reason: r.body_text(),
                },
            ),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::invalid(
            "query",
            Broken::Unreadable {
                reason: r.body_text(),
            },
        )
    }
}

/// Why a request cannot be done as things stand: the problem's `detail`,
/// said in the reader's language (`refusal-<name>` in the catalogs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    BodyNameTaken,
    RoomNameTaken,
    EmailTaken,
    DelegationCodeTaken,
    SymbolTaken,
    MinutesExist,
    PublishedMeanwhile,
    /// A cancelled or adjourned meeting is not changed any more.
    MeetingClosed(MeetingStatus),
    CancelledMeanwhile,
    OnlyScheduledCancels(MeetingStatus),
    /// The meeting cannot be joined in this state.
    NotJoinable(MeetingStatus),
    NotInReview(MinutesState),
    NotNewest {
        revision: u64,
        head: u64,
    },
    ChangedWhilePublishing,
    BaseUnknown,
    NothingWritten,
    /// The minutes left `expected` before this change got to them.
    MovedMeanwhile {
        expected: MinutesState,
    },
    Withdrawn,
    /// Viewers' links are for public meetings.
    NotPublic,
    /// A viewer's link that this hub did not make, or that has expired.
    ViewerLink,
    CsrfToken,
    CsrfOrigin,
    CsrfHeader,
    /// Two-factor sign-in is on already: remove it before setting up anew.
    TwoFactorOn,
    /// The role must sign in with two factors: it stays on.
    TwoFactorRequired,
    /// No two-factor setup was started (or another replaced it).
    TwoFactorNotStarted,
    /// The session is not at that step of its sign-in.
    NotThisStage,
    RetryIn {
        seconds: u64,
    },
    NotADraft,
    SponsorsClosed,
    OtherDelegation,
    NoSigningRight,
    ObserversMayNotSponsor,
    AlreadySponsor,
    NotCoSponsor,
    /// Only a delegation inscribed to make a statement hands one in.
    NotInscribed,
    TooManyStatements {
        max: u64,
    },
    TooManySponsorChanges {
        max: u64,
    },
    /// The hub signs users in through the organisation's provider only.
    PasswordSignInOff,
}

impl Refusal {
    /// The catalog message that says it and the values it shows.
    pub fn words(&self) -> (&'static str, Vec<(&'static str, Arg)>) {
        use Refusal::*;
        let n = |v: u64| Arg::Number(i64::try_from(v).unwrap_or(i64::MAX));
        match self {
            BodyNameTaken => ("refusal-body-name-taken", vec![]),
            RoomNameTaken => ("refusal-room-name-taken", vec![]),
            EmailTaken => ("refusal-email-taken", vec![]),
            DelegationCodeTaken => ("refusal-delegation-code-taken", vec![]),
            SymbolTaken => ("refusal-symbol-taken", vec![]),
            MinutesExist => ("refusal-minutes-exist", vec![]),
            PublishedMeanwhile => ("refusal-published-meanwhile", vec![]),
            MeetingClosed(s) => ("refusal-meeting-closed", vec![("status", Arg::Status(*s))]),
            CancelledMeanwhile => ("refusal-cancelled-meanwhile", vec![]),
            OnlyScheduledCancels(s) => (
                "refusal-only-scheduled-cancels",
                vec![("status", Arg::Status(*s))],
            ),
            NotJoinable(s) => ("refusal-not-joinable", vec![("status", Arg::Status(*s))]),
            NotInReview(s) => ("refusal-not-in-review", vec![("state", Arg::Minutes(*s))]),
            NotNewest { revision, head } => (
                "refusal-not-newest",
                vec![("revision", n(*revision)), ("head", n(*head))],
            ),
            ChangedWhilePublishing => ("refusal-changed-while-publishing", vec![]),
            BaseUnknown => ("refusal-base-unknown", vec![]),
            NothingWritten => ("refusal-nothing-written", vec![]),
            MovedMeanwhile { expected } => (
                "refusal-moved-meanwhile",
                vec![("state", Arg::Minutes(*expected))],
            ),
            Withdrawn => ("refusal-withdrawn", vec![]),
            NotPublic => ("refusal-not-public", vec![]),
            ViewerLink => ("refusal-viewer-link", vec![]),
            CsrfToken => ("refusal-csrf-token", vec![]),
            CsrfOrigin => ("refusal-csrf-origin", vec![]),
            CsrfHeader => ("refusal-csrf-header", vec![]),
            TwoFactorOn => ("refusal-two-factor-on", vec![]),
            TwoFactorRequired => ("refusal-two-factor-required", vec![]),
            TwoFactorNotStarted => ("refusal-two-factor-not-started", vec![]),
            NotThisStage => ("refusal-not-this-stage", vec![]),
            RetryIn { seconds } => ("refusal-retry-in", vec![("seconds", n(*seconds))]),
            NotADraft => ("refusal-not-a-draft", vec![]),
            SponsorsClosed => ("refusal-sponsors-closed", vec![]),
            OtherDelegation => ("refusal-other-delegation", vec![]),
            NoSigningRight => ("refusal-no-signing-right", vec![]),
            ObserversMayNotSponsor => ("refusal-observers-may-not-sponsor", vec![]),
            AlreadySponsor => ("refusal-already-sponsor", vec![]),
            NotCoSponsor => ("refusal-not-co-sponsor", vec![]),
            NotInscribed => ("refusal-not-inscribed", vec![]),
            TooManyStatements { max } => ("refusal-too-many-statements", vec![("max", n(*max))]),
            TooManySponsorChanges { max } => {
                ("refusal-too-many-sponsor-changes", vec![("max", n(*max))])
            }
            PasswordSignInOff => ("refusal-password-sign-in-off", vec![]),
        }
    }

    /// The refusal in `l`.
    pub fn say(&self, l: Language) -> String {
        let (key, args) = self.words();
        i18n::say(l, key, &args)
    }
}

/// In English: the command line and logs.
impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Language::En))
    }
}

impl ApiError {
    /// A `validation_failed` for one field.
    pub fn invalid(field: impl Into<String>, broken: Broken) -> ApiError {
        ApiError::Validation(vec![Invalid::new(field, broken)])
    }

    fn parts(&self) -> (StatusCode, ErrorCode) {
        use ApiError::*;
        match self {
            InvalidJson(_) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidJson),
            UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
            ),
            PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge),
            Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ValidationFailed,
            ),
            Unauthenticated => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated),
            InvalidCredentials => (StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials),
            Forbidden | Refused(_) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            Csrf(_) => (StatusCode::FORBIDDEN, ErrorCode::CsrfFailed),
            NotFound => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed),
            RoomConflict(_) => (StatusCode::CONFLICT, ErrorCode::RoomConflict),
            InterpreterConflict(..) => (StatusCode::CONFLICT, ErrorCode::InterpreterConflict),
            AlreadyExists(_) => (StatusCode::CONFLICT, ErrorCode::AlreadyExists),
            InvalidState(_) => (StatusCode::CONFLICT, ErrorCode::InvalidState),
            StaleRevision(_) => (StatusCode::CONFLICT, ErrorCode::StaleRevision),
            RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            Store(StoreError::Sql(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_))) => {
                (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable)
            }
            RangeNotSatisfiable { .. } => (
                StatusCode::RANGE_NOT_SATISFIABLE,
                ErrorCode::RangeNotSatisfiable,
            ),
            UploadIncomplete(_) => (StatusCode::BAD_REQUEST, ErrorCode::UploadIncomplete),
            UpgradeRequired => (StatusCode::UPGRADE_REQUIRED, ErrorCode::UpgradeRequired),
            RequestTimeout => (StatusCode::REQUEST_TIMEOUT, ErrorCode::RequestTimeout),
            StorageUnavailable(_) | Unavailable(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable)
            }
            NotInstalled(_) => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable),
            Store(_) | Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
        }
    }

    /// The problem body a client receives, titled in the language of the
    /// request being answered.
    pub fn problem(&self) -> Problem {
        let (status, code) = self.parts();
        let language = LANGUAGE.try_with(|l| *l).unwrap_or(Language::En);
        let detail = match self {
            ApiError::InvalidJson(d) => Some(d.clone()),
            // For whoever runs the node, so in English.
            ApiError::NotInstalled(why) => Some(why.clone()),
            ApiError::Csrf(why)
            | ApiError::Refused(why)
            | ApiError::AlreadyExists(why)
            | ApiError::InvalidState(why) => Some(why.say(language)),
            ApiError::RateLimited { retry_after_secs } => Some(
                Refusal::RetryIn {
                    seconds: *retry_after_secs,
                }
                .say(language),
            ),
            _ => None,
        };
        Problem {
            type_uri: format!("/api/problems#{}", code.as_str()),
            title: plenary_frontend::i18n::problem_title(language, code),
            status: status.as_u16(),
            detail,
            code,
            errors: match self {
                ApiError::Validation(errors) => {
                    errors.iter().map(|e| e.in_language(language)).collect()
                }
                ApiError::InterpreterConflict(_, error) => vec![error.in_language(language)],
                _ => Vec::new(),
            },
            conflicting_meeting: match self {
                ApiError::RoomConflict(m) | ApiError::InterpreterConflict(m, _) => Some(m.clone()),
                _ => None,
            },
            revision_conflict: match self {
                ApiError::StaleRevision(c) => Some(c.clone()),
                _ => None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = self.problem();
        if problem.status >= 500 {
            tracing::error!(error = %self, code = problem.code.as_str(), "request failed: {self}");
        }
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let ApiError::RateLimited { retry_after_secs } = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        if let ApiError::RangeNotSatisfiable { size } = self {
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                headers.insert(header::CONTENT_RANGE, v);
            }
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Maps a unique-constraint violation of an insert or update to `already_exists`.
pub fn unique_or<T>(result: Result<T, sqlx::Error>, what: Refusal) -> ApiResult<T> {
    result.map_err(StoreError::from).map_err(|e| {
        if e.is_unique_violation() {
            ApiError::AlreadyExists(what)
        } else {
            e.into()
        }
    })
}

impl From<plenary_rules::sponsors::SponsorError> for ApiError {
    fn from(e: plenary_rules::sponsors::SponsorError) -> Self {
        use plenary_rules::sponsors::SponsorError::*;
        match e {
            NotADraft => ApiError::InvalidState(Refusal::NotADraft),
            Closed => ApiError::InvalidState(Refusal::SponsorsClosed),
            NotSecretariat => ApiError::Forbidden,
            OtherDelegation => ApiError::Refused(Refusal::OtherDelegation),
            NoSigningRight => ApiError::Refused(Refusal::NoSigningRight),
            ObserverNotAllowed => ApiError::Refused(Refusal::ObserversMayNotSponsor),
            AlreadySponsor => ApiError::AlreadyExists(Refusal::AlreadySponsor),
            NotCoSponsor => ApiError::InvalidState(Refusal::NotCoSponsor),
        }
    }
}

impl From<crate::login_limit::LimitError> for ApiError {
    fn from(e: crate::login_limit::LimitError) -> Self {
        use crate::login_limit::LimitError;
        match e {
            LimitError::Exceeded { retry_after_secs } => ApiError::RateLimited { retry_after_secs },
            LimitError::Unavailable(why) => ApiError::Unavailable(format!("sign-in limit: {why}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_said_in_all_six_languages() {
        use Refusal::*;
        let refusals = [
            BodyNameTaken,
            RoomNameTaken,
            EmailTaken,
            DelegationCodeTaken,
            SymbolTaken,
            MinutesExist,
            PublishedMeanwhile,
            MeetingClosed(MeetingStatus::Adjourned),
            CancelledMeanwhile,
            OnlyScheduledCancels(MeetingStatus::InProgress),
            NotJoinable(MeetingStatus::Cancelled),
            NotInReview(MinutesState::Draft),
            NotNewest {
                revision: 3,
                head: 4,
            },
            ChangedWhilePublishing,
            BaseUnknown,
            NothingWritten,
            MovedMeanwhile {
                expected: MinutesState::InReview,
            },
            Withdrawn,
            NotPublic,
            ViewerLink,
            CsrfToken,
            CsrfOrigin,
            CsrfHeader,
            TwoFactorOn,
            TwoFactorRequired,
            TwoFactorNotStarted,
            NotThisStage,
            RetryIn { seconds: 7 },
            NotADraft,
            SponsorsClosed,
            OtherDelegation,
            NoSigningRight,
            ObserversMayNotSponsor,
            AlreadySponsor,
            NotCoSponsor,
            NotInscribed,
            TooManyStatements { max: 20 },
            PasswordSignInOff,
            TooManySponsorChanges { max: 2000 },
        ];
        let keys: std::collections::BTreeSet<&str> = refusals.iter().map(|r| r.words().0).collect();
        let catalog: std::collections::BTreeSet<&str> = i18n::keys_starting("refusal-").collect();
        assert_eq!(keys, catalog, "refusals and catalog messages differ");
        for refusal in &refusals {
            let (key, args) = refusal.words();
            for l in Language::ALL {
                assert!(
                    i18n::said(l, key, &args).is_some(),
                    "{key} is missing or faulty in {l:?}"
                );
            }
        }
        // Words inside the sentence are in the reader's language too.
        assert_eq!(
            MeetingClosed(MeetingStatus::Adjourned).say(Language::Fr),
            "La séance est « Levée »; elle ne peut plus être modifiée."
        );
        assert_eq!(
            RetryIn { seconds: 1 }.say(Language::En),
            "Try again in 1 second."
        );
        assert_eq!(
            RetryIn { seconds: 3 }.say(Language::Ru),
            "Повторите через 3 секунды."
        );
    }
}
