//! A batch of leads given as text: a JSON array passes as it is; JSON Lines (one lead a line,
//! blank lines skipped) become the JSON array of their lines, so lead `i` of either form is
//! named `[i]` in errors and results alike.

use leadscore::InputError;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// The batch as JSON array text. Each line of JSON Lines must be one JSON value (a line of two
/// values, or of broken JSON, is an error naming the lead and its line), so that joining the
/// lines cannot change which leads there are.
pub(crate) fn batch_array_text(text: &str) -> Result<Cow<'_, str>, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('[') {
        return Ok(Cow::Borrowed(text));
    }
    let mut array = String::with_capacity(text.len() + 2);
    array.push('[');
    let mut index = 0;
    for (number, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        if let Err(err) = serde_json::from_str::<&RawValue>(line) {
            let message = err.to_string();
            let message = match message.rsplit_once(" at line 1 column ") {
                Some((what, column)) => format!("{what} (column {column})"),
                None => message,
            };
            return Err(InputError::new(
                format!("[{index}]"),
                format!("line {}: {message}", number + 1),
            ));
        }
        if index > 0 {
            array.push(',');
        }
        array.push_str(line);
        index += 1;
    }
    array.push(']');
    Ok(Cow::Owned(array))
}
