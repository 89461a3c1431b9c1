//! Errors on the wire: RFC 9457 problem details with a stable `code`.
//!
//! Clients branch on `code`, never on `title` or `detail`, which are for people
//! and may change wording.

use serde::{Deserialize, Serialize};

/// The stable machine-readable error codes of the HTTP API.
///
/// Adding a code is backwards compatible; renaming or removing one is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not valid JSON, has an unknown field or a field of the wrong type.
    InvalidJson,
    /// 415: a JSON body was sent without `Content-Type: application/json`.
    UnsupportedMediaType,
    /// 413: the request body is larger than the configured limit.
    PayloadTooLarge,
    /// 422: the JSON is well formed but a value breaks a rule; see `errors`.
    ValidationFailed,
    /// 401: no valid session; sign in first.
    Unauthenticated,
    /// 401: wrong email or password.
    InvalidCredentials,
    /// 403: signed in, but this role or delegation may not do this.
    Forbidden,
    /// 403: a cookie-authenticated write without a matching `X-CSRF-Token`
    /// header, or from a foreign `Origin`.
    CsrfFailed,
    /// 404: no such resource, or one the caller may not know about.
    NotFound,
    /// 405: the route exists but not with this method.
    MethodNotAllowed,
    /// 409: the room is taken at that time; see `conflicting_meeting`.
    RoomConflict,
    /// 409: an interpreter is booked in another meeting at that time; see
    /// `conflicting_meeting`, and `errors` for the booth and interpreter.
    InterpreterConflict,
    /// 409: a unique value (email, code, name) is already in use.
    AlreadyExists,
    /// 409: the resource is in a state that forbids this (e.g. editing a cancelled meeting).
    InvalidState,
    /// 409: the text was edited from an older revision than the newest; see
    /// `revision_conflict` for the newest text and the refused one.
    StaleRevision,
    /// 429: too many attempts; retry after the `Retry-After` header's seconds.
    RateLimited,
    /// 416: the `Range` asked for lies beyond the end; `Content-Range` gives the size.
    RangeNotSatisfiable,
    /// 400: an upload's body broke off before its end; nothing was stored.
    UploadIncomplete,
    /// 503: a backend (database or object storage) does not answer; retry later.
    Unavailable,
    /// 426: this address speaks websocket only (`GET` with `Upgrade: websocket`).
    UpgradeRequired,
    /// 408: the request (its body included) took longer than the hub allows.
    RequestTimeout,
    /// 500: an unexpected failure; the server logged it with the request id.
    Internal,
}

impl ErrorCode {
    /// Every code, for the tests that each has its words in every language.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidJson,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::PayloadTooLarge,
        ErrorCode::ValidationFailed,
        ErrorCode::Unauthenticated,
        ErrorCode::InvalidCredentials,
        ErrorCode::Forbidden,
        ErrorCode::CsrfFailed,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::RoomConflict,
        ErrorCode::InterpreterConflict,
        ErrorCode::AlreadyExists,
        ErrorCode::InvalidState,
        ErrorCode::StaleRevision,
        ErrorCode::RateLimited,
        ErrorCode::UploadIncomplete,
        ErrorCode::RangeNotSatisfiable,
        ErrorCode::Unavailable,
        ErrorCode::UpgradeRequired,
        ErrorCode::RequestTimeout,
        ErrorCode::Internal,
    ];

    /// The snake_case name used in `code` and in the `type` URI.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::CsrfFailed => "csrf_failed",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::RoomConflict => "room_conflict",
            ErrorCode::InterpreterConflict => "interpreter_conflict",
            ErrorCode::AlreadyExists => "already_exists",
            ErrorCode::InvalidState => "invalid_state",
            ErrorCode::StaleRevision => "stale_revision",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::UploadIncomplete => "upload_incomplete",
            ErrorCode::RangeNotSatisfiable => "range_not_satisfiable",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::UpgradeRequired => "upgrade_required",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::Internal => "internal",
        }
    }
}

/// One broken rule in a `validation_failed` problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// JSON path of the offending field, e.g. `agenda[3].title`.
    pub field: String,
    /// The stable name of the broken rule, e.g. `too_long`.
    #[serde(default)]
    pub rule: String,
    /// What is wrong and what would be valid, in the reader's language.
    pub message: String,
}

/// An RFC 9457 problem details body (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI reference naming the problem type: `/api/problems#<code>`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short human summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// Human explanation of this occurrence; never internal detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The stable machine-readable code.
    pub code: ErrorCode,
    /// For `validation_failed`: each broken rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For `room_conflict` and `interpreter_conflict`: the meeting already
    /// holding the room or the interpreter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflicting_meeting: Option<Box<crate::api::Meeting>>,
    /// For `stale_revision`: the newest revision and the refused text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_conflict: Option<Box<crate::api::RevisionConflict>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ALL` is written by hand; this match is exhaustive, so a new code
    /// does not compile until it has a place here, and then must be in `ALL`
    /// at that place.
    #[test]
    fn all_holds_every_code_once() {
        fn place(code: ErrorCode) -> usize {
            use ErrorCode::*;
            match code {
                InvalidJson => 0,
                UnsupportedMediaType => 1,
                PayloadTooLarge => 2,
                ValidationFailed => 3,
                Unauthenticated => 4,
                InvalidCredentials => 5,
                Forbidden => 6,
                CsrfFailed => 7,
                NotFound => 8,
                MethodNotAllowed => 9,
                RoomConflict => 10,
                InterpreterConflict => 11,
                AlreadyExists => 12,
                InvalidState => 13,
                StaleRevision => 14,
                RateLimited => 15,
                UploadIncomplete => 16,
                RangeNotSatisfiable => 17,
                Unavailable => 18,
                UpgradeRequired => 19,
                RequestTimeout => 20,
                Internal => 21,
            }
        }
        assert_eq!(ErrorCode::ALL.len(), 22);
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(place(*code), i, "{code:?}");
        }
    }
}
