//! Errors that say what is wrong and where: a JSON path into the model or the input.

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

/// A model that cannot be compiled. It carries every problem found, not just the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    pub issues: Vec<Issue>,
}

impl ModelError {
    /// The path of the first problem, the one the message leads with.
    pub fn path(&self) -> &str {
        self.issues.first().map_or("", |issue| issue.path.as_str())
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.issues.as_slice() {
            [] => f.write_str("invalid model"),
            [only] => write!(f, "invalid model: {only}"),
            [first, rest @ ..] => write!(
                f,
                "invalid model: {first} (and {} more problem{})",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
        }
    }
}

impl std::error::Error for ModelError {}

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

#[cfg(test)]
mod tests {
    use super::*;

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
