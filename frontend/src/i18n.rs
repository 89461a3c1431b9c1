//! The interface's words in the six official languages, and what the
//! language means for the page: its `lang`, its direction (Arabic is right to
//! left) and how dates are written.
//!
//! One mechanism for every page, the room and the sign-in page: Project
//! Fluent. The words live in `frontend/locales/<language>/plenary.ftl`,
//! which a translator edits without touching Rust; plurals follow each
//! language's CLDR rules (Arabic's six forms, Russian's three). Code names a
//! message through a typed key (`Phrase`, `labels::Label`, `room::words::Word`)
//! or a key string for the few with variables (`format`); a test checks that
//! every key exists, without errors, in all six languages.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use plenary_protocol::api::{Language, MeetingStatus};
use plenary_protocol::ErrorCode;
use std::collections::HashMap;
use std::sync::OnceLock;
use unic_langid::LanguageIdentifier;

/// A phrase of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    Journal,
    NoMeetings,
    Time,
    Meeting,
    Status,
    Agenda,
    Languages,
    SkipToContent,
    TimesIn,
    Documents,
    OtherDocuments,
    NoDocuments,
    Issued,
    AwaitingTranslation,
    Withdrawn,
    Distribution,
}

/// The language a page is shown in: `?lang=` when given, else the first
/// of the browser's `Accept-Language` the hub speaks, else English.
pub fn choose(asked: Option<&str>, accept_language: Option<&str>) -> Language {
    if let Some(l) = asked.and_then(Language::parse) {
        return l;
    }
    accept_language
        .unwrap_or("")
        .split(',')
        .filter_map(|part| {
            let tag = part.split(';').next()?.trim();
            Language::parse(tag.split('-').next()?.to_ascii_lowercase().as_str())
        })
        .next()
        .unwrap_or(Language::En)
}

/// `rtl` for Arabic, `ltr` otherwise.
pub fn direction(l: Language) -> &'static str {
    if l == Language::Ar {
        "rtl"
    } else {
        "ltr"
    }
}

/// The language's own name, for the language picker.
pub fn endonym(l: Language) -> &'static str {
    match l {
        Language::Ar => "العربية",
        Language::Zh => "中文",
        Language::En => "English",
        Language::Fr => "Français",
        Language::Ru => "Русский",
        Language::Es => "Español",
    }
}

impl Phrase {
    pub const ALL: &'static [Phrase] = &[
        Phrase::Journal,
        Phrase::NoMeetings,
        Phrase::Time,
        Phrase::Meeting,
        Phrase::Status,
        Phrase::Agenda,
        Phrase::Languages,
        Phrase::SkipToContent,
        Phrase::TimesIn,
        Phrase::Documents,
        Phrase::OtherDocuments,
        Phrase::NoDocuments,
        Phrase::Issued,
        Phrase::AwaitingTranslation,
        Phrase::Withdrawn,
        Phrase::Distribution,
    ];

    /// Its message in `locales/<language>/plenary.ftl`.
    pub fn key(self) -> &'static str {
        match self {
            Phrase::Journal => "page-journal",
            Phrase::NoMeetings => "page-no-meetings",
            Phrase::Time => "page-time",
            Phrase::Meeting => "page-meeting",
            Phrase::Status => "page-status",
            Phrase::Agenda => "page-agenda",
            Phrase::Languages => "page-languages",
            Phrase::SkipToContent => "page-skip-to-content",
            Phrase::TimesIn => "page-times-in",
            Phrase::Documents => "page-documents",
            Phrase::OtherDocuments => "page-other-documents",
            Phrase::NoDocuments => "page-no-documents",
            Phrase::Issued => "page-issued",
            Phrase::AwaitingTranslation => "page-awaiting-translation",
            Phrase::Withdrawn => "page-withdrawn",
            Phrase::Distribution => "page-distribution",
        }
    }
}

/// A phrase of the public pages.
pub fn t(l: Language, p: Phrase) -> &'static str {
    text(l, p.key())
}

pub fn status(l: Language, s: MeetingStatus) -> &'static str {
    use MeetingStatus::*;
    text(
        l,
        match s {
            Scheduled => "status-scheduled",
            InProgress => "status-in-progress",
            Suspended => "status-suspended",
            Adjourned => "status-adjourned",
            Cancelled => "status-cancelled",
        },
    )
}

/// A day as the language writes it (numerals as digits, which every
/// script here reads).
pub fn date(l: Language, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format(
        l,
        "date",
        &[
            ("day", i64::from(d.day())),
            ("month", i64::from(d.month())),
            ("year", i64::from(d.year())),
        ],
    )
}

