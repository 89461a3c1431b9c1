//! The skeleton of the minutes, drafted from the meeting record: pure text
//! from what the record says, in the minutes' language, times in the
//! meeting's zone.

use chrono::{DateTime, Utc};
use plenary_frontend::i18n::{self, Arg};
use plenary_protocol::api::{AgendaItem, Language, Meeting, MeetingStatus};
use plenary_protocol::signal::{Event, Inscription, MeetingRole, SpeakerKind, SpeakersList};
use plenary_protocol::vote::{Outcome, Vote, VoteKind};
use std::collections::{BTreeSet, HashMap, HashSet};

/// One line of the meeting record, as drafting reads it.
#[derive(Debug, Clone)]
pub struct RecordEntry {
    pub version: u64,
    pub at_ms: u64,
    pub delegation: Option<String>,
    /// The participant whose act it was.
    pub actor: Option<u64>,
    pub event: Event,
}

/// Words of the minutes in one language.
struct Words(Language);

impl Words {
    fn say(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        i18n::say(self.0, &format!("minutes-{key}"), args)
    }

    fn word(&self, key: &str) -> String {
        self.say(key, &[])
    }

    fn duration(&self, ms: u64) -> String {
        let s = ms / 1000;
        let (h, m, s) = (s / 3600, (s % 3600) / 60, s % 60);
        let (uh, um, us) = (self.word("h"), self.word("min"), self.word("s"));
        match (h, m, s) {
            (0, 0, s) => format!("{s} {us}"),
            (0, m, 0) => format!("{m} {um}"),
            (0, m, s) => format!("{m} {um} {s} {us}"),
            (h, m, _) => format!("{h} {uh} {m} {um}"),
        }
    }
}

fn text(t: impl Into<String>) -> Arg {
    Arg::Text(t.into())
}

