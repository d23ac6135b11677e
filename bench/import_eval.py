"""How well `sapa plan import` reads real plan documents: precision, recall and F1 of units,
deadlines, (unit, deadline) duties and reporting rules against hand-made answer keys, and
the time an import takes.

    python bench/import_eval.py                 # every document in tests/plan_documents/, and the seed
    python bench/import_eval.py --misses        # also list every miss
    python bench/import_eval.py --only s01,m03  # some documents
    python bench/import_eval.py --markdown docs/import-accuracy.md

The seed is scored against the bundled plan (plans/), which was encoded by hand before the
importer existed; the other documents against their `.expected.toml` (tests/plan_documents/).
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from import_scoring import (  # noqa: E402
    MEASURES,
    Counts,
    document_text,
    documents,
    key_from_plan,
    key_of,
    load_key,
    read_draft,
    score,
)

from sapa_propaganda.errors import PlanError  # noqa: E402
from sapa_propaganda.plan_import import messages  # noqa: E402, F401
from sapa_propaganda.plan_import.build import draft_from  # noqa: E402
from sapa_propaganda.plan_import.draft_toml import render  # noqa: E402
from sapa_propaganda.plan_import.read_text import read_text  # noqa: E402
from sapa_propaganda.storage.plan_loader import parse_plan  # noqa: E402

SEED = ROOT / "tests" / "assets" / "seed.txt"
BUNDLED = ROOT / "plans" / "sa-pa-2021-tuyen-truyen-dai-hoi-xiii.toml"
TODAY = date(2026, 12, 5)


def draft_of(text: str, name: str, kind: str = "txt") -> tuple[dict, str, float]:
    """The draft's data, the plan check's verdict, and the seconds the import took."""
    started = time.perf_counter()
    document = read_text(text.encode("utf-8"), name, name, kind)
    draft = draft_from(document)
    rendered = render(draft, name, TODAY)
    elapsed = time.perf_counter() - started
    try:
        parse_plan(rendered.text, name)
        verdict = "ok"
    except PlanError as err:
        verdict = f"{len(err.problems)} problems: {err.problems[0]}"
    return tomllib.loads(rendered.text), verdict, elapsed


Row = tuple[str, dict[str, Counts], str, float]


def evaluate(only: list[str] | None = None) -> tuple[list[Row], dict[str, Counts]]:
    rows = []
    total = {m: Counts() for m in MEASURES}
    cases: list[tuple[str, str, object, str]] = [("seed", document_text(SEED), None, "md")]
    cases += [(path.stem, document_text(path), path, "txt") for path in documents()]
    for label, text, path, kind in cases:
        if only and not any(label.startswith(o) for o in only):
            continue
        data, verdict, elapsed = draft_of(text, label, kind)
        key = key_from_plan(tomllib.loads(BUNDLED.read_text(encoding="utf-8"))) if path is None else \
            load_key(key_of(path))  # type: ignore[arg-type]
        counts = score(key, read_draft(data), label)
        for m in MEASURES:
            total[m].add(counts[m])
        rows.append((label, counts, verdict, elapsed))
    return rows, total


def table(rows: list[Row], total: dict[str, Counts]) -> str:
    head = "| document | " + " | ".join(f"{m} P/R" for m in MEASURES) + " | check | time |"
    lines = [head, "|" + "---|" * (len(MEASURES) + 3)]
    for label, counts, verdict, elapsed in rows:
        cells = [f"{c.precision:.2f}/{c.recall:.2f} ({c.tp})" for c in (counts[m] for m in MEASURES)]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {verdict[:40]} | {elapsed * 1000:.0f} ms |")
    cells = [f"**{total[m].precision:.2f}/{total[m].recall:.2f}, F1 {total[m].f1:.2f}**" for m in MEASURES]
    lines.append("| all | " + " | ".join(cells) + " | | |")
    return "\n".join(lines)


def write_scores(rows: list[Row]) -> None:
    lines = ["# Each document's counts as `sapa plan import` reads it: the floor tests/test_import_corpus.py",
             "# holds it to. Written by `python bench/import_eval.py --write-scores`; never edited by hand.", ""]
    for label, counts, _verdict, _elapsed in rows:
        if label == "seed":
            continue
        lines.append(f"[{label}]")
        for m in MEASURES:
            c = counts[m]
            lines.append(f"{m} = {{ tp = {c.tp}, fp = {c.fp}, fn = {c.fn} }}")
        lines.append("")
    (ROOT / "tests" / "plan_documents" / "scores.toml").write_text("\n".join(lines), encoding="utf-8")


def timing(runs: int) -> str:
    """Whole-process `sapa plan import` of real documents as Word (automatic numbering), PDF and
    text files, beside a bare Python start, in one run: min / median / max in milliseconds."""
    import statistics
    import subprocess
    import tempfile

    from import_support import docx_from_lines, pdf_from_lines

    cases = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for stem, pages in (("g06", "≈10"), ("g02", "≈25")):
            path = next(p for p in documents() if p.stem.startswith(stem))
            lines = [line for line in document_text(path).splitlines() if line.strip()]
            chars = sum(len(line) for line in lines)
            made = [("docx", docx_from_lines(lines, work / f"{stem}.docx", automatic=True)),
                    ("pdf", pdf_from_lines(lines, work / f"{stem}.pdf")), ("txt", work / f"{stem}.txt")]
            (work / f"{stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
            for kind, file in made:
                command = [sys.executable, "-m", "sapa_propaganda", "--data", str(work / "data"), "plan", "import",
                           str(file), "-o", str(work / f"{stem}-{kind}.toml"), "--force"]
                cases.append((f"{stem} ({pages} pages, {chars:,} characters) .{kind}", command))
        cases.append(("python -c pass", [sys.executable, "-c", "pass"]))
        rows = ["| document | min | median | max |", "|---|---|---|---|"]
        for label, command in cases:
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
                times.append((time.perf_counter() - started) * 1000)
            rows.append(f"| {label} | {min(times):.0f} ms | {statistics.median(times):.0f} ms | {max(times):.0f} ms |")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated document name prefixes")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument("--timing", type=int, metavar="RUNS", help="also time whole-process imports, RUNS each")
    parser.add_argument("--write-scores", action="store_true",
                        help="record each document's counts in tests/plan_documents/scores.toml, the floor "
                             "tests/test_import_corpus.py holds them to (run it when the importer got better)")
    args = parser.parse_args()
    rows, total = evaluate(args.only.split(",") if args.only else None)
    text = table(rows, total)
    print(text)
    if args.misses:
        for m in MEASURES:
            for miss in total[m].misses:
                print(f"  {m}: {miss}")
    if args.timing:
        text += "\n\n" + timing(args.timing)
        print(text.split("\n\n", 1)[1])
    if args.write_scores:
        write_scores(rows)
    if args.markdown:
        Path(args.markdown).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
