//! Reports for people: the calibration and funnel reports as aligned plain text for a terminal
//! or as Markdown for a wiki page. Written once here so the command line, JavaScript and
//! Python print the same words.

mod calibration;
mod document;
#[cfg(feature = "lifecycle")]
mod funnel;

pub use document::Format;

/// The calibration report as text or Markdown.
pub fn calibration_report(report: &super::CalibrationReport, format: Format) -> String {
    calibration::render(report, format)
}

/// The funnel report as text or Markdown.
#[cfg(feature = "lifecycle")]
pub fn funnel_report(report: &super::funnel::FunnelReport, format: Format) -> String {
    funnel::render(report, format)
}
