"""Shared fixtures: run `sapa` in-process in an isolated environment, and write plan files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from sample_plans import QUARTERLY_PLAN
from sandbox import isolated_env
from typer.testing import CliRunner, Result

from sapa_propaganda import i18n
from sapa_propaganda.cli.app import app

TODAY = "2022-06-20"


@pytest.fixture
def sapa_env(tmp_path: Path) -> dict[str, str | None]:
    """The environment every run gets: data, home and XDG dirs inside tmp_path, a fixed today."""
    return isolated_env(tmp_path, tmp_path / "data", TODAY, None)


@pytest.fixture
def run(sapa_env: dict[str, str | None]) -> Callable[..., Result]:
    """`run("duties", "--unit", "btg")` invokes `sapa duties --unit btg` and returns the Result.

    Arguments may also be given as one list. `env=` adds or overrides variables (None unsets).
    Exceptions other than SystemExit are not caught: a crash fails the test with its traceback
    instead of hiding as exit code 1. Click >= 8.2 keeps stdout and stderr apart: use
    `result.stdout` for output and `result.stderr` for messages.
    """
    runner = CliRunner()

    def invoke(*args: object, env: Mapping[str, str | None] | None = None,
               input: str | None = None) -> Result:
        if len(args) == 1 and isinstance(args[0], (list, tuple)):
            args = tuple(args[0])
        merged = {**sapa_env, **(env or {})}
        return runner.invoke(app, [str(a) for a in args], env=merged, input=input,
                             catch_exceptions=False)

    return invoke


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """`write_plan(toml_text, name="plan.toml")` writes the dedented text and returns its path."""
    counter = iter(range(1, 1000))

    def write(text: str, name: str | None = None) -> Path:
        path = tmp_path / (name or f"plan{next(counter)}.toml")
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def quarterly_plan(write_plan: Callable[..., Path]) -> Path:
    """The quarterly test plan, written to a file of its own."""
    return write_plan(QUARTERLY_PLAN, "quarterly.toml")


@pytest.fixture(autouse=True, scope="session")
def _no_real_home(tmp_path_factory: pytest.TempPathFactory):
    """Library calls made by the tests themselves, and the processes they start, find their
    origin id, lock and caches in a home of the test session's own, never the developer's."""
    home = tmp_path_factory.mktemp("session-home")
    patch = pytest.MonkeyPatch()
    for variable, folder in (("HOME", ""), ("USERPROFILE", ""), ("XDG_CACHE_HOME", ".cache"),
                             ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                             ("LOCALAPPDATA", "AppData/Local")):
        patch.setenv(variable, str(home / folder))
    for variable in ("SAPA_CACHE", "SAPA_DATA", "SAPA_PLAN", "SAPA_TODAY", "SAPA_LANG"):
        patch.delenv(variable, raising=False)
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _reset_language():
    """The CLI sets the interface language globally; start and end every test in Vietnamese."""
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")
