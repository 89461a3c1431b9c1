//! Rules for values people type. Each broken rule is a `Broken`, kept as
//! what was wrong until the HTTP edge says it in the reader's language
//! (`invalid-<rule>` in the catalogs); configuration errors say it in English.

use plenary_frontend::i18n::{self, Arg};
use plenary_protocol::api::Language;
use plenary_protocol::symbol::SymbolError;
use plenary_protocol::FieldError;
use std::fmt;

/// One broken rule, with the values its words show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    Empty,
    TooLong {
        max: usize,
        got: usize,
    },
    ControlCharacters,
    /// In long text, where newlines and tabs are allowed.
    ControlCharactersInText,
    Email,
    PasswordTooShort {
        min: usize,
        got: usize,
    },
    PasswordTooLong {
        max: usize,
    },
    Code,
    TooMany {
        max: usize,
        got: usize,
    },
    Unknown(Thing),
    Date,
    DateShape,
    TimeZone,
    WallClock,
    Years,
    /// A wall-clock time the clocks skip in that zone.
    SkippedTime {
        time: String,
        zone: String,
    },
    /// A wall-clock time the clocks show twice in that zone.
    RepeatedTime {
        time: String,
        zone: String,
    },
    EndsBeforeStarts,
    MeetingTooLong {
        hours: i64,
    },
    Capacity {
        max: u32,
    },
    /// A link's lifetime: 1 to `max` hours.
    Hours {
        max: u32,
    },
    RangeEnd,
    BeforeFrom,
    DelegateWithoutDelegation,
    NotADelegate,
    OwnAccount,
    Symbol(SymbolError),
    SymbolWithLineage,
    IdempotencyKey,
    IdempotencyKeyUsed {
        revision: i64,
    },
    Protocol {
        version: u32,
    },
    Language,
    Distribution,
    Limit {
        max: u32,
    },
    Offset {
        max: u32,
    },
    Filename,
    EmptyFile,
    Digest {
        sha256: String,
    },
    BodyOfMeeting,
    AgendaNeedsMeeting,
    RestrictedOnly,
    /// A body's rights of reply: at most `max` of them, each `min_s` to `max_s` seconds.
    ReplyLimits {
        max: usize,
        min_s: u32,
        max_s: u32,
    },
    /// The secretary of a meeting is a member of the secretariat.
    NotSecretariat,
    /// The form or query string could not be read; the reason is the parser's.
    Unreadable {
        reason: String,
    },
    InterpreterWithoutLanguages,
    LanguagesOnlyForInterpreters,
    /// Only a delegate signs for a delegation.
    SigningOnlyForDelegates,
    /// A booth's team is `min..=max` interpreters.
    BoothTeam {
        min: usize,
        max: usize,
        got: usize,
    },
    NotAnInterpreter,
    /// The interpreter does not interpret into the booth's language.
    InterpreterLanguage,
    InterpreterInTwoBooths,
    /// The interpreter is booked in another meeting at that time.
    InterpreterBooked {
        name: String,
        meeting: String,
        when: String,
    },
    /// Not one of the audit log's actions.
    AuditAction,
    /// A password that guessers try first.
    CommonPassword,
    /// Not the user's current password.
    CurrentPassword,
    /// Not a code of the user's authenticator now, nor an unused recovery code.
    OneTimeCode,
    /// Only for a reader who belongs to a delegation.
    NotInADelegation,
}

/// What an id failed to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    Body,
    Room,
    Delegation,
    Meeting,
    User,
}

