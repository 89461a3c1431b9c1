//! Typed identifiers. Every id is a UUID on the wire; the newtypes keep a
//! meeting id from being passed where a room id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map($name)
            }
        }
    };
}

id!(
    /// A person who signs in.
    UserId
);
id!(
    /// A Member State or observer delegation.
    DelegationId
);
id!(
    /// An organ such as "Second Committee".
    BodyId
);
id!(
    /// A conference room.
    RoomId
);
id!(
    /// A scheduled meeting.
    MeetingId
);
id!(
    /// An official document (all its language versions).
    DocumentId
);
id!(
    /// A signed-in session; revoking it signs that browser out.
    SessionId
);
id!(
    /// The minutes (summary record) of one meeting, across all its revisions and versions.
    MinutesId
);
