//! Votes, decided in plain code: what may be put to the vote, which
//! ballots are valid, the order of a roll-call, and the result by the
//! General Assembly's rules (82–95): a majority of the members present and
//! voting (abstentions are not voting), two thirds for important questions,
//! a tie rejects, a quorum of a majority of the members when required, and
//! in elections the candidates with a majority and the most votes, a
//! further ballot among the next ones for seats left unfilled.
//!
//! `meeting` decides who may open, cast and close; this module only counts.

use plenary_protocol::vote::*;
use plenary_protocol::DelegationId;

/// Longest proposal title, candidate name and document symbol, in characters.
pub const MAX_TITLE: usize = 300;
pub const MAX_NAME: usize = 200;
pub const MAX_DOCUMENT: usize = 100;
/// Most candidates in one election.
pub const MAX_CANDIDATES: usize = 200;
/// Largest stated majority.
pub const MAX_VOTES: u32 = 10_000;

/// Why a vote or a ballot was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VoteError {
    #[error("a vote needs a title of 1 to 300 characters without control characters; a document symbol of at most 100; candidates (2 to 200 different names, 200 characters each) and 1 seat or more but fewer than the candidates for an election, which is by secret ballot; a stated majority of 1 to 10000")]
    BadSpec,
    #[error("this choice does not exist in this vote, or names more candidates than there are seats, or one twice")]
    BadBallot,
}

/// A ballot as the ballot box stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ballot {
    /// Kept with the delegation that cast it (every kind but secret).
    Public(Choice),
    /// The options a secret ballot marks (see [`options`]); nothing ties
    /// them to the delegation.
    Secret(Vec<usize>),
}

/// What the ballot box holds when a vote closes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Every delegation that voted, with its vote unless the ballot was secret.
    pub casts: Vec<(DelegationId, Option<Choice>)>,
    /// A secret ballot's marks per option.
    pub marks: Vec<u32>,
}

fn clean(text: &str, max: usize) -> bool {
    let n = text.chars().count();
    n > 0 && n <= max && !text.chars().any(char::is_control) && !text.trim().is_empty()
}

/// Whether `spec` may be put to the vote.
pub fn check_spec(spec: &VoteSpec) -> Result<(), VoteError> {
    let document_ok = spec
        .document
        .as_deref()
        .is_none_or(|d| clean(d, MAX_DOCUMENT));
    let majority_ok = match spec.majority {
        Majority::AtLeast(n) => (1..=MAX_VOTES).contains(&n),
        _ => true,
    };
    let election_ok = match &spec.election {
        None => true,
        Some(e) => {
            let mut names: Vec<&str> = e.candidates.iter().map(|c| c.trim()).collect();
            names.sort_unstable();
            names.dedup();
            spec.kind == VoteKind::Secret
                && (2..=MAX_CANDIDATES).contains(&e.candidates.len())
                && names.len() == e.candidates.len()
                && e.candidates.iter().all(|c| clean(c, MAX_NAME))
                && e.seats >= 1
                && usize::try_from(e.seats).is_ok_and(|s| s < e.candidates.len())
        }
    };
    if clean(&spec.title, MAX_TITLE) && document_ok && majority_ok && election_ok {
        Ok(())
    } else {
        Err(VoteError::BadSpec)
    }
}

/// The options a secret ballot counts: each candidate then a blank ballot,
/// or in favour, against and abstaining.
pub fn options(spec: &VoteSpec) -> usize {
    spec.election
        .as_ref()
        .map_or(Choice::ALL.len(), |e| e.candidates.len() + 1)
}

fn choice_option(choice: Choice) -> usize {
    match choice {
        Choice::Yes => 0,
        Choice::No => 1,
        Choice::Abstain => 2,
    }
}

