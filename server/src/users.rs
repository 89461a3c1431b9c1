//! The users and delegations tables: their one store. Used by the handlers
//! (`accounts`), the session extractors (`auth`), the CLI and first start.

use crate::crypto;
use crate::db::{self, Db};
use crate::error::{unique_or, ApiResult, Refusal, StoreError};
use crate::validate::{self, Broken, Errors, Thing};
use plenary_protocol::api::*;
use plenary_protocol::{DelegationId, UserId};
use sqlx::any::AnyRow;
use sqlx::Row;

pub fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: UserId(db::uuid_col(row, "id")?),
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?,
        delegation_id: db::opt_uuid_col(row, "delegation_id")?.map(DelegationId),
        languages: parse_languages(&row.try_get::<String, _>("languages")?)?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        signs_for_delegation: row.try_get::<i64, _>("signs_for_delegation")? != 0,
        created_at: db::to_time(row.try_get("created_at")?)?,
    })
}

/// Languages once each, in the order of [`Language::ALL`].
pub fn normalise_languages(mut languages: Vec<Language>) -> Vec<Language> {
    languages.sort_unstable();
    languages.dedup();
    languages
}

/// Languages as the users table keeps them: codes joined by commas.
fn languages_text(languages: &[Language]) -> String {
    let codes: Vec<&str> = normalise_languages(languages.to_vec())
        .iter()
        .map(|l| l.as_str())
        .collect();
    codes.join(",")
}

fn parse_languages(stored: &str) -> Result<Vec<Language>, StoreError> {
    stored
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| Language::parse(c).ok_or_else(|| StoreError::Corrupt(format!("language {c:?}"))))
        .collect()
}

/// The rules that tie a role to its delegation, its signing right and its
/// languages: a delegate has a delegation (that exists) and may sign for
/// it, an interpreter has languages, and no other role has any of these.
pub async fn check_role_fields(
    db: &Db,
    role: Role,
    delegation: Option<DelegationId>,
    signs: bool,
    languages: &[Language],
    errors: &mut Errors,
) -> Result<(), StoreError> {
    if signs && role != Role::Delegate {
        errors.add("signs_for_delegation", Broken::SigningOnlyForDelegates);
    }
    match (role, delegation) {
        (Role::Delegate, None) => errors.add("delegation_id", Broken::DelegateWithoutDelegation),
        (Role::Delegate, Some(d)) if !db::exists(db, "delegations", d).await? => {
            errors.add("delegation_id", Broken::Unknown(Thing::Delegation))
        }
        (role, Some(_)) if role != Role::Delegate => {
            errors.add("delegation_id", Broken::NotADelegate)
        }
        _ => {}
    }
    match (role == Role::Interpreter, languages.is_empty()) {
        (true, true) => errors.add("languages", Broken::InterpreterWithoutLanguages),
        (false, false) => errors.add("languages", Broken::LanguagesOnlyForInterpreters),
        _ => {}
    }
    Ok(())
}

pub fn delegation_from_row(row: &AnyRow) -> Result<Delegation, StoreError> {
    let kind: String = row.try_get("kind")?;
    Ok(Delegation {
        id: DelegationId(db::uuid_col(row, "id")?),
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        kind: DelegationKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("kind {kind:?}")))?,
    })
}

pub async fn find_user_by_email(
    db: &Db,
    email: &str,
) -> Result<Option<(User, String)>, StoreError> {
    let row = sqlx::query("SELECT * FROM users WHERE email = $1")
        .bind(email.trim().to_ascii_lowercase())
        .fetch_optional(db)
        .await?;
    row.map(|r| Ok((user_from_row(&r)?, r.try_get("password_hash")?)))
        .transpose()
}

pub async fn get_user(db: &Db, id: UserId) -> Result<Option<User>, StoreError> {
    let row = sqlx::query("SELECT * FROM users WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db)
        .await?;
    row.map(|r| user_from_row(&r)).transpose()
}

pub async fn list_users(db: &Db) -> Result<Vec<User>, StoreError> {
    let rows = sqlx::query("SELECT * FROM users ORDER BY email")
        .fetch_all(db)
        .await?;
    rows.iter().map(user_from_row).collect()
}

pub async fn list_delegations(db: &Db) -> Result<Vec<Delegation>, StoreError> {
    let rows = sqlx::query("SELECT * FROM delegations ORDER BY name")
        .fetch_all(db)
        .await?;
    rows.iter().map(delegation_from_row).collect()
}

pub async fn any_admin(db: &Db) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'")
        .fetch_one(db)
        .await?
        .try_get("n")?;
    Ok(n > 0)
}

pub async fn delegation_by_code(db: &Db, code: &str) -> Result<Option<Delegation>, StoreError> {
    let row = sqlx::query("SELECT * FROM delegations WHERE code = $1")
        .bind(code)
        .fetch_optional(db)
        .await?;
    row.map(|r| delegation_from_row(&r)).transpose()
}

