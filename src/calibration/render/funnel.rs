//! The funnel report for people: stage rates, speed to lead and SLAs, rejections, recycling,
//! MQL counts and cohorts.

use super::super::format::{count, duration, percent, plural};
use super::super::funnel::{FunnelReport, SpeedToLead, StageRate};
use super::document::{Document, Format, Table};

fn rate_cells(rate: &StageRate) -> Vec<String> {
    let interval = match (rate.low, rate.high) {
        (Some(_), Some(_)) => format!("{}–{}", percent(rate.low), percent(rate.high)),
        _ => "–".into(),
    };
    vec![
        count(rate.reached),
        count(rate.settled),
        count(rate.pending),
        percent(rate.rate),
        interval,
    ]
}

fn time(ms: Option<f64>) -> String {
    ms.map_or("–".into(), duration)
}

fn speed_sentence(speed: &SpeedToLead) -> String {
    if speed.contacted == 0 {
        return "No MQL has been contacted yet.".into();
    }
    let business = match (speed.business_median_ms, speed.business_p90_ms) {
        (Some(_), Some(_)) => format!(
            " In business time: median {}, 90th percentile {}.",
            time(speed.business_median_ms),
            time(speed.business_p90_ms)
        ),
        _ => String::new(),
    };
    format!(
        "First contact came a median {} after the MQL (90th percentile {}), over {} contacted.{business}",
        time(speed.median_ms),
        time(speed.p90_ms),
        plural(speed.contacted, "MQL")
    )
}

pub fn render(report: &FunnelReport, format: Format) -> String {
    let mut doc = Document::default();
    doc.heading(1, "Funnel");
    doc.paragraph(format!(
        "{} with {} (each time a lead became an MQL), as of {}. Rates count the MQLs that reached a stage or left sales without it; MQLs still waiting are pending.",
        plural(report.records, "record"),
        plural(report.mqls, "MQL"),
        report.now
    ));
    doc.heading(2, "Flags");
    if report.flags.is_empty() {
        doc.paragraph("Nothing outside the healthy ranges.");
    }
    doc.list(report.flags.iter().map(|f| f.message.clone()).collect());

    doc.heading(2, "From MQL to opportunity");
    let mut stages = Table::new(&[
        "Stage",
        "Reached",
        "Settled",
        "Pending",
        "Rate",
        "95% interval",
    ]);
    let s = &report.stages;
    for (name, rate) in [
        ("accepted (SAL)", &s.acceptance),
        ("SQL", &s.mql_to_sql),
        ("meeting", &s.meeting),
        ("opportunity", &s.opportunity),
    ] {
        let mut cells = vec![name.to_string()];
        cells.extend(rate_cells(rate));
        stages.row(cells);
    }
    doc.table(stages);

    doc.heading(2, "Speed to lead and SLAs (each record's latest MQL)");
    doc.paragraph(speed_sentence(&report.speed_to_lead));
    let mut sla = Table::new(&[
        "Signal",
        "MQLs",
        "Met",
        "Late",
        "Missed",
        "Pending",
        "Adherence",
        "Median",
        "90th pct",
    ]);
    for row in &report.sla {
        sla.row(vec![
            row.signal.clone(),
            count(row.clocks),
            count(row.met),
            count(row.late),
            count(row.missed),
            count(row.pending),
            percent(row.adherence),
            time(row.speed_to_lead.median_ms),
            time(row.speed_to_lead.p90_ms),
        ]);
    }
    doc.table(sla);

    doc.heading(2, "Rejection reasons");
    let mut reasons = Table::new(&["Reason", "Rejections", "Share"]);
    for row in &report.rejections {
        reasons.row(vec![
            row.reason.clone(),
            count(row.count),
            percent(row.share),
        ]);
    }
    doc.table(reasons);
    for breakdown in &report.rejections_by {
        doc.heading(2, format!("Rejections by {}", breakdown.attribute));
        let mut table =
            Table::new(&[&breakdown.attribute, "MQLs", "Rejected", "Rate", "Reasons"]).text(&[4]);
        for row in &breakdown.rows {
            let reasons: Vec<String> = row
                .reasons
                .iter()
                .map(|r| format!("{} {}", r.reason, r.count))
                .collect();
            table.row(vec![
                row.value.clone(),
                count(row.mqls),
                count(row.rejected),
                percent(row.rejection_rate),
                reasons.join(", "),
            ]);
        }
        doc.table(table);
    }

    let r = &report.recycling;
    doc.heading(2, "Recycling and re-qualification");
    let onward = match r.requalified_to_sql.rate {
        Some(rate) => format!(
            "; of those that came back and settled, {} reached SQL",
            percent(Some(rate))
        ),
        None => String::new(),
    };
    doc.paragraph(format!(
        "{} recycled, {} came back as MQLs ({}){onward}.",
        plural(r.recycled, "lead"),
        count(r.requalified),
        percent(r.rate)
    ));
    let mut by_reason = Table::new(&["Reason", "Recycled", "Re-qualified", "Rate"]);
    for row in &r.by_reason {
        by_reason.row(vec![
            row.reason.clone(),
            count(row.recycled),
            count(row.requalified),
            percent(row.rate),
        ]);
    }
    doc.table(by_reason);

    doc.heading(2, "MQLs per record");
    let mut counts = Table::new(&["MQL count", "Records"]);
    for row in &report.mql_counts {
        counts.row(vec![row.mqls.to_string(), count(row.records)]);
    }
    doc.table(counts);

    doc.heading(2, "Cohorts (by the time of the MQL)");
    let mut cohorts = Table::new(&[
        "Cohort",
        "MQLs",
        "Accepted",
        "SQL",
        "Meeting",
        "Opportunity",
        "Median speed",
    ]);
    for c in &report.cohorts {
        cohorts.row(vec![
            c.cohort.clone(),
            count(c.mqls),
            percent(c.stages.acceptance.rate),
            percent(c.stages.mql_to_sql.rate),
            percent(c.stages.meeting.rate),
            percent(c.stages.opportunity.rate),
            time(c.speed_to_lead.median_ms),
        ]);
    }
    doc.table(cohorts);
    doc.write(format)
}
