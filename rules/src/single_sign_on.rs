//! Who a sign-in through the organisation's OpenID provider is, and what
//! role and delegation it leaves them with.
//!
//! The provider vouches for a subject (its stable identifier for the person)
//! and perhaps a verified email. Plenary knows the person by the subject once
//! linked; the first sign-in links by a verified email to an account the hub
//! already has (accounts are provisioned, never made by signing in). Role and
//! delegation stay Plenary's unless the operator maps them from claims, and
//! then the provider decides them at every sign-in.

use plenary_protocol::api::Role;

/// An account of the hub, as far as the decision needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account<Id> {
    pub id: Id,
    pub disabled: bool,
    /// Already linked to another subject of the same provider.
    pub linked: bool,
}

/// What the provider said of the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vouched<'a> {
    pub email: Option<&'a str>,
    pub email_verified: bool,
}

/// Who signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who<Id> {
    /// The account the subject was linked to before.
    Linked(Id),
    /// The account with the verified email: link the subject to it now.
    LinkByEmail(Id),
}

/// Why a sign-in through the provider is refused. Each is shown to the
/// person in their language; none says more than they need to ask for help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the provider gave no email for an unknown subject")]
    NoEmail,
    #[error("the provider has not verified the email")]
    EmailNotVerified,
    #[error("no account of the hub has this email")]
    NoAccount,
    #[error("the account is linked to another identity of the provider")]
    LinkedElsewhere,
    #[error("the account is disabled")]
    Disabled,
    #[error("the provider's claims give no role of the hub")]
    NoRole,
    #[error("the provider's claims name no delegation of the hub")]
    NoDelegation,
}

/// Decides who signs in: `by_subject` is the account linked to the
/// provider's subject, `by_email` the account with the provider's email.
pub fn who<Id: Copy>(
    by_subject: Option<Account<Id>>,
    by_email: Option<Account<Id>>,
    vouched: Vouched<'_>,
) -> Result<Who<Id>, Refused> {
    if let Some(account) = by_subject {
        return match account.disabled {
            true => Err(Refused::Disabled),
            false => Ok(Who::Linked(account.id)),
        };
    }
    if vouched.email.is_none() {
        return Err(Refused::NoEmail);
    }
    // An unverified email proves nothing: anyone may type anyone's address
    // into a provider that lets users register themselves.
    if !vouched.email_verified {
        return Err(Refused::EmailNotVerified);
    }
    match by_email {
        None => Err(Refused::NoAccount),
        Some(account) if account.linked => Err(Refused::LinkedElsewhere),
        Some(account) if account.disabled => Err(Refused::Disabled),
        Some(account) => Ok(Who::LinkByEmail(account.id)),
    }
}

/// The operator's mapping of a claim's values to roles, in order: the first
/// value the person has decides (list the most trusted first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleMap {
    pub claim: String,
    pub roles: Vec<(String, Role)>,
}

impl RoleMap {
    /// Parses `value=role, value=role`; the message says what is wrong.
    pub fn parse(claim: &str, text: &str) -> Result<RoleMap, String> {
        let mut roles = Vec::new();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (value, role) = pair
                .rsplit_once('=')
                .ok_or_else(|| format!("{pair:?} is not value=role"))?;
            let role = Role::parse(role.trim()).ok_or_else(|| {
                format!(
                    "{:?} in {pair:?} is not a role; expected one of admin, conference_manager, secretariat, delegate, interpreter",
                    role.trim()
                )
            })?;
            let value = value.trim();
            if value.is_empty() {
                return Err(format!("{pair:?} has no claim value"));
            }
            roles.push((value.to_string(), role));
        }
        if roles.is_empty() {
            return Err("no value=role pairs".into());
        }
        Ok(RoleMap {
            claim: claim.to_string(),
            roles,
        })
    }

    /// The role the claim's values give, if any.
    pub fn role(&self, values: &[String]) -> Option<Role> {
        self.roles
            .iter()
            .find(|(value, _)| values.iter().any(|v| v == value))
            .map(|(_, role)| *role)
    }
}

/// The role after a sign-in: the account's own unless the operator maps
/// roles from claims, and then the claims' (none: refused, so that someone
/// taken out of every group at the provider loses the hub with it).
pub fn role_after(
    current: Role,
    map: Option<&RoleMap>,
    values: &[String],
) -> Result<Role, Refused> {
    match map {
        None => Ok(current),
        Some(map) => map.role(values).ok_or(Refused::NoRole),
    }
}

