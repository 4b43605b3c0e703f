"""The type stubs (leadscore.pyi) match the compiled module, checked by mypy's stubtest: every
function, method and parameter the module has is in the stubs, with the same names and kinds,
and the stubs promise nothing the module lacks (the shapes of results and errors are marked as
existing for type checkers only)."""

import subprocess
import sys

from support import REPO, run

# maturin's pure-Rust layout: the package re-exports its compiled submodule, which needs no stub.
ALLOWLIST = "leadscore.leadscore\n"


def test_the_stubs_match_the_module(tmp_path):
    allowlist = tmp_path / "allowlist.txt"
    allowlist.write_text(ALLOWLIST)
    config = tmp_path / "mypy.ini"
    # pyarrow ships no type information; the stubs name its classes all the same.
    config.write_text("[mypy]\nignore_missing_imports = True\n")
    run([sys.executable, "-m", "mypy.stubtest", "leadscore", "--allowlist", str(allowlist),
         "--mypy-config-file", str(config)], cwd=tmp_path)


def test_the_stubs_catch_misuse(tmp_path):
    script = tmp_path / "use.py"
    script.write_text(
        "from typing import TYPE_CHECKING\n"
        "import leadscore\n"
        "if TYPE_CHECKING:\n"
        "    from leadscore import ScoreResult\n"
        "scorer = leadscore.Scorer('{}')\n"
        "result: 'ScoreResult' = scorer.score({'id': 'x'}, as_of='2026-01-01T00:00:00Z')\n"
        "total: int = result['total']\n"
        "band: int = result['band']\n"
        "scorer.score_batch([{'id': 'x'}], on_error='ignore')\n"
    )
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nignore_missing_imports = True\n")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), str(script)],
        capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1, done.stdout
    assert "use.py:8: error: Incompatible types in assignment" in done.stdout, done.stdout
    assert "use.py:9: error: Argument \"on_error\"" in done.stdout, done.stdout
    assert "Found 2 errors" in done.stdout, done.stdout
