"""Packaging: environment.yml and pyproject.toml agree, one version, one kernel command."""

from __future__ import annotations

import re
import tomllib

import yaml

import ggutils

from .conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _requirement(text: str) -> tuple[str, str]:
    """(normalised name, version specifier): 'jupyter_client>=8.10' -> ('jupyter-client',
    '>=8.10'); names compared as PEP 503 does."""
    name, spec = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", text).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def test_environment_yml_lists_the_same_packages_and_bounds_as_pyproject():
    wanted = dict(map(_requirement, PROJECT["dependencies"]))
    wanted |= dict(map(_requirement, PROJECT["optional-dependencies"]["dev"]))
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = dict(_requirement(d) for d in env["dependencies"] if isinstance(d, str))
    assert conda.pop("python") == "=3.11" and conda.pop("pip") == ""
    assert conda == wanted
    assert all(spec.startswith(">=") for spec in wanted.values())  # a lower bound each
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip == ["-e ."]
    assert PROJECT["requires-python"] == ">=3.11"


def test_one_version():
    assert ggutils.__version__ == PROJECT["version"]


def test_conda_users_are_told_the_one_command_that_registers_the_kernel():
    """make install and the README's conda route both register it with `ggutils kernel`."""
    assert "$(BIN)/ggutils kernel" in (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "conda env create -f environment.yml && conda activate ggutils && ggutils kernel" \
        in readme
    assert "ggutils kernel" in (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
