"""Find import cycles in a package: exit 1 and print each one, or exit 0 when there is none.

    python tools/import_graph.py [PACKAGE_DIR]      (default: sapa_propaganda/ beside tools/)

Every import counts, wherever it stands: at module level, inside a function, or under
`if TYPE_CHECKING:`. A function-local import still ties the two modules together, and hiding a
circle behind one is what this check is for. Relative imports are resolved; so are
`__import__("a.b")` and `importlib.import_module("a.b")` with a literal name. An import of
`pkg.sub.mod` also runs `pkg/sub/__init__.py`, so it counts as an import of `pkg.sub` too
(marked "runs sub/__init__.py"), unless the importer is inside `pkg.sub` already.

For each circle (a set of modules that all reach each other) it prints its modules, then one
shortest cycle through every import inside the circle, each step with the file, the line, the
names imported and where the import stands. Removing any import of a cycle breaks that cycle.

Standard library only (`ast`): it reads the files, it imports nothing of the package.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Import:
    """One import statement's arrow from a module to a module of the same package."""

    path: Path
    line: int
    names: tuple[str, ...]  # what was named: ("obligations",), or ("import a.b",)
    where: str  # "module level", "inside f", "TYPE_CHECKING", plus ", runs x/__init__.py"

    def describe(self, root: Path) -> str:
        try:
            shown = self.path.relative_to(root.parent)
        except ValueError:
            shown = self.path
        return f"{shown.as_posix()}:{self.line}  {', '.join(self.names)}  ({self.where})"


@dataclass
class Graph:
    """module -> imported module -> the imports that make that arrow."""

    modules: dict[str, Path]
    arrows: dict[str, dict[str, list[Import]]] = field(default_factory=dict)

    def add(self, importer: str, imported: str, found: Import) -> None:
        if importer != imported:
            self.arrows.setdefault(importer, {}).setdefault(imported, []).append(found)


def module_names(package_dir: Path) -> dict[str, Path]:
    """{"pkg.sub.mod": path} for every .py file below package_dir ("pkg.sub" for sub/__init__.py)."""
    found: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package_dir.name, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Reader(ast.NodeVisitor):
    """Collects (dotted target, names, line, where) for every import in one module."""

    def __init__(self, module: str, is_package: bool):
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.scopes: list[str] = []
        self.type_checking = 0
        self.found: list[tuple[str, tuple[str, ...], int, str]] = []

    def _where(self) -> str:
        where = "TYPE_CHECKING" if self.type_checking else "module level"
        if self.scopes:
            where = f"inside {'.'.join(self.scopes)}" + (", TYPE_CHECKING" if self.type_checking else "")
        return where

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.scopes.append(node.name)
        self.generic_visit(node)
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self.type_checking += 1
            for child in node.body:
                self.visit(child)
            self.type_checking -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append((alias.name, (f"import {alias.name}",), node.lineno, self._where()))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            parts = self.package.split(".")
            if node.level - 1 >= len(parts):
                return  # beyond the top of the package: not ours
            base = ".".join(parts[:len(parts) - (node.level - 1)])
            base = f"{base}.{node.module}" if node.module else base
        else:
            base = node.module or ""
        for alias in node.names:
            target = base if alias.name == "*" else f"{base}.{alias.name}"
            # `from pkg import name`: the module pkg.name if there is one, else pkg (resolved later)
            self.found.append((target, (alias.name,), node.lineno, self._where()))

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in ("__import__", "import_module") and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                target = first.value
                if target.startswith(".") and len(node.args) > 1:
                    anchor = node.args[1]
                    if isinstance(anchor, ast.Constant) and isinstance(anchor.value, str):
                        target = anchor.value + target
                self.found.append((target, (f"{name}({first.value!r})",), node.lineno, self._where()))
        self.generic_visit(node)


