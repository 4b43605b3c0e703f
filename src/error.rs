//! Errors that say what is wrong and where: a JSON path into the model, the playbook or the
//! input.

use std::fmt;

/// One problem found in a model or an input, located by a JSON path such as
/// `intent.rules[3].decay.halfLifeDays` (the empty string is the document itself).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    pub path: String,
    pub message: String,
}

impl Issue {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Issue {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The error of a document that cannot be compiled (a model, a playbook): every problem found,
/// not just the first. [`ModelError`] and the lifecycle's `PlaybookError` are both this. (The
/// name and the issues serve the binding, which turns these into JavaScript errors.)
#[cfg_attr(
    any(not(target_arch = "wasm32"), not(feature = "json")),
    allow(dead_code)
)]
pub(crate) trait DocumentError: fmt::Display + Sized {
    /// The error's name, in Rust and as the `name` of the JavaScript `Error`.
    const NAME: &'static str;
    /// What its messages call the document: "model", "playbook".
    const DOCUMENT: &'static str;

    fn from_issues(issues: Vec<Issue>) -> Self;

    fn issues(&self) -> &[Issue];
}

/// Declares the error of a document that cannot be compiled: `issues` (every problem, each with
/// its path), `path()` (the first problem's) and a message that leads with the first problem
/// and counts the rest, such as `invalid model: a: bad (and 1 more problem)`.
macro_rules! document_error {
    ($(#[$doc:meta])* $name:ident, $document:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            pub issues: Vec<$crate::error::Issue>,
        }

        impl $name {
            /// The path of the first problem, the one the message leads with.
            pub fn path(&self) -> &str {
                self.issues.first().map_or("", |issue| issue.path.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                $crate::error::write_problems(f, $document, &self.issues)
            }
        }

        impl std::error::Error for $name {}

        impl $crate::error::DocumentError for $name {
            const NAME: &'static str = stringify!($name);
            const DOCUMENT: &'static str = $document;

            fn from_issues(issues: Vec<$crate::error::Issue>) -> Self {
                $name { issues }
            }

            fn issues(&self) -> &[$crate::error::Issue] {
                &self.issues
            }
        }
    };
}
/// How a document error reads: the first problem, then how many more.
pub(crate) fn write_problems(
    f: &mut fmt::Formatter<'_>,
    document: &str,
    issues: &[Issue],
) -> fmt::Result {
    match issues {
        [] => write!(f, "invalid {document}"),
        [only] => write!(f, "invalid {document}: {only}"),
        [first, rest @ ..] => write!(
            f,
            "invalid {document}: {first} (and {} more problem{})",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

// For the lifecycle's `PlaybookError`.
#[cfg(feature = "lifecycle")]
pub(crate) use document_error;

document_error!(
    /// A model that cannot be compiled. It carries every problem found, not just the first.
    ModelError,
    "model"
);

/// A lead, a batch or a time that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

impl InputError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The same error, seen from a container: `events[2].at` inside lead 7 of a batch
    /// becomes `[7].events[2].at`.
    pub fn within(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "invalid input: {}", self.message)
        } else {
            write!(f, "invalid input at {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

/// Joins a parent path and a child path: `("a", "b")` is `a.b`, `("a", "[1]")` is `a[1]`.
pub fn join_path(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else if child.is_empty() {
        parent.to_string()
    } else if child.starts_with('[') {
        format!("{parent}{child}")
    } else {
        format!("{parent}.{child}")
    }
}

/// A value a reader did not expect, named as serde_json names it (`null`, a float in its
/// shortest digits) and anything else as serde does, without serde's own `Display`: that one
/// writes floats with the standard formatter, which would link it (about 14 KB of Wasm) into the
/// small engine, whose messages never need it.
pub(crate) fn unexpected_wording(
    unexpected: serde::de::Unexpected<'_>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    use serde::de::Unexpected;
    match unexpected {
        Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
        Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
        Unexpected::Signed(i) => write!(f, "integer `{i}`"),
        Unexpected::Float(n) => write!(f, "floating point `{}`", zmij::Buffer::new().format(n)),
        Unexpected::Char(c) => write!(f, "character `{c}`"),
        Unexpected::Str(s) => write!(f, "string {s:?}"),
        Unexpected::Bytes(_) => f.write_str("byte array"),
        Unexpected::Unit => f.write_str("null"),
        Unexpected::Option => f.write_str("Option value"),
        Unexpected::NewtypeStruct => f.write_str("newtype struct"),
        Unexpected::Seq => f.write_str("sequence"),
        Unexpected::Map => f.write_str("map"),
        Unexpected::Enum => f.write_str("enum"),
        Unexpected::UnitVariant => f.write_str("unit variant"),
        Unexpected::NewtypeVariant => f.write_str("newtype variant"),
        Unexpected::TupleVariant => f.write_str("tuple variant"),
        Unexpected::StructVariant => f.write_str("struct variant"),
        Unexpected::Other(other) => f.write_str(other),
    }
}

/// serde's messages about a lead (from JSON text or the compact form) name Rust types; users
/// think in JSON.
pub(crate) fn clean_serde_message(message: &str) -> String {
    // One pass by hand rather than four `str::replace` calls, whose substring search is about
    // 2 KB of the small engine's code (no replacement's words contain another's).
    const WORDING: [(&str, &str); 4] = [
        ("struct Lead", "a lead object"),
        ("struct Event", "an event object"),
        ("a sequence", "an array"),
        ("a map", "an object"),
    ];
    let mut clean = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        match WORDING.iter().find(|(rust, _)| rest.starts_with(rust)) {
            Some((rust, json)) => {
                clean.push_str(json);
                rest = &rest[rust.len()..];
            }
            None => {
                clean.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_are_worded_for_json_as_four_replacements_word_them() {
        let replaced = |message: &str| {
            message
                .replace("struct Lead", "a lead object")
                .replace("struct Event", "an event object")
                .replace("a sequence", "an array")
                .replace("a map", "an object")
        };
        for message in [
            "invalid type: string \"x\", expected struct Lead",
            "invalid type: map, expected a sequence",
            "invalid type: sequence, expected struct Event or a map é",
            "a mapa map struct Leadstruct Event a sequencea",
            "",
            "é struct Lea",
        ] {
            assert_eq!(clean_serde_message(message), replaced(message), "{message}");
        }
    }

    #[test]
    fn unexpected_values_are_named_as_serde_json_names_them() {
        use serde::de::Unexpected;
        struct Wording<'a>(Unexpected<'a>);
        impl fmt::Display for Wording<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                unexpected_wording(self.0, f)
            }
        }
        let all = [
            Unexpected::Bool(true),
            Unexpected::Unsigned(7),
            Unexpected::Signed(-7),
            Unexpected::Char('é'),
            Unexpected::Str("a \"quoted\"\ntext"),
            Unexpected::Bytes(b"x"),
            Unexpected::Option,
            Unexpected::NewtypeStruct,
            Unexpected::Seq,
            Unexpected::Map,
            Unexpected::Enum,
            Unexpected::UnitVariant,
            Unexpected::NewtypeVariant,
            Unexpected::TupleVariant,
            Unexpected::StructVariant,
            Unexpected::Other("something else"),
        ];
        for unexpected in all {
            assert_eq!(Wording(unexpected).to_string(), unexpected.to_string());
        }
        assert_eq!(Wording(Unexpected::Unit).to_string(), "null");
        // As serde_json words a float (its error for a float where a string belongs).
        for n in [1.5, 2.0, -0.000001, 1e21] {
            let err = serde_json::from_str::<String>(&serde_json::to_string(&n).unwrap());
            let message = err.unwrap_err().to_string();
            let wording = Wording(Unexpected::Float(n)).to_string();
            assert!(
                message.starts_with(&format!("invalid type: {wording},")),
                "{message}"
            );
        }
    }

    #[test]
    fn paths_join_like_javascript_accessors() {
        assert_eq!(join_path("", "events"), "events");
        assert_eq!(join_path("events", "[2]"), "events[2]");
        assert_eq!(join_path("events[2]", "at"), "events[2].at");
        assert_eq!(join_path("[7]", "events[2].at"), "[7].events[2].at");
        assert_eq!(join_path("x", ""), "x");
    }

    #[test]
    fn model_error_message_counts_the_rest() {
        let err = ModelError {
            issues: vec![Issue::new("a", "bad"), Issue::new("b", "worse")],
        };
        assert_eq!(
            err.to_string(),
            "invalid model: a: bad (and 1 more problem)"
        );
        assert_eq!(err.path(), "a");
    }
}
