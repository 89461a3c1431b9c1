//! iCalendar (RFC 5545) rendering of meetings, with a VTIMEZONE for each zone
//! used so calendar programs show the meeting at the venue's wall-clock time.
//!
//! VTIMEZONE observances are computed from the tz database as the actual
//! transitions around the events (no RRULE), which stays right for zones whose
//! rules changed over the years.

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use plenary_protocol::api::{Access, Meeting, MeetingStatus};
use std::collections::BTreeMap;
use std::fmt::Write;

/// One meeting with what the calendar needs besides the meeting itself.
#[derive(Debug)]
pub struct Event<'a> {
    pub meeting: &'a Meeting,
    pub location: Option<&'a str>,
    pub url: String,
}

/// Renders a VCALENDAR with CRLF line ends and folded lines.
pub fn calendar(name: &str, uid_domain: &str, events: &[Event<'_>], now: DateTime<Utc>) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Plenary//Plenary meetings//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", escape(name)),
    ];
    let mut zones: BTreeMap<&str, (DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    for e in events {
        let span = zones
            .entry(&e.meeting.time_zone)
            .or_insert((e.meeting.starts_at, e.meeting.ends_at));
        span.0 = span.0.min(e.meeting.starts_at);
        span.1 = span.1.max(e.meeting.ends_at);
    }
    for (zone, (from, to)) in zones {
        if let Ok(tz) = zone.parse::<Tz>() {
            vtimezone(
                &mut lines,
                tz,
                from - chrono::Duration::days(366),
                to + chrono::Duration::days(366),
            );
        }
    }
    for e in events {
        vevent(&mut lines, e, uid_domain, now);
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold_into(&mut out, &line);
    }
    out
}

fn vevent(lines: &mut Vec<String>, e: &Event<'_>, uid_domain: &str, now: DateTime<Utc>) {
    let m = e.meeting;
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}@{}", m.id, uid_domain));
    lines.push(format!("DTSTAMP:{}", utc_stamp(now)));
    lines.push(format!(
        "DTSTART;TZID={}:{}",
        m.time_zone,
        local_stamp(m.starts_local)
    ));
    lines.push(format!(
        "DTEND;TZID={}:{}",
        m.time_zone,
        local_stamp(m.ends_local)
    ));
    lines.push(format!("SEQUENCE:{}", m.sequence));
    lines.push(format!("LAST-MODIFIED:{}", utc_stamp(m.updated_at)));
    lines.push(format!("SUMMARY:{}", escape(&m.title)));
    if let Some(location) = e.location {
        lines.push(format!("LOCATION:{}", escape(location)));
    }
    if !m.agenda.is_empty() {
        let mut text = String::from("Agenda:");
        for (i, item) in m.agenda.iter().enumerate() {
            let _ = match &item.number {
                Some(n) => write!(text, "\n{}. [{}] {}", i + 1, n, item.title),
                None => write!(text, "\n{}. {}", i + 1, item.title),
            };
        }
        lines.push(format!("DESCRIPTION:{}", escape(&text)));
    }
    lines.push(format!("URL:{}", e.url));
    lines.push(format!(
        "CLASS:{}",
        if m.access == Access::Public {
            "PUBLIC"
        } else {
            "CONFIDENTIAL"
        }
    ));
    lines.push(format!(
        "STATUS:{}",
        if m.status == MeetingStatus::Cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        }
    ));
    lines.push("END:VEVENT".into());
}

fn offset_secs(tz: Tz, at: DateTime<Utc>) -> i32 {
    tz.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

/// Writes a VTIMEZONE with one observance at `from` and one per transition up to `to`.
fn vtimezone(lines: &mut Vec<String>, tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) {
    lines.push("BEGIN:VTIMEZONE".into());
    lines.push(format!("TZID:{}", tz.name()));
    let start_offset = offset_secs(tz, from);
    observance(lines, tz, from, start_offset, start_offset);
    let step = chrono::Duration::days(1);
    let mut t = from;
    while t < to {
        let next = t + step;
        let (a, b) = (offset_secs(tz, t), offset_secs(tz, next));
        if a != b {
            // Binary search for the first second with the new offset.
            let (mut lo, mut hi) = (t.timestamp(), next.timestamp());
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                let at = DateTime::from_timestamp(mid, 0).unwrap_or(next);
                if offset_secs(tz, at) == a {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let at = DateTime::from_timestamp(hi, 0).unwrap_or(next);
            observance(lines, tz, at, a, b);
        }
        t = next;
    }
    lines.push("END:VTIMEZONE".into());
}

fn observance(lines: &mut Vec<String>, tz: Tz, at: DateTime<Utc>, from: i32, to: i32) {
    let off = tz.offset_from_utc_datetime(&at.naive_utc());
    let kind = if off.dst_offset().num_seconds() != 0 {
        "DAYLIGHT"
    } else {
        "STANDARD"
    };
    // DTSTART is the local time of the change as read on the clock before it.
    let local = at.naive_utc() + chrono::Duration::seconds(i64::from(from));
    lines.push(format!("BEGIN:{kind}"));
    lines.push(format!("DTSTART:{}", local_stamp(local)));
    lines.push(format!("TZOFFSETFROM:{}", utc_offset(from)));
    lines.push(format!("TZOFFSETTO:{}", utc_offset(to)));
    if let Some(name) = off.abbreviation() {
        lines.push(format!("TZNAME:{}", escape(name)));
    }
    lines.push(format!("END:{kind}"));
}

fn utc_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let s = secs.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// Escapes a TEXT value (RFC 5545 section 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets, never inside a UTF-8 character.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        fold_into(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn escapes_text_specials() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn new_york_2026_has_both_transitions() {
        let tz: Tz = "America/New_York".parse().expect("zone");
        let mut lines = Vec::new();
        let from = Utc
            .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
            .single()
            .expect("date");
        let to = Utc
            .with_ymd_and_hms(2026, 12, 31, 0, 0, 0)
            .single()
            .expect("date");
        vtimezone(&mut lines, tz, from, to);
        let text = lines.join("\n");
        assert!(text.contains("BEGIN:DAYLIGHT\nDTSTART:20260308T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nTZNAME:EDT"), "{text}");
        assert!(text.contains("BEGIN:STANDARD\nDTSTART:20261101T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nTZNAME:EST"), "{text}");
    }
}
