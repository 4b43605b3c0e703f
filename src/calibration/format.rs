//! How figures read in sentences and tables: counts with thousands separators, rates as
//! percentages, thresholds and scores as whole numbers where they are whole.

/// `1234567` as "1,234,567".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `value` with `decimals` digits after the point, rounding halves away from zero: "0.812".
/// Written with whole-number arithmetic, which costs the Wasm build far less code than the
/// standard library's float formatting.
pub fn fixed(value: f64, decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    let scaled = libm::round(value * scale as f64);
    if !scaled.is_finite() || scaled.abs() >= 9.0e15 {
        return "–".to_string();
    }
    let scaled = scaled as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, fraction) = (scaled.abs() / scale, scaled.abs() % scale);
    match decimals {
        0 => format!("{sign}{whole}"),
        _ => format!(
            "{sign}{whole}.{fraction:0width$}",
            width = decimals as usize
        ),
    }
}

/// [`fixed`], without the zeros at the end: "0.0001", "2.5", "3".
pub fn trimmed(value: f64, decimals: u32) -> String {
    let text = fixed(value, decimals);
    match text.contains('.') {
        true => text.trim_end_matches('0').trim_end_matches('.').to_string(),
        false => text,
    }
}

/// A rate as a percentage with one decimal ("12.5%"), or "–" when there is none.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(rate) => format!("{}%", fixed(rate * 100.0, 1)),
        None => "–".to_string(),
    }
}

/// A threshold or score: "50", or "50.5" when it has a fraction.
pub fn points(value: f64) -> String {
    trimmed(value, 6)
}

/// A number with three decimals, as an AUC or an F1 reads: "0.812".
pub fn decimal(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| fixed(v, 3))
}

/// "1 lead", "2 leads".
pub fn plural(n: usize, word: &str) -> String {
    format!("{} {word}{}", count(n), if n == 1 { "" } else { "s" })
}

#[cfg(feature = "lifecycle")]
/// A span of time as people say it: "42 s", "12 min", "4 h 20 min", "3 d 4 h".
pub fn duration(ms: f64) -> String {
    let seconds = libm::round(ms / 1000.0) as i64;
    let (minutes, hours, days) = (seconds / 60, seconds / 3600, seconds / 86_400);
    if seconds < 60 {
        format!("{seconds} s")
    } else if minutes < 60 {
        format!("{minutes} min")
    } else if hours < 24 {
        match minutes % 60 {
            0 => format!("{hours} h"),
            m => format!("{hours} h {m} min"),
        }
    } else {
        match hours % 24 {
            0 => format!("{days} d"),
            h => format!("{days} d {h} h"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(percent(Some(0.125)), "12.5%");
        assert_eq!(percent(None), "–");
        assert_eq!(points(50.0), "50");
        assert_eq!(points(-7.0), "-7");
        assert_eq!(points(50.5), "50.5");
        assert_eq!(decimal(Some(0.8126)), "0.813");
        assert_eq!(decimal(Some(0.9735)), "0.974");
        assert_eq!(fixed(-0.25, 1), "-0.3");
        assert_eq!(fixed(2.0, 2), "2.00");
        assert_eq!(fixed(f64::NAN, 2), "–");
        assert_eq!(trimmed(0.0001, 6), "0.0001");
        assert_eq!(trimmed(13.75, 1), "13.8");
        assert_eq!(plural(1, "lead"), "1 lead");
        assert_eq!(plural(1200, "MQL"), "1,200 MQLs");
    }

    #[cfg(feature = "lifecycle")]
    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration(42_000.0), "42 s");
        assert_eq!(duration(300_000.0), "5 min");
        assert_eq!(duration(15_600_000.0), "4 h 20 min");
        assert_eq!(duration(7_200_000.0), "2 h");
        assert_eq!(duration(69_600_000.0), "19 h 20 min");
        assert_eq!(duration(273_600_000.0), "3 d 4 h");
    }
}
