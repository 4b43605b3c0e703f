//! A model document's quick check (`json_fits`, no paths made) agrees with the check that names
//! the first value past a limit (`json_issue`) on generated documents near the limits.

use super::*;
use proptest::prelude::*;

/// Documents of strings around the length limit, keys as long, nested around the depth limit.
fn document() -> impl Strategy<Value = Json> {
    let text = "[a-z]{0,6}";
    let leaf = prop_oneof![
        text.prop_map(Json::from),
        any::<i32>().prop_map(Json::from),
        Just(Json::Null),
    ];
    leaf.prop_recursive(6, 40, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array),
            prop::collection::vec((text, inner), 0..4)
                .prop_map(|members| Json::Object(members.into_iter().collect())),
        ]
    })
}

fn limits(string_length: usize, nesting_depth: usize) -> Limits {
    Limits {
        string_length,
        nesting_depth,
        ..Limits::default()
    }
}

proptest! {
    #[test]
    fn the_quick_check_passes_exactly_what_has_no_issue(
        doc in document(),
        string_length in 2usize..6,
        nesting_depth in 2usize..6,
    ) {
        let limits = limits(string_length, nesting_depth);
        prop_assert_eq!(limits.json_fits(&doc, 1), limits.json_issue(&doc, "", 1).is_none());
    }
}

#[test]
fn a_model_past_a_limit_is_still_named_at_its_path() {
    let doc: Json = serde_json::from_str(r#"{"fit": {"rules": [{"label": "abcdefg"}]}}"#).unwrap();
    let err = limits(6, 8).check_model(&doc).unwrap_err();
    assert_eq!(err.issues[0].path, "fit.rules[0].label");
}
