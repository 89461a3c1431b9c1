//! A list of speakers: who asks for the floor under an agenda item, in what
//! order, and what the chair may do to it. Pure operations on
//! [`SpeakersList`]; the meeting decides who may call them.
//!
//! The order is the General Assembly's: points of order first, at once;
//! then the statements, by the speaker's level and then by time of
//! inscription (or as the chair set it); rights of reply last, once the
//! statements are exhausted, a limited number per delegation and item.

use plenary_protocol::signal::{
    Inscription, ListOrder, Millis, ParticipantId, SpeakerKind, SpeakerLevel, SpeakersList,
};
use plenary_protocol::DelegationId;

/// Why a change to a list was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListError {
    AlreadyInscribed,
    Closed,
    ReplyLimit,
    NoSuchLine,
    /// A place outside the lines of that kind.
    BadPlace,
}

/// Who asks for the floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speaker {
    pub participant: Option<ParticipantId>,
    pub delegation: Option<DelegationId>,
}

impl Speaker {
    /// Whether `line` is this speaker's: one line per delegation and kind (per
    /// person for staff without a delegation).
    fn owns(&self, line: &Inscription) -> bool {
        match (self.delegation, line.delegation) {
            (Some(mine), Some(theirs)) => mine == theirs,
            (None, None) => self.participant.is_some() && line.participant == self.participant,
            _ => false,
        }
    }
}

/// Adds `speaker`'s request of `kind` at its place. Statements are refused on
/// a closed list; a right of reply past the delegation's `replies_allowed`.
pub fn inscribe(
    list: &mut SpeakersList,
    speaker: Speaker,
    kind: SpeakerKind,
    level: SpeakerLevel,
    replies_allowed: usize,
    now: Millis,
) -> Result<u64, ListError> {
    if list.lines.iter().any(|l| l.kind == kind && speaker.owns(l)) {
        return Err(ListError::AlreadyInscribed);
    }
    if kind == SpeakerKind::Statement && list.closed {
        return Err(ListError::Closed);
    }
    if kind == SpeakerKind::RightOfReply {
        let used = speaker
            .delegation
            .map_or(0, |d| list.replies.get(&d).copied().unwrap_or(0));
        if usize::try_from(used).unwrap_or(usize::MAX) >= replies_allowed {
            return Err(ListError::ReplyLimit);
        }
    }
    let line = new_line(list, speaker, kind, level, now);
    let number = line.line;
    let at = place_of(list, &line);
    list.lines.insert(at, line);
    Ok(number)
}

fn new_line(
    list: &mut SpeakersList,
    speaker: Speaker,
    kind: SpeakerKind,
    level: SpeakerLevel,
    now: Millis,
) -> Inscription {
    list.next_line += 1;
    Inscription {
        line: list.next_line,
        participant: speaker.participant,
        delegation: speaker.delegation,
        kind,
        level,
        inscribed_at: now,
    }
}

/// Where a new line goes: after the lines that come before it by kind, and,
/// while the list is ordered by level, after the statements of its level or
/// a higher one.
fn place_of(list: &SpeakersList, line: &Inscription) -> usize {
    let by_level = list.order == ListOrder::ByLevel && line.kind == SpeakerKind::Statement;
    list.lines
        .iter()
        .position(|l| {
            l.kind > line.kind || (by_level && l.kind == line.kind && l.level > line.level)
        })
        .unwrap_or(list.lines.len())
}

/// The range of `kind`'s lines in the list.
fn lines_of(list: &SpeakersList, kind: SpeakerKind) -> std::ops::Range<usize> {
    let start = list
        .lines
        .iter()
        .position(|l| l.kind >= kind)
        .unwrap_or(list.lines.len());
    let end = list
        .lines
        .iter()
        .position(|l| l.kind > kind)
        .unwrap_or(list.lines.len());
    start..end
}

