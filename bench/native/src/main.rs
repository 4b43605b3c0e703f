//! The benchmark's native row: scores the generated leads (a JSON array) with the leadscore core
//! and times each stage, so the Wasm build can be measured against it.
//!
//! `leadscore-bench-native --model M --leads L --as-of T [--runs N] [--update-leads K]
//! [--totals FILE] [--only batch|update|push]` prints one JSON object: the median and every run's time for
//! parse+score+serialize (`Scorer::score_batch_json`, JSON text in and out, as `scoreBatch`
//! does inside Wasm), parse only, score only (leads already parsed, results built but not
//! written) and serialize only; per-call times of incremental updates (one event each); peak
//! memory. `--totals` writes each lead's `[fit, intent, total]` for the parity gate. `--only push`
//! instead pushes the first K leads' events one at a time into a `LeadStore` (as the Wasm
//! `LeadStore.push` does, as of each event's own time) and prints the time per push. `--plan`
//! prints what the model reads (the objects path's plan, for `bench/js/experiments/compact-bytes.mjs`);
//! `--only compact --compact FILE` reads and scores that script's bytes (the batch's leads in the
//! compact form the JavaScript writer makes) as the Wasm `scoreBatch` from objects does, for the
//! instruction counts of the core's share of that path (`compact_batch`, under callgrind).
//! `--model M --only compile [--runs N]` needs no leads: it times compiling the model's JSON text
//! (`Scorer::from_json`, what every edit in the simulator and every cold start pays), 2,000
//! compiles a run, and prints the time per compile. `--only reweigh` times the simulator page's
//! answer to an edit of weights from the leads' rule table in bytes (`reweigh.rs`).

use leadscore::lead::compact::read_batch;
use leadscore::lead::Schema;
use leadscore::{
    parse_lead, parse_lead_batch, Event, Lead, LeadState, LeadStore, OnError, Scorer, Scratch,
    Timestamp,
};
use std::time::Instant;

mod reweigh;

struct Args {
    model: String,
    leads: String,
    as_of: String,
    runs: usize,
    update_leads: usize,
    totals: Option<String>,
    /// Only the batch stages, only the updates or only the store's pushes (for instruction
    /// counts under callgrind).
    only: Option<String>,
    /// The leads in the compact form (`--only compact`).
    compact: Option<String>,
    /// Print the model's plan and stop.
    plan: bool,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        model: String::new(),
        leads: String::new(),
        as_of: String::new(),
        runs: 5,
        update_leads: 200,
        totals: None,
        only: None,
        compact: None,
        plan: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--model" => args.model = value()?,
            "--leads" => args.leads = value()?,
            "--as-of" => args.as_of = value()?,
            "--runs" => args.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--update-leads" => {
                args.update_leads = value()?
                    .parse()
                    .map_err(|e| format!("--update-leads: {e}"))?
            }
            "--totals" => args.totals = Some(value()?),
            "--only" => args.only = Some(value()?),
            "--compact" => args.compact = Some(value()?),
            "--plan" => args.plan = true,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let compile_only = args.only.as_deref() == Some("compile");
    let needs_leads =
        !args.plan && !compile_only && (args.leads.is_empty() || args.as_of.is_empty());
    if args.model.is_empty() || needs_leads {
        return Err(
            "usage: --model M --leads L --as-of T [--runs N] [--update-leads K] [--totals FILE] [--only batch|update|push|compact|reweigh] [--compact FILE] | --model M --plan | --model M --only compile [--runs N]"
                .into(),
        );
    }
    Ok(args)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.is_empty() {
        f64::NAN
    } else if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// Runs `work` once to warm up, then `runs` times, returning each run's seconds.
fn timed(runs: usize, mut work: impl FnMut()) -> Vec<f64> {
    work();
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64()
        })
        .collect()
}

fn stage(name: &str, seconds: &[f64]) -> String {
    let all: Vec<String> = seconds.iter().map(|s| format!("{s:.6}")).collect();
    format!(
        "\"{name}\":{{\"median\":{:.6},\"runs\":[{}]}}",
        median(seconds),
        all.join(",")
    )
}