def _known(target: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of a dotted name that is a module of the package."""
    parts = target.split(".")
    while parts:
        name = ".".join(parts)
        if name in modules:
            return name
        parts.pop()
    return None


def build(package_dir: Path) -> Graph:
    modules = module_names(package_dir)
    graph = Graph(modules)
    for module, path in modules.items():
        reader = _Reader(module, path.name == "__init__.py")
        reader.visit(ast.parse(path.read_bytes(), filename=str(path)))
        for target, names, line, where in reader.found:
            imported = _known(target, modules)
            if imported is None:
                continue  # another package
            graph.add(module, imported, Import(path, line, names, where))
            # Importing pkg.sub.mod first runs pkg/sub/__init__.py, unless the importer is inside pkg.sub.
            parts = imported.split(".")
            for depth in range(2, len(parts)):
                package = ".".join(parts[:depth])
                if module == package or module.startswith(package + "."):
                    continue
                init = modules[package].relative_to(package_dir.parent).as_posix()
                graph.add(module, package, Import(path, line, names, f"{where}, runs {init}"))
    return graph


def circles(graph: Graph) -> list[list[str]]:
    """The strongly connected components that hold a cycle, each sorted, in sorted order (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:  # iterative, so that a deep graph cannot overflow the stack
        work = [(start, iter(sorted(graph.arrows.get(start, {}))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.arrows.get(child, {})))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(found)


def _shortest_path(graph: Graph, start: str, goal: str, inside: set[str]) -> list[str]:
    """The shortest path start -> ... -> goal through the modules `inside` (breadth first)."""
    before: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for child in sorted(graph.arrows.get(node, {})):
            if child in inside and child not in before:
                before[child] = node
                queue.append(child)
    path: list[str] = []
    step: str | None = goal
    while step is not None:
        path.append(step)
        step = before[step]
    return path[::-1]


def cycles_of(graph: Graph, circle: list[str]) -> list[list[str]]:
    """A shortest cycle through each arrow inside the circle, without repeats; each cycle starts
    at its smallest module and ends where it began."""
    inside = set(circle)
    seen: set[tuple[str, ...]] = set()
    found: list[list[str]] = []
    for importer in circle:
        for imported in sorted(graph.arrows.get(importer, {})):
            if imported not in inside:
                continue
            ring = [importer, *_shortest_path(graph, imported, importer, inside)][:-1]
            first = ring.index(min(ring))
            key = tuple(ring[first:] + ring[:first])
            if key not in seen:
                seen.add(key)
                found.append([*key, key[0]])
    return sorted(found, key=lambda cycle: (len(cycle), cycle))


def _statements(imports: list[Import]) -> list[Import]:
    """One Import per statement: the names of `from a import b, c` together."""
    merged: dict[tuple[Path, int, str], Import] = {}
    for found in imports:
        key = (found.path, found.line, found.where)
        before = merged.get(key)
        merged[key] = found if before is None else Import(found.path, found.line, before.names + found.names,
                                                          found.where)
    return list(merged.values())


def report(graph: Graph, package_dir: Path) -> list[str]:
    lines: list[str] = []
    found = circles(graph)
    for number, circle in enumerate(found, start=1):
        cycles = cycles_of(graph, circle)
        lines.append(f"circle {number} of {len(found)}: {len(circle)} modules, {len(cycles)} cycles")
        lines.extend(f"  {module}" for module in circle)
        for count, cycle in enumerate(cycles, start=1):
            lines.append(f"  cycle {number}.{count}:")
            for importer, imported in zip(cycle, cycle[1:], strict=False):
                lines.append(f"    {importer} -> {imported}")
                lines.extend(f"        {found_at.describe(package_dir)}"
                             for found_at in _statements(graph.arrows[importer][imported]))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package_dir", nargs="?", type=Path, default=ROOT / "sapa_propaganda")
    package_dir = parser.parse_args(argv).package_dir.resolve()
    if not (package_dir / "__init__.py").is_file():
        parser.error(f"{package_dir} is not a package (no __init__.py)")
    graph = build(package_dir)
    arrows = sum(len(targets) for targets in graph.arrows.values())
    lines = report(graph, package_dir)
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
    circles_found = sum(1 for line in lines if line.startswith("circle "))
    sys.stdout.write(f"{package_dir.name}: {len(graph.modules)} modules, {arrows} import arrows, "
                     f"{circles_found or 'no'} import circle{'' if circles_found == 1 else 's'}\n")
    return 1 if circles_found else 0


if __name__ == "__main__":
    sys.exit(main())
