"""tools/import_graph.py finds every import circle, however the import is hidden, and names it."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    found = importlib.util.spec_from_file_location("import_graph", ROOT / "tools" / "import_graph.py")
    assert found is not None and found.loader is not None
    module = importlib.util.module_from_spec(found)
    sys.modules[found.name] = module  # its dataclasses look their module up
    found.loader.exec_module(module)
    return module


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _run(tmp_path: Path, files: dict[str, str], capsys) -> tuple[int, str]:
    code = _tool().main([str(_package(tmp_path, files))])
    return code, capsys.readouterr().out


def test_no_circle_exits_0(tmp_path, capsys):
    code, out = _run(tmp_path, {"a.py": "from . import b\n", "b.py": "import os\n"}, capsys)
    assert code == 0
    assert out == "pkg: 3 modules, 1 import arrows, no import circles\n"


@pytest.mark.parametrize("hidden", [
    "def f():\n    from ..a import x\n",  # inside a function, relative
    "TYPE_CHECKING = False\nif TYPE_CHECKING:\n    from pkg.a import x\n",  # for the type checker only
    "import importlib\ndef f():\n    return importlib.import_module('pkg.a')\n",  # by name
])
def test_a_circle_through_a_hidden_import_is_found(tmp_path, capsys, hidden):
    code, out = _run(tmp_path, {"a.py": "from .sub.b import y\nx = 1\n", "sub/__init__.py": "",
                                "sub/b.py": hidden.replace("y", "z") + "y = 2\n"}, capsys)
    assert code == 1
    assert "circle 1 of 1: 2 modules, 1 cycles\n  pkg.a\n  pkg.sub.b\n" in out
    assert "    pkg.a -> pkg.sub.b\n        pkg/a.py:1  y  (module level)\n" in out
    assert "    pkg.sub.b -> pkg.a\n" in out
    assert out.endswith("1 import circle\n")


def test_an_import_runs_the_package_s_init(tmp_path, capsys):
    """`from pkg.sub import b` runs sub/__init__.py, which imports a: a circle without a direct arrow."""
    code, out = _run(tmp_path, {"a.py": "from .sub import b\n", "sub/__init__.py": "from ..a import *\n",
                                "sub/b.py": ""}, capsys)
    assert code == 1
    assert "pkg/a.py:1  b  (module level, runs pkg/sub/__init__.py)" in out


def test_every_import_inside_a_circle_has_a_cycle_shown(tmp_path, capsys):
    code, out = _run(tmp_path, {"a.py": "from . import b\n", "b.py": "from . import c\n",
                                "c.py": "from . import a\nfrom . import b\n"}, capsys)
    assert code == 1
    assert "circle 1 of 1: 3 modules, 2 cycles" in out
    assert "cycle 1.1:\n    pkg.b -> pkg.c\n" in out  # b -> c -> b, the shorter one first
    assert "cycle 1.2:\n    pkg.a -> pkg.b\n" in out
