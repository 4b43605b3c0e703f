//! A model compiled ahead (`leadscore compile`): the compiled form as bytes, for the build without
//! the JSON model compiler (the visitor scorer's small engine), which loads it instead of reading
//! and validating the document. The bytes begin with a tag, the crate version that wrote them
//! (the compiled form follows the code, so only the same version reads it) and then the model,
//! written with postcard (and read by hand, `decode.rs`).

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
        super::decode::model(model)
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

    /// Every model document the tests and examples hold (examples/models, and the golden cases'
    /// own models), compiled.
    fn compiled_models() -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = ["examples/models", "tests/golden", "tests/golden-accounts"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(dir).unwrap())
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        // What the example models do not hold: `not`, and every kind of literal.
        let odd = r#"{"version": 1, "mql": {"threshold": 10}, "fit": {"rules": [
            {"id": "a", "attribute": "email", "points": 5,
             "when": {"not": {"suffix": ["@example.com"], "not": {"equals": true}}}},
            {"id": "b", "attribute": "size", "when": {"in": [3, "x", false], "exists": true},
             "points": 1}]}}"#;
        let mut models = vec![(
            "`not`".to_string(),
            Model::from_json(odd).unwrap().to_compiled(),
        )];
        for file in files {
            let doc: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let doc = match doc.get("model") {
                Some(model) if model.is_object() => model.clone(),
                Some(_) => continue,
                None => doc,
            };
            let model = Model::from_value(&doc).unwrap();
            models.push((file.display().to_string(), model.to_compiled()));
        }
        models
    }

    #[test]
    fn the_hand_reader_reads_what_postcard_reads() {
        let models = compiled_models();
        let all = models
            .iter()
            .map(|(_, bytes)| format!("{:?}", Model::from_compiled(bytes).unwrap()));
        let all: String = all.collect();
        for variant in [
            "Each",
            "Window {",
            "HalfLife",
            "Steps",
            "Linear",
            "accounts: Some",
            "SumTop",
            "Not(",
            "ContainsAny",
            "In(",
            "Equals",
            "grid: Some",
        ] {
            assert!(all.contains(variant), "no example model has {variant}");
        }
        for (file, bytes) in &models {
            let body = &bytes[4 + 1 + bytes[4] as usize..];
            let by_hand = super::super::decode::model(body).unwrap();
            let by_postcard: Model = postcard::from_bytes(body).unwrap();
            assert_eq!(format!("{by_hand:?}"), format!("{by_postcard:?}"), "{file}");
            for cut in 0..body.len() {
                assert!(
                    super::super::decode::model(&body[..cut]).is_err(),
                    "{file} cut at {cut}"
                );
            }
            let mut longer = body.to_vec();
            longer.push(0);
            assert!(
                super::super::decode::model(&longer).is_err(),
                "{file} with a byte more"
            );
        }
    }

    #[test]
    fn a_damaged_body_is_refused_or_read_as_postcard_reads_it() {
        for (file, bytes) in compiled_models() {
            let body = &bytes[4 + 1 + bytes[4] as usize..];
            for at in 0..body.len() {
                for flip in [0x01u8, 0x80, 0xff] {
                    let mut damaged = body.to_vec();
                    damaged[at] ^= flip;
                    if let Ok(by_hand) = super::super::decode::model(&damaged) {
                        let by_postcard: Model =
                            postcard::from_bytes(&damaged).unwrap_or_else(|_| {
                                panic!("{file}: byte {at} ^ {flip} read by hand only")
                            });
                        assert_eq!(
                            format!("{by_hand:?}"),
                            format!("{by_postcard:?}"),
                            "{file}: byte {at} ^ {flip}"
                        );
                    }
                }
            }
        }
    }
}