impl Broken {
    /// The catalog message that explains it and the values that message shows.
    pub fn words(&self) -> (&'static str, Vec<(&'static str, Arg)>) {
        use Broken::*;
        let n = |v: usize| Arg::Number(i64::try_from(v).unwrap_or(i64::MAX));
        let t = |v: &str| Arg::Text(v.to_string());
        match self {
            Empty => ("invalid-empty", vec![]),
            TooLong { max, got } => ("invalid-too-long", vec![("max", n(*max)), ("got", n(*got))]),
            ControlCharacters => ("invalid-control-characters", vec![]),
            ControlCharactersInText => ("invalid-control-characters-in-text", vec![]),
            Email => ("invalid-email", vec![]),
            PasswordTooShort { min, got } => (
                "invalid-password-too-short",
                vec![("min", n(*min)), ("got", n(*got))],
            ),
            PasswordTooLong { max } => ("invalid-password-too-long", vec![("max", n(*max))]),
            Code => ("invalid-code", vec![]),
            TooMany { max, got } => ("invalid-too-many", vec![("max", n(*max)), ("got", n(*got))]),
            Unknown(Thing::Body) => ("invalid-unknown-body", vec![]),
            Unknown(Thing::Room) => ("invalid-unknown-room", vec![]),
            Unknown(Thing::Delegation) => ("invalid-unknown-delegation", vec![]),
            Unknown(Thing::Meeting) => ("invalid-unknown-meeting", vec![]),
            Unknown(Thing::User) => ("invalid-unknown-user", vec![]),
            Date => ("invalid-date", vec![]),
            DateShape => ("invalid-date-shape", vec![]),
            TimeZone => ("invalid-time-zone", vec![]),
            WallClock => ("invalid-wall-clock", vec![]),
            Years => ("invalid-years", vec![]),
            SkippedTime { time, zone } => (
                "invalid-skipped-time",
                vec![("time", t(time)), ("zone", t(zone))],
            ),
            RepeatedTime { time, zone } => (
                "invalid-repeated-time",
                vec![("time", t(time)), ("zone", t(zone))],
            ),
            EndsBeforeStarts => ("invalid-ends-before-starts", vec![]),
            MeetingTooLong { hours } => (
                "invalid-meeting-too-long",
                vec![("hours", Arg::Number(*hours))],
            ),
            Capacity { max } => (
                "invalid-capacity",
                vec![("max", Arg::Number((*max).into()))],
            ),
            Hours { max } => ("invalid-hours", vec![("max", Arg::Number((*max).into()))]),
            RangeEnd => ("invalid-range-end", vec![]),
            BeforeFrom => ("invalid-before-from", vec![]),
            DelegateWithoutDelegation => ("invalid-delegate-without-delegation", vec![]),
            NotADelegate => ("invalid-not-a-delegate", vec![]),
            OwnAccount => ("invalid-own-account", vec![]),
            Symbol(SymbolError::Length { max }) => {
                ("invalid-symbol-length", vec![("max", n(*max))])
            }
            Symbol(SymbolError::Parts { max }) => ("invalid-symbol-parts", vec![("max", n(*max))]),
            Symbol(SymbolError::Series) => ("invalid-symbol-series", vec![]),
            Symbol(SymbolError::Part(part)) => ("invalid-symbol-part", vec![("part", t(part))]),
            SymbolWithLineage => ("invalid-symbol-with-lineage", vec![]),
            IdempotencyKey => ("invalid-idempotency-key", vec![]),
            IdempotencyKeyUsed { revision } => (
                "invalid-idempotency-key-used",
                vec![("revision", Arg::Number(*revision))],
            ),
            Protocol { version } => (
                "invalid-protocol",
                vec![("version", Arg::Number((*version).into()))],
            ),
            Language => ("invalid-language", vec![]),
            Distribution => ("invalid-distribution", vec![]),
            Limit { max } => ("invalid-limit", vec![("max", Arg::Number((*max).into()))]),
            Offset { max } => ("invalid-offset", vec![("max", Arg::Number((*max).into()))]),
            Filename => ("invalid-filename", vec![]),
            EmptyFile => ("invalid-empty-file", vec![]),
            Digest { sha256 } => ("invalid-digest", vec![("sha256", t(sha256))]),
            BodyOfMeeting => ("invalid-body-of-meeting", vec![]),
            AgendaNeedsMeeting => ("invalid-agenda-needs-meeting", vec![]),
            RestrictedOnly => ("invalid-restricted-only", vec![]),
            ReplyLimits { max, min_s, max_s } => (
                "invalid-reply-limits",
                vec![
                    ("max", n(*max)),
                    ("min", Arg::Number((*min_s).into())),
                    ("most", Arg::Number((*max_s).into())),
                ],
            ),
            NotSecretariat => ("invalid-not-secretariat", vec![]),
            Unreadable { reason } => ("invalid-unreadable", vec![("reason", t(reason))]),
            InterpreterWithoutLanguages => ("invalid-interpreter-without-languages", vec![]),
            LanguagesOnlyForInterpreters => ("invalid-languages-not-interpreter", vec![]),
            SigningOnlyForDelegates => ("invalid-signing-not-delegate", vec![]),
            BoothTeam { min, max, got } => (
                "invalid-booth-team",
                vec![("min", n(*min)), ("max", n(*max)), ("got", n(*got))],
            ),
            NotAnInterpreter => ("invalid-not-interpreter", vec![]),
            InterpreterLanguage => ("invalid-interpreter-language", vec![]),
            InterpreterInTwoBooths => ("invalid-interpreter-in-two-booths", vec![]),
            InterpreterBooked {
                name,
                meeting,
                when,
            } => (
                "invalid-interpreter-booked",
                vec![
                    ("name", t(name)),
                    ("meeting", t(meeting)),
                    ("when", t(when)),
                ],
            ),
            AuditAction => ("invalid-audit-action", vec![]),
            CommonPassword => ("invalid-common-password", vec![]),
            CurrentPassword => ("invalid-current-password", vec![]),
            OneTimeCode => ("invalid-one-time-code", vec![]),
            NotInADelegation => ("invalid-not-in-a-delegation", vec![]),
        }
    }

    /// The stable name of the rule clients may match on, e.g. `too_long`.
    pub fn rule(&self) -> String {
        let (key, _) = self.words();
        key.trim_start_matches("invalid-").replace('-', "_")
    }

    /// What was wrong, in `l`.
    pub fn say(&self, l: Language) -> String {
        let (key, args) = self.words();
        i18n::say(l, key, &args)
    }
}

