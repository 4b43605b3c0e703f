//! The JSON path of the value at a position in JSON text. serde_json reports a failure by line
//! and column; people want `events[2].at`. Scanning the text up to that position with a tiny
//! tokenizer recovers the path for any document shape, at no cost to the reading that succeeds.

/// Where in the document the scan is: inside an object (with the key being read, if any) or an
/// array (at an index).
enum Frame {
    Object { key: Option<String>, in_key: bool },
    Array { index: usize },
}

/// The path (`events[2].at`, or `""` for the document) of the innermost value open at the given
/// one-based line and column of `json`.
pub fn path_at(json: &str, line: usize, column: usize) -> String {
    let end = byte_offset(json, line, column);
    let bytes = json.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = 0;
    while at < end {
        match bytes[at] {
            b'"' => {
                let (text, next) = read_string(json, at);
                if let Some(Frame::Object { key, in_key }) = stack.last_mut() {
                    if *in_key {
                        *key = Some(text);
                        *in_key = false;
                    }
                }
                at = next;
                continue;
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                in_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' if at + 1 < end => {
                stack.pop();
            }
            // A container closing exactly where the failure is reported is the one it concerns
            // (serde reports a missing field at the closing brace): the container as a whole.
            b'}' | b']' => match stack.last_mut() {
                Some(Frame::Object { key, .. }) => *key = None,
                Some(Frame::Array { index }) => *index = usize::MAX,
                None => {}
            },
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, in_key }) => {
                    *key = None;
                    *in_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        at += 1;
    }
    // A failure reported just as a container opens is about that container as a value.
    if end > 0 && matches!(bytes[end - 1], b'{' | b'[') {
        stack.pop();
    }
    render(&stack)
}

fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } | Frame::Array { index: usize::MAX } => break,
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

/// The byte offset just past the one-based `line` and `column` (clamped to the text).
fn byte_offset(json: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match json[start..].find('\n') {
            Some(newline) => start += newline + 1,
            None => return json.len(),
        }
    }
    let mut end = (start + column).min(json.len());
    while !json.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// The string starting at the quote at `at` (escapes resolved simply) and the offset after it.
fn read_string(json: &str, at: usize) -> (String, usize) {
    let mut text = String::new();
    let mut chars = json[at + 1..].char_indices();
    while let Some((offset, c)) = chars.next() {
        match c {
            '"' => return (text, at + 1 + offset + 1),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    text.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        other => other,
                    });
                }
            }
            other => text.push(other),
        }
    }
    (text, json.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path serde_json's error position points at, for a document it rejects as T.
    fn path_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        let err = serde_json::from_str::<T>(json).unwrap_err();
        path_at(json, err.line(), err.column())
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: u32,
        tags: Vec<String>,
    }

    #[test]
    fn finds_the_path_of_bad_values_missing_and_unknown_fields() {
        let cases = [
            (r#"{"name": 1, "items": []}"#, "name"),
            (
                r#"{"name": "x", "items": [{"id": 1, "tags": []}, {"id": "two", "tags": []}]}"#,
                "items[1].id",
            ),
            (
                r#"{"name": "x", "items": [{"id": 1, "tags": ["a", 2]}]}"#,
                "items[0].tags[1]",
            ),
            (r#"{"name": "x", "items": [{"id": 1}]}"#, "items[0]"),
            (
                r#"{"name": "x", "items": [{"id": 1, "tags": [], "extra": true}]}"#,
                "items[0].extra",
            ),
            (r#"{"items": []}"#, ""),
            (
                "{\"name\": \"a\\\"b\",\n \"items\": [\n {\"id\": -1, \"tags\": []}]}",
                "items[0].id",
            ),
            // serde reads a struct from an array too: the first element is the bad name.
            (r#"[1, 2]"#, "[0]"),
            (r#"true"#, ""),
        ];
        for (json, path) in cases {
            assert_eq!(path_of::<Doc>(json), path, "{json}");
        }
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        assert_eq!(path_at("{\"a\": [1,", 9, 9), "a[1]");
        assert_eq!(path_at("", 1, 1), "");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::path_at;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(text in "[\\\\{}\\[\\]\",:a-zé€\\n 0-9]{0,60}", line in 0usize..5, column in 0usize..80) {
            let _ = path_at(&text, line, column);
        }
    }
}
