//! Sponsors of draft resolutions, decided in plain code: which documents
//! are drafts, who may name main sponsors, who may add or withdraw a
//! delegation as co-sponsor and when, and the current list from the kept
//! history of additions and withdrawals.
//!
//! The secretariat names the main sponsors and closes the list (at
//! adoption, for example); a delegate with the right to sign for their
//! delegation adds or withdraws that delegation, and only that one, while
//! the list is open. Observers co-sponsor only where the body allows it.

use plenary_protocol::api::{DelegationKind, Role, SponsorAct};
use plenary_protocol::symbol::Symbol;
use plenary_protocol::DelegationId;

/// Whether a document is a draft resolution or decision: an `L.` document
/// (`A/C.2/81/L.12`, and its revisions, addenda and corrigenda).
pub fn is_draft(symbol: &Symbol) -> bool {
    symbol.base.last().is_some_and(|part| {
        part.strip_prefix("L.")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub role: Role,
    /// A delegate's own delegation.
    pub delegation: Option<DelegationId>,
    /// A delegate may sign for the delegation (a flag on the user).
    pub signs: bool,
}

/// What the draft and the delegation are now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draft {
    pub closed: bool,
    /// The body lets observers co-sponsor.
    pub observers_may_sponsor: bool,
}

/// Why a change was refused; nothing changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SponsorError {
    #[error("only documents whose symbol ends in L. and a number are drafts with sponsors")]
    NotADraft,
    #[error("the list of sponsors is closed")]
    Closed,
    #[error("only the secretariat names main sponsors and closes the list")]
    NotSecretariat,
    #[error("a delegate adds or withdraws their own delegation only")]
    OtherDelegation,
    #[error("this delegate may not sign for the delegation")]
    NoSigningRight,
    #[error("observers do not sponsor drafts of this body")]
    ObserverNotAllowed,
    #[error("the delegation is a sponsor already")]
    AlreadySponsor,
    #[error("the delegation is not a co-sponsor")]
    NotCoSponsor,
}

/// Where a delegation stands on a draft's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    None,
    Main,
    Co,
}

/// Whether `actor` may make `change` for `delegation` (of `kind`, standing
/// `now`) on `draft`. Closing names no delegation: pass any.
pub fn check(
    actor: Actor,
    change: SponsorAct,
    draft: Draft,
    delegation: DelegationId,
    kind: DelegationKind,
    now: Standing,
) -> Result<(), SponsorError> {
    if draft.closed {
        return Err(SponsorError::Closed);
    }
    let secretariat = Role::ISSUERS.contains(&actor.role);
    match change {
        SponsorAct::Close => secretariat
            .then_some(())
            .ok_or(SponsorError::NotSecretariat),
        SponsorAct::Main => {
            if !secretariat {
                return Err(SponsorError::NotSecretariat);
            }
            if kind == DelegationKind::Observer && !draft.observers_may_sponsor {
                return Err(SponsorError::ObserverNotAllowed);
            }
            match now {
                Standing::Main => Err(SponsorError::AlreadySponsor),
                // A co-sponsor named main sponsor moves up.
                Standing::None | Standing::Co => Ok(()),
            }
        }
        SponsorAct::Add | SponsorAct::Withdraw => {
            if actor.role != Role::Delegate || actor.delegation != Some(delegation) {
                return Err(SponsorError::OtherDelegation);
            }
            if !actor.signs {
                return Err(SponsorError::NoSigningRight);
            }
            match (change, now) {
                (SponsorAct::Add, Standing::None) => {
                    if kind == DelegationKind::Observer && !draft.observers_may_sponsor {
                        Err(SponsorError::ObserverNotAllowed)
                    } else {
                        Ok(())
                    }
                }
                (SponsorAct::Add, _) => Err(SponsorError::AlreadySponsor),
                (_, Standing::Co) => Ok(()),
                // Main sponsors are the secretariat's to name.
                (_, _) => Err(SponsorError::NotCoSponsor),
            }
        }
    }
}

/// One kept change, oldest first in a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub delegation: DelegationId,
    pub change: SponsorAct,
}

/// The sponsors a history comes to: main sponsors, then co-sponsors, each
/// in the order they joined (a co-sponsor who withdrew and came back stands
/// where they came back).
pub fn current(history: &[Entry]) -> (Vec<DelegationId>, Vec<DelegationId>) {
    let (mut main, mut co): (Vec<DelegationId>, Vec<DelegationId>) = (Vec::new(), Vec::new());
    for entry in history {
        let d = entry.delegation;
        match entry.change {
            SponsorAct::Main => {
                co.retain(|c| *c != d);
                if !main.contains(&d) {
                    main.push(d);
                }
            }
            SponsorAct::Add => {
                if !main.contains(&d) && !co.contains(&d) {
                    co.push(d);
                }
            }
            SponsorAct::Withdraw => co.retain(|c| *c != d),
            SponsorAct::Close => {}
        }
    }
    (main, co)
}