/// In English: configuration errors and logs.
impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Language::En))
    }
}

/// A field and the rule its value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// JSON path of the offending field, e.g. `agenda[3].title`.
    pub field: String,
    pub broken: Broken,
}

impl Invalid {
    pub fn new(field: impl Into<String>, broken: Broken) -> Invalid {
        Invalid {
            field: field.into(),
            broken,
        }
    }

    /// As the wire carries it, in `l`.
    pub fn in_language(&self, l: Language) -> FieldError {
        FieldError {
            field: self.field.clone(),
            rule: self.broken.rule(),
            message: self.broken.say(l),
        }
    }
}

/// Collects broken rules so one response lists all of them.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<Invalid>);

impl Errors {
    pub fn check(&mut self, field: impl Into<String>, result: Result<(), Broken>) {
        if let Err(broken) = result {
            self.add(field, broken);
        }
    }

    pub fn add(&mut self, field: impl Into<String>, broken: Broken) {
        self.0.push(Invalid::new(field, broken));
    }

    pub fn into_result(self) -> Result<(), crate::error::ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::error::ApiError::Validation(self.0))
        }
    }
}

/// A single line of human text: 1..=max characters, no control characters,
/// not blank.
/// A title's translations, each text of at most `max` characters
/// (`field.fr`, ...).
pub fn titles(
    field: &str,
    titles: &plenary_protocol::api::Titles,
    max: usize,
    errors: &mut Errors,
) {
    for (language, title) in titles {
        errors.check(format!("{field}.{}", language.as_str()), text(title, max));
    }
}

pub fn text(value: &str, max: usize) -> Result<(), Broken> {
    let got = value.chars().count();
    if value.trim().is_empty() {
        return Err(Broken::Empty);
    }
    if got > max {
        return Err(Broken::TooLong { max, got });
    }
    if value.chars().any(char::is_control) {
        return Err(Broken::ControlCharacters);
    }
    Ok(())
}

pub fn optional_text(value: Option<&str>, max: usize) -> Result<(), Broken> {
    value.map_or(Ok(()), |v| text(v, max))
}

pub fn email(value: &str) -> Result<(), Broken> {
    let ok = value.len() <= 254
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && value.matches('@').count() == 1
        && value
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '<' && c != '>' && c != '"');
    if ok {
        Ok(())
    } else {
        Err(Broken::Email)
    }
}

pub fn password(value: &str, own: &[&str]) -> Result<(), Broken> {
    const MIN: usize = 12;
    const MAX: usize = 1024;
    let got = value.chars().count();
    if got < MIN {
        Err(Broken::PasswordTooShort { min: MIN, got })
    } else if got > MAX {
        Err(Broken::PasswordTooLong { max: MAX })
    } else if easily_guessed(value, own) {
        Err(Broken::CommonPassword)
    } else {
        Ok(())
    }
}

/// The common passwords shipped with the hub (`server/data`), lower case.
static COMMON_PASSWORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        include_str!("../data/common-passwords.txt")
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });

