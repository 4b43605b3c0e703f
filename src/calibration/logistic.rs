//! L2-regularised logistic regression by Newton's method (iteratively reweighted least squares)
//! with a Cholesky solve and a backtracking line search. Leads with the same feature row in the
//! same fold are one weighted row, which makes fit-only models (rows of zeros and ones) cheap.
//! The objective is the mean log loss plus `lambda / 2` times the squared weights; the intercept
//! is not penalised. It is strictly convex, so the solution is unique whatever the start.

use super::linalg::{solve, Symmetric};
use rustc_hash::FxHashMap;

/// Distinct feature rows (centred) with their converted and unconverted counts and fold.
#[derive(Debug, Clone, Default)]
pub struct Design {
    pub columns: usize,
    rows: Vec<f64>,
    positives: Vec<f64>,
    negatives: Vec<f64>,
    fold: Vec<usize>,
}

impl Design {
    pub fn new(columns: usize) -> Design {
        Design {
            columns,
            ..Design::default()
        }
    }

    pub fn len(&self) -> usize {
        self.fold.len()
    }

    fn row(&self, at: usize) -> &[f64] {
        &self.rows[at * self.columns..(at + 1) * self.columns]
    }
}

/// Builds a design by adding leads one at a time, merging repeated rows of a fold.
#[derive(Debug, Default)]
pub struct DesignBuilder {
    design: Design,
    seen: FxHashMap<(usize, Vec<u64>), usize>,
}

impl DesignBuilder {
    pub fn new(columns: usize) -> DesignBuilder {
        DesignBuilder {
            design: Design::new(columns),
            seen: FxHashMap::default(),
        }
    }

    pub fn add(&mut self, row: &[f64], converted: bool, fold: usize) {
        let key = (fold, row.iter().map(|x| x.to_bits()).collect::<Vec<u64>>());
        let design = &mut self.design;
        let at = *self.seen.entry(key).or_insert_with(|| {
            design.rows.extend_from_slice(row);
            design.positives.push(0.0);
            design.negatives.push(0.0);
            design.fold.push(fold);
            design.fold.len() - 1
        });
        if converted {
            design.positives[at] += 1.0;
        } else {
            design.negatives[at] += 1.0;
        }
    }

    pub fn finish(self) -> Design {
        self.design
    }
}

/// An intercept and one weight per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    pub intercept: f64,
    pub weights: Vec<f64>,
}

impl Logistic {
    pub fn zero(columns: usize) -> Logistic {
        Logistic {
            intercept: 0.0,
            weights: vec![0.0; columns],
        }
    }

    pub fn log_odds(&self, row: &[f64]) -> f64 {
        let mut eta = self.intercept;
        for (w, x) in self.weights.iter().zip(row) {
            eta += w * x;
        }
        eta
    }
}

/// The log loss of a row's converted and unconverted leads at log odds `eta`, and the
/// probability of converting there: one `exp` and one `log1p`.
fn loss_and_probability(eta: f64, positives: f64, negatives: f64) -> (f64, f64) {
    let e = libm::exp(-eta.abs());
    let shared = libm::log1p(e);
    // softplus(x) = max(x, 0) + ln(1 + e^-|x|): -eta for the converted, eta for the rest.
    let loss = positives * ((-eta).max(0.0) + shared) + negatives * (eta.max(0.0) + shared);
    let p = if eta >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    (loss, p)
}

/// The summed log loss and lead count of the rows whose fold `include` accepts.
pub fn log_loss(design: &Design, model: &Logistic, include: &dyn Fn(usize) -> bool) -> (f64, f64) {
    let (mut loss, mut count) = (0.0, 0.0);
    for at in 0..design.len() {
        if !include(design.fold[at]) {
            continue;
        }
        let (positives, negatives) = (design.positives[at], design.negatives[at]);
        loss += loss_and_probability(model.log_odds(design.row(at)), positives, negatives).0;
        count += positives + negatives;
    }
    (loss, count)
}

/// The objective, its gradient and its Hessian at one point, from one pass over the rows.
struct Evaluation {
    objective: f64,
    gradient: Vec<f64>,
    hessian: Symmetric,
}

fn evaluate(
    design: &Design,
    model: &Logistic,
    lambda: f64,
    include: &dyn Fn(usize) -> bool,
) -> Evaluation {
    let size = design.columns + 1;
    // The lower triangle, row by row: (0,0), (1,0), (1,1), (2,0)...
    let mut packed = vec![0.0; size * (size + 1) / 2];
    let mut gradient = vec![0.0; size];
    let (mut loss, mut count) = (0.0, 0.0);
    let mut x = vec![1.0; size];
    for at in 0..design.len() {
        if !include(design.fold[at]) {
            continue;
        }
        let row = design.row(at);
        x[1..].copy_from_slice(row);
        let (positives, negatives) = (design.positives[at], design.negatives[at]);
        let leads = positives + negatives;
        let (row_loss, p) = loss_and_probability(model.log_odds(row), positives, negatives);
        loss += row_loss;
        count += leads;
        let residual = p * leads - positives;
        let weight = p * (1.0 - p) * leads;
        let mut offset = 0;
        for (a, &xa) in x.iter().enumerate() {
            gradient[a] += residual * xa;
            let scaled = weight * xa;
            for (h, &xb) in packed[offset..=offset + a].iter_mut().zip(&x[..=a]) {
                *h += scaled * xb;
            }
            offset += a + 1;
        }
    }
    let count = count.max(1.0);
    let mut hessian = Symmetric::zeros(size);
    let mut offset = 0;
    for a in 0..size {
        for b in 0..=a {
            let value = packed[offset + b] / count;
            hessian.values[a * size + b] = value;
            hessian.values[b * size + a] = value;
        }
        offset += a + 1;
    }
    for slot in gradient.iter_mut() {
        *slot /= count;
    }
    // The penalty, on the weights only (the intercept is first).
    let mut penalty = 0.0;
    for (j, weight) in model.weights.iter().enumerate() {
        gradient[j + 1] += lambda * weight;
        hessian.add(j + 1, j + 1, lambda);
        penalty += weight * weight;
    }
    Evaluation {
        objective: loss / count + lambda / 2.0 * penalty,
        gradient,
        hessian,
    }
}