fn number(n: u64) -> Arg {
    Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Markdown escaping for names and titles typed by users.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_{}[]<>()#+-.!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The skeleton of the minutes in `language`: attendance, the agenda items
/// taken up, each speaker in the order they had the floor with start time
/// and duration (points of order, rights of reply and overruns said), what
/// the chair did to the list and the meeting (and when the secretary of the
/// meeting did it on the chair's behalf), and the decisions; times in the
/// meeting's zone.
pub fn skeleton(
    meeting: &Meeting,
    body: &str,
    record: &[RecordEntry],
    delegations: &HashMap<String, String>,
    language: Language,
) -> String {
    let words = Words(language);
    let zone: chrono_tz::Tz = meeting.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let clock = |ms: u64| {
        DateTime::<Utc>::from_timestamp_millis(i64::try_from(ms).unwrap_or(0))
            .map(|t| t.with_timezone(&zone).format("%H:%M:%S").to_string())
            .unwrap_or_default()
    };
    let mut names: HashMap<u64, String> = HashMap::new();
    let mut roles: HashMap<u64, MeetingRole> = HashMap::new();
    let mut chairs = BTreeSet::new();
    let mut secretaries = BTreeSet::new();
    let mut present = BTreeSet::new();
    let mut out = format!("# {}\n\n", md(&meeting.title));
    out.push_str(&format!(
        "{}, {} {}–{} ({})\n\n",
        md(body),
        meeting.starts_local.format("%Y-%m-%d"),
        meeting.starts_local.format("%H:%M"),
        meeting.ends_local.format("%H:%M"),
        meeting.time_zone
    ));
    // A line taken off a list in the version that gives the floor was taken
    // by its speaker, not struck.
    let floor_versions: HashSet<u64> = record
        .iter()
        .filter(|e| matches!(e.event, Event::FloorGiven { .. }))
        .map(|e| e.version)
        .collect();
    let mut lists: HashMap<u32, SpeakersList> = HashMap::new();
    // Lines of the proceedings; a blank line separates lines of different kinds.
    let mut proceedings: Vec<(Part, String)> = Vec::new();
    let mut speaker_number = 0;
    let mut floor: Option<(u64, u64, SpeakerKind)> = None;
    let mut was_suspended = false;
    let mut decisions: Vec<String> = Vec::new();
    let who = |names: &HashMap<u64, String>, p: u64| {
        names
            .get(&p)
            .cloned()
            .unwrap_or_else(|| words.say("participant", &[("number", number(p))]))
    };
    let line_name = |line: &Inscription, names: &HashMap<u64, String>| {
        line.delegation
            .and_then(|d| delegations.get(&d.to_string()).cloned())
            .or_else(|| line.participant.map(|p| who(names, p.0)))
            .unwrap_or_default()
    };
    for entry in record {
        let time = clock(entry.at_ms);
        // Who acted, as the minutes say it.
        let by = match entry.actor.and_then(|a| roles.get(&a)) {
            Some(MeetingRole::Secretariat) => words.word("by-secretary"),
            _ => words.word("by-chair"),
        };
        let presiding = entry
            .actor
            .and_then(|a| roles.get(&a))
            .is_some_and(|r| r.is_staff());
        let mut note = |line: String| proceedings.push((Part::Note, format!("- {time}: {line}")));
        match &entry.event {
            Event::Joined { participant } => {
                let delegation = entry
                    .delegation
                    .as_ref()
                    .and_then(|d| delegations.get(d))
                    .cloned();
                if participant.role == MeetingRole::Chair {
                    chairs.insert(participant.name.clone());
                }
                if let Some(d) = &delegation {
                    present.insert(d.clone());
                }
                roles.insert(participant.id.0, participant.role);
                names.insert(
                    participant.id.0,
                    delegation.unwrap_or_else(|| participant.name.clone()),
                );
            }
            Event::StatusChanged { status } => {
                let what = match status {
                    MeetingStatus::InProgress if was_suspended => "resumed",
                    MeetingStatus::InProgress => "called-to-order",
                    MeetingStatus::Suspended => "suspended",
                    MeetingStatus::Adjourned => "adjourned",
                    _ => continue,
                };
                was_suspended = *status == MeetingStatus::Suspended;
                note(words.word(what));
            }
            Event::ItemTakenUp { position } => {
                let item = agenda_item(meeting, *position);
                let number = item
                    .and_then(|i| i.number.clone())
                    .unwrap_or_else(|| position.to_string());
                let title = item.map(|i| md(&i.title)).unwrap_or_default();
                let heading = words.say(
                    "item",
                    &[("number", text(md(&number))), ("title", text(title))],
                );
                proceedings.push((Part::Heading, format!("### {heading}")));
                speaker_number = 0;
            }
            Event::FloorGiven { floor: f } => {
                floor = Some((f.participant.0, entry.at_ms, f.kind));
            }
            Event::FloorEnded {
                participant,
                spoke_ms,
                overrun_ms,
            } => {
                let (start, kind) = match floor.take() {
                    Some((p, start, kind)) if p == participant.0 => (start, kind),
                    _ => (
                        entry.at_ms.saturating_sub(*spoke_ms),
                        SpeakerKind::Statement,
                    ),
                };
                speaker_number += 1;
                let kind = match kind {
                    SpeakerKind::Statement => String::new(),
                    SpeakerKind::PointOfOrder => words.word("point-of-order"),
                    SpeakerKind::RightOfReply => words.word("right-of-reply"),
                };
                let overrun = if *overrun_ms > 0 {
                    let over =
                        words.say("over", &[("duration", text(words.duration(*overrun_ms)))]);
                    format!("; {over}")
                } else {
                    String::new()
                };
                proceedings.push((
                    Part::Speaker,
                    format!(
                        "{speaker_number}. **{}**{kind} ({}, {}{overrun})",
                        md(&who(&names, participant.0)),
                        clock(start),
                        words.duration(*spoke_ms),
                    ),
                ));
            }
            Event::SpeakingLimitChanged { limit_ms } => {
                let limit = limit_ms.map_or(words.word("no-limit"), |l| words.duration(l));
                note(words.say(
                    "speaking-limit",
                    &[("by", text(by)), ("limit", text(limit))],
                ));
            }
            Event::Removed { participant } => note(words.say(
                "removed",
                &[
                    ("by", text(by)),
                    ("who", text(md(&who(&names, participant.0)))),
                ],
            )),
            Event::DecisionRecorded { decision } => {
                let line = decision_line(&words, decision);
                note(line.clone());
                let item = decision
                    .item
                    .and_then(|p| agenda_item(meeting, p))
                    .map(|i| format!(" (item {})", md(i.number.as_deref().unwrap_or(&i.title))))
                    .unwrap_or_default();
                decisions.push(format!("- {line}{item}"));
            }
            Event::VoteClosed { vote } => {
                let (paragraphs, outcome) = vote_paragraphs(&words, vote);
                let mut first = true;
                for paragraph in paragraphs {
                    let line = if first {
                        format!("- {time}: {paragraph}")
                    } else {
                        paragraph
                    };
                    first = false;
                    proceedings.push((Part::Vote, line));
                }
                decisions.push(format!("- {outcome}"));
            }
            Event::LockChanged { locked } => {
                let key = if *locked { "locked" } else { "unlocked" };
                note(words.say(key, &[("by", text(by))]));
            }
            Event::SpeakersChanged { item, list } => {
                let before = lists.insert(*item, list.clone()).unwrap_or_default();
                // Delegations' own inscriptions and withdrawals are theirs;
                // the minutes say what those who preside did to the list.
                if !presiding {
                    continue;
                }
                if before.closed != list.closed {
                    let key = if list.closed {
                        "list-closed"
                    } else {
                        "list-reopened"
                    };
                    note(words.say(key, &[("by", text(by.clone()))]));
                }
                let had: HashSet<u64> = before.lines.iter().map(|l| l.line).collect();
                let has: HashSet<u64> = list.lines.iter().map(|l| l.line).collect();
                for line in list.lines.iter().filter(|l| !had.contains(&l.line)) {
                    let name = md(&line_name(line, &names));
                    note(words.say("inserted", &[("by", text(by.clone())), ("who", text(name))]));
                }
                if !floor_versions.contains(&entry.version) {
                    for line in before.lines.iter().filter(|l| !has.contains(&l.line)) {
                        let name = md(&line_name(line, &names));
                        note(words.say("struck", &[("by", text(by.clone())), ("who", text(name))]));
                    }
                }
            }
            _ => {}
        }
        if let (Some(a), Some(MeetingRole::Secretariat)) =
            (entry.actor, entry.actor.and_then(|a| roles.get(&a)))
        {
            secretaries.insert(names.get(&a).cloned().unwrap_or_default());
        }
    }
    if let Some((p, start, _)) = floor {
        let line = words.say(
            "unended",
            &[
                (
                    "who",
                    text(format!(
                        "**{}**",
                        md(&names.get(&p).cloned().unwrap_or_default())
                    )),
                ),
                ("time", text(clock(start))),
            ],
        );
        proceedings.push((Part::Note, format!("- {line}")));
    }
    out.push_str(&format!("## {}\n\n", words.word("attendance")));
    for (key, people) in [("chair", &chairs), ("secretary", &secretaries)] {
        if !people.is_empty() {
            let people: Vec<String> = people.iter().map(|c| md(c)).collect();
            out.push_str(&words.say(key, &[("names", text(people.join(", ")))]));
            out.push_str("\n\n");
        }
    }
    if present.is_empty() {
        out.push_str(&words.word("none-present"));
        out.push_str("\n\n");
    } else {
        let names: Vec<String> = present.iter().map(|d| md(d)).collect();
        out.push_str(&words.say(
            "present",
            &[
                ("count", number(names.len() as u64)),
                ("names", text(names.join(", "))),
            ],
        ));
        out.push_str("\n\n");
    }
    if !meeting.agenda.is_empty() {
        out.push_str(&format!("## {}\n\n", words.word("agenda")));
        for (i, item) in meeting.agenda.iter().enumerate() {
            let number = item.number.clone().unwrap_or_else(|| (i + 1).to_string());
            out.push_str(&format!("- {}: {}\n", md(&number), md(&item.title)));
        }
        out.push('\n');
    }
    out.push_str(&format!("## {}\n\n", words.word("proceedings")));
    if proceedings.is_empty() {
        out.push_str(&words.word("nothing"));
        out.push('\n');
    }
    let mut last = None;
    for (part, line) in &proceedings {
        if last.is_some() {
            let same_list = last == Some(*part) && !matches!(part, Part::Heading | Part::Vote);
            out.push_str(if same_list { "\n" } else { "\n\n" });
        }
        out.push_str(line);
        last = Some(*part);
    }
    if last.is_some() {
        out.push('\n');
    }
    if !decisions.is_empty() {
        out.push_str(&format!("\n## {}\n\n", words.word("decisions")));
        out.push_str(&decisions.join("\n"));
        out.push('\n');
    }
    out
}

/// The agenda item at `position` (from 1).
fn agenda_item(meeting: &Meeting, position: u32) -> Option<&AgendaItem> {
    let index = usize::try_from(position).ok()?.checked_sub(1)?;
    meeting.agenda.get(index)
}

/// A decision as the minutes state it, with the counts of a recorded vote.
fn decision_line(words: &Words, decision: &plenary_protocol::signal::Decision) -> String {
    let mut line = md(&decision.text.replace('\n', " "));
    if let Some(v) = decision.votes {
        let counts = words.say(
            "vote",
            &[
                ("yes", number(v.in_favour.into())),
                ("no", number(v.against.into())),
                ("abstaining", number(v.abstaining.into())),
            ],
        );
        line.push(' ');
        line.push_str(&counts);
    }
    line
}

/// The kinds of line in the proceedings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Heading,
    Note,
    Speaker,
    /// A paragraph of a vote, as a summary record writes it.
    Vote,
}