/// What guessers try first (NIST SP 800-63B's list): a common password, or
/// one with digits and symbols around it ("Password2026!"); one short piece
/// repeated or a common one twice; a run of the keyboard's digits or the
/// alphabet; the user's own email or name.
fn easily_guessed(value: &str, own: &[&str]) -> bool {
    let lower = value.to_lowercase();
    let common = |s: &str| COMMON_PASSWORDS.contains(s);
    let stem = lower.trim_matches(|c: char| !c.is_alphabetic());
    let unit = repeated_unit(&lower);
    let own_words = own.iter().flat_map(|o| {
        let o = o.to_lowercase();
        let local = o.split('@').next().unwrap_or_default().to_string();
        [o.replace(' ', ""), local]
    });
    common(&lower)
        || (stem.chars().count() >= 4 && common(stem))
        || unit.is_some_and(|u| u.chars().count() <= 4 || common(u) || sequence(u))
        || sequence(&lower)
        || own_words
            .filter(|w| w.chars().count() >= 4)
            .any(|w| stem.replace(' ', "") == w || lower.replace(' ', "") == w)
}

/// The piece `text` is made of, repeated two times or more.
fn repeated_unit(text: &str) -> Option<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    (1..=n / 2)
        .filter(|len| n.is_multiple_of(*len))
        .map(|len| &text[..chars.get(len).map_or(text.len(), |c| c.0)])
        .find(|unit| unit.repeat(n / unit.chars().count()) == text)
}

/// Consecutive characters up or down ("123456789012", "zyxwvutsrqpo"),
/// digits wrapping from 9 to 0.
fn sequence(text: &str) -> bool {
    let codes: Vec<i64> = text
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => i64::from(d),
            None => i64::from(u32::from(c)),
        })
        .collect();
    let step = |a: i64, b: i64, by: i64| {
        b - a == by || (a <= 9 && b <= 9 && (b - a).rem_euclid(10) == by.rem_euclid(10))
    };
    [1, -1]
        .iter()
        .any(|by| codes.len() >= 2 && codes.windows(2).all(|w| step(w[0], w[1], *by)))
}

/// A short code such as a delegation's `FRA`: 1..=32 of A-Z, 0-9, `-`, `.`, `/`.
pub fn code(value: &str) -> Result<(), Broken> {
    let ok = (1..=32).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-./".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Broken::Code)
    }
}

