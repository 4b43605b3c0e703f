"""Calibration from Python: leadscore.calibrate gives the report the npm package's `leadscore
calibrate` gives for the same leads, outcomes and options (the same core, the same figures to
the bit); the text and Markdown reports; and bad input raised as InputError with its path."""

import json

import pytest

import leadscore
from support import AS_OF, DEFAULT_MODEL, generate_leads, node_cli

MODEL = DEFAULT_MODEL.read_text()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    leads_path, outcomes_path = generate_leads(tmp_path_factory.mktemp("calibrate"), 1500, 5, 20)
    outcomes = {}
    for line in outcomes_path.read_text().splitlines():
        record = json.loads(line)
        outcomes[record["id"]] = record["converted"]
    return leads_path, outcomes_path, outcomes


def test_the_report_is_the_command_lines_to_the_bit(generated):
    leads_path, outcomes_path, outcomes = generated
    ours = leadscore.calibrate(MODEL, leads_path.read_text(), outcomes, as_of=AS_OF, seed=3)
    theirs = json.loads(node_cli(
        "calibrate", "--model", DEFAULT_MODEL, "--leads", leads_path, "--outcomes", outcomes_path,
        "--as-of", AS_OF, "--seed", 3, "--format", "json", "--quiet",
    ))
    assert ours == theirs
    assert ours["leads"]["all"]["leads"] == 1500
    assert ours["fitted"]["part"] == "train"
    assert leadscore.validate_model(ours["fitted"]["model"]) == []


def test_outcomes_as_a_list_and_the_reports_for_people(generated):
    leads_path, _, outcomes = generated
    leads = [json.loads(line) for line in leads_path.read_text().splitlines()]
    listed = [outcomes[lead["id"]] for lead in leads]
    report = leadscore.calibrate(json.loads(MODEL), leads, listed, as_of=AS_OF, seed=3)
    assert report == leadscore.calibrate(MODEL, leads_path.read_text(), outcomes, as_of=AS_OF, seed=3)
    text = leadscore.calibrate(MODEL, leads, listed, as_of=AS_OF, seed=3, format="text")
    assert text.startswith("Calibration: B2B default\n")
    assert report["comparison"]["says"] in text
    markdown = leadscore.calibrate(MODEL, leads, listed, as_of=AS_OF, seed=3, format="markdown")
    assert markdown.startswith("# Calibration: B2B default")


def test_leads_without_an_outcome_are_left_out_with_a_warning(generated):
    leads_path, _, outcomes = generated
    partial = dict(list(outcomes.items())[:1000])
    partial["nobody"] = True
    with pytest.warns(UserWarning) as caught:
        report = leadscore.calibrate(MODEL, leads_path.read_text(), partial, as_of=AS_OF)
    messages = [str(warning.message) for warning in caught]
    assert "500 of 1500 leads have no outcome: left out of calibration" in messages
    assert "1 outcomes are for leads not given: ignored" in messages
    assert report["leads"]["all"]["leads"] == 1000


def test_bad_input_is_an_input_error_with_its_path(generated):
    leads_path, _, outcomes = generated
    leads = [json.loads(line) for line in leads_path.read_text().splitlines()][:40]
    listed = [outcomes[lead["id"]] for lead in leads]

    def raises(path, *args, **options):
        with pytest.raises(leadscore.InputError) as caught:
            leadscore.calibrate(MODEL, *args, as_of=AS_OF, **options)
        assert caught.value.path == path, str(caught.value)
        return str(caught.value)

    raises("outcomes[1]", leads, [True, "maybe", *listed[2:]])
    raises("outcomes", leads, listed[:3])
    raises("[1].id", [leads[0], leads[0]], [True, False])
    raises("[0].events[0]", [{"id": "x", "events": [{"type": "visit"}]}], [True])
    assert "needs both converted and unconverted leads" in raises("outcomes", leads, [False] * 40)
    assert "folds" in raises("folds", leads, listed[:39] + [True], folds=40)
    raises("format", leads, listed, format="html")
    raises("holdout_from", leads, listed, holdout_share=0.2, holdout_from=AS_OF)
    with pytest.raises(leadscore.ModelError):
        leadscore.calibrate({"version": 1, "mql": {"threshold": "x"}}, leads, listed)