/// The chair inserts a delegation's statement at `at` among the statements
/// (0 first), closed list or not; from then on the list is in the chair's order.
pub fn insert(
    list: &mut SpeakersList,
    delegation: DelegationId,
    level: SpeakerLevel,
    at: usize,
    now: Millis,
) -> Result<u64, ListError> {
    let speaker = Speaker {
        participant: None,
        delegation: Some(delegation),
    };
    if list
        .lines
        .iter()
        .any(|l| l.kind == SpeakerKind::Statement && speaker.owns(l))
    {
        return Err(ListError::AlreadyInscribed);
    }
    let statements = lines_of(list, SpeakerKind::Statement);
    if at > statements.len() {
        return Err(ListError::BadPlace);
    }
    let line = new_line(list, speaker, SpeakerKind::Statement, level, now);
    let number = line.line;
    list.lines.insert(statements.start + at, line);
    list.order = ListOrder::ByChair;
    Ok(number)
}

/// The chair moves a line to `to` among the lines of its kind (0 first);
/// moving a statement puts the list in the chair's order.
pub fn move_line(list: &mut SpeakersList, line: u64, to: usize) -> Result<(), ListError> {
    let from = index_of(list, line)?;
    let kind = list.lines[from].kind;
    let range = lines_of(list, kind);
    if to >= range.len() {
        return Err(ListError::BadPlace);
    }
    let moved = list.lines.remove(from);
    list.lines.insert(range.start + to, moved);
    if kind == SpeakerKind::Statement {
        list.order = ListOrder::ByChair;
    }
    Ok(())
}

/// The chair strikes a line off the list.
pub fn strike(list: &mut SpeakersList, line: u64) -> Result<Inscription, ListError> {
    let at = index_of(list, line)?;
    Ok(list.lines.remove(at))
}

fn index_of(list: &SpeakersList, line: u64) -> Result<usize, ListError> {
    list.lines
        .iter()
        .position(|l| l.line == line)
        .ok_or(ListError::NoSuchLine)
}

/// The speaker takes their lines off the list; whether there were any.
pub fn withdraw(list: &mut SpeakersList, speaker: Speaker) -> bool {
    let before = list.lines.len();
    list.lines.retain(|l| !speaker.owns(l));
    list.lines.len() != before
}

/// Takes a line off the list as its speaker gets the floor; a right of reply
/// counts against the delegation's. Returns the line.
pub fn take(list: &mut SpeakersList, line: u64) -> Result<Inscription, ListError> {
    let taken = strike(list, line)?;
    if taken.kind == SpeakerKind::RightOfReply {
        if let Some(d) = taken.delegation {
            *list.replies.entry(d).or_insert(0) += 1;
        }
    }
    Ok(taken)
}

/// The speaking time of a delegation's next right of reply under this list:
/// `limits` holds the time of the first, the second, and so on.
pub fn reply_limit(
    list: &SpeakersList,
    delegation: Option<DelegationId>,
    limits: &[u64],
) -> Option<u64> {
    let used = delegation.map_or(0, |d| list.replies.get(&d).copied().unwrap_or(0));
    limits.get(usize::try_from(used).ok()?).copied()
}

/// Whether statements are still waiting (rights of reply wait for them).
pub fn statements_waiting(list: &SpeakersList) -> bool {
    list.lines.iter().any(|l| l.kind == SpeakerKind::Statement)
}