/// The Fluent source of each language, compiled in: the interface's words
/// (`plenary.ftl`), and on the server also the hub's answers (`hub.ftl`:
/// what is wrong with a field, why a request was refused), which the
/// browser part never says itself and so does not carry.
const SOURCES: [(Language, &[&str]); 6] = [
    (
        Language::Ar,
        &[include_str!("../locales/ar/plenary.ftl"), hub!("ar")],
    ),
    (
        Language::Zh,
        &[include_str!("../locales/zh/plenary.ftl"), hub!("zh")],
    ),
    (
        Language::En,
        &[include_str!("../locales/en/plenary.ftl"), hub!("en")],
    ),
    (
        Language::Fr,
        &[include_str!("../locales/fr/plenary.ftl"), hub!("fr")],
    ),
    (
        Language::Ru,
        &[include_str!("../locales/ru/plenary.ftl"), hub!("ru")],
    ),
    (
        Language::Es,
        &[include_str!("../locales/es/plenary.ftl"), hub!("es")],
    ),
];

/// A language's `hub.ftl` on the server; nothing in the browser part.
macro_rules! hub {
    ($language:literal) => {{
        #[cfg(feature = "ssr")]
        let hub = include_str!(concat!("../locales/", $language, "/hub.ftl"));
        #[cfg(not(feature = "ssr"))]
        let hub = "";
        hub
    }};
}
use hub;

struct Catalog {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
    /// Every message without variables, formatted once: pages ask for
    /// these on every render, and they never change while the hub runs.
    plain: HashMap<(Language, &'static str), &'static str>,
}

/// The message ids a Fluent source defines.
fn ids(source: &'static str) -> impl Iterator<Item = &'static str> {
    source.lines().filter_map(|line| {
        let (id, _) = line.split_once(" =")?;
        (!id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
        .then_some(id)
    })
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut bundles = Vec::new();
        let mut plain = HashMap::new();
        for (language, sources) in SOURCES {
            let id: LanguageIdentifier = language.as_str().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Pages set `dir` themselves; isolation marks would end up in titles and values.
            bundle.set_use_isolating(false);
            for source in sources {
                // The sources are checked by the tests; a faulty entry is left out, not fatal.
                let resource =
                    FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
                let _ = bundle.add_resource(resource);
            }
            for id in sources.iter().flat_map(|source| ids(source)) {
                let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                    continue;
                };
                let mut errors = Vec::new();
                let value = bundle.format_pattern(pattern, None, &mut errors);
                if errors.is_empty() {
                    let value: &'static str = Box::leak(value.into_owned().into_boxed_str());
                    plain.insert((language, id), value);
                }
            }
            bundles.push((language, bundle));
        }
        Catalog { bundles, plain }
    })
}

