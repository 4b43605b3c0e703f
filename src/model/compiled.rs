//! A model compiled ahead (`leadscore compile`): the compiled form as bytes, for the build without
//! the JSON model compiler (the visitor scorer's small engine), which loads it instead of reading
//! and validating the document. The bytes begin with a tag, the crate version that wrote them
//! (the compiled form follows the code, so only the same version reads it) and then the model,
//! written with postcard.

use super::Model;
use crate::error::{Issue, ModelError};

const TAG: &[u8; 4] = b"LSCM";

impl Model {
    /// The compiled form of this model, for [`Model::from_compiled`].
    pub fn to_compiled(&self) -> Vec<u8> {
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        let mut bytes = Vec::with_capacity(1024);
        bytes.extend_from_slice(TAG);
        bytes.push(version.len() as u8);
        bytes.extend_from_slice(version);
        // Writing to a Vec cannot fail.
        postcard::to_extend(self, bytes).unwrap_or_default()
    }

    /// Reads a model compiled by [`Model::to_compiled`] of this crate version. Anything else is a
    /// [`ModelError`] saying what it is and what to do.
    pub fn from_compiled(bytes: &[u8]) -> Result<Model, ModelError> {
        let refuse = |message: String| ModelError {
            issues: vec![Issue::new("", message)],
        };
        let Some(rest) = bytes.strip_prefix(TAG) else {
            return Err(refuse(
                "not a compiled model: compile the model document with `leadscore compile`"
                    .to_string(),
            ));
        };
        let (version, model) = rest
            .split_first()
            .and_then(|(&len, rest)| rest.split_at_checked(usize::from(len)))
            .ok_or_else(|| refuse("the compiled model is cut short".to_string()))?;
        let ours = env!("CARGO_PKG_VERSION");
        if version != ours.as_bytes() {
            let theirs = String::from_utf8_lossy(version);
            return Err(refuse(format!(
                "the model was compiled by leadscore {theirs}, and this is leadscore {ours}: \
                 compile it again with this version"
            )));
        }
        postcard::from_bytes(model)
            .map_err(|_| refuse("the compiled model is damaged: compile it again".to_string()))
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    #[test]
    fn a_compiled_model_scores_as_the_document_does() {
        let text = std::fs::read_to_string("examples/models/b2b-default.json").unwrap();
        let model = Model::from_json(&text).unwrap();
        let bytes = model.to_compiled();
        let again = Model::from_compiled(&bytes).unwrap();
        assert_eq!(again.to_compiled(), bytes, "compiling is deterministic");
        assert_eq!(format!("{again:?}"), format!("{model:?}"));
    }

    #[test]
    fn other_bytes_are_refused_with_a_reason() {
        let bytes = Model::from_json(r#"{"version":1,"mql":{"threshold":1}}"#)
            .unwrap()
            .to_compiled();
        let message = |bytes: &[u8]| Model::from_compiled(bytes).unwrap_err().to_string();
        assert!(message(b"{\"version\":1}").contains("not a compiled model"));
        assert!(message(&bytes[..6]).contains("cut short"));
        assert!(message(&bytes[..bytes.len() - 1]).contains("damaged"));
        let mut older = bytes.clone();
        older[5] = b'9';
        assert!(message(&older).contains("compile it again with this version"));
    }
}
