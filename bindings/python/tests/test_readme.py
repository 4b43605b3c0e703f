"""The README's Python examples run against the installed package: each fenced block after a
`<!-- test-python: NAME -->` marker runs in the repository root, and what it prints must match
its `# prints:` comments (the JavaScript examples have their own runner, tests/js/readme.test.mjs)."""

import re
import sys

import pytest

from support import REPO, run

BLOCKS = re.findall(r"<!-- test-python: (\S+) -->\n```python\n(.*?)```",
                    (REPO / "README.md").read_text(), re.S)


def test_the_readme_has_python_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("name, code", BLOCKS, ids=[name for name, _ in BLOCKS])
def test_readme_example(name, code):
    expected = [line.split("# prints: ", 1)[1] for line in code.splitlines()
                if "# prints: " in line]
    printed = run([sys.executable, "-c", code], cwd=REPO)
    assert printed.rstrip("\n").split("\n") == expected