fn names_list(names: &[String]) -> String {
    names.iter().map(|n| md(n)).collect::<Vec<_>>().join(", ")
}

/// A vote as a summary record writes it: how it was taken, the
/// delegations by their vote (recorded and roll-call), the totals or the
/// ballots, and the outcome; and the outcome alone, for the decisions.
fn vote_paragraphs(words: &Words, vote: &Vote) -> (Vec<String>, String) {
    let spec = &vote.spec;
    let mut title = md(&spec.title);
    if let Some(d) = spec
        .document
        .as_deref()
        .filter(|d| !spec.title.contains(*d))
    {
        title.push_str(&format!(" ({})", md(d)));
    }
    let Some(r) = &vote.result else {
        return (Vec::new(), String::new());
    };
    let t = || ("title", text(title.clone()));
    let mut out = Vec::new();
    let taken = match spec.kind {
        VoteKind::WithoutVote => None,
        VoteKind::NonRecorded => Some(words.say("vote-taken", &[t()])),
        VoteKind::Recorded => Some(words.say("vote-taken-recorded", &[t()])),
        VoteKind::Secret => Some(words.say("vote-taken-secret", &[t()])),
        VoteKind::RollCall => {
            let lot = vote
                .roll_call
                .as_ref()
                .and_then(|c| c.lot())
                .and_then(|d| vote.name_of(d))
                .map(md)
                .unwrap_or_default();
            Some(words.say("vote-taken-roll-call", &[t(), ("lot", text(lot))]))
        }
    };
    out.extend(taken);
    if let Some(names) = &r.names {
        for (key, list) in [
            ("vote-in-favour", &names.yes),
            ("vote-against", &names.no),
            ("vote-abstaining", &names.abstain),
        ] {
            let listed = if list.is_empty() {
                words.word("vote-none")
            } else {
                names_list(list)
            };
            out.push(words.say(key, &[("names", text(listed))]));
        }
    }
    let counts = || {
        [
            ("yes", number(r.yes.into())),
            ("no", number(r.no.into())),
            ("abstaining", number(r.abstain.into())),
        ]
    };
    let outcome = if spec.election.is_some() {
        out.push(words.say(
            "vote-ballots",
            &[
                ("ballots", number(r.ballots.into())),
                ("blank", number(r.abstain.into())),
                ("voting", number(r.voting.into())),
                ("required", number(r.required.into())),
            ],
        ));
        let obtained: Vec<String> = r
            .candidates
            .iter()
            .map(|c| format!("{} {}", md(&c.name), c.votes))
            .collect();
        out.push(words.say("vote-obtained", &[("counts", text(obtained.join("; ")))]));
        let elected: Vec<String> = r
            .candidates
            .iter()
            .filter(|c| c.elected)
            .map(|c| c.name.clone())
            .collect();
        let mut outcome = Vec::new();
        if !elected.is_empty() {
            outcome.push(words.say(
                "vote-elected",
                &[
                    ("names", text(names_list(&elected))),
                    ("count", number(elected.len() as u64)),
                ],
            ));
        }
        if r.unfilled > 0 {
            outcome.push(words.say(
                "vote-further",
                &[
                    ("seats", number(r.unfilled.into())),
                    ("names", text(names_list(&r.further_ballot))),
                ],
            ));
        }
        outcome.join(" ")
    } else {
        let key = match r.outcome {
            Outcome::AdoptedWithoutVote => "vote-without",
            Outcome::Adopted => "vote-adopted",
            Outcome::NoQuorum => "vote-no-quorum",
            _ => "vote-rejected",
        };
        let mut args = vec![t()];
        args.extend(counts());
        args.push(("present", number(r.present.into())));
        args.push(("quorum", number(r.quorum.unwrap_or(0).into())));
        words.say(key, &args)
    };
    out.push(outcome.clone());
    (out, outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use plenary_protocol::api::Access;
    use plenary_protocol::signal::{Floor, Participant, ParticipantId};
    use plenary_protocol::DelegationId;
    use plenary_protocol::{MeetingId, UserId};

    fn meeting() -> Meeting {
        let start = chrono::NaiveDate::from_ymd_opt(2030, 10, 1)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("date");
        Meeting {
            id: MeetingId(uuid::Uuid::nil()),
            title: "12th meeting".into(),
            titles: Default::default(),
            body_id: plenary_protocol::BodyId(uuid::Uuid::nil()),
            room_id: None,
            starts_at: start.and_utc(),
            ends_at: start.and_utc(),
            time_zone: "Europe/Zurich".into(),
            starts_local: start,
            ends_local: start,
            status: MeetingStatus::Adjourned,
            access: Access::Public,
            invited_delegations: vec![],
            agenda: vec![
                AgendaItem {
                    number: Some("17".into()),
                    title: "Macroeconomic *policy*".into(),
                    titles: Default::default(),
                },
                AgendaItem {
                    number: None,
                    title: "Other matters".into(),
                    titles: Default::default(),
                },
            ],
            chair_id: None,
            secretary_id: None,
            interpreters: Default::default(),
            sequence: 0,
            updated_at: start.and_utc(),
        }
    }

    fn joined(id: u64, name: &str, role: MeetingRole, delegation: Option<&str>) -> RecordEntry {
        RecordEntry {
            version: 0,
            at_ms: 0,
            delegation: delegation.map(str::to_string),
            actor: None,
            event: Event::Joined {
                participant: Participant {
                    id: ParticipantId(id),
                    user: UserId(uuid::Uuid::nil()),
                    name: name.into(),
                    role,
                    delegation: delegation.map(|_| DelegationId(uuid::Uuid::nil())),
                    in_lobby: false,
                    muted_by_chair: false,
                    channel: None,
                    connected: true,
                },
            },
        }
    }

    fn at(ms: u64, event: Event) -> RecordEntry {
        RecordEntry {
            version: ms,
            at_ms: ms,
            delegation: None,
            actor: Some(1),
            event,
        }
    }

    fn floor(p: u64, kind: SpeakerKind, ms: u64) -> RecordEntry {
        at(
            ms,
            Event::FloorGiven {
                floor: Floor {
                    participant: ParticipantId(p),
                    kind,
                    started_at: plenary_protocol::signal::Millis(ms),
                    limit_ms: Some(60_000),
                    warned: false,
                    expired: false,
                },
            },
        )
    }

    fn ended(p: u64, ms: u64, spoke_ms: u64, overrun_ms: u64) -> RecordEntry {
        at(
            ms,
            Event::FloorEnded {
                participant: ParticipantId(p),
                spoke_ms,
                overrun_ms,
            },
        )
    }

    #[test]
    fn the_skeleton_lists_attendance_items_and_speakers_in_order() {
        // 2030-10-01 08:00 UTC is 10:00 in Zurich.
        let t0 = 1_917_158_400_000;
        let record = vec![
            joined(1, "Ms. Chair", MeetingRole::Chair, None),
            joined(2, "Delegate A", MeetingRole::Delegate, Some("fra")),
            joined(3, "Delegate B", MeetingRole::Delegate, Some("ken")),
            joined(4, "Guest_*", MeetingRole::Delegate, None),
            at(
                t0,
                Event::StatusChanged {
                    status: MeetingStatus::InProgress,
                },
            ),
            at(t0 + 1_000, Event::ItemTakenUp { position: 1 }),
            floor(2, SpeakerKind::Statement, t0 + 2_000),
            ended(2, t0 + 152_000, 150_000, 0),
            floor(3, SpeakerKind::PointOfOrder, t0 + 153_000),
            ended(3, t0 + 228_000, 75_000, 15_000),
            at(
                t0 + 229_000,
                Event::StatusChanged {
                    status: MeetingStatus::Suspended,
                },
            ),
            at(
                t0 + 300_000,
                Event::StatusChanged {
                    status: MeetingStatus::InProgress,
                },
            ),
            at(t0 + 301_000, Event::ItemTakenUp { position: 2 }),
            at(
                t0 + 302_000,
                Event::Removed {
                    participant: ParticipantId(4),
                },
            ),
            floor(9, SpeakerKind::RightOfReply, t0 + 303_000),
            ended(9, t0 + 3_903_000, 3_600_000, 0),
            floor(2, SpeakerKind::Statement, t0 + 3_904_000),
        ];
        let delegations = HashMap::from([
            ("fra".to_string(), "France".to_string()),
            ("ken".to_string(), "Kenya".to_string()),
        ]);
        let text = skeleton(
            &meeting(),
            "Second Committee",
            &record,
            &delegations,
            Language::En,
        );
        let want = "\
# 12th meeting

Second Committee, 2030-10-01 10:00–10:00 (Europe/Zurich)

## Attendance

Chair: Ms\\. Chair

Delegations present (2): France, Kenya.

## Agenda

- 17: Macroeconomic \\*policy\\*
- 2: Other matters

## Proceedings

- 10:00:00: The meeting was called to order.

### Agenda item 17: Macroeconomic \\*policy\\*

1. **France** (10:00:02, 2 min 30 s)
2. **Kenya**, on a point of order (10:02:33, 1 min 15 s; 15 s over the time limit)

- 10:03:49: The meeting was suspended.
- 10:05:00: The meeting was resumed.

### Agenda item 2: Other matters

- 10:05:02: The Chair removed Guest\\_\\* from the meeting.

1. **participant 9**, in exercise of the right of reply (10:05:03, 1 h 0 min)

- **France** had the floor from 11:05:04; the end was not recorded.
";
        assert_eq!(text, want);
    }

    fn by(actor: u64, version: u64, ms: u64, event: Event) -> RecordEntry {
        RecordEntry {
            version,
            at_ms: ms,
            delegation: None,
            actor: Some(actor),
            event,
        }
    }

    fn list(lines: &[(u64, &str, SpeakerKind)], closed: bool) -> SpeakersList {
        SpeakersList {
            lines: lines
                .iter()
                .map(|(line, d, kind)| Inscription {
                    line: *line,
                    participant: None,
                    delegation: Some(DelegationId(uuid::Uuid::parse_str(d).expect("uuid"))),
                    kind: *kind,
                    level: Default::default(),
                    inscribed_at: plenary_protocol::signal::Millis(0),
                })
                .collect(),
            closed,
            ..SpeakersList::default()
        }
    }

    #[test]
    fn the_skeleton_is_in_the_minutes_language_and_says_what_the_secretary_did_for_the_chair() {
        let t0 = 1_917_158_400_000;
        let (fra, ken, gha) = (
            "00000000-0000-0000-0000-000000000001",
            "00000000-0000-0000-0000-000000000002",
            "00000000-0000-0000-0000-000000000003",
        );
        let mut secretary = joined(5, "M. Secrétaire", MeetingRole::Secretariat, None);
        secretary.version = 1;
        use SpeakerKind::*;
        let record = vec![
            joined(1, "Mme Présidente", MeetingRole::Chair, None),
            secretary,
            joined(2, "Délégué A", MeetingRole::Delegate, Some(fra)),
            joined(3, "Délégué B", MeetingRole::Delegate, Some(ken)),
            by(
                1,
                2,
                t0,
                Event::StatusChanged {
                    status: MeetingStatus::InProgress,
                },
            ),
            by(1, 3, t0 + 1_000, Event::ItemTakenUp { position: 1 }),
            // France inscribes itself: its own act, not in the minutes.
            by(
                2,
                4,
                t0 + 2_000,
                Event::SpeakersChanged {
                    item: 1,
                    list: list(&[(1, fra, Statement)], false),
                },
            ),
            // The secretary inserts Ghana and Kenya, strikes Ghana, closes the list.
            by(
                5,
                5,
                t0 + 3_000,
                Event::SpeakersChanged {
                    item: 1,
                    list: list(&[(2, gha, Statement), (1, fra, Statement)], false),
                },
            ),
            by(
                5,
                6,
                t0 + 4_000,
                Event::SpeakersChanged {
                    item: 1,
                    list: list(
                        &[
                            (2, gha, Statement),
                            (1, fra, Statement),
                            (3, ken, Statement),
                        ],
                        false,
                    ),
                },
            ),
            by(
                5,
                7,
                t0 + 5_000,
                Event::SpeakersChanged {
                    item: 1,
                    list: list(&[(1, fra, Statement), (3, ken, Statement)], false),
                },
            ),
            by(
                5,
                8,
                t0 + 6_000,
                Event::SpeakersChanged {
                    item: 1,
                    list: list(&[(1, fra, Statement), (3, ken, Statement)], true),
                },
            ),
            // The floor to France takes its line: not a strike.
            by(
                5,
                9,
                t0 + 7_000,
                Event::SpeakersChanged {
                    item: 1,
                    list: list(&[(3, ken, Statement)], true),
                },
            ),
            // In the same version, as the live meeting records it.
            RecordEntry {
                version: 9,
                ..floor(2, Statement, t0 + 7_000)
            },
            ended(2, t0 + 67_000, 60_000, 0),
            floor(3, PointOfOrder, t0 + 68_000),
            ended(3, t0 + 98_000, 30_000, 0),
            floor(2, RightOfReply, t0 + 99_000),
            ended(2, t0 + 759_000, 660_000, 60_000),
            by(
                5,
                20,
                t0 + 760_000,
                Event::SpeakingLimitChanged {
                    limit_ms: Some(180_000),
                },
            ),
            by(
                1,
                21,
                t0 + 761_000,
                Event::DecisionRecorded {
                    decision: plenary_protocol::signal::Decision {
                        text: "Le projet de résolution A/C.2/57/L.12 est adopté.".into(),
                        votes: Some(plenary_protocol::signal::Votes {
                            in_favour: 120,
                            against: 3,
                            abstaining: 45,
                        }),
                        item: Some(1),
                        at: plenary_protocol::signal::Millis(t0 + 761_000),
                    },
                },
            ),
            by(
                1,
                22,
                t0 + 762_000,
                Event::StatusChanged {
                    status: MeetingStatus::Adjourned,
                },
            ),
        ];
        let delegations = HashMap::from([
            (fra.to_string(), "France".to_string()),
            (ken.to_string(), "Kenya".to_string()),
            (gha.to_string(), "Ghana".to_string()),
        ]);
        let text = skeleton(
            &meeting(),
            "Deuxième Commission",
            &record,
            &delegations,
            Language::Fr,
        );
        let want = "\
# 12th meeting

Deuxième Commission, 2030-10-01 10:00–10:00 (Europe/Zurich)

## Présences

Présidence : Mme Présidente

Secrétaire de la séance : M\\. Secrétaire

Délégations présentes (2) : France, Kenya.

## Ordre du jour

- 17: Macroeconomic \\*policy\\*
- 2: Other matters

## Déroulement de la séance

- 10:00:00: La séance est ouverte.

### Point 17 de l’ordre du jour : Macroeconomic \\*policy\\*

- 10:00:03: Le Secrétaire de la séance, au nom du Président, inscrit Ghana sur la liste des orateurs.
- 10:00:04: Le Secrétaire de la séance, au nom du Président, inscrit Kenya sur la liste des orateurs.
- 10:00:05: Le Secrétaire de la séance, au nom du Président, raye Ghana de la liste des orateurs.
- 10:00:06: Le Secrétaire de la séance, au nom du Président, clôt la liste des orateurs.

1. **France** (10:00:07, 1 min)
2. **Kenya**, sur une motion d’ordre (10:01:08, 30 s)
3. **France**, dans l’exercice du droit de réponse (10:01:39, 11 min; 1 min au-delà du temps de parole)

- 10:12:40: Le Secrétaire de la séance, au nom du Président, fixe le temps de parole à 3 min.
- 10:12:41: Le projet de résolution A/C\\.2/57/L\\.12 est adopté\\. (vote enregistré : 120 voix pour, 3 voix contre et 45 abstentions)
- 10:12:42: La séance est levée.

## Décisions

- Le projet de résolution A/C\\.2/57/L\\.12 est adopté\\. (vote enregistré : 120 voix pour, 3 voix contre et 45 abstentions) (item 17)
";
        assert_eq!(text, want);
    }

    fn closed_vote(
        kind: VoteKind,
        election: Option<plenary_protocol::vote::Election>,
        tally: &plenary_signaling::votes::Tally,
    ) -> Vote {
        use plenary_protocol::vote::{Majority, VoteSpec, Voter};
        let electorate: Vec<Voter> = ["Ghana", "Peru", "Nepal", "Chad"]
            .iter()
            .enumerate()
            .map(|(i, n)| Voter {
                delegation: DelegationId(uuid::Uuid::from_u128(i as u128 + 1)),
                name: (*n).into(),
            })
            .collect();
        let spec = VoteSpec {
            kind,
            title: "Draft resolution A/C.2/57/L.12".into(),
            document: Some("A/C.2/57/L.12".into()),
            item: None,
            majority: Majority::Simple,
            quorum: false,
            election,
        };
        let result = plenary_signaling::votes::result(&spec, &electorate, 4, tally);
        let roll_call = (kind == VoteKind::RollCall)
            .then(|| plenary_signaling::votes::roll_call(&electorate, 2));
        Vote {
            number: 1,
            spec,
            item: 0,
            electorate,
            opened_at: plenary_protocol::signal::Millis(0),
            voted: Vec::new(),
            roll_call,
            result: Some(result),
            closed_at: None,
        }
    }

    #[test]
    fn a_vote_is_written_as_a_summary_record_writes_it() {
        use plenary_protocol::vote::Choice;
        let t0 = 1_917_158_400_000;
        let d = |n: u128| DelegationId(uuid::Uuid::from_u128(n));
        let tally = plenary_signaling::votes::Tally {
            casts: vec![
                (d(1), Some(Choice::Yes)),
                (d(2), Some(Choice::Yes)),
                (d(3), Some(Choice::No)),
                (d(4), Some(Choice::Abstain)),
            ],
            marks: Vec::new(),
        };
        let record = vec![at(
            t0,
            Event::VoteClosed {
                vote: closed_vote(VoteKind::RollCall, None, &tally),
            },
        )];
        let text = skeleton(
            &meeting(),
            "Second Committee",
            &record,
            &HashMap::new(),
            Language::En,
        );
        assert!(
            text.contains("- 10:00:00: A vote was taken by roll-call on Draft resolution A/C\\.2/57/L\\.12. Nepal, having been drawn by lot by the Chair, was called upon to vote first."),
            "{text}"
        );
        assert!(
            text.contains(
                "\n\nIn favour: Ghana, Peru.\n\nAgainst: Nepal.\n\nAbstaining: Chad.\n\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("was adopted by 2 votes to 1, with 1 abstentions."),
            "{text}"
        );
        assert!(text.contains("## Decisions"), "{text}");

        let election = plenary_protocol::vote::Election {
            candidates: vec!["Ghana".into(), "Peru".into(), "Nepal".into()],
            seats: 2,
        };
        let tally = plenary_signaling::votes::Tally {
            casts: (1..=4).map(|n| (d(n), None)).collect(),
            marks: vec![4, 2, 2, 0],
        };
        let record = vec![at(
            t0,
            Event::VoteClosed {
                vote: closed_vote(VoteKind::Secret, Some(election), &tally),
            },
        )];
        let text = skeleton(
            &meeting(),
            "Second Committee",
            &record,
            &HashMap::new(),
            Language::En,
        );
        for part in [
            "A vote was taken by secret ballot",
            "Number of ballot papers: 4. Abstentions: 0. Number of members voting: 4. Required majority: 3.",
            "Number of votes obtained: Ghana 4; Peru 2; Nepal 2.",
            "Having obtained the required majority, Ghana was elected.",
            "One seat remains to be filled; a further ballot will be held among Peru, Nepal.",
        ] {
            assert!(text.contains(part), "{part} in {text}");
        }
        let french = skeleton(
            &meeting(),
            "Deuxième Commission",
            &record,
            &HashMap::new(),
            Language::Fr,
        );
        assert!(
            french.contains("Ayant obtenu la majorité requise, Ghana est élu."),
            "{french}"
        );
    }
}
