//! The little linear algebra the regression needs: solving a small symmetric positive-definite
//! system by Cholesky factorisation, in a fixed order of operations so results are the same to
//! the bit everywhere.

/// A square symmetric matrix of size `n`, row-major, of which the lower triangle is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Symmetric {
    pub n: usize,
    pub values: Vec<f64>,
}

impl Symmetric {
    pub fn zeros(n: usize) -> Symmetric {
        Symmetric {
            n,
            values: vec![0.0; n * n],
        }
    }

    pub fn at(&self, row: usize, column: usize) -> f64 {
        self.values[row * self.n + column]
    }

    pub fn add(&mut self, row: usize, column: usize, value: f64) {
        self.values[row * self.n + column] += value;
    }
}

/// Solves `matrix * x = rhs` for a symmetric positive-definite matrix, or `None` when it is
/// not positive definite (a pivot at or below zero).
pub fn solve(matrix: &Symmetric, rhs: &[f64]) -> Option<Vec<f64>> {
    let n = matrix.n;
    // The lower factor L with L Lᵀ = matrix.
    let mut lower = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut sum = matrix.at(i, j);
            for k in 0..j {
                sum -= lower[i * n + k] * lower[j * n + k];
            }
            if i == j {
                if !(sum > 0.0 && sum.is_finite()) {
                    return None;
                }
                lower[i * n + i] = libm::sqrt(sum);
            } else {
                lower[i * n + j] = sum / lower[j * n + j];
            }
        }
    }
    // Forward: L y = rhs; then back: Lᵀ x = y.
    let mut y = vec![0.0; n];
    for i in 0..n {
        let mut sum = rhs[i];
        for k in 0..i {
            sum -= lower[i * n + k] * y[k];
        }
        y[i] = sum / lower[i * n + i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let mut sum = y[i];
        for k in i + 1..n {
            sum -= lower[k * n + i] * x[k];
        }
        x[i] = sum / lower[i * n + i];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_system_worked_by_hand() {
        // [4 2; 2 3] x = [2; 5]: x = (-0.5, 2).
        let matrix = Symmetric {
            n: 2,
            values: vec![4.0, 2.0, 2.0, 3.0],
        };
        let x = solve(&matrix, &[2.0, 5.0]).unwrap();
        assert!(
            (x[0] + 0.5).abs() < 1e-15 && (x[1] - 2.0).abs() < 1e-15,
            "{x:?}"
        );
        let identity = Symmetric {
            n: 3,
            values: vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0],
        };
        assert_eq!(
            solve(&identity, &[1.0, 2.0, 3.0]),
            Some(vec![1.0, 2.0, 3.0])
        );
    }

    #[test]
    fn refuses_a_matrix_that_is_not_positive_definite() {
        let singular = Symmetric {
            n: 2,
            values: vec![1.0, 1.0, 1.0, 1.0],
        };
        assert_eq!(solve(&singular, &[1.0, 1.0]), None);
        let negative = Symmetric {
            n: 1,
            values: vec![-2.0],
        };
        assert_eq!(solve(&negative, &[1.0]), None);
    }
}
