//! Results as an Arrow record batch: one row per lead, in the leads' order, one column per
//! field of the result (named as in its JSON), in the same order. Scores are integers, times
//! are UTC timestamps in milliseconds, lists of names are lists of text, and the nested
//! explanations (`trigger`, `crossingEvent`, `contributions` on request, `warnings`) are JSON
//! text. A lead that could not be read has its `leadId` (when it has one), `error` and
//! `errorPath` and nulls elsewhere, as `on_error="collect"` puts an error in a batch.

use arrow_array::builder::{
    BooleanBuilder, Int64Builder, ListBuilder, StringBuilder, TimestampMillisecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, Field, Schema};
use leadscore::{InputError, ScoreResult, Timestamp};
use serde::Serialize;
use std::sync::Arc;

/// The columns being filled, row by row.
pub(crate) struct ResultColumns {
    lead_id: StringBuilder,
    as_of: TimestampMillisecondBuilder,
    fit: Int64Builder,
    intent: Int64Builder,
    total: Int64Builder,
    band: StringBuilder,
    fit_band: StringBuilder,
    intent_band: StringBuilder,
    grid: StringBuilder,
    mql: BooleanBuilder,
    mql_reason: StringBuilder,
    hand_raiser: BooleanBuilder,
    trigger: StringBuilder,
    blocked_by: ListBuilder<StringBuilder>,
    disqualified: BooleanBuilder,
    disqualified_by: ListBuilder<StringBuilder>,
    missing_fields: ListBuilder<StringBuilder>,
    last_engagement_at: TimestampMillisecondBuilder,
    crossed_at: TimestampMillisecondBuilder,
    crossing_event: StringBuilder,
    /// Only when asked for: the largest column by far.
    contributions: Option<StringBuilder>,
    warnings: StringBuilder,
    error: StringBuilder,
    error_path: StringBuilder,
}

fn times(rows: usize) -> TimestampMillisecondBuilder {
    TimestampMillisecondBuilder::with_capacity(rows).with_timezone("UTC")
}

fn names(rows: usize) -> ListBuilder<StringBuilder> {
    ListBuilder::with_capacity(StringBuilder::new(), rows)
}

impl ResultColumns {
    pub(crate) fn with_capacity(rows: usize, contributions: bool) -> Self {
        let text = || StringBuilder::with_capacity(rows, rows * 8);
        ResultColumns {
            lead_id: text(),
            as_of: times(rows),
            fit: Int64Builder::with_capacity(rows),
            intent: Int64Builder::with_capacity(rows),
            total: Int64Builder::with_capacity(rows),
            band: text(),
            fit_band: text(),
            intent_band: text(),
            grid: text(),
            mql: BooleanBuilder::with_capacity(rows),
            mql_reason: text(),
            hand_raiser: BooleanBuilder::with_capacity(rows),
            trigger: text(),
            blocked_by: names(rows),
            disqualified: BooleanBuilder::with_capacity(rows),
            disqualified_by: names(rows),
            missing_fields: names(rows),
            last_engagement_at: times(rows),
            crossed_at: times(rows),
            crossing_event: text(),
            contributions: contributions.then(text),
            warnings: text(),
            error: text(),
            error_path: text(),
        }
    }

    pub(crate) fn push_result(&mut self, result: &ScoreResult) {
        self.lead_id.append_value(&result.lead_id);
        self.as_of.append_value(result.as_of.millis());
        self.fit.append_value(result.fit);
        self.intent.append_value(result.intent);
        self.total.append_value(result.total);
        self.band.append_option(result.band);
        self.fit_band.append_option(result.fit_band);
        self.intent_band.append_option(result.intent_band);
        self.grid.append_option(result.grid.as_deref());
        self.mql.append_value(result.mql);
        self.mql_reason
            .append_option(result.mql_reason.as_ref().map(name_of));
        self.hand_raiser.append_value(result.hand_raiser);
        self.trigger
            .append_option(result.trigger.as_ref().map(json_of));
        append_names(&mut self.blocked_by, result.blocked_by.iter().map(name_of));
        self.disqualified.append_value(result.disqualified);
        append_names(
            &mut self.disqualified_by,
            result.disqualified_by.iter().map(|id| id.to_string()),
        );
        append_names(
            &mut self.missing_fields,
            result.missing_fields.iter().map(|id| id.to_string()),
        );
        self.last_engagement_at
            .append_option(result.last_engagement_at.map(Timestamp::millis));
        self.crossed_at
            .append_option(result.crossed_at.map(Timestamp::millis));
        self.crossing_event
            .append_option(result.crossing_event.as_ref().map(json_of));
        if let Some(contributions) = &mut self.contributions {
            contributions.append_value(json_of(&result.contributions));
        }
        self.warnings.append_value(json_of(&result.warnings));
        self.error.append_null();
        self.error_path.append_null();
    }

