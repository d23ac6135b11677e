"""Plans and documents the tests share: the bundled plan, a second (quarterly) plan, the seed text.

Importable from any test module (pytest puts tests/ on sys.path, there is no __init__.py).
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ASSETS = TESTS / "assets"
ROOT = TESTS.parent

BUNDLED_PLAN_PATH = ROOT / "plans" / "sa-pa-2021-tuyen-truyen-dai-hoi-xiii.toml"
BUNDLED_PLAN = BUNDLED_PLAN_PATH.read_text(encoding="utf-8")

# A district plan (Huyện ủy Bảo Thắng, Hội Nông dân huyện) with quarterly reports; written for the
# tests, with unit ids unlike the bundled plan's. Kept as a file so its line numbers can be read.
QUARTERLY_PLAN_PATH = ASSETS / "quarterly_plan.toml"
QUARTERLY_PLAN = QUARTERLY_PLAN_PATH.read_text(encoding="utf-8")

# The source document of the bundled plan, copied verbatim from the seed.
SEED_PATH = ASSETS / "seed.txt"


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line of `text` that contains `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}, expected exactly one"
    return hits[0]


def replace_once(text: str, old: str, new: str) -> str:
    """`text` with its only occurrence of `old` replaced; fails loudly if `old` is not unique."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)
