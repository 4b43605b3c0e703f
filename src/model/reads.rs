//! What scoring reads of a lead, by name: the attributes that fit rules and required fields name,
//! and for each event type some intent rule listens to, the properties its rules filter on. The
//! JavaScript binding writes only these when it hands leads to Wasm as objects.

use super::Model;

/// The first key of every dotted name read (`company` for `company.size`), each once, in model
/// order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reads<'m> {
    pub attributes: Vec<&'m str>,
    /// Every event type a rule listens to, with the properties read of it.
    pub events: Vec<(&'m str, Vec<&'m str>)>,
}

impl Model {
    /// What scoring reads of a lead (see [`Reads`]).
    pub fn reads(&self) -> Reads<'_> {
        let mut reads = Reads::default();
        let attributes = self.fit.rules.iter().map(|rule| &rule.attribute);
        for path in attributes.chain(&self.mql.required_fields) {
            add(&mut reads.attributes, &path.keys[0]);
        }
        for rule in &self.intent.rules {
            for kind in &rule.events {
                let at = match reads.events.iter().position(|(known, _)| known == kind) {
                    Some(at) => at,
                    None => {
                        reads.events.push((kind, Vec::new()));
                        reads.events.len() - 1
                    }
                };
                for (path, _) in &rule.filter {
                    add(&mut reads.events[at].1, &path.keys[0]);
                }
            }
        }
        reads
    }
}

fn add<'m>(names: &mut Vec<&'m str>, name: &'m str) {
    if !names.contains(&name) {
        names.push(name);
    }
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;

    #[test]
    fn names_what_the_rules_read() {
        let model = Model::from_json(
            r#"{"version":1,
                "fit":{"rules":[
                    {"id":"a","attribute":"company.size","when":{"min":1},"points":1},
                    {"id":"b","attribute":"title","when":{"exists":true},"points":1},
                    {"id":"c","attribute":"company.name","when":{"exists":true},"points":1}]},
                "intent":{"rules":[
                    {"id":"d","event":["page_view","visit"],"where":{"path":{"prefix":"/p"}},"points":1},
                    {"id":"e","event":"page_view","where":{"utm.source":{"equals":"x"}},"points":1},
                    {"id":"f","event":"demo_request","points":50}]},
                "mql":{"threshold":10,"requiredFields":["email","title"]}}"#,
        )
        .unwrap();
        let reads = model.reads();
        assert_eq!(reads.attributes, ["company", "title", "email"]);
        assert_eq!(
            reads.events,
            [
                ("page_view", vec!["path", "utm"]),
                ("visit", vec!["path"]),
                ("demo_request", vec![])
            ]
        );
    }
}