/// The ballot `cast` makes in a vote on `spec`, if it is a valid one.
pub fn ballot(spec: &VoteSpec, cast: &Cast) -> Result<Ballot, VoteError> {
    match (&spec.election, cast, spec.kind) {
        (_, _, VoteKind::WithoutVote) => Err(VoteError::BadBallot),
        (None, Cast::Position(choice), VoteKind::Secret) => {
            Ok(Ballot::Secret(vec![choice_option(*choice)]))
        }
        (None, Cast::Position(choice), _) => Ok(Ballot::Public(*choice)),
        (Some(e), Cast::Ballot(named), _) => {
            let mut marks: Vec<usize> = named.iter().map(|&c| usize::from(c)).collect();
            marks.sort_unstable();
            marks.dedup();
            let seats = usize::try_from(e.seats).unwrap_or(usize::MAX);
            if marks.len() != named.len()
                || marks.len() > seats
                || marks.iter().any(|&c| c >= e.candidates.len())
            {
                return Err(VoteError::BadBallot);
            }
            if marks.is_empty() {
                // A blank ballot: counted as cast, not as voting.
                marks.push(e.candidates.len());
            }
            Ok(Ballot::Secret(marks))
        }
        _ => Err(VoteError::BadBallot),
    }
}

/// The order of a roll-call: the electorate in the English alphabetical
/// order of its names, starting with the delegation at `lot` (drawn by the
/// caller) and wrapping round.
pub fn roll_call(electorate: &[Voter], lot: u64) -> RollCall {
    let mut by_name: Vec<&Voter> = electorate.iter().collect();
    by_name.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.delegation.cmp(&b.delegation))
    });
    let start = match u64::try_from(by_name.len()) {
        Ok(n) if n > 0 => usize::try_from(lot % n).unwrap_or(0),
        _ => 0,
    };
    let order: Vec<DelegationId> = by_name[start..]
        .iter()
        .chain(&by_name[..start])
        .map(|v| v.delegation)
        .collect();
    RollCall {
        calling: order.first().copied(),
        order,
        recall: Vec::new(),
        second_round: false,
    }
}

/// Moves the call on: a delegation that did not answer its first call is
/// called once more at the end; after the second round the call is over.
pub fn call_next(call: &mut RollCall, answered: impl Fn(DelegationId) -> bool) {
    let Some(current) = call.calling else {
        return;
    };
    if !call.second_round {
        if !answered(current) {
            call.recall.push(current);
        }
        let at = call.order.iter().position(|&d| d == current);
        let next = at.and_then(|i| call.order.get(i + 1)).copied();
        call.calling = match next {
            Some(d) => Some(d),
            None => {
                call.second_round = true;
                call.recall.first().copied()
            }
        };
    } else {
        let at = call.recall.iter().position(|&d| d == current);
        call.calling = at.and_then(|i| call.recall.get(i + 1)).copied();
    }
}

/// Votes in favour needed with `voting` members present and voting.
pub fn required(majority: Majority, voting: u32) -> u32 {
    match majority {
        Majority::Simple => voting / 2 + 1,
        Majority::TwoThirds => (2 * voting).div_ceil(3).max(1),
        Majority::AtLeast(n) => n.max(1),
    }
}

/// A majority of the members.
pub fn quorum(members: u32) -> u32 {
    members / 2 + 1
}

