"""The environment every test run of sapa gets: its own data, home and XDG folders, a fixed today."""

from __future__ import annotations

from pathlib import Path


def isolated_env(tmp_path: Path, data: Path, today: str, lang: str | None,
                 columns: int = 120) -> dict[str, str | None]:
    """None removes a variable, so a SAPA_PLAN or SAPA_LANG in the developer's shell cannot leak in."""
    home = tmp_path / "home"
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
