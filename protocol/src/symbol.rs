//! United Nations document symbols such as `A/57/L.12`, `A/C.2/57/SR.12` or
//! `E/CN.4/2005/L.10/Add.17/Corr.1`: parsed into the base symbol and its
//! lineage (revisions, addenda, corrigenda), so every language version and
//! every corrigendum of a document is found from its symbol.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One lineage step at the end of a symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lineage {
    /// `/Rev.N`: replaces the earlier text.
    Revision(u16),
    /// `/Add.N`: adds to it.
    Addendum(u16),
    /// `/Corr.N`: corrects it.
    Corrigendum(u16),
}

impl fmt::Display for Lineage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lineage::Revision(n) => write!(f, "Rev.{n}"),
            Lineage::Addendum(n) => write!(f, "Add.{n}"),
            Lineage::Corrigendum(n) => write!(f, "Corr.{n}"),
        }
    }
}

/// A validated document symbol.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Symbol {
    /// The parts before any lineage, e.g. `["A", "57", "L.12"]`.
    pub base: Vec<String>,
    pub lineage: Vec<Lineage>,
}

/// Why a symbol was refused. The hub says it in the reader's language;
/// `Display` is English, for logs and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SymbolError {
    /// Empty, or longer than `max` bytes.
    Length { max: usize },
    /// Fewer than two or more than `max` parts.
    Parts { max: usize },
    /// The first part is not a series in capitals.
    Series,
    /// This part is not valid (or is misplaced lineage).
    Part(String),
}

impl fmt::Display for SymbolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SymbolError::Length { max } => write!(f, "must be 1 to {max} characters"),
            SymbolError::Parts { max } => write!(f, "must have 2 to {max} parts separated by '/'"),
            SymbolError::Series => f.write_str("must start with the series in capitals"),
            SymbolError::Part(part) => write!(f, "the part {part:?} is not valid"),
        }
    }
}

const MAX_LEN: usize = 100;
const MAX_PARTS: usize = 12;

fn lineage_of(part: &str) -> Option<Lineage> {
    let (kind, number) = part.split_once('.')?;
    let n: u16 = number.parse().ok().filter(|n| (1..=999).contains(n))?;
    if number.starts_with('0') {
        return None;
    }
    match kind {
        "Rev" => Some(Lineage::Revision(n)),
        "Add" => Some(Lineage::Addendum(n)),
        "Corr" => Some(Lineage::Corrigendum(n)),
        _ => None,
    }
}

impl Symbol {
    pub fn parse(text: &str) -> Result<Symbol, SymbolError> {
        if text.is_empty() || text.len() > MAX_LEN {
            return Err(SymbolError::Length { max: MAX_LEN });
        }
        let parts: Vec<&str> = text.split('/').collect();
        if parts.len() < 2 || parts.len() > MAX_PARTS {
            return Err(SymbolError::Parts { max: MAX_PARTS });
        }
        let series = parts[0];
        if !(1..=6).contains(&series.len()) || !series.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(SymbolError::Series);
        }
        // Lineage parts come last, so read them from the end.
        let mut lineage = Vec::new();
        let mut end = parts.len();
        while end > 2 {
            match lineage_of(parts[end - 1]) {
                Some(step) => {
                    lineage.push(step);
                    end -= 1;
                }
                None => break,
            }
        }
        lineage.reverse();
        for part in &parts[1..end] {
            let ok = !part.is_empty()
                && part.len() <= 24
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-() ".contains(c))
                && !part.starts_with(' ')
                && !part.ends_with(' ');
            // A lineage word here is misplaced or has a bad number (Rev.0, Add.01).
            let lineage_like = ["Rev.", "Add.", "Corr."]
                .iter()
                .any(|w| part.starts_with(w));
            if !ok || lineage_like {
                return Err(SymbolError::Part(part.to_string()));
            }
        }
        Ok(Symbol {
            base: parts[..end].iter().map(|p| p.to_string()).collect(),
            lineage,
        })
    }

    /// The symbol of the original document, without lineage.
    pub fn base_symbol(&self) -> String {
        self.base.join("/")
    }

    /// The document this one revises, adds to or corrects (its symbol
    /// without the last step), and that step; `None` for an original.
    pub fn parent(&self) -> Option<(Symbol, Lineage)> {
        let mut parent = self.clone();
        let step = parent.lineage.pop()?;
        Some((parent, step))
    }
}

impl Lineage {
    /// `revision`, `addendum` or `corrigendum`, as the API says it.
    pub fn relation(self) -> &'static str {
        match self {
            Lineage::Revision(_) => "revision",
            Lineage::Addendum(_) => "addendum",
            Lineage::Corrigendum(_) => "corrigendum",
        }
    }

    pub fn number(self) -> u16 {
        match self {
            Lineage::Revision(n) | Lineage::Addendum(n) | Lineage::Corrigendum(n) => n,
        }
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base_symbol())?;
        for step in &self.lineage {
            write!(f, "/{step}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symbol_s_parent_is_it_without_its_last_step() {
        let parent = |text: &str| {
            Symbol::parse(text)
                .expect("a symbol")
                .parent()
                .map(|(p, step)| (p.to_string(), step))
        };
        assert_eq!(parent("A/57/L.12"), None);
        assert_eq!(
            parent("A/57/L.12/Rev.2"),
            Some(("A/57/L.12".into(), Lineage::Revision(2)))
        );
        assert_eq!(
            parent("E/CN.4/2005/L.10/Add.17/Corr.1"),
            Some(("E/CN.4/2005/L.10/Add.17".into(), Lineage::Corrigendum(1)))
        );
        assert_eq!(Lineage::Addendum(17).relation(), "addendum");
        assert_eq!(Lineage::Addendum(17).number(), 17);
    }

    #[test]
    fn parses_real_symbols_and_their_lineage() {
        for (text, base, lineage) in [
            ("A/57/L.12", "A/57/L.12", vec![]),
            ("A/C.2/57/SR.12", "A/C.2/57/SR.12", vec![]),
            ("A/57/L.12/Rev.1", "A/57/L.12", vec![Lineage::Revision(1)]),
            (
                "E/CN.4/2005/L.10/Add.17/Corr.1",
                "E/CN.4/2005/L.10",
                vec![Lineage::Addendum(17), Lineage::Corrigendum(1)],
            ),
            ("S/RES/2334 (2016)", "S/RES/2334 (2016)", vec![]),
            ("ST/SGB/2019/8", "ST/SGB/2019/8", vec![]),
        ] {
            let s = Symbol::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(s.base_symbol(), base);
            assert_eq!(s.lineage, lineage);
            assert_eq!(s.to_string(), text, "round trip");
        }
    }

    #[test]
    fn refuses_malformed_symbols_saying_why() {
        use SymbolError::*;
        let part = |p: &str| Part(p.to_string());
        for (text, why) in [
            ("", Length { max: MAX_LEN }),
            ("A", Parts { max: MAX_PARTS }),
            ("a/57/L.12", Series),
            ("A//L.12", part("")),
            ("A/57/L.12/", part("")),
            ("/57", Series),
            ("A/57/L.12/Rev.0", part("Rev.0")),
            ("A/57/L.12/Rev.01", part("Rev.01")),
            ("A/Rev.1", part("Rev.1")),
            ("A/57/<script>", part("<script>")),
            ("A/57/L.12\n", part("L.12\n")),
            ("ABCDEFG/1", Series),
            (" A/57", Series),
        ] {
            assert_eq!(Symbol::parse(text), Err(why), "{text}");
        }
        assert!(Symbol::parse(&format!("A/{}", "1".repeat(200))).is_err());
    }
}
