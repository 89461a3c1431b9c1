//! The skeleton of the minutes, drafted from the meeting record: pure text
//! from what the record says, times in the meeting's zone.

use chrono::{DateTime, Utc};
use plenary_protocol::api::{AgendaItem, Meeting, MeetingStatus};
use plenary_protocol::signal::{Event, MeetingRole, SpeakerKind};
use std::collections::{BTreeSet, HashMap};

/// One line of the meeting record, as drafting reads it.
#[derive(Debug, Clone)]
pub struct RecordEntry {
    pub at_ms: u64,
    pub delegation: Option<String>,
    pub event: Event,
}

fn duration(ms: u64) -> String {
    let s = ms / 1000;
    match (s / 3600, (s % 3600) / 60, s % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    }
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

/// The skeleton of the minutes: attendance, the agenda items taken up, each
/// speaker in the order they had the floor with start time and duration
/// (and overruns), and the chair's actions, times in the meeting's zone.
pub fn skeleton(
    meeting: &Meeting,
    body: &str,
    record: &[RecordEntry],
    delegations: &HashMap<String, String>,
) -> String {
    let zone: chrono_tz::Tz = meeting.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let clock = |ms: u64| {
        DateTime::<Utc>::from_timestamp_millis(i64::try_from(ms).unwrap_or(0))
            .map(|t| t.with_timezone(&zone).format("%H:%M:%S").to_string())
            .unwrap_or_default()
    };
    let mut names: HashMap<u64, String> = HashMap::new();
    let mut chairs = BTreeSet::new();
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
    // Lines of the proceedings; a blank line separates lines of different kinds.
    let mut proceedings: Vec<(Part, String)> = Vec::new();
    let mut speaker_number = 0;
    let mut floor: Option<(u64, u64, SpeakerKind)> = None;
    let mut was_suspended = false;
    let mut decisions: Vec<String> = Vec::new();
    for entry in record {
        let time = clock(entry.at_ms);
        let who = |names: &HashMap<u64, String>, p: u64| {
            names
                .get(&p)
                .cloned()
                .unwrap_or_else(|| format!("participant {p}"))
        };
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
                names.insert(
                    participant.id.0,
                    delegation.unwrap_or_else(|| participant.name.clone()),
                );
            }
            Event::StatusChanged { status } => {
                let what = match status {
                    MeetingStatus::InProgress if was_suspended => "resumed",
                    MeetingStatus::InProgress => "called to order",
                    MeetingStatus::Suspended => "suspended",
                    MeetingStatus::Adjourned => "adjourned",
                    _ => continue,
                };
                was_suspended = *status == MeetingStatus::Suspended;
                proceedings.push((Part::Note, format!("- {time}: The meeting was {what}.")));
            }
            Event::ItemTakenUp { position } => {
                let item = agenda_item(meeting, *position);
                let number = item
                    .and_then(|i| i.number.clone())
                    .unwrap_or_else(|| position.to_string());
                let title = item.map(|i| md(&i.title)).unwrap_or_default();
                proceedings.push((
                    Part::Heading,
                    format!("### Agenda item {}: {title}", md(&number)),
                ));
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
                    SpeakerKind::Statement => "",
                    SpeakerKind::PointOfOrder => ", on a point of order",
                    SpeakerKind::RightOfReply => ", in exercise of the right of reply",
                };
                let overrun = if *overrun_ms > 0 {
                    format!("; {} over the time limit", duration(*overrun_ms))
                } else {
                    String::new()
                };
                proceedings.push((
                    Part::Speaker,
                    format!(
                        "{speaker_number}. **{}**{kind} ({}, {}{overrun})",
                        md(&who(&names, participant.0)),
                        clock(start),
                        duration(*spoke_ms),
                    ),
                ));
            }
            Event::SpeakingLimitChanged { limit_ms } => {
                let limit = limit_ms.map_or("no limit".to_string(), duration);
                proceedings.push((
                    Part::Note,
                    format!("- {time}: The Chair set the speaking time to {limit}."),
                ));
            }
            Event::Removed { participant } => proceedings.push((
                Part::Note,
                format!(
                    "- {time}: The Chair removed {} from the meeting.",
                    md(&who(&names, participant.0))
                ),
            )),
            Event::DecisionRecorded { decision } => {
                let line = decision_line(decision);
                proceedings.push((Part::Note, format!("- {time}: {line}")));
                let item = decision
                    .item
                    .and_then(|p| agenda_item(meeting, p))
                    .map(|i| format!(" (item {})", md(i.number.as_deref().unwrap_or(&i.title))))
                    .unwrap_or_default();
                decisions.push(format!("- {line}{item}"));
            }
            Event::LockChanged { locked } => proceedings.push((
                Part::Note,
                format!(
                    "- {time}: The Chair {} the meeting.",
                    if *locked { "locked" } else { "unlocked" }
                ),
            )),
            _ => {}
        }
    }
    if let Some((p, start, _)) = floor {
        proceedings.push((
            Part::Note,
            format!(
                "- **{}** had the floor from {}; the end was not recorded.",
                md(&names.get(&p).cloned().unwrap_or_default()),
                clock(start)
            ),
        ));
    }
    out.push_str("## Attendance\n\n");
    if !chairs.is_empty() {
        let chairs: Vec<String> = chairs.iter().map(|c| md(c)).collect();
        out.push_str(&format!("Chair: {}\n\n", chairs.join(", ")));
    }
    if present.is_empty() {
        out.push_str("No delegation was recorded as present.\n\n");
    } else {
        let present: Vec<String> = present.iter().map(|d| md(d)).collect();
        out.push_str(&format!(
            "Delegations present ({}): {}.\n\n",
            present.len(),
            present.join(", ")
        ));
    }
    if !meeting.agenda.is_empty() {
        out.push_str("## Agenda\n\n");
        for (i, item) in meeting.agenda.iter().enumerate() {
            let number = item.number.clone().unwrap_or_else(|| (i + 1).to_string());
            out.push_str(&format!("- {}: {}\n", md(&number), md(&item.title)));
        }
        out.push('\n');
    }
    out.push_str("## Proceedings\n\n");
    if proceedings.is_empty() {
        out.push_str("Nothing was recorded.\n");
    }
    let mut last = None;
    for (part, line) in &proceedings {
        if last.is_some() {
            let same_list = last == Some(*part) && *part != Part::Heading;
            out.push_str(if same_list { "\n" } else { "\n\n" });
        }
        out.push_str(line);
        last = Some(*part);
    }
    if last.is_some() {
        out.push('\n');
    }
    if !decisions.is_empty() {
        out.push_str("\n## Decisions\n\n");
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
fn decision_line(decision: &plenary_protocol::signal::Decision) -> String {
    let mut line = md(&decision.text.replace('\n', " "));
    if let Some(v) = decision.votes {
        line.push_str(&format!(
            " (recorded vote: {} in favour, {} against, {} abstaining)",
            v.in_favour, v.against, v.abstaining
        ));
    }
    line
}

/// The kinds of line in the proceedings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Heading,
    Note,
    Speaker,
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
                },
                AgendaItem {
                    number: None,
                    title: "Other matters".into(),
                },
            ],
            chair_id: None,
            secretary_id: None,
            sequence: 0,
            updated_at: start.and_utc(),
        }
    }

    fn joined(id: u64, name: &str, role: MeetingRole, delegation: Option<&str>) -> RecordEntry {
        RecordEntry {
            at_ms: 0,
            delegation: delegation.map(str::to_string),
            event: Event::Joined {
                participant: Participant {
                    id: ParticipantId(id),
                    user: UserId(uuid::Uuid::nil()),
                    name: name.into(),
                    role,
                    delegation: delegation.map(|_| DelegationId(uuid::Uuid::nil())),
                    in_lobby: false,
                    muted_by_chair: false,
                    connected: true,
                },
            },
        }
    }

    fn at(ms: u64, event: Event) -> RecordEntry {
        RecordEntry {
            at_ms: ms,
            delegation: None,
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
        let text = skeleton(&meeting(), "Second Committee", &record, &delegations);
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
}