/// The list as a new sitting finds it: lines stay by delegation; who
/// inscribed them in the last sitting is no longer seated.
pub fn carried_over(mut list: SpeakersList) -> SpeakersList {
    for line in &mut list.lines {
        line.participant = None;
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> DelegationId {
        DelegationId(uuid::Uuid::from_u128(n))
    }

    fn d(n: u128) -> Option<DelegationId> {
        Some(id(n))
    }

    fn of(n: u128) -> Speaker {
        Speaker {
            participant: Some(ParticipantId(n as u64)),
            delegation: d(n),
        }
    }

    fn delegations(list: &SpeakersList) -> Vec<(u128, SpeakerKind)> {
        list.lines
            .iter()
            .map(|l| (l.delegation.map_or(0, |d| d.0.as_u128()), l.kind))
            .collect()
    }

    use SpeakerKind::{PointOfOrder, RightOfReply, Statement};
    use SpeakerLevel::{HeadOfDelegation, HeadOfState, Minister, Other};

    fn add(
        list: &mut SpeakersList,
        n: u128,
        kind: SpeakerKind,
        level: SpeakerLevel,
        t: u64,
    ) -> u64 {
        inscribe(list, of(n), kind, level, 2, Millis(t)).expect("inscribed")
    }

    #[test]
    fn statements_go_by_level_then_by_time_and_points_of_order_first_replies_last() {
        let mut list = SpeakersList::default();
        add(&mut list, 1, Statement, Other, 1);
        add(&mut list, 2, Statement, Minister, 2);
        add(&mut list, 3, RightOfReply, Other, 3);
        add(&mut list, 4, Statement, HeadOfState, 4);
        add(&mut list, 5, Statement, Minister, 5);
        add(&mut list, 6, PointOfOrder, Other, 6);
        add(&mut list, 7, Statement, HeadOfDelegation, 7);
        assert_eq!(
            delegations(&list),
            vec![
                (6, PointOfOrder),
                (4, Statement),
                (2, Statement),
                (5, Statement),
                (7, Statement),
                (1, Statement),
                (3, RightOfReply),
            ]
        );
        assert_eq!(list.order, ListOrder::ByLevel);
    }

    #[test]
    fn a_delegation_has_one_line_of_each_kind() {
        let mut list = SpeakersList::default();
        add(&mut list, 1, Statement, Other, 1);
        assert_eq!(
            inscribe(&mut list, of(1), Statement, Minister, 2, Millis(2)),
            Err(ListError::AlreadyInscribed)
        );
        // Another delegate of the same delegation is the same delegation.
        let colleague = Speaker {
            participant: Some(ParticipantId(99)),
            delegation: d(1),
        };
        assert_eq!(
            inscribe(&mut list, colleague, Statement, Other, 2, Millis(2)),
            Err(ListError::AlreadyInscribed)
        );
        add(&mut list, 1, PointOfOrder, Other, 3);
        assert_eq!(list.lines.len(), 2);
    }

    #[test]
    fn the_chair_inserts_moves_and_strikes_and_the_order_becomes_the_chairs() {
        let mut list = SpeakersList::default();
        add(&mut list, 1, Statement, Other, 1);
        add(&mut list, 2, Statement, Other, 2);
        let poo = add(&mut list, 9, PointOfOrder, Other, 3);
        insert(&mut list, id(3), Minister, 1, Millis(4)).expect("inserted");
        assert_eq!(
            delegations(&list),
            vec![
                (9, PointOfOrder),
                (1, Statement),
                (3, Statement),
                (2, Statement)
            ]
        );
        assert_eq!(list.order, ListOrder::ByChair);
        // A later inscription goes last among the statements, level or not.
        add(&mut list, 4, Statement, HeadOfState, 5);
        let second = list.lines[2].line;
        move_line(&mut list, second, 3).expect("moved");
        assert_eq!(
            delegations(&list),
            vec![
                (9, PointOfOrder),
                (1, Statement),
                (2, Statement),
                (4, Statement),
                (3, Statement)
            ]
        );
        // Places count within the kind: a statement cannot go among points of order.
        assert_eq!(move_line(&mut list, second, 4), Err(ListError::BadPlace));
        assert_eq!(move_line(&mut list, poo, 1), Err(ListError::BadPlace));
        assert_eq!(
            insert(&mut list, id(5), Other, 5, Millis(6)),
            Err(ListError::BadPlace)
        );
        assert_eq!(
            insert(&mut list, id(1), Other, 0, Millis(6)),
            Err(ListError::AlreadyInscribed)
        );
        let struck = strike(&mut list, second).expect("struck");
        assert_eq!(struck.delegation, d(3));
        assert_eq!(strike(&mut list, second), Err(ListError::NoSuchLine));
        assert_eq!(move_line(&mut list, 404, 0), Err(ListError::NoSuchLine));
    }

    #[test]
    fn a_closed_list_takes_no_statements_but_points_of_order_replies_and_the_chairs_insertions() {
        let mut list = SpeakersList {
            closed: true,
            ..SpeakersList::default()
        };
        assert_eq!(
            inscribe(&mut list, of(1), Statement, Other, 2, Millis(1)),
            Err(ListError::Closed)
        );
        add(&mut list, 1, PointOfOrder, Other, 1);
        add(&mut list, 1, RightOfReply, Other, 1);
        insert(&mut list, id(2), Other, 0, Millis(2)).expect("the chair may");
        assert_eq!(list.lines.len(), 3);
    }

    #[test]
    fn rights_of_reply_are_limited_per_delegation_and_timed_first_then_second() {
        let limits = [600_000, 300_000];
        let mut list = SpeakersList::default();
        assert_eq!(reply_limit(&list, d(1), &limits), Some(600_000));
        for round in 0..2 {
            let line = add(&mut list, 1, RightOfReply, Other, round);
            take(&mut list, line).expect("taken");
        }
        assert_eq!(list.replies.get(&id(1)), Some(&2));
        assert_eq!(reply_limit(&list, d(1), &limits), None);
        assert_eq!(
            inscribe(&mut list, of(1), RightOfReply, Other, 2, Millis(9)),
            Err(ListError::ReplyLimit)
        );
        // Another delegation still has both.
        let line = add(&mut list, 2, RightOfReply, Other, 9);
        assert_eq!(reply_limit(&list, d(2), &limits), Some(600_000));
        take(&mut list, line).expect("taken");
        assert_eq!(reply_limit(&list, d(2), &limits), Some(300_000));
        // A statement taken is not a reply.
        let line = add(&mut list, 3, Statement, Other, 10);
        take(&mut list, line).expect("taken");
        assert!(!list.replies.contains_key(&id(3)));
    }

    #[test]
    fn replies_wait_for_the_statements() {
        let mut list = SpeakersList::default();
        add(&mut list, 1, RightOfReply, Other, 1);
        assert!(!statements_waiting(&list));
        let s = add(&mut list, 2, Statement, Other, 2);
        assert!(statements_waiting(&list));
        assert_eq!(list.lines[0].kind, Statement);
        take(&mut list, s).expect("taken");
        assert!(!statements_waiting(&list));
    }

    #[test]
    fn withdrawing_takes_the_delegations_lines_and_a_new_sitting_keeps_them_by_delegation() {
        let mut list = SpeakersList::default();
        add(&mut list, 1, Statement, Other, 1);
        add(&mut list, 1, RightOfReply, Other, 2);
        add(&mut list, 2, Statement, Other, 3);
        assert!(withdraw(&mut list, of(1)));
        assert!(!withdraw(&mut list, of(1)));
        assert_eq!(delegations(&list), vec![(2, Statement)]);
        let next = carried_over(list);
        assert_eq!(next.lines[0].participant, None);
        assert_eq!(next.lines[0].delegation, d(2));
        // Staff without a delegation inscribe as themselves.
        let mut list = SpeakersList::default();
        let staff = |n| Speaker {
            participant: Some(ParticipantId(n)),
            delegation: None,
        };
        inscribe(&mut list, staff(1), Statement, Other, 2, Millis(1)).expect("one");
        inscribe(&mut list, staff(2), Statement, Other, 2, Millis(1)).expect("another");
        assert_eq!(
            inscribe(&mut list, staff(1), Statement, Other, 2, Millis(1)),
            Err(ListError::AlreadyInscribed)
        );
    }
}
