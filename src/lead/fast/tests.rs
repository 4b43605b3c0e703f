//! The schema-shaped reader (`fast.rs`) on hand-made bytes: leads, events and values read back,
//! and malformed or truncated input refused.

use super::*;

/// One lead of the schema-shaped form, and nothing after it.
fn read<'a>(bytes: &'a [u8], schema: &'a Schema) -> Result<Lead<'a>, InputError> {
    let mut reader = Reader::new(bytes);
    let lead = read_lead(&mut reader, schema, None).map_err(|(_, err)| err)?;
    match reader.left() {
        0 => Ok(lead),
        _ => Err(malformed("")),
    }
}

fn schema() -> Schema {
    let model = Model::from_json(
        r#"{"version":1,
            "fit":{"rules":[{"id":"t","attribute":"title","when":{"exists":true},"points":1}]},
            "intent":{"rules":[{"id":"p","event":"page_view","where":{"path":{"equals":"/p"}},"points":1}]},
            "mql":{"threshold":1}}"#,
    )
    .unwrap();
    Schema::of(&model)
}

/// `{ id: "l1", attributes: { title: "VP" }, events: [page_view of "/p" with id "e1",
/// "visit" at 0] }` in the schema-shaped form, as compact-usual.js writes it.
fn usual_lead() -> Vec<u8> {
    let mut bytes = vec![LEAD, 2, b'l', b'1'];
    // Attributes: an object of one, the schema's first (title).
    bytes.extend([1, 1, 0, compact::STRING, 2, b'V', b'P']);
    // Two events: the schema's first type (page_view), then a type named as text.
    bytes.push(2);
    bytes.extend([EVENT, HAS_ID | HAS_PROPS, 1]);
    bytes.extend(1_000.0f64.to_le_bytes());
    // Its id, and its one property the rules read (the type's first: path).
    bytes.extend([2, b'e', b'1', 1, 0, compact::STRING, 2, b'/', b'p']);
    bytes.extend([EVENT, 0, 0, 5]);
    bytes.extend(b"visit");
    bytes.extend(0.0f64.to_le_bytes());
    bytes
}

#[test]
fn reads_a_lead_borrowing_the_schemas_names() {
    let schema = schema();
    let bytes = usual_lead();
    let lead = read(&bytes, &schema).unwrap();
    assert_eq!(lead.id(), "l1");
    assert_eq!(
        lead.attributes.member("title"),
        Some(&Value::Text("VP".into()))
    );
    assert_eq!(lead.events.len(), 2);
    assert_eq!(lead.events[0].kind(), "page_view");
    assert_eq!(lead.events[0].id(), Some("e1"));
    assert_eq!(lead.events[0].at.millis(), 1_000);
    assert_eq!(
        lead.events[0].props.get(&["path".into()]),
        Some(Value::Text("/p".into()))
    );
    assert_eq!(lead.events[1].kind(), "visit");
    assert_eq!(lead.events[1].id(), None);
    // The model's id of a type it knows (its only one), none for a type given as text.
    assert_eq!(lead.events[0].type_id, Some(0));
    assert_eq!(lead.events[1].type_id, None);
}

#[test]
fn scalars_read_by_hand_as_the_derive_reads_them() {
    let mut values = vec![
        vec![compact::NULL],
        vec![compact::FALSE],
        vec![compact::TRUE],
        vec![compact::STRING, 3, b'a', b'b', b'c'],
        vec![compact::STRING, 0],
        vec![compact::ARRAY, 1, compact::TRUE],
    ];
    for n in [
        0.0,
        -0.0,
        1.5,
        -3.0,
        1e300,
        2f64.powi(64),
        -2f64.powi(63),
        f64::NAN,
    ] {
        values.push([&[compact::NUMBER][..], &n.to_le_bytes()].concat());
    }
    values.push([&[compact::NUMBER][..], &f64::INFINITY.to_le_bytes()].concat());
    for bytes in values {
        let by_hand = read_value(&mut Reader::new(&bytes));
        let by_derive = Value::deserialize(&mut Reader::new(&bytes)).ok();
        assert_eq!(
            format!("{by_hand:?}"),
            format!("{by_derive:?}"),
            "{bytes:?}"
        );
    }
}

#[test]
fn a_member_is_found_as_the_members_list_finds_it() {
    // As `indexed` lists them: the last member of the name, up to the first unreadable one.
    fn by_list<'a>(names: &'a [Box<str>], bytes: &'a [u8], key: &str) -> Option<Value<'a>> {
        let (_, mut value) = indexed(names, bytes)
            .map_while(|member| member)
            .filter(|(name, _)| *name == key)
            .last()?;
        read_value(&mut value)
    }
    let names: Vec<Box<str>> = vec!["path".into(), "title".into()];
    let text = |index: u8, text: &str| {
        [
            &[index, compact::STRING, text.len() as u8][..],
            text.as_bytes(),
        ]
        .concat()
    };
    let members = [
        text(0, "/a"),
        text(1, "T"),
        text(0, "/b"),
        vec![0, compact::TRUE],
        vec![1, compact::ARRAY, 1, compact::NULL],
        vec![0, compact::STRING, 2, 0xff, 0xfe],
        vec![7, compact::NULL],
        vec![0, compact::STRING, 9],
    ];
    for a in 0..members.len() {
        for b in 0..members.len() {
            for count in 0..=2u8 {
                let list = [&members[a][..], &members[b]][..usize::from(count)].concat();
                let bytes = [&[count][..], &list].concat();
                for key in ["path", "title", "other"] {
                    assert_eq!(
                        format!("{:?}", indexed_member(&names, &bytes, key)),
                        format!("{:?}", by_list(&names, &bytes, key)),
                        "{bytes:?} {key}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_truncated_or_garbled_lead_is_an_error_not_a_panic() {
    let schema = schema();
    let bytes = usual_lead();
    for end in 0..bytes.len() {
        assert!(read(&bytes[..end], &schema).is_err(), "{end}");
    }
    for at in 0..bytes.len() {
        for flip in [0x01, 0x80, 0xff] {
            let mut garbled = bytes.clone();
            garbled[at] ^= flip;
            let _ = read(&garbled, &schema);
        }
    }
    assert!(read(&[bytes.as_slice(), &[0]].concat(), &schema).is_err());
}