/// Peak resident memory of this process, in bytes (Linux), if known.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn run() -> Result<String, String> {
    let args = args()?;
    let model = std::fs::read_to_string(&args.model).map_err(|e| format!("{}: {e}", args.model))?;
    if args.plan {
        return plan(&model);
    }
    if args.only.as_deref() == Some("compile") {
        const COMPILES: usize = 2_000;
        let seconds = timed(args.runs, || {
            for _ in 0..COMPILES {
                std::hint::black_box(Scorer::from_json(std::hint::black_box(&model)).ok());
            }
        });
        let per_compile: Vec<f64> = seconds.iter().map(|s| s / COMPILES as f64).collect();
        return Ok(format!("{{{}}}", stage("compile", &per_compile)));
    }
    let text = std::fs::read_to_string(&args.leads).map_err(|e| format!("{}: {e}", args.leads))?;
    let as_of = Timestamp::parse(&args.as_of)?;
    let scorer = Scorer::from_json(&model).map_err(|e| e.to_string())?;

    let leads: Vec<_> = parse_lead_batch(&text)
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect::<Result<_, _>>()
        .map_err(|bad| bad.error.to_string())?;
    let events: usize = leads.iter().map(|lead| lead.events.len()).sum();

    if let Some(path) = &args.totals {
        let totals: Vec<[i64; 3]> = scorer
            .score_batch(&leads, as_of)
            .iter()
            .map(|r| [r.fit, r.intent, r.total])
            .collect();
        let json = serde_json::to_string(&totals).map_err(|e| e.to_string())?;
        std::fs::write(path, json).map_err(|e| format!("{path}: {e}"))?;
    }

    if args.only.as_deref() == Some("compact") {
        let path = args
            .compact
            .as_deref()
            .ok_or("--only compact needs --compact FILE")?;
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let seconds = timed(args.runs, || {
            std::hint::black_box(compact_batch(&scorer, &bytes, as_of));
        });
        return Ok(format!("{{{}}}", stage("compact", &seconds)));
    }
    if args.only.as_deref() == Some("reweigh") {
        return reweigh::reweigh_calls(&model, &text, as_of, args.runs);
    }
    if args.only.as_deref() == Some("push") {
        return push_calls(&scorer, &leads, args.update_leads, args.runs)
            .map(|p| format!("{{{p}}}"));
    }
    if args.only.as_deref() == Some("update") {
        return update_calls(&scorer, &text, args.update_leads).map(|u| format!("{{{u}}}"));
    }
    let mut out_len = 0;
    let full = timed(args.runs, || {
        let json = scorer
            .score_batch_json(&text, as_of, OnError::Throw)
            .expect("the workload scores");
        out_len = json.len();
    });
    let parse = timed(args.runs, || {
        let parsed = parse_lead_batch(&text).expect("the workload parses");
        std::hint::black_box(parsed);
    });
    let score = timed(args.runs, || {
        std::hint::black_box(scorer.score_batch(&leads, as_of));
    });
    let results = scorer.score_batch(&leads, as_of);
    let serialize = timed(args.runs, || {
        std::hint::black_box(serde_json::to_string(&results).expect("results serialize"));
    });
    drop(results);
    // The batch's peak: the leads' text, the parsed leads and one batch of results.
    let peak = peak_rss();

    let update = if args.only.as_deref() == Some("batch") {
        "\"update\":null".to_string()
    } else {
        update_calls(&scorer, &text, args.update_leads)?
    };

    Ok(format!(
        "{{\"leads\":{},\"events\":{},\"resultBytes\":{},{},{},{},{},{},\"peakRssBytes\":{}}}",
        leads.len(),
        events,
        out_len,
        stage("parseScoreSerialize", &full),
        stage("parse", &parse),
        stage("score", &score),
        stage("serialize", &serialize),
        update,
        peak.map_or("null".to_string(), |b| b.to_string()),
    ))
}

