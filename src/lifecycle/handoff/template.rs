//! First-approach templates: text with `{{placeholder}}` or `{{placeholder|fallback}}`, parsed
//! when the playbook is read and rendered with what the handoff knows of the lead.

#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    Field {
        name: Placeholder,
        fallback: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    FirstName,
    Name,
    Title,
    Company,
    Signal,
    Content,
    Page,
    Campaign,
    Message,
    Owner,
}

const PLACEHOLDERS: [(&str, Placeholder); 10] = [
    ("firstName", Placeholder::FirstName),
    ("name", Placeholder::Name),
    ("title", Placeholder::Title),
    ("company", Placeholder::Company),
    ("signal", Placeholder::Signal),
    ("content", Placeholder::Content),
    ("page", Placeholder::Page),
    ("campaign", Placeholder::Campaign),
    ("message", Placeholder::Message),
    ("owner", Placeholder::Owner),
];

/// Text with `{{placeholder}}` or `{{placeholder|fallback}}`.
pub(super) fn parse_template(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or("has a `{{` without its `}}`")?;
        let inner = &after[..close];
        let (name, fallback) = match inner.split_once('|') {
            Some((name, fallback)) => (name.trim(), Some(fallback.to_string())),
            None => (inner.trim(), None),
        };
        let placeholder = PLACEHOLDERS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, p)| *p)
            .ok_or_else(|| {
                format!(
                    "unknown placeholder {{{{{name}}}}}; expected one of: {}",
                    PLACEHOLDERS.map(|(n, _)| n).join(", ")
                )
            })?;
        pieces.push(Piece::Field {
            name: placeholder,
            fallback,
        });
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(pieces)
}

pub(super) struct TemplateValues {
    pub name: Option<String>,
    pub title: Option<String>,
    pub company: Option<String>,
    pub signal: Option<String>,
    pub content: Option<String>,
    pub page: Option<String>,
    pub campaign: Option<String>,
    pub message: Option<String>,
    pub owner: String,
}

pub(super) fn render(template: &[Piece], values: &TemplateValues) -> String {
    let mut out = String::new();
    for piece in template {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Field { name, fallback } => {
                let value = match name {
                    Placeholder::FirstName => values
                        .name
                        .as_deref()
                        .and_then(|n| n.split_whitespace().next())
                        .map(str::to_string),
                    Placeholder::Name => values.name.clone(),
                    Placeholder::Title => values.title.clone(),
                    Placeholder::Company => values.company.clone(),
                    Placeholder::Signal => values.signal.clone(),
                    Placeholder::Content => values.content.clone(),
                    Placeholder::Page => values.page.clone(),
                    Placeholder::Campaign => values.campaign.clone(),
                    Placeholder::Message => values.message.clone(),
                    Placeholder::Owner => Some(values.owner.clone()),
                };
                out.push_str(value.as_deref().or(fallback.as_deref()).unwrap_or(""));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_and_reject_unknown_placeholders() {
        let pieces = parse_template("Hi {{firstName|there}}, about {{content}}.").unwrap();
        assert_eq!(pieces.len(), 5);
        let err = parse_template("Hi {{first_name}}").unwrap_err();
        assert!(err.contains("unknown placeholder {{first_name}}"), "{err}");
        assert!(parse_template("Hi {{name").is_err());
    }
}