fn count_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The result of a vote on `spec` among `electorate`, with `present`
/// members present at the close and `tally` from the ballot box.
pub fn result(spec: &VoteSpec, electorate: &[Voter], present: u32, tally: &Tally) -> VoteResult {
    let members = count_u32(electorate.len());
    let quorum = spec.quorum.then(|| quorum(members));
    let quorate = quorum.is_none_or(|q| present >= q);
    let mut r = VoteResult {
        outcome: Outcome::Rejected,
        members,
        present,
        voting: 0,
        yes: 0,
        no: 0,
        abstain: 0,
        required: 0,
        quorum,
        names: None,
        ballots: 0,
        candidates: Vec::new(),
        unfilled: 0,
        further_ballot: Vec::new(),
    };
    if spec.kind == VoteKind::WithoutVote {
        r.outcome = Outcome::AdoptedWithoutVote;
        return r;
    }
    if let Some(e) = &spec.election {
        elect(&mut r, e, spec.majority, tally);
    } else {
        let mark = |i: usize| tally.marks.get(i).copied().unwrap_or(0);
        if spec.kind == VoteKind::Secret {
            (r.yes, r.no, r.abstain) = (mark(0), mark(1), mark(2));
        } else {
            let of = |c: Choice| count_u32(tally.casts.iter().filter(|x| x.1 == Some(c)).count());
            (r.yes, r.no, r.abstain) = (of(Choice::Yes), of(Choice::No), of(Choice::Abstain));
        }
        r.voting = r.yes + r.no;
        r.required = required(spec.majority, r.voting);
        r.outcome = if r.yes >= r.required {
            Outcome::Adopted
        } else {
            Outcome::Rejected
        };
        if spec.kind.names_voters() {
            r.names = Some(names(electorate, tally));
        }
    }
    if !quorate {
        r.outcome = Outcome::NoQuorum;
    }
    r
}

fn names(electorate: &[Voter], tally: &Tally) -> Names {
    let mut names = Names::default();
    let mut sorted: Vec<&Voter> = electorate.iter().collect();
    sorted.sort_by_key(|v| v.name.to_lowercase());
    for voter in sorted {
        let cast = tally.casts.iter().find(|c| c.0 == voter.delegation);
        let column = match cast.and_then(|c| c.1) {
            Some(Choice::Yes) => &mut names.yes,
            Some(Choice::No) => &mut names.no,
            Some(Choice::Abstain) => &mut names.abstain,
            None => continue,
        };
        column.push(voter.name.clone());
    }
    names
}

