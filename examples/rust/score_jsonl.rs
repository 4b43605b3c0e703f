//! Scores JSON Lines of leads with a model, natively, and writes one result per line, each
//! exactly as the core serializes it: `cargo run --example score_jsonl -- MODEL LEADS.jsonl
//! AS_OF [OUT]` (standard output without OUT). Leads go through `score_batch_json` a thousand
//! at a time. The parity check (`tests/parity/run.mjs`) compares its output, byte for byte,
//! with the npm package's in Node and in Chromium.

use leadscore::{OnError, Scorer, Timestamp};
use serde_json::value::RawValue;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

const BATCH: usize = 1000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (model, leads, as_of, out) = match args.as_slice() {
        [model, leads, as_of] => (model, leads, as_of, None),
        [model, leads, as_of, out] => (model, leads, as_of, Some(out)),
        _ => {
            eprintln!("usage: score_jsonl MODEL.json LEADS.jsonl AS_OF [OUT.jsonl]");
            return ExitCode::from(2);
        }
    };
    match run(model, leads, as_of, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(model: &str, leads: &str, as_of: &str, out: Option<&String>) -> Result<(), String> {
    let text = std::fs::read_to_string(model).map_err(|e| format!("{model}: {e}"))?;
    let scorer = Scorer::from_json(&text).map_err(|e| format!("{model}: {e}"))?;
    let as_of = Timestamp::parse(as_of)?;
    let input = std::fs::File::open(leads).map_err(|e| format!("{leads}: {e}"))?;
    let output: Box<dyn Write> = match out {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut output = BufWriter::new(output);
    let mut batch: Vec<String> = Vec::with_capacity(BATCH);
    let mut lines = BufReader::new(input).lines();
    loop {
        let line = lines
            .next()
            .transpose()
            .map_err(|e| format!("{leads}: {e}"))?;
        let done = line.is_none();
        batch.extend(line.filter(|l| !l.trim().is_empty()));
        if batch.len() == BATCH || (done && !batch.is_empty()) {
            let results = scorer
                .score_batch_json(&format!("[{}]", batch.join(",")), as_of, OnError::Throw)
                .map_err(|e| e.to_string())?;
            let results: Vec<&RawValue> =
                serde_json::from_str(&results).map_err(|e| e.to_string())?;
            for result in results {
                writeln!(output, "{}", result.get()).map_err(|e| e.to_string())?;
            }
            batch.clear();
        }
        if done {
            break;
        }
    }
    output.flush().map_err(|e| e.to_string())
}