/// Feeds the first `count` leads' events one at a time into their states, as a webhook would
/// (as of each event's own time), through the byte-and-JSON entry point the Wasm binding uses
/// (`update_json`) and through the in-memory one (`update`); per-call times.
fn update_calls(scorer: &Scorer, text: &str, count: usize) -> Result<String, String> {
    let raw: Vec<&serde_json::value::RawValue> =
        serde_json::from_str(text).map_err(|e| e.to_string())?;
    let docs: Vec<serde_json::Value> = raw
        .iter()
        .take(count)
        .map(|lead| serde_json::from_str(lead.get()))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let mut wire = Vec::new();
    let mut memory = Vec::new();
    let mut scratch = Scratch::default();
    for doc in docs.iter().take(count) {
        let head =
            serde_json::json!({ "id": doc["id"], "attributes": doc["attributes"] }).to_string();
        let lead = parse_lead(&head).map_err(|e| e.to_string())?;
        let mut bytes = scorer
            .init_state(&lead)
            .map_err(|e| e.to_string())?
            .to_bytes();
        let mut state = LeadState::from_bytes(&bytes).map_err(|e| e.to_string())?;
        let events = doc["events"].as_array().cloned().unwrap_or_default();
        for event in events {
            let one = serde_json::Value::Array(vec![event.clone()]).to_string();
            let at = Timestamp::parse(event["at"].as_str().unwrap_or_default())?;
            let start = Instant::now();
            let (next, result) = scorer
                .update_json(&bytes, &one, at, None, &mut scratch)
                .map_err(|e| e.to_string())?;
            wire.push(start.elapsed().as_secs_f64());
            std::hint::black_box(result);
            bytes = next;

            let parsed = leadscore::parse_events(&one).map_err(|e| e.to_string())?;
            let start = Instant::now();
            let result = scorer
                .update(&mut state, &parsed, at, None, &mut scratch)
                .map_err(|e| e.to_string())?;
            memory.push(start.elapsed().as_secs_f64());
            std::hint::black_box(result);
        }
    }
    Ok(format!(
        "\"update\":{{\"calls\":{},\"wireMedian\":{:.9},\"wireMean\":{:.9},\"memoryMedian\":{:.9},\"memoryMean\":{:.9}}}",
        wire.len(),
        median(&wire),
        wire.iter().sum::<f64>() / wire.len().max(1) as f64,
        median(&memory),
        memory.iter().sum::<f64>() / memory.len().max(1) as f64,
    ))
}

/// Pushes the first `count` leads' events one at a time into a resident store, each as of its
/// own time (the benchmark's `LeadStore.push` row), into a fresh store once to warm up and then
/// `runs` times; the microseconds per push of each run (the leads' insertion not timed).
fn push_calls(
    scorer: &Scorer,
    leads: &[Lead],
    count: usize,
    runs: usize,
) -> Result<String, String> {
    let leads = &leads[..count.min(leads.len())];
    let (mut pushes, mut totals) = (0, 0);
    let mut per_push = Vec::new();
    for run in 0..=runs {
        let mut store = LeadStore::new();
        for lead in leads {
            let head = Lead {
                id: lead.id.clone(),
                attributes: lead.attributes.clone(),
                events: Vec::new(),
            };
            store.insert(scorer.init_state(&head).map_err(|e| e.to_string())?);
        }
        (pushes, totals) = (0, 0);
        let start = Instant::now();
        for lead in leads {
            for event in &lead.events {
                totals += push_one(&mut store, scorer, lead.id(), event)?;
                pushes += 1;
            }
        }
        if run > 0 {
            per_push.push(start.elapsed().as_secs_f64() * 1e6 / pushes.max(1) as f64);
        }
    }
    Ok(format!(
        "\"push\":{{\"calls\":{pushes},\"totalsSum\":{totals},{}}}",
        stage("perPushMicros", &per_push)
    ))
}

/// One push and its total, kept out of line so that callgrind can count it alone
/// (`--toggle-collect=leadscore_bench_native::push_one`).
#[inline(never)]
fn push_one(
    store: &mut LeadStore,
    scorer: &Scorer,
    id: &str,
    event: &Event,
) -> Result<i64, String> {
    let summary = store
        .push(scorer, id, std::slice::from_ref(event), event.at)
        .map_err(|e| e.to_string())?;
    Ok(summary.total)
}

/// What the model reads, as the objects path's plan: `{attributes, events: [[type, props]],
/// limits}`.
fn plan(model: &str) -> Result<String, String> {
    let scorer = Scorer::from_json(model).map_err(|e| e.to_string())?;
    let reads = scorer.model().reads();
    let limits = scorer.limits();
    Ok(serde_json::json!({
        "attributes": reads.attributes,
        "events": reads.events,
        "limits": {"stringLength": limits.string_length, "nestingDepth": limits.nesting_depth},
    })
    .to_string())
}

/// Reads and scores a batch in the compact form as the Wasm `scoreBatch` from objects does (the
/// results built, not written): the sum of the totals.
#[inline(never)]
fn compact_batch(scorer: &Scorer, bytes: &[u8], as_of: Timestamp) -> i64 {
    let schema = Schema::of(scorer.model());
    let (_, leads) = read_batch(bytes, &schema).expect("the compact batch reads");
    let mut scratch = Scratch::default();
    leads
        .map(|lead| {
            let lead = lead.expect("every lead reads");
            scorer.score_with(&lead, as_of, &mut scratch).total
        })
        .sum()
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(json) => {
            println!("{json}");
            std::process::ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("leadscore-bench-native: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