/// Validates and creates a user. Used by the admin API, the CLI and first start.
pub async fn create_user(db: &Db, mut input: CreateUser) -> ApiResult<User> {
    input.email = input.email.trim().to_ascii_lowercase();
    let mut errors = Errors::default();
    errors.check("email", validate::email(&input.email));
    errors.check("name", validate::text(&input.name, 200));
    errors.check(
        "password",
        validate::password(&input.password, &[&input.email, &input.name]),
    );
    check_role_fields(
        db,
        input.role,
        input.delegation_id,
        input.signs_for_delegation,
        &input.languages,
        &mut errors,
    )
    .await?;
    errors.into_result()?;
    let hash = crypto::hash_password(input.password).await?;
    let user = User {
        id: UserId(db::new_id()),
        email: input.email,
        name: input.name.trim().to_string(),
        role: input.role,
        delegation_id: input.delegation_id,
        languages: normalise_languages(input.languages),
        disabled: false,
        signs_for_delegation: input.signs_for_delegation,
        created_at: db::to_time(db::now())?,
    };
    let inserted = sqlx::query(
        "INSERT INTO users (id, email, name, role, delegation_id, languages, password_hash, disabled, signs_for_delegation, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9)",
    )
    .bind(user.id.to_string())
    .bind(&user.email)
    .bind(&user.name)
    .bind(user.role.as_str())
    .bind(user.delegation_id.map(|d| d.to_string()))
    .bind(languages_text(&user.languages))
    .bind(hash)
    .bind(i64::from(user.signs_for_delegation))
    .bind(user.created_at.timestamp())
    .execute(db)
    .await;
    unique_or(inserted, Refusal::EmailTaken)?;
    Ok(user)
}

/// Stores a new password hash; the feeds' URLs end with the old password
/// (each is a credential of its own).
pub async fn store_password(
    conn: &mut sqlx::AnyConnection,
    user: UserId,
    hash: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET password_hash = $1, feed_token_hash = NULL, documents_feed_token_hash = NULL WHERE id = $2")
        .bind(hash)
        .bind(user.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// A user's name, role, delegation, signing right, languages and whether
/// they are disabled.
pub async fn update_user<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: &User,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET name = $1, role = $2, delegation_id = $3, languages = $4, disabled = $5, signs_for_delegation = $6 WHERE id = $7",
    )
    .bind(&user.name)
    .bind(user.role.as_str())
    .bind(user.delegation_id.map(|d| d.to_string()))
    .bind(languages_text(&user.languages))
    .bind(i64::from(user.disabled))
    .bind(i64::from(user.signs_for_delegation))
    .bind(user.id.to_string())
    .execute(db)
    .await?;
    Ok(())
}

/// The hash of a user's calendar feed token (any earlier one stops working).
pub async fn set_feed_token_hash(db: &Db, user: UserId, hash: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET feed_token_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user.to_string())
        .execute(db)
        .await?;
    Ok(())
}

pub async fn insert_delegation(db: &Db, delegation: &Delegation) -> ApiResult<()> {
    let inserted = sqlx::query(
        "INSERT INTO delegations (id, code, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(delegation.id.to_string())
    .bind(&delegation.code)
    .bind(&delegation.name)
    .bind(delegation.kind.as_str())
    .bind(db::now())
    .execute(db)
    .await;
    unique_or(inserted, Refusal::DelegationCodeTaken)?;
    Ok(())
}

pub async fn update_delegation(db: &Db, delegation: &Delegation) -> ApiResult<()> {
    let updated =
        sqlx::query("UPDATE delegations SET code = $1, name = $2, kind = $3 WHERE id = $4")
            .bind(&delegation.code)
            .bind(&delegation.name)
            .bind(delegation.kind.as_str())
            .bind(delegation.id.to_string())
            .execute(db)
            .await;
    unique_or(updated, Refusal::DelegationCodeTaken)?;
    Ok(())
}

/// The hash of a user's documents feed token (any earlier one stops
/// working), or none: the feed revoked.
pub async fn set_documents_feed_token_hash(
    db: &Db,
    user: UserId,
    hash: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET documents_feed_token_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user.to_string())
        .execute(db)
        .await?;
    Ok(())
}

/// The enabled user whose documents feed token hashes to `hash`.
pub async fn by_documents_feed_token_hash(db: &Db, hash: &str) -> Result<Option<User>, StoreError> {
    let row =
        sqlx::query("SELECT * FROM users WHERE documents_feed_token_hash = $1 AND disabled = 0")
            .bind(hash)
            .fetch_optional(db)
            .await?;
    row.map(|r| user_from_row(&r)).transpose()
}
