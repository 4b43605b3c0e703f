"""Fixtures shared by the Python package's tests: one SparkSession for the whole run (local[2];
the JVM takes seconds to start), and generated leads (the Node generator in pkg/, fixed seeds)."""

import os
import sys

import pytest

from support import REPO, generate_leads

# The Spark example's functions (examples/spark/score_leads.py) are what the Spark tests run.
sys.path.insert(0, str(REPO / "examples" / "spark"))


@pytest.fixture(scope="session")
def spark():
    # Python workers run this interpreter, the one leadscore is installed in.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("leadscore-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def generated_2000(tmp_path_factory):
    """2,000 generated leads (JSON Lines) and their outcomes."""
    folder = tmp_path_factory.mktemp("generated")
    return generate_leads(folder, leads=2000, seed="python-tests", events_per_lead=20)
