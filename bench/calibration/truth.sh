#!/usr/bin/env bash
# The calibration's checks against truth, in one command:
#   1. generated leads (the generator knows its hidden true model): the fitted points order the
#      rules as the hidden model does (Spearman at least 0.8) and separate at least as well on the
#      holdout as the example model (tests/js/truth.test.mjs);
#   2. the real X Education export, with the leaky and the honest example models: leadscore's
#      fitted model against scikit-learn's LogisticRegression on the same rule features, split and
#      penalty (sklearn_check.py; holdout AUCs within 0.01).
# Needs the built package (pkg-config/build.sh) and a Python with scikit-learn
# (pip install -r bench/calibration/requirements.txt; PYTHON=... to choose it).
#
#   bench/calibration/truth.sh [path/to/x-education-leads.csv]
set -euo pipefail
cd "$(dirname "$0")/../.."

export_csv=${1:-../shared/data/x-education-leads.csv}
python=${PYTHON:-python3}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

node --test tests/js/truth.test.mjs

for model in x-education x-education-honest; do
  echo
  node pkg/bin/leadscore.mjs calibrate --model "examples/models/$model.json" \
    --leads "$export_csv" --id-column "Prospect ID" --outcome-column Converted \
    --format json --out "$scratch/$model.json" --features-out "$scratch/$model.csv"
  "$python" bench/calibration/sklearn_check.py "$scratch/$model.json" "$scratch/$model.csv"
done