    /// A row for a lead that could not be read: its id when it has one, and the error.
    pub(crate) fn push_error(&mut self, lead_id: Option<&str>, error: &InputError) {
        self.lead_id.append_option(lead_id);
        self.as_of.append_null();
        self.fit.append_null();
        self.intent.append_null();
        self.total.append_null();
        self.band.append_null();
        self.fit_band.append_null();
        self.intent_band.append_null();
        self.grid.append_null();
        self.mql.append_null();
        self.mql_reason.append_null();
        self.hand_raiser.append_null();
        self.trigger.append_null();
        self.blocked_by.append_null();
        self.disqualified.append_null();
        self.disqualified_by.append_null();
        self.missing_fields.append_null();
        self.last_engagement_at.append_null();
        self.crossed_at.append_null();
        self.crossing_event.append_null();
        if let Some(contributions) = &mut self.contributions {
            contributions.append_null();
        }
        self.warnings.append_null();
        self.error.append_value(error.to_string());
        self.error_path.append_value(&error.path);
    }

    pub(crate) fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        let mut columns: Vec<(&str, ArrayRef)> = vec![
            ("leadId", Arc::new(self.lead_id.finish())),
            ("asOf", Arc::new(self.as_of.finish())),
            ("fit", Arc::new(self.fit.finish())),
            ("intent", Arc::new(self.intent.finish())),
            ("total", Arc::new(self.total.finish())),
            ("band", Arc::new(self.band.finish())),
            ("fitBand", Arc::new(self.fit_band.finish())),
            ("intentBand", Arc::new(self.intent_band.finish())),
            ("grid", Arc::new(self.grid.finish())),
            ("mql", Arc::new(self.mql.finish())),
            ("mqlReason", Arc::new(self.mql_reason.finish())),
            ("handRaiser", Arc::new(self.hand_raiser.finish())),
            ("trigger", Arc::new(self.trigger.finish())),
            ("blockedBy", Arc::new(self.blocked_by.finish())),
            ("disqualified", Arc::new(self.disqualified.finish())),
            ("disqualifiedBy", Arc::new(self.disqualified_by.finish())),
            ("missingFields", Arc::new(self.missing_fields.finish())),
            (
                "lastEngagementAt",
                Arc::new(self.last_engagement_at.finish()),
            ),
            ("crossedAt", Arc::new(self.crossed_at.finish())),
            ("crossingEvent", Arc::new(self.crossing_event.finish())),
        ];
        if let Some(contributions) = &mut self.contributions {
            columns.push(("contributions", Arc::new(contributions.finish())));
        }
        columns.push(("warnings", Arc::new(self.warnings.finish())));
        columns.push(("error", Arc::new(self.error.finish())));
        columns.push(("errorPath", Arc::new(self.error_path.finish())));
        let fields: Vec<Field> = columns
            .iter()
            .map(|(name, array)| Field::new(*name, array.data_type().clone(), true))
            .collect();
        let arrays = columns.into_iter().map(|(_, array)| array).collect();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
    }
}

fn append_names(list: &mut ListBuilder<StringBuilder>, names: impl Iterator<Item = String>) {
    for name in names {
        list.values().append_value(name);
    }
    list.append(true);
}

/// A value's JSON text. The result types always serialize.
fn json_of<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A unit enum's name as its JSON writes it (`"threshold"`, `"fitTooLow"`).
fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => json_of(value),
    }
}
