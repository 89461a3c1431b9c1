//! Rules for values people type. Each returns a sentence saying what would be
//! valid, used both in `validation_failed` problems and in config errors.

use plenary_protocol::FieldError;

/// Collects broken rules so one response lists all of them.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn check(&mut self, field: impl Into<String>, result: Result<(), String>) {
        if let Err(message) = result {
            self.0.push(FieldError {
                field: field.into(),
                message,
            });
        }
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
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
pub fn text(value: &str, max: usize) -> Result<(), String> {
    let len = value.chars().count();
    if value.trim().is_empty() {
        return Err("must not be empty".into());
    }
    if len > max {
        return Err(format!("must be at most {max} characters (got {len})"));
    }
    if value.chars().any(char::is_control) {
        return Err("must not contain control characters (newlines, tabs, NUL)".into());
    }
    Ok(())
}

pub fn optional_text(value: Option<&str>, max: usize) -> Result<(), String> {
    value.map_or(Ok(()), |v| text(v, max))
}

pub fn email(value: &str) -> Result<(), String> {
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
        Err(
            "must be an email address such as name@example.org (ASCII, at most 254 characters)"
                .into(),
        )
    }
}

pub fn password(value: &str) -> Result<(), String> {
    let len = value.chars().count();
    if len < 12 {
        Err(format!("must be at least 12 characters (got {len})"))
    } else if len > 1024 {
        Err("must be at most 1024 characters".into())
    } else {
        Ok(())
    }
}

/// A short code such as a delegation's `FRA`: 1..=32 of A-Z, 0-9, `-`, `.`, `/`.
pub fn code(value: &str) -> Result<(), String> {
    let ok = (1..=32).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "-./".contains(c));
    if ok {
        Ok(())
    } else {
        Err("must be 1 to 32 characters of A-Z, 0-9, '-', '.', '/' (e.g. FRA)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
