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

/// `ln(1 + e^x)` without overflow.
fn softplus(x: f64) -> f64 {
    x.max(0.0) + libm::log1p(libm::exp(-x.abs()))
}

fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + libm::exp(-x))
    } else {
        let e = libm::exp(x);
        e / (1.0 + e)
    }
}

/// The summed log loss and lead count of the rows whose fold `include` accepts.
pub fn log_loss(design: &Design, model: &Logistic, include: &dyn Fn(usize) -> bool) -> (f64, f64) {
    let (mut loss, mut count) = (0.0, 0.0);
    for at in 0..design.len() {
        if !include(design.fold[at]) {
            continue;
        }
        let eta = model.log_odds(design.row(at));
        loss += design.positives[at] * softplus(-eta) + design.negatives[at] * softplus(eta);
        count += design.positives[at] + design.negatives[at];
    }
    (loss, count)
}

fn objective(
    design: &Design,
    model: &Logistic,
    lambda: f64,
    include: &dyn Fn(usize) -> bool,
) -> f64 {
    let (loss, count) = log_loss(design, model, include);
    let penalty: f64 = model.weights.iter().map(|w| w * w).sum();
    loss / count.max(1.0) + lambda / 2.0 * penalty
}

const MAX_ITERATIONS: usize = 100;
const TOLERANCE: f64 = 1e-10;

/// Fits the rows whose fold `include` accepts, from `start`.
pub fn fit(
    design: &Design,
    lambda: f64,
    start: Logistic,
    include: &dyn Fn(usize) -> bool,
) -> Logistic {
    let size = design.columns + 1;
    let mut model = start;
    let mut current = objective(design, &model, lambda, include);
    for _ in 0..MAX_ITERATIONS {
        let (hessian, gradient) = newton_system(design, &model, lambda, include);
        let Some(step) = solve(&hessian, &gradient) else {
            break;
        };
        // Backtracking: halve the step until the objective falls (Armijo, c = 1e-4).
        let slope: f64 = step.iter().zip(&gradient).map(|(s, g)| s * g).sum();
        let mut scale = 1.0;
        let mut accepted = None;
        for _ in 0..40 {
            let trial = Logistic {
                intercept: model.intercept - scale * step[0],
                weights: (1..size)
                    .map(|j| model.weights[j - 1] - scale * step[j])
                    .collect(),
            };
            let value = objective(design, &trial, lambda, include);
            if value <= current - 1e-4 * scale * slope {
                accepted = Some((trial, value));
                break;
            }
            scale /= 2.0;
        }
        let Some((next, value)) = accepted else { break };
        let moved = step.iter().fold(0.0f64, |m, s| m.max((scale * s).abs()));
        model = next;
        let improvement = current - value;
        current = value;
        if moved < TOLERANCE || improvement < TOLERANCE * TOLERANCE {
            break;
        }
    }
    model
}

/// The Hessian and gradient of the objective at `model` (intercept first).
fn newton_system(
    design: &Design,
    model: &Logistic,
    lambda: f64,
    include: &dyn Fn(usize) -> bool,
) -> (Symmetric, Vec<f64>) {
    let size = design.columns + 1;
    let mut hessian = Symmetric::zeros(size);
    let mut gradient = vec![0.0; size];
    let mut count = 0.0;
    let mut extended = vec![1.0; size];
    for at in 0..design.len() {
        if !include(design.fold[at]) {
            continue;
        }
        let row = design.row(at);
        extended[1..].copy_from_slice(row);
        let (positives, negatives) = (design.positives[at], design.negatives[at]);
        let leads = positives + negatives;
        let p = sigmoid(model.log_odds(row));
        let residual = p * leads - positives;
        let weight = p * (1.0 - p) * leads;
        for (a, &xa) in extended.iter().enumerate() {
            gradient[a] += residual * xa;
            let scaled = weight * xa;
            for (b, &xb) in extended[..=a].iter().enumerate() {
                hessian.add(a, b, scaled * xb);
            }
        }
        count += leads;
    }
    let count = count.max(1.0);
    for slot in gradient.iter_mut() {
        *slot /= count;
    }
    for a in 0..size {
        for b in 0..=a {
            let value = hessian.at(a, b) / count;
            hessian.values[a * size + b] = value;
            hessian.values[b * size + a] = value;
        }
    }
    // The penalty, on the weights only (the intercept is first).
    for (j, weight) in model.weights.iter().enumerate() {
        gradient[j + 1] += lambda * weight;
        hessian.add(j + 1, j + 1, lambda);
    }
    (hessian, gradient)
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