/// A body's rights of reply: at most five, each 10 s to an hour.
pub fn reply_limits(limits: &[u32]) -> Result<(), Broken> {
    const MAX: usize = 5;
    const RANGE: std::ops::RangeInclusive<u32> = 10..=3600;
    if limits.len() > MAX || limits.iter().any(|s| !RANGE.contains(s)) {
        return Err(Broken::ReplyLimits {
            max: MAX,
            min_s: *RANGE.start(),
            max_s: *RANGE.end(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule once: a new rule is added here too, or the count of
    /// catalog messages below stops matching.
    fn every_rule() -> Vec<Broken> {
        use Broken::*;
        let t = |s: &str| s.to_string();
        vec![
            Empty,
            TooLong { max: 200, got: 201 },
            ControlCharacters,
            ControlCharactersInText,
            Email,
            PasswordTooShort { min: 12, got: 3 },
            PasswordTooLong { max: 1024 },
            Code,
            TooMany {
                max: 200,
                got: 5000,
            },
            Unknown(Thing::Body),
            Unknown(Thing::Room),
            Unknown(Thing::Delegation),
            Unknown(Thing::Meeting),
            Unknown(Thing::User),
            Date,
            DateShape,
            TimeZone,
            WallClock,
            Years,
            SkippedTime {
                time: t("2026-03-08T02:30"),
                zone: t("America/New_York"),
            },
            RepeatedTime {
                time: t("2026-11-01T01:30"),
                zone: t("America/New_York"),
            },
            EndsBeforeStarts,
            MeetingTooLong { hours: 24 },
            Capacity { max: 100_000 },
            Hours { max: 336 },
            RangeEnd,
            BeforeFrom,
            DelegateWithoutDelegation,
            NotADelegate,
            OwnAccount,
            Symbol(SymbolError::Length { max: 100 }),
            Symbol(SymbolError::Parts { max: 12 }),
            Symbol(SymbolError::Series),
            Symbol(SymbolError::Part(t("<script>"))),
            SymbolWithLineage,
            IdempotencyKey,
            IdempotencyKeyUsed { revision: 3 },
            Protocol { version: 1 },
            Language,
            Distribution,
            Limit { max: 100 },
            Offset { max: 1000 },
            Filename,
            EmptyFile,
            Digest {
                sha256: t("e3b0c442"),
            },
            BodyOfMeeting,
            AgendaNeedsMeeting,
            RestrictedOnly,
            ReplyLimits {
                max: 5,
                min_s: 10,
                max_s: 3600,
            },
            NotSecretariat,
            Unreadable {
                reason: t("missing field `q`"),
            },
            InterpreterWithoutLanguages,
            LanguagesOnlyForInterpreters,
            SigningOnlyForDelegates,
            BoothTeam {
                min: 2,
                max: 3,
                got: 1,
            },
            NotAnInterpreter,
            InterpreterLanguage,
            InterpreterInTwoBooths,
            InterpreterBooked {
                name: t("Amélie Dubois"),
                meeting: t("3rd meeting"),
                when: t("2030-10-02 10:00 – 13:00, UTC"),
            },
            AuditAction,
            CommonPassword,
            CurrentPassword,
            OneTimeCode,
            NotInADelegation,
        ]
    }

    #[test]
    fn passwords_that_guessers_try_first_are_refused() {
        let own = ["amina.diallo@mission.example.org", "Amina Diallo"];
        for guessed in [
            "123qweasdzxc",
            "Password2026!",
            "!!monkey123456",
            "qwertyuiop[]",
            "abcabcabcabc",
            "zzzzzzzzzzzz",
            "123456123456",
            "123456789012",
            "ZYXWVUTSRQPO",
            "aminadiallo2026",
            "amina.diallo",
            "Amina Diallo!!",
        ] {
            assert_eq!(
                password(guessed, &own),
                Err(Broken::CommonPassword),
                "{guessed}"
            );
        }
        for fine in [
            "a password long enough",
            "correct horse battery staple",
            "correcthorsecorrecthorse",
            "Delegation of Kenya 2026",
            "tomorrow we adopt L.12",
        ] {
            assert_eq!(password(fine, &own), Ok(()), "{fine}");
        }
        assert!(matches!(
            password("short", &own),
            Err(Broken::PasswordTooShort { min: 12, got: 5 })
        ));
        assert_eq!(COMMON_PASSWORDS.len(), 30_000);
    }

    #[test]
    fn every_rule_is_said_in_all_six_languages() {
        let rules = every_rule();
        let keys: std::collections::BTreeSet<&str> = rules.iter().map(|b| b.words().0).collect();
        let catalog: std::collections::BTreeSet<&str> = i18n::keys_starting("invalid-").collect();
        assert_eq!(keys, catalog, "rules and catalog messages differ");
        for broken in &rules {
            let (key, args) = broken.words();
            for l in plenary_protocol::api::Language::ALL {
                let said = i18n::said(l, key, &args)
                    .unwrap_or_else(|| panic!("{key} is missing or faulty in {l:?}"));
                for (_, arg) in &args {
                    if let Arg::Number(n) = arg {
                        assert!(
                            said.contains(&n.to_string()),
                            "{key} in {l:?} omits {n}: {said}"
                        );
                    }
                }
            }
        }
        assert_eq!(
            Broken::TooLong { max: 200, got: 201 }.say(plenary_protocol::api::Language::Fr),
            "doit compter au plus 200 caractères (201 reçus)"
        );
        assert_eq!(Broken::TooLong { max: 1, got: 2 }.rule(), "too_long");
    }

    #[test]
    fn text_refuses_control_characters_and_blank() {
        assert!(text("Second Committee", 100).is_ok());
        assert!(text("لجنة الاقتصادية", 100).is_ok());
        assert!(text("a\0b", 100).is_err());
        assert!(text("a\nb", 100).is_err());
        assert!(text("   ", 100).is_err());
        assert!(text(&"x".repeat(101), 100).is_err());
    }

    #[test]
    fn email_shapes() {
        assert!(email("delegate@mission.example.org").is_ok());
        for bad in [
            "",
            "a",
            "a@b",
            "@b.org",
            "a@@b.org",
            "a b@c.org",
            "a@.org",
            "<a>@b.org",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }
}