/// Where `delegation` stands after `history`.
pub fn standing(history: &[Entry], delegation: DelegationId) -> Standing {
    let (main, co) = current(history);
    if main.contains(&delegation) {
        Standing::Main
    } else if co.contains(&delegation) {
        Standing::Co
    } else {
        Standing::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: u128) -> DelegationId {
        DelegationId(uuid::Uuid::from_u128(n))
    }

    fn symbol(text: &str) -> Symbol {
        Symbol::parse(text).expect("a symbol")
    }

    const OPEN: Draft = Draft {
        closed: false,
        observers_may_sponsor: false,
    };
    const MEMBER: DelegationKind = DelegationKind::MemberState;

    fn delegate(of: u128, signs: bool) -> Actor {
        Actor {
            role: Role::Delegate,
            delegation: Some(d(of)),
            signs,
        }
    }

    const SECRETARIAT: Actor = Actor {
        role: Role::Secretariat,
        delegation: None,
        signs: false,
    };

    #[test]
    fn drafts_are_the_l_documents_and_their_lineage() {
        for s in ["A/57/L.12", "A/C.2/81/L.3/Rev.1", "E/CN.4/2005/L.10/Add.17"] {
            assert!(is_draft(&symbol(s)), "{s}");
        }
        for s in ["A/57/251", "A/C.2/57/SR.12", "A/57/L", "S/RES/2719"] {
            assert!(!is_draft(&symbol(s)), "{s}");
        }
    }

    #[test]
    fn a_signing_delegate_adds_and_withdraws_their_own_delegation_while_the_list_is_open() {
        let me = delegate(1, true);
        assert_eq!(
            check(me, SponsorAct::Add, OPEN, d(1), MEMBER, Standing::None),
            Ok(())
        );
        assert_eq!(
            check(me, SponsorAct::Withdraw, OPEN, d(1), MEMBER, Standing::Co),
            Ok(())
        );
        // Each way it can be wrong, refused with its reason.
        assert_eq!(
            check(me, SponsorAct::Add, OPEN, d(2), MEMBER, Standing::None),
            Err(SponsorError::OtherDelegation)
        );
        assert_eq!(
            check(
                delegate(1, false),
                SponsorAct::Add,
                OPEN,
                d(1),
                MEMBER,
                Standing::None
            ),
            Err(SponsorError::NoSigningRight)
        );
        let closed = Draft {
            closed: true,
            ..OPEN
        };
        assert_eq!(
            check(me, SponsorAct::Add, closed, d(1), MEMBER, Standing::None),
            Err(SponsorError::Closed)
        );
        assert_eq!(
            check(me, SponsorAct::Withdraw, closed, d(1), MEMBER, Standing::Co),
            Err(SponsorError::Closed)
        );
        assert_eq!(
            check(me, SponsorAct::Add, OPEN, d(1), MEMBER, Standing::Co),
            Err(SponsorError::AlreadySponsor)
        );
        assert_eq!(
            check(me, SponsorAct::Withdraw, OPEN, d(1), MEMBER, Standing::None),
            Err(SponsorError::NotCoSponsor)
        );
        assert_eq!(
            check(me, SponsorAct::Withdraw, OPEN, d(1), MEMBER, Standing::Main),
            Err(SponsorError::NotCoSponsor),
            "a main sponsor is the secretariat's to name"
        );
        // The secretariat does not sign for delegations.
        assert_eq!(
            check(
                SECRETARIAT,
                SponsorAct::Add,
                OPEN,
                d(1),
                MEMBER,
                Standing::None
            ),
            Err(SponsorError::OtherDelegation)
        );
    }

    #[test]
    fn observers_sponsor_only_where_the_body_allows_it() {
        let observer = DelegationKind::Observer;
        assert_eq!(
            check(
                delegate(7, true),
                SponsorAct::Add,
                OPEN,
                d(7),
                observer,
                Standing::None
            ),
            Err(SponsorError::ObserverNotAllowed)
        );
        assert_eq!(
            check(
                SECRETARIAT,
                SponsorAct::Main,
                OPEN,
                d(7),
                observer,
                Standing::None
            ),
            Err(SponsorError::ObserverNotAllowed)
        );
        let allows = Draft {
            observers_may_sponsor: true,
            ..OPEN
        };
        assert_eq!(
            check(
                delegate(7, true),
                SponsorAct::Add,
                allows,
                d(7),
                observer,
                Standing::None
            ),
            Ok(())
        );
    }

    #[test]
    fn the_secretariat_names_main_sponsors_and_closes_the_list() {
        assert_eq!(
            check(
                SECRETARIAT,
                SponsorAct::Main,
                OPEN,
                d(1),
                MEMBER,
                Standing::None
            ),
            Ok(())
        );
        assert_eq!(
            check(
                SECRETARIAT,
                SponsorAct::Main,
                OPEN,
                d(1),
                MEMBER,
                Standing::Co
            ),
            Ok(())
        );
        assert_eq!(
            check(
                SECRETARIAT,
                SponsorAct::Main,
                OPEN,
                d(1),
                MEMBER,
                Standing::Main
            ),
            Err(SponsorError::AlreadySponsor)
        );
        assert_eq!(
            check(
                SECRETARIAT,
                SponsorAct::Close,
                OPEN,
                d(1),
                MEMBER,
                Standing::None
            ),
            Ok(())
        );
        for change in [SponsorAct::Main, SponsorAct::Close] {
            assert_eq!(
                check(
                    delegate(1, true),
                    change,
                    OPEN,
                    d(1),
                    MEMBER,
                    Standing::None
                ),
                Err(SponsorError::NotSecretariat)
            );
        }
    }

    #[test]
    fn the_list_is_what_the_history_comes_to() {
        let e = |n, change| Entry {
            delegation: d(n),
            change,
        };
        let history = [
            e(1, SponsorAct::Main),
            e(2, SponsorAct::Add),
            e(3, SponsorAct::Add),
            e(2, SponsorAct::Withdraw),
            e(4, SponsorAct::Add),
            e(2, SponsorAct::Add),
            e(3, SponsorAct::Main),
            e(4, SponsorAct::Add),
        ];
        assert_eq!(current(&history), (vec![d(1), d(3)], vec![d(4), d(2)]));
        assert_eq!(standing(&history, d(3)), Standing::Main);
        assert_eq!(standing(&history, d(2)), Standing::Co);
        assert_eq!(standing(&history, d(9)), Standing::None);
    }
}