/// An election: the candidates with the required majority of the valid
/// ballots and the most votes fill the seats; a tie for the last seat
/// fills neither. Seats left go to a further ballot among the candidates
/// with the most votes not elected, at most twice as many as the seats
/// (more when tied).
fn elect(r: &mut VoteResult, e: &Election, majority: Majority, tally: &Tally) {
    let n = e.candidates.len();
    let blank = tally.marks.get(n).copied().unwrap_or(0);
    r.ballots = count_u32(tally.casts.len());
    r.abstain = blank;
    r.voting = r.ballots.saturating_sub(blank);
    r.required = required(majority, r.voting);
    let votes = |i: usize| tally.marks.get(i).copied().unwrap_or(0);
    let mut ranked: Vec<usize> = (0..n).collect();
    ranked.sort_by_key(|&i| std::cmp::Reverse(votes(i)));
    let seats = usize::try_from(e.seats).unwrap_or(usize::MAX);
    let qualified: Vec<usize> = ranked
        .iter()
        .copied()
        .filter(|&i| votes(i) >= r.required)
        .collect();
    let mut elected: Vec<usize> = qualified.iter().copied().take(seats).collect();
    if qualified.len() > seats {
        // Those tied with the first one left out share a seat nobody may take.
        let cut = votes(qualified[seats]);
        elected.retain(|&i| votes(i) != cut);
    }
    r.unfilled = e.seats - count_u32(elected.len());
    r.candidates = (0..n)
        .map(|i| CandidateVotes {
            name: e.candidates[i].clone(),
            votes: votes(i),
            elected: elected.contains(&i),
        })
        .collect();
    r.outcome = if r.unfilled == 0 {
        Outcome::Elected
    } else {
        Outcome::FurtherBallot
    };
    if r.unfilled > 0 {
        let rest: Vec<usize> = ranked
            .into_iter()
            .filter(|i| !elected.contains(i))
            .collect();
        let room = usize::try_from(r.unfilled * 2).unwrap_or(usize::MAX);
        let cut = rest.get(room.saturating_sub(1)).map(|&i| votes(i));
        r.further_ballot = rest
            .iter()
            .enumerate()
            .filter(|&(k, &i)| k < room || cut == Some(votes(i)))
            .map(|(_, &i)| e.candidates[i].clone())
            .collect();
        if r.further_ballot.len() <= usize::try_from(r.unfilled).unwrap_or(usize::MAX) {
            // Nobody left to choose between: no further ballot can fill the seats.
            r.further_ballot.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: u128) -> DelegationId {
        DelegationId(uuid::Uuid::from_u128(n))
    }

    fn electorate(names: &[&str]) -> Vec<Voter> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| Voter {
                delegation: d(i as u128 + 1),
                name: (*n).to_string(),
            })
            .collect()
    }

    fn spec(kind: VoteKind, majority: Majority) -> VoteSpec {
        VoteSpec {
            kind,
            title: "Draft resolution A/C.2/57/L.12".into(),
            document: Some("A/C.2/57/L.12".into()),
            item: None,
            majority,
            quorum: false,
            election: None,
        }
    }

    fn public(casts: &[(u128, Choice)]) -> Tally {
        Tally {
            casts: casts.iter().map(|&(n, c)| (d(n), Some(c))).collect(),
            marks: Vec::new(),
        }
    }

    #[test]
    fn a_simple_majority_of_those_voting_adopts_and_abstentions_do_not_count() {
        use Choice::*;
        let e = electorate(&["A", "B", "C", "D", "E", "F"]);
        let s = spec(VoteKind::Recorded, Majority::Simple);
        // Two in favour, one against, three abstaining: adopted, 2 of 3 voting.
        let t = public(&[
            (1, Yes),
            (2, Yes),
            (3, No),
            (4, Abstain),
            (5, Abstain),
            (6, Abstain),
        ]);
        let r = result(&s, &e, 6, &t);
        assert_eq!(
            (r.yes, r.no, r.abstain, r.voting, r.required),
            (2, 1, 3, 3, 2)
        );
        assert_eq!(r.outcome, Outcome::Adopted);
        let names = r.names.expect("a recorded vote names the delegations");
        assert_eq!(names.yes, vec!["A", "B"]);
        assert_eq!(names.no, vec!["C"]);
        assert_eq!(names.abstain, vec!["D", "E", "F"]);
        // A tie rejects.
        let r = result(&s, &e, 6, &public(&[(1, Yes), (2, No)]));
        assert_eq!((r.required, r.outcome), (2, Outcome::Rejected));
        // Nobody voting adopts nothing.
        let r = result(&s, &e, 6, &public(&[(1, Abstain)]));
        assert_eq!((r.voting, r.outcome), (0, Outcome::Rejected));
        // A non-recorded vote gives the totals only.
        let r = result(&spec(VoteKind::NonRecorded, Majority::Simple), &e, 6, &t);
        assert_eq!((r.yes, r.names), (2, None));
    }

    #[test]
    fn two_thirds_and_a_stated_number() {
        assert_eq!(required(Majority::TwoThirds, 150), 100);
        assert_eq!(required(Majority::TwoThirds, 151), 101);
        assert_eq!(required(Majority::TwoThirds, 0), 1);
        assert_eq!(required(Majority::AtLeast(97), 10), 97);
        assert_eq!(required(Majority::Simple, 193), 97);
        let e = electorate(&["A", "B", "C"]);
        let s = spec(VoteKind::Recorded, Majority::TwoThirds);
        use Choice::*;
        // 2 of 3 voting is two thirds: adopted; 1 of 2 is not.
        assert_eq!(
            result(&s, &e, 3, &public(&[(1, Yes), (2, Yes), (3, No)])).outcome,
            Outcome::Adopted
        );
        assert_eq!(
            result(&s, &e, 3, &public(&[(1, Yes), (2, No), (3, Abstain)])).outcome,
            Outcome::Rejected
        );
    }

    #[test]
    fn a_required_quorum_counts_the_members_present() {
        let e = electorate(&["A", "B", "C", "D", "E"]);
        let mut s = spec(VoteKind::NonRecorded, Majority::Simple);
        s.quorum = true;
        let t = public(&[(1, Choice::Yes), (2, Choice::Yes)]);
        let r = result(&s, &e, 2, &t);
        assert_eq!((r.quorum, r.outcome), (Some(3), Outcome::NoQuorum));
        assert_eq!(result(&s, &e, 3, &t).outcome, Outcome::Adopted);
        s.quorum = false;
        assert_eq!(result(&s, &e, 2, &t).outcome, Outcome::Adopted);
    }

    #[test]
    fn a_roll_call_starts_at_the_lot_in_alphabetical_order_and_calls_the_absent_again() {
        let e = electorate(&["Zambia", "albania", "Brazil", "Chile"]);
        let call = roll_call(&e, 2);
        // Alphabetical: albania, Brazil, Chile, Zambia; the lot drew Chile.
        assert_eq!(call.order, vec![d(4), d(1), d(2), d(3)]);
        assert_eq!((call.lot(), call.calling), (Some(d(4)), Some(d(4))));
        let mut call = call;
        let answered = [d(4), d(2), d(3)];
        let answered = |x: DelegationId| answered.contains(&x);
        call_next(&mut call, answered); // Chile answered
        call_next(&mut call, answered); // Zambia did not
        assert_eq!(call.recall, vec![d(1)]);
        call_next(&mut call, answered);
        call_next(&mut call, answered);
        // Everyone called once: Zambia again, once.
        assert!(call.second_round);
        assert_eq!(call.calling, Some(d(1)));
        call_next(&mut call, answered);
        assert_eq!(call.calling, None);
        call_next(&mut call, answered);
        assert_eq!(call.calling, None);
        assert_eq!(roll_call(&e, 2 + 4 * 1000).order, roll_call(&e, 2).order);
        assert_eq!(roll_call(&[], 7).calling, None);
    }

    fn election(candidates: &[&str], seats: u32) -> VoteSpec {
        VoteSpec {
            election: Some(Election {
                candidates: candidates.iter().map(|c| (*c).to_string()).collect(),
                seats,
            }),
            ..spec(VoteKind::Secret, Majority::Simple)
        }
    }

    fn ballots(spec: &VoteSpec, named: &[&[u16]]) -> Tally {
        let mut tally = Tally {
            casts: Vec::new(),
            marks: vec![0; options(spec)],
        };
        for (i, b) in named.iter().enumerate() {
            let Ok(Ballot::Secret(marks)) = ballot(spec, &Cast::Ballot(b.to_vec())) else {
                panic!("a valid ballot");
            };
            for m in marks {
                tally.marks[m] += 1;
            }
            tally.casts.push((d(i as u128), None));
        }
        tally
    }

    #[test]
    fn ballots_name_at_most_the_seats_and_only_candidates() {
        let s = election(&["Ghana", "Peru", "Nepal"], 2);
        assert!(ballot(&s, &Cast::Ballot(vec![0, 2])).is_ok());
        assert_eq!(
            ballot(&s, &Cast::Ballot(vec![])),
            Ok(Ballot::Secret(vec![3]))
        );
        for bad in [
            Cast::Ballot(vec![0, 1, 2]),
            Cast::Ballot(vec![3]),
            Cast::Ballot(vec![1, 1]),
            Cast::Position(Choice::Yes),
        ] {
            assert_eq!(ballot(&s, &bad), Err(VoteError::BadBallot), "{bad:?}");
        }
        let p = spec(VoteKind::Recorded, Majority::Simple);
        assert_eq!(
            ballot(&p, &Cast::Ballot(vec![0])),
            Err(VoteError::BadBallot)
        );
        assert_eq!(
            ballot(
                &spec(VoteKind::Secret, Majority::Simple),
                &Cast::Position(Choice::No)
            ),
            Ok(Ballot::Secret(vec![1]))
        );
        let without = spec(VoteKind::WithoutVote, Majority::Simple);
        assert!(ballot(&without, &Cast::Position(Choice::Yes)).is_err());
    }

    #[test]
    fn what_may_be_put_to_the_vote() {
        assert!(check_spec(&election(&["Ghana", "Peru", "Nepal"], 2)).is_ok());
        let mut bad = vec![
            election(&["Ghana", "Peru"], 2),
            election(&["Ghana", "Ghana", "Peru"], 1),
            election(&["Ghana", "Peru"], 0),
            VoteSpec {
                kind: VoteKind::Recorded,
                ..election(&["Ghana", "Peru", "Nepal"], 1)
            },
            spec(VoteKind::Recorded, Majority::AtLeast(0)),
            VoteSpec {
                title: " ".into(),
                ..spec(VoteKind::Recorded, Majority::Simple)
            },
            VoteSpec {
                title: "a\u{7}".into(),
                ..spec(VoteKind::Recorded, Majority::Simple)
            },
        ];
        bad.push(VoteSpec {
            title: "x".repeat(MAX_TITLE + 1),
            ..spec(VoteKind::Recorded, Majority::Simple)
        });
        for s in bad {
            assert_eq!(check_spec(&s), Err(VoteError::BadSpec), "{s:?}");
        }
    }

    #[test]
    fn an_election_fills_the_seats_by_majority_and_leaves_the_rest_to_a_further_ballot() {
        let s = election(&["Ghana", "Peru", "Nepal"], 2);
        let e = electorate(&["A", "B", "C", "D", "E"]);
        // Five ballots, one blank: four voting, three needed.
        let t = ballots(&s, &[&[0, 1], &[0, 1], &[0, 2], &[1, 2], &[]]);
        let r = result(&s, &e, 5, &t);
        assert_eq!((r.ballots, r.abstain, r.voting, r.required), (5, 1, 4, 3));
        let got: Vec<(&str, u32, bool)> = r
            .candidates
            .iter()
            .map(|c| (c.name.as_str(), c.votes, c.elected))
            .collect();
        assert_eq!(
            got,
            vec![("Ghana", 3, true), ("Peru", 3, true), ("Nepal", 2, false)]
        );
        assert_eq!((r.outcome, r.unfilled), (Outcome::Elected, 0));

        // Only Ghana reaches the majority: one seat left, a further ballot
        // between the next two.
        let s = election(&["Ghana", "Peru", "Nepal", "Chad"], 2);
        let t = ballots(&s, &[&[0, 1], &[0, 2], &[0, 3], &[1, 2]]);
        let r = result(&s, &e, 5, &t);
        assert_eq!((r.required, r.unfilled), (3, 1));
        assert_eq!(r.outcome, Outcome::FurtherBallot);
        assert_eq!(r.further_ballot, vec!["Peru", "Nepal"]);

        // Three with a majority for two seats, the last two tied: only the first is elected.
        let s = election(&["Ghana", "Peru", "Nepal"], 2);
        let t = ballots(&s, &[&[0, 1], &[0, 2], &[0, 1], &[0, 2], &[1, 2]]);
        let r = result(&s, &e, 5, &t);
        let elected: Vec<&str> = r
            .candidates
            .iter()
            .filter(|c| c.elected)
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(elected, vec!["Ghana"]);
        assert_eq!(r.further_ballot, vec!["Peru", "Nepal"]);
    }

    #[test]
    fn adoption_without_a_vote_is_the_chairs_decision() {
        let e = electorate(&["A", "B"]);
        let r = result(
            &spec(VoteKind::WithoutVote, Majority::Simple),
            &e,
            1,
            &Tally::default(),
        );
        assert_eq!((r.outcome, r.voting), (Outcome::AdoptedWithoutVote, 0));
    }
}