const MAX_ITERATIONS: usize = 100;
/// Twice the objective's expected fall from a Newton step, below which the fit has converged.
const DECREMENT: f64 = 1e-14;
const TOLERANCE: f64 = 1e-10;

/// `model` moved against `step` (intercept first) by `scale`.
fn step_by(model: &Logistic, step: &[f64], scale: f64) -> Logistic {
    Logistic {
        intercept: model.intercept - scale * step[0],
        weights: model
            .weights
            .iter()
            .zip(&step[1..])
            .map(|(w, s)| w - scale * s)
            .collect(),
    }
}

/// Fits the rows whose fold `include` accepts, from `start`.
pub fn fit(
    design: &Design,
    lambda: f64,
    start: Logistic,
    include: &dyn Fn(usize) -> bool,
) -> Logistic {
    let mut model = start;
    let mut here = evaluate(design, &model, lambda, include);
    for _ in 0..MAX_ITERATIONS {
        let Some(step) = solve(&here.hessian, &here.gradient) else {
            break;
        };
        // The Newton decrement: near the optimum the step is taken whole and the fit ends (a
        // line search there would only compare rounding errors).
        let slope: f64 = step.iter().zip(&here.gradient).map(|(s, g)| s * g).sum();
        if slope < DECREMENT {
            return step_by(&model, &step, 1.0);
        }
        // Backtracking: halve the step until the objective falls (Armijo, c = 1e-4). The
        // accepted point's evaluation serves the next step.
        let mut scale = 1.0;
        let mut accepted = None;
        for _ in 0..40 {
            let trial = step_by(&model, &step, scale);
            let there = evaluate(design, &trial, lambda, include);
            if there.objective <= here.objective - 1e-4 * scale * slope {
                accepted = Some((trial, there));
                break;
            }
            scale /= 2.0;
        }
        let Some((next, there)) = accepted else { break };
        let moved = step.iter().fold(0.0f64, |m, s| m.max((scale * s).abs()));
        let improvement = here.objective - there.objective;
        model = next;
        here = there;
        if moved < TOLERANCE || improvement < TOLERANCE * TOLERANCE {
            break;
        }
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    fn everything(_: usize) -> bool {
        true
    }

    #[test]
    fn one_binary_feature_recovers_the_log_odds_ratio() {
        // Without the feature: 20 of 100 convert (log odds ln(0.25)); with it: 60 of 100
        // (ln 1.5). Unpenalised, the fit is exact: intercept ln 0.25, weight ln 6.
        let mut builder = DesignBuilder::new(1);
        for i in 0..100 {
            builder.add(&[0.0], i < 20, 0);
            builder.add(&[1.0], i < 60, 0);
        }
        let design = builder.finish();
        assert_eq!(design.len(), 2);
        let model = fit(&design, 0.0, Logistic::zero(1), &everything);
        assert!((model.intercept - 0.25f64.ln()).abs() < 1e-9, "{model:?}");
        assert!((model.weights[0] - 6f64.ln()).abs() < 1e-9, "{model:?}");
        // A penalty shrinks the weight toward zero.
        let shrunk = fit(&design, 0.5, Logistic::zero(1), &everything);
        assert!(shrunk.weights[0] > 0.0 && shrunk.weights[0] < model.weights[0]);
    }

    #[test]
    fn separable_data_stays_finite_with_a_penalty() {
        let mut builder = DesignBuilder::new(1);
        for i in 0..50 {
            builder.add(&[1.0], true, i % 2);
            builder.add(&[-1.0], false, i % 2);
        }
        let design = builder.finish();
        let model = fit(&design, 0.01, Logistic::zero(1), &everything);
        assert!(
            model.weights[0].is_finite() && model.weights[0] > 1.0,
            "{model:?}"
        );
        // Only fold 0's rows: the same data, so the same fit.
        let half = fit(&design, 0.01, Logistic::zero(1), &|fold| fold == 0);
        assert!((half.weights[0] - model.weights[0]).abs() < 1e-6);
        let (loss, count) = log_loss(&design, &model, &everything);
        assert_eq!(count, 100.0);
        assert!(loss / count < 0.1);
    }

    #[test]
    fn the_start_does_not_change_the_answer() {
        let mut builder = DesignBuilder::new(2);
        for i in 0..200usize {
            let a = (i % 7) as f64 / 3.0 - 1.0;
            let b = (i % 5) as f64 / 2.0 - 1.0;
            let converted = (((i * 37) % 100) as f64) < 30.0 + 20.0 * a;
            builder.add(&[a, b], converted, i % 3);
        }
        let design = builder.finish();
        let cold = fit(&design, 0.01, Logistic::zero(2), &everything);
        let warm = fit(
            &design,
            0.01,
            Logistic {
                intercept: 3.0,
                weights: vec![-2.0, 5.0],
            },
            &everything,
        );
        assert!((cold.intercept - warm.intercept).abs() < 1e-7);
        assert!(cold
            .weights
            .iter()
            .zip(&warm.weights)
            .all(|(a, b)| (a - b).abs() < 1e-7));
    }
}
