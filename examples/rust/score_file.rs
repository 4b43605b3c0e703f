//! Scores a JSON array of leads with a model, natively, and prints the results as JSON:
//! `cargo run --example score_file -- MODEL LEADS AS_OF`.

use leadscore::{parse_lead_batch, OnError, Scorer, Timestamp};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, leads, as_of] = args.as_slice() else {
        eprintln!("usage: score_file MODEL.json LEADS.json AS_OF");
        return ExitCode::from(2);
    };
    let run = || -> Result<String, String> {
        let model = std::fs::read_to_string(model).map_err(|e| format!("{model}: {e}"))?;
        let leads = std::fs::read_to_string(leads).map_err(|e| format!("{leads}: {e}"))?;
        let scorer = Scorer::from_json(&model).map_err(|e| e.to_string())?;
        let as_of = Timestamp::parse(as_of)?;
        parse_lead_batch(&leads).map_err(|e| e.to_string())?;
        scorer
            .score_batch_json(&leads, as_of, OnError::Throw)
            .map_err(|e| e.to_string())
    };
    match run() {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
