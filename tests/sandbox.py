"""The environment every test run of sapa gets: its own data, home and XDG folders, a fixed today."""

from __future__ import annotations

from pathlib import Path


def isolated_env(tmp_path: Path, data: Path, today: str, lang: str | None,
                 columns: int = 120) -> dict[str, str | None]:
    """None removes a variable, so a SAPA_PLAN or SAPA_LANG in the developer's shell cannot leak in.
    The data folder is there, as an office's is once set up: sapa names a data folder it does not
    find (tests/test_clerk_habits.py), which is not what most tests are about. One that a test made
    a file, a link or anything else stays as the test made it."""
    home = tmp_path / "home"
    if not data.exists() and not data.is_symlink():
        data.mkdir(parents=True)
    return {
        "SAPA_DATA": str(data),
        "SAPA_TODAY": today,
        "SAPA_LANG": lang,
        "SAPA_PLAN": None,
        "NO_COLOR": "1",
        "HOME": str(home),
        "USERPROFILE": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "SAPA_CACHE": None,
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "COLUMNS": str(columns),
    }
