"""Every Python snippet in the README runs: its ```python blocks, and the `python -c "..."`
lines of its shell recipes (issue 22: the papermill recipe's export line raised
ImportError)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT

README = ROOT / "README.md"


def python_blocks(text: str) -> list[str]:
    """The code of every ```python block."""
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def python_commands(text: str) -> list[str]:
    """The code of every `python -c "..."` line in a shell block."""
    shell = "\n".join(re.findall(r"^```(?:bash|sh|shell)\n(.*?)^```", text, flags=re.S | re.M))
    return re.findall(r'^\s*python -c "(.*)"\s*$', shell, flags=re.M)


TEXT = README.read_text(encoding="utf-8")
BLOCKS = python_blocks(TEXT)
COMMANDS = python_commands(TEXT)


def test_the_readme_has_python_snippets_and_they_are_all_found():
    """The extraction sees every snippet: as many as the README has `python -c` lines and
    ```python fences."""
    assert COMMANDS, "the papermill recipe's export line is no longer found"
    assert len(COMMANDS) == len(re.findall(r'python -c "', TEXT))
    assert len(BLOCKS) == TEXT.count("```python")


@pytest.mark.notebooks
@pytest.mark.parametrize("code", BLOCKS or [pytest.param("", marks=pytest.mark.skip(
    reason="the README has no ```python block"))])
def test_every_python_block_runs(code, tmp_path):
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def executed_briefing(tmp_path_factory):
    """What the recipe's papermill line leaves: out.ipynb, notebook 03 executed (tiny
    SYNTHETIC data, in English)."""
    from ggutils.pipeline.runner import execute

    from .conftest import FIXTURES, make_projected_data

    root = tmp_path_factory.mktemp("readme")
    data = make_projected_data(root, FIXTURES / "tiny" / "raw", FIXTURES / "tiny" / "targets")
    execute(ROOT / "notebooks" / "03_province_briefing.ipynb", root / "out.ipynb",
            {"province": "lai-chau", "lang": "en", "data_dir": str(data)},
            cwd=ROOT / "notebooks")
    return root


@pytest.mark.notebooks
@pytest.mark.parametrize("code", COMMANDS)
def test_every_python_command_of_a_recipe_runs(code, executed_briefing):
    """Run where the recipe's earlier lines left their outputs (out.ipynb)."""
    result = subprocess.run([sys.executable, "-c", code], cwd=executed_briefing,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for name in re.findall(r"'([\w.-]+\.html)'", code):
        page = (executed_briefing / name).read_text(encoding="utf-8")
        assert "<html" in page and "Lai" in page