/// The delegation after a sign-in: none but a delegate's; a delegate's is
/// the claim's when the operator maps delegations (`mapped`: `Some` of what
/// the claim named, `None` when nothing is mapped), else the account's own.
/// A delegate left without one is refused: a delegate speaks for one.
pub fn delegation_after<D: Copy>(
    role: Role,
    current: Option<D>,
    mapped: Option<Option<D>>,
) -> Result<Option<D>, Refused> {
    if role != Role::Delegate {
        return Ok(None);
    }
    mapped
        .unwrap_or(current)
        .map(Some)
        .ok_or(Refused::NoDelegation)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: u32) -> Account<u32> {
        Account {
            id,
            disabled: false,
            linked: false,
        }
    }

    const VERIFIED: Vouched<'static> = Vouched {
        email: Some("amina@kenya.example"),
        email_verified: true,
    };

    #[test]
    fn a_linked_subject_signs_in_whatever_its_email_says_now() {
        let unverified = Vouched {
            email: Some("other@elsewhere.example"),
            email_verified: false,
        };
        assert_eq!(
            who(Some(account(1)), Some(account(2)), unverified),
            Ok(Who::Linked(1))
        );
        assert_eq!(
            who(
                Some(account(1)),
                None,
                Vouched {
                    email: None,
                    email_verified: false
                }
            ),
            Ok(Who::Linked(1))
        );
    }

    #[test]
    fn a_first_sign_in_links_by_a_verified_email_only() {
        assert_eq!(
            who(None, Some(account(2)), VERIFIED),
            Ok(Who::LinkByEmail(2))
        );
        let unverified = Vouched {
            email_verified: false,
            ..VERIFIED
        };
        assert_eq!(
            who(None, Some(account(2)), unverified),
            Err(Refused::EmailNotVerified)
        );
        assert_eq!(
            who::<u32>(
                None,
                None,
                Vouched {
                    email: None,
                    email_verified: true
                }
            ),
            Err(Refused::NoEmail)
        );
        assert_eq!(who::<u32>(None, None, VERIFIED), Err(Refused::NoAccount));
    }

    #[test]
    fn an_account_linked_to_another_subject_is_not_taken_over() {
        let linked = Account {
            linked: true,
            ..account(2)
        };
        assert_eq!(
            who(None, Some(linked), VERIFIED),
            Err(Refused::LinkedElsewhere)
        );
    }

    #[test]
    fn a_disabled_account_stays_out_either_way() {
        let disabled = Account {
            disabled: true,
            ..account(3)
        };
        assert_eq!(who(Some(disabled), None, VERIFIED), Err(Refused::Disabled));
        assert_eq!(who(None, Some(disabled), VERIFIED), Err(Refused::Disabled));
    }

    #[test]
    fn mapped_roles_take_the_first_listed_value_the_person_has() {
        let map = RoleMap::parse(
            "groups",
            "plenary-admin=admin, plenary-secretariat=secretariat, delegates=delegate",
        )
        .expect("valid");
        let values = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            role_after(
                Role::Delegate,
                Some(&map),
                &values(&["delegates", "plenary-secretariat"])
            ),
            Ok(Role::Secretariat)
        );
        assert_eq!(
            role_after(Role::Admin, Some(&map), &values(&["delegates"])),
            Ok(Role::Delegate)
        );
        assert_eq!(
            role_after(Role::Admin, Some(&map), &values(&["visitors"])),
            Err(Refused::NoRole)
        );
        assert_eq!(
            role_after(Role::Admin, None, &values(&["visitors"])),
            Ok(Role::Admin)
        );
    }

    #[test]
    fn a_role_map_says_what_is_wrong_with_it() {
        assert!(RoleMap::parse("groups", "")
            .expect_err("refused")
            .contains("no value=role"));
        assert!(RoleMap::parse("groups", "staff")
            .expect_err("refused")
            .contains("not value=role"));
        assert!(RoleMap::parse("groups", "staff=king")
            .expect_err("refused")
            .contains("not a role"));
        assert!(RoleMap::parse("groups", "=admin")
            .expect_err("refused")
            .contains("no claim value"));
        // A claim value may itself hold '=' (LDAP names often do), not ','.
        let ldap = RoleMap::parse("groups", "cn=staff=secretariat").expect("valid");
        assert_eq!(
            ldap.roles,
            vec![("cn=staff".to_string(), Role::Secretariat)]
        );
    }

    #[test]
    fn a_delegate_keeps_or_takes_a_delegation_and_nobody_else_has_one() {
        assert_eq!(delegation_after(Role::Delegate, Some(1), None), Ok(Some(1)));
        assert_eq!(
            delegation_after(Role::Delegate, Some(1), Some(Some(2))),
            Ok(Some(2))
        );
        assert_eq!(
            delegation_after(Role::Delegate, Some(1), Some(None)),
            Err(Refused::NoDelegation)
        );
        assert_eq!(
            delegation_after::<u32>(Role::Delegate, None, None),
            Err(Refused::NoDelegation)
        );
        assert_eq!(
            delegation_after(Role::Secretariat, Some(1), Some(Some(2))),
            Ok(None)
        );
    }
}
