//! Which account a lead belongs to: the account id attribute when the lead has one, else the
//! domain of its email, unless that is a free-mail domain (such leads are never grouped). A lead
//! belongs to one account: an attribute listing two ids is an input error.

use super::free_mail;
use crate::error::{join_path, InputError};
use crate::model::accounts::AccountKeyPolicy;
use crate::value::Value;
use serde::Serialize;

/// Where a lead's account came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyedBy {
    /// The account id attribute.
    Attribute,
    /// The email's domain.
    Domain,
}

/// Why a lead is in no account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Ungrouped {
    /// Its email is on a free-mail domain, which says nothing of its employer.
    FreeMail,
    /// It has neither an account id nor an email.
    NoEmail,
    /// Its email has no domain to read.
    NotAnEmail,
}

/// A lead's account, or why it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountKey {
    Account { id: String, keyed_by: KeyedBy },
    Ungrouped(Ungrouped),
}

impl AccountKey {
    /// The account id, when the lead has an account.
    pub fn id(&self) -> Option<&str> {
        match self {
            AccountKey::Account { id, .. } => Some(id),
            AccountKey::Ungrouped(_) => None,
        }
    }
}

impl AccountKeyPolicy {
    /// The account of a lead with these attributes.
    pub fn key_of(&self, attributes: &Value) -> Result<AccountKey, InputError> {
        let at = attributes.at_path(&self.attribute.keys);
        if let Some(id) = self.account_id(at)? {
            return Ok(AccountKey::Account {
                id,
                keyed_by: KeyedBy::Attribute,
            });
        }
        let email = attributes
            .at_path(&self.email.keys)
            .filter(|v| v.is_present());
        let Some(email) = email else {
            return Ok(AccountKey::Ungrouped(Ungrouped::NoEmail));
        };
        let Some(domain) = email.as_text().and_then(domain_of) else {
            return Ok(AccountKey::Ungrouped(Ungrouped::NotAnEmail));
        };
        if self.is_free_mail(&domain) {
            return Ok(AccountKey::Ungrouped(Ungrouped::FreeMail));
        }
        Ok(AccountKey::Account {
            id: domain,
            keyed_by: KeyedBy::Domain,
        })
    }

    fn is_free_mail(&self, domain: &str) -> bool {
        (self.built_in_free_mail && free_mail::is_built_in(domain))
            || self.free_mail.iter().any(|d| d == domain)
    }

    /// The account id attribute's value: one id (text or a whole number), or none.
    fn account_id(&self, value: Option<&Value>) -> Result<Option<String>, InputError> {
        let path = || join_path("attributes", &self.attribute.text);
        let Some(value) = value.filter(|v| v.is_present()) else {
            return Ok(None);
        };
        let items: Vec<&Value> = match value {
            Value::List(items) => items.iter().filter(|v| v.is_present()).collect(),
            other => vec![other],
        };
        let mut ids: Vec<String> = Vec::new();
        for item in items {
            let id = match item {
                Value::Text(text) => text.trim().to_string(),
                Value::Number(n) if n.fract() == 0.0 => crate::value::format_number(*n),
                _ => {
                    return Err(InputError::new(
                        path(),
                        "an account id must be text or a whole number",
                    ))
                }
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        match ids.len() {
            0 | 1 => Ok(ids.pop()),
            n => Err(InputError::new(
                path(),
                format!(
                    "a lead belongs to one account, but it lists {n}: {}",
                    ids.iter()
                        .map(|id| format!("{id:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
}

/// The domain of an email address, lowercased: what follows its last `@`, when that is a
/// domain name (a dot inside, no spaces) after a non-empty mailbox.
fn domain_of(email: &str) -> Option<String> {
    let (mailbox, domain) = email.trim().rsplit_once('@')?;
    let domain = domain.trim_end_matches('.').to_lowercase();
    let well_formed = !mailbox.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.contains(char::is_whitespace);
    well_formed.then_some(domain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AttributePath;

    fn policy() -> AccountKeyPolicy {
        AccountKeyPolicy {
            attribute: AttributePath::new("accountId"),
            email: AttributePath::new("email"),
            built_in_free_mail: true,
            free_mail: vec!["corp-mail.example".into()],
        }
    }

    fn key(attributes: &str) -> Result<AccountKey, InputError> {
        policy().key_of(&serde_json::from_str(attributes).unwrap())
    }

    fn account(id: &str, keyed_by: KeyedBy) -> AccountKey {
        AccountKey::Account {
            id: id.into(),
            keyed_by,
        }
    }

    #[test]
    fn the_attribute_comes_first_then_the_domain() {
        let both = key(r#"{"accountId": " acct-7 ", "email": "a@acme.example"}"#).unwrap();
        assert_eq!(both, account("acct-7", KeyedBy::Attribute));
        let number = key(r#"{"accountId": 42}"#).unwrap();
        assert_eq!(number, account("42", KeyedBy::Attribute));
        let domain = key(r#"{"accountId": "", "email": "Jo@ACME.Example."}"#).unwrap();
        assert_eq!(domain, account("acme.example", KeyedBy::Domain));
    }

    #[test]
    fn free_mail_and_missing_emails_are_never_grouped() {
        for (attributes, why) in [
            (r#"{"email": "jo@gmail.com"}"#, Ungrouped::FreeMail),
            (r#"{"email": "jo@corp-mail.example"}"#, Ungrouped::FreeMail),
            (r#"{"name": "Jo"}"#, Ungrouped::NoEmail),
            (r#"{"email": "  "}"#, Ungrouped::NoEmail),
            (r#"{"email": "jo at acme"}"#, Ungrouped::NotAnEmail),
            (r#"{"email": "@acme.example"}"#, Ungrouped::NotAnEmail),
            (r#"{"email": 7}"#, Ungrouped::NotAnEmail),
        ] {
            assert_eq!(
                key(attributes).unwrap(),
                AccountKey::Ungrouped(why),
                "{attributes}"
            );
        }
    }

    #[test]
    fn a_lead_belongs_to_one_account() {
        let one = key(r#"{"accountId": ["a", "a", ""]}"#).unwrap();
        assert_eq!(one, account("a", KeyedBy::Attribute));
        let err = key(r#"{"accountId": ["a", "b"]}"#).unwrap_err();
        assert_eq!(err.path, "attributes.accountId");
        assert!(err
            .message
            .contains("one account, but it lists 2: \"a\", \"b\""));
        let err = key(r#"{"accountId": {"id": 1}}"#).unwrap_err();
        assert_eq!(err.path, "attributes.accountId");
    }
}
