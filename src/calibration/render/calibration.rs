//! The calibration report for people: what the model does on every lead, the advice, each
//! rule's power, the fitted model and how both fare on the holdout.

use super::super::format::{count, decimal, fixed, percent, plural, points, trimmed};
use super::super::report::CalibrationReport;
use super::super::separation::Separation;
use super::super::signals::SignalFlag;
use super::super::split::Part;
use super::super::tables::ConversionTable;
use super::super::threshold::ThresholdPoint;
use super::document::{Document, Format, Table};

fn part(part: Part) -> &'static str {
    match part {
        Part::All => "all leads",
        Part::Train => "training part",
        Part::Holdout => "holdout",
    }
}

fn interval(low: Option<f64>, high: Option<f64>, show: fn(Option<f64>) -> String) -> String {
    match (low, high) {
        (Some(_), Some(_)) => format!("{}–{}", show(low), show(high)),
        _ => "–".to_string(),
    }
}

fn conversion(doc: &mut Document, title: String, first: &str, table: &ConversionTable) {
    doc.heading(2, title);
    let mut rows = Table::new(&[
        first,
        "Leads",
        "Converted",
        "Rate",
        "95% interval",
        "At or above",
    ]);
    for row in &table.rows {
        let t = &row.tally;
        rows.row(vec![
            row.label.clone(),
            count(t.leads),
            count(t.converted),
            percent(t.rate),
            interval(t.low, t.high, percent),
            percent(row.rate_at_or_above),
        ]);
    }
    doc.table(rows);
    let dips: Vec<String> = table
        .dips
        .iter()
        .filter(|d| d.clear)
        .map(|d| format!("{} to {}", d.from, d.to))
        .collect();
    doc.paragraph(match (dips.is_empty(), table.dips.is_empty()) {
        (true, true) => "Conversion rises with the score.".to_string(),
        (true, false) => format!(
            "Conversion rises with the score, within noise (small dips: {}).",
            table
                .dips
                .iter()
                .map(|d| format!("{} to {}", d.from, d.to))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (false, _) => format!(
            "Conversion does not rise with the score: it falls clearly from {}.",
            dips.join(", from ")
        ),
    });
}

fn separation_sentence(s: &Separation) -> String {
    let auc = match &s.auc {
        Some(a) => format!(
            "AUC {} (95% interval {}, DeLong)",
            decimal(Some(a.auc)),
            interval(a.low, a.high, decimal)
        ),
        None => "no AUC (one class only)".to_string(),
    };
    let lift = s
        .top_decile_lift
        .map_or("–".to_string(), |l| format!("{}×", fixed(l, 2)));
    format!("{auc}; the top decile converts at {lift} the average.")
}

fn point_cells(p: &ThresholdPoint) -> Vec<String> {
    vec![
        points(p.threshold),
        count(p.mqls),
        percent(p.precision),
        percent(p.recall),
    ]
}

pub fn render(report: &CalibrationReport, format: Format) -> String {
    let mut doc = Document::default();
    doc.heading(
        1,
        format!(
            "Calibration: {}",
            report.model.as_deref().unwrap_or("model")
        ),
    );
    let l = &report.leads;
    let split = match (
        report.split.method,
        report.split.holdout_share,
        report.split.holdout_from,
    ) {
        (_, Some(share), _) => format!(
            "at random (seed {}, {} held out)",
            report.split.seed,
            percent(Some(share))
        ),
        (_, _, Some(from)) => format!("by time (decided from {} held out)", from),
        _ => String::new(),
    };
    doc.paragraph(format!(
        "{} with outcomes, {} converted. Split {split}: {} train ({} converted), {} holdout ({}). The model as it is is described on all leads; points are fitted on the training part and compared on the holdout.",
        plural(l.all.leads, "lead"),
        percent(l.all.rate),
        count(l.train.leads),
        percent(l.train.rate),
        count(l.holdout.leads),
        percent(l.holdout.rate)
    ));
    doc.heading(2, "Flags");
    if report.flags.is_empty() {
        doc.paragraph("Nothing outside the healthy ranges.");
    }
    doc.list(report.flags.iter().map(|f| f.message.clone()).collect());

    let original = &report.original.scores;
    let signals_of = &report.original.signals;
    doc.heading(2, format!("Separation ({})", part(original.part)));
    doc.paragraph(separation_sentence(&original.separation));
    if let Some(table) = &original.by_band {
        conversion(
            &mut doc,
            format!("Conversion by band ({})", part(original.part)),
            "Band",
            table,
        );
    }
    conversion(
        &mut doc,
        format!("Conversion by score decile ({})", part(original.part)),
        "Scores",
        &original.by_decile,
    );
    conversion(
        &mut doc,
        format!(
            "Conversion by {}-point score range ({})",
            original.range_width,
            part(original.part)
        ),
        "Scores",
        &original.by_range,
    );
    if original.blocked.leads > 0 {
        doc.paragraph(format!(
            "{} can never be MQLs (disqualified or blocked) and are left out of these tables; {} of them converted.",
            plural(original.blocked.leads, "lead"),
            percent(original.blocked.rate)
        ));
    }
    let advice = &original.advice;
    doc.heading(2, format!("Threshold advice ({})", part(advice.part)));
    let mut items = vec![advice.current.says.clone(), advice.healthy.says.clone()];
    items.extend(
        [&advice.for_volume, &advice.for_rate, &advice.best_f1]
            .into_iter()
            .flatten()
            .map(|c| c.says.clone()),
    );
    doc.list(items);

    doc.heading(2, format!("Signal power ({})", part(original.part)));
    let mut signals = Table::new(&[
        "Rule",
        "Points",
        "Fired",
        "Converted",
        "Rest",
        "Lift",
        "AUC without",
        "Flags",
    ])
    .text(&[7]);
    for s in signals_of {
        let points_text = if s.rule.disqualify {
            "disqualifies".to_string()
        } else {
            points(s.rule.points)
        };
        let flags: Vec<&str> = s.flags.iter().map(|f| signal_flag(*f)).collect();
        signals.row(vec![
            s.rule.id.clone(),
            points_text,
            count(s.fired.leads),
            percent(s.fired.rate),
            percent(s.not_fired.rate),
            s.lift.map_or("–".into(), |l| fixed(l, 2)),
            decimal(s.auc_without),
            flags.join(", "),
        ]);
    }
    doc.table(signals);

    let fitted = &report.fitted;
    doc.heading(2, format!("Fitted model ({})", part(fitted.part)));
    doc.paragraph(format!(
        "L2-regularised logistic regression on the rules' features; penalty {} chosen by {}-fold cross-validation{} (held-out log loss {}). {} points per unit of log odds, so the fitted scores spread as the model's did. {}",
        trimmed(fitted.lambda, 6),
        report.split.folds,
        match fitted.cv_leads < report.leads.train.leads {
            true => format!(" on {} of them", plural(fitted.cv_leads, "lead")),
            false => String::new(),
        },
        fitted.cross_validation.iter().find(|p| p.lambda == fitted.lambda).map_or("–".into(), |p| fixed(p.log_loss, 4)),
        fixed(fitted.points_per_log_odds, 1),
        match fitted.capped {
            0 => "The caps and floors change no training lead's total.".to_string(),
            n => format!("The caps and floors change the totals of {}.", plural(n, "training lead")),
        }
    ));
    doc.list(fitted.bounds.iter().map(|b| b.says.clone()).collect());
    let mut rules = Table::new(&["Rule", "Points", "Fitted", "Log odds"]);
    for r in &fitted.rules {
        rules.row(vec![
            r.rule_id.clone(),
            points(r.before),
            points(r.after),
            r.coefficient.map_or("–".into(), |c| fixed(c, 3)),
        ]);
    }
    doc.table(rules);
    doc.paragraph(fitted.threshold.says.clone());

    let c = &report.comparison;
    doc.heading(2, format!("Original and fitted ({})", part(c.part)));
    let mut table = Table::new(&[
        "Model",
        "AUC",
        "95% interval",
        "Threshold",
        "MQLs",
        "Precision",
        "Recall",
    ]);
    for (name, s, p) in [
        ("original", &c.original, &c.original.at_threshold),
        ("fitted", &c.fitted, &c.fitted.at_threshold),
        (
            "fitted, same volume",
            &c.fitted,
            &c.fitted_at_original_volume,
        ),
    ] {
        let mut cells = vec![
            name.to_string(),
            decimal(s.auc.map(|a| a.auc)),
            s.auc
                .map_or("–".into(), |a| interval(a.low, a.high, decimal)),
        ];
        cells.extend(point_cells(p));
        table.row(cells);
    }
    doc.table(table);
    doc.paragraph(c.says.clone());
    doc.write(format)
}

fn signal_flag(flag: SignalFlag) -> &'static str {
    match flag {
        SignalFlag::NeverFires => "never fires",
        SignalFlag::PositiveButConvertsLess => "wrong direction",
        SignalFlag::NegativeButConvertsMore => "wrong direction",
        SignalFlag::LikelyLeak => "likely leak",
        SignalFlag::HurtsSeparation => "hurts separation",
    }
}