/// The message `key` (without variables) in `l`, else in English, else the key.
pub fn text(l: Language, key: &'static str) -> &'static str {
    let plain = &catalog().plain;
    plain
        .get(&(l, key))
        .or_else(|| plain.get(&(Language::En, key)))
        .copied()
        .unwrap_or(key)
}

/// The message `key` in `l` with numeric arguments (counts choose the
/// plural form by the language's rules), else in English, else the key.
pub fn format(l: Language, key: &str, args: &[(&'static str, i64)]) -> String {
    let args: Vec<(&'static str, Arg)> = args.iter().map(|(n, v)| (*n, Arg::Number(*v))).collect();
    say(l, key, &args)
}

/// A value a message shows: a number (counts choose the plural form), a
/// text shown as it is, or a word that is itself put in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Number(i64),
    Text(String),
    Status(MeetingStatus),
    Minutes(plenary_protocol::api::MinutesState),
}

/// The message `key` in `l` with its values, else in English, else the key.
pub fn say(l: Language, key: &str, args: &[(&'static str, Arg)]) -> String {
    [l, Language::En]
        .into_iter()
        .find_map(|language| said(language, key, args))
        .unwrap_or_else(|| key.to_string())
}

/// The message `key` in `l` itself, if that language has it and every value
/// it names was given.
pub fn said(l: Language, key: &str, args: &[(&'static str, Arg)]) -> Option<String> {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            Arg::Number(n) => FluentValue::from(*n),
            Arg::Text(t) => FluentValue::from(t.clone()),
            Arg::Status(s) => FluentValue::from(status(l, *s)),
            Arg::Minutes(m) => FluentValue::from(crate::labels::minutes_state(l, *m)),
        };
        fluent_args.set(*name, value);
    }
    let (_, bundle) = catalog().bundles.iter().find(|(b, _)| *b == l)?;
    let pattern = bundle.get_message(key)?.value()?;
    let mut errors = Vec::new();
    let value = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    errors.is_empty().then(|| value.into_owned())
}

/// The ids of the English messages that start with `prefix`: a test of
/// another crate checks its keys against them.
pub fn keys_starting(prefix: &str) -> impl Iterator<Item = &'static str> + '_ {
    SOURCES[2]
        .1
        .iter()
        .flat_map(|source| ids(source))
        .filter(move |id| id.starts_with(prefix))
}

/// The title of a problem the hub answers with `code`, in `l`.
pub fn problem_title(l: Language, code: ErrorCode) -> String {
    format(l, &problem_key(code), &[])
}

fn problem_key(code: ErrorCode) -> String {
    format!("problem-{}", code.as_str().replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_the_query_then_the_browser() {
        assert_eq!(choose(Some("ar"), Some("fr")), Language::Ar);
        assert_eq!(
            choose(Some("xx"), Some("de-CH, fr-CH;q=0.9, en;q=0.5")),
            Language::Fr
        );
        assert_eq!(choose(None, Some("zh-Hans-CN,zh;q=0.9")), Language::Zh);
        assert_eq!(choose(None, None), Language::En);
        assert_eq!(direction(Language::Ar), "rtl");
        assert_eq!(direction(Language::Ru), "ltr");
    }

    /// Every key the code names, in every language, formatting without
    /// errors; and no language has a message English lacks.
    #[test]
    fn every_key_exists_in_all_six_languages() {
        use crate::labels::Label;
        use crate::room::words::Word;
        use plenary_protocol::api::{Distribution, MinutesState, Role};
        for (language, sources) in SOURCES {
            for (file, source) in sources.iter().enumerate() {
                FluentResource::try_new(source.to_string())
                    .unwrap_or_else(|(_, e)| panic!("{language:?}, file {file}: {e:?}"));
                let english: std::collections::BTreeSet<&str> = ids(SOURCES[2].1[file]).collect();
                let here: std::collections::BTreeSet<&str> = ids(source).collect();
                assert_eq!(
                    here, english,
                    "{language:?} has other keys than English (file {file})"
                );
            }
            let mut keys: Vec<&str> = Vec::new();
            keys.extend(Phrase::ALL.iter().map(|p| p.key()));
            keys.extend(Label::ALL.iter().map(|l| l.key()));
            keys.extend(Word::ALL.iter().map(|w| w.key()));
            for key in keys {
                assert!(
                    catalog().plain.contains_key(&(language, key)),
                    "{key} is missing in {language:?}"
                );
            }
            for s in [
                MeetingStatus::Scheduled,
                MeetingStatus::InProgress,
                MeetingStatus::Suspended,
                MeetingStatus::Adjourned,
                MeetingStatus::Cancelled,
            ] {
                assert_ne!(status(language, s), "", "{s:?}");
            }
            for r in [
                Role::Admin,
                Role::ConferenceManager,
                Role::Secretariat,
                Role::Delegate,
            ] {
                assert!(
                    !crate::labels::role(language, r).starts_with("role-"),
                    "{r:?} in {language:?}"
                );
            }
            for d in [
                Distribution::General,
                Distribution::Limited,
                Distribution::Restricted,
            ] {
                assert!(!crate::labels::distribution(language, d).starts_with("distribution-"));
            }
            for m in [
                MinutesState::Draft,
                MinutesState::InReview,
                MinutesState::Published,
            ] {
                assert!(!crate::labels::minutes_state(language, m).starts_with("minutes-state-"));
            }
            assert_ne!(
                format(language, "found-count", &[("count", 3)]),
                "found-count"
            );
            for &code in ErrorCode::ALL {
                assert_ne!(
                    problem_title(language, code),
                    problem_key(code),
                    "{language:?}"
                );
            }
            let d = chrono::NaiveDate::from_ymd_opt(2030, 10, 1).expect("date");
            assert_ne!(date(language, d), "date", "{language:?}");
        }
    }

    #[test]
    fn counts_take_the_plural_form_of_the_language() {
        let found = |l, n| format(l, "found-count", &[("count", n)]);
        assert_eq!(found(Language::En, 1), "1 document");
        assert_eq!(found(Language::En, 2), "2 documents");
        assert_eq!(found(Language::Ru, 1), "1 документ");
        assert_eq!(found(Language::Ru, 3), "3 документа");
        assert_eq!(found(Language::Ru, 5), "5 документов");
        assert_eq!(found(Language::Ru, 21), "21 документ");
        assert_eq!(found(Language::Ar, 2), "وثيقتان");
        assert_eq!(found(Language::Ar, 3), "3 وثائق");
        assert_eq!(found(Language::Ar, 11), "11 وثيقة");
        assert_eq!(found(Language::Zh, 4), "4 份文件");
    }

    #[test]
    fn every_phrase_differs_from_english_somewhere() {
        let d = chrono::NaiveDate::from_ymd_opt(2030, 10, 1).expect("date");
        assert_eq!(date(Language::En, d), "1 October 2030");
        assert_eq!(date(Language::Zh, d), "2030年10月1日");
        assert_eq!(date(Language::Es, d), "1 de octubre de 2030");
        for l in Language::ALL {
            assert!(!t(l, Phrase::Journal).is_empty());
        }
        assert_ne!(
            t(Language::Ar, Phrase::Agenda),
            t(Language::En, Phrase::Agenda)
        );
    }
}
