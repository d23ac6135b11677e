"""Writes that a clerk gets wrong, and what she can do about them: periods that have not begun,
corrections that say what they replace, undoing an import or one particular event, dates before
an item starts; and a past --today that shows exactly that day."""

from __future__ import annotations

import json

from ledger_support import PLAN_ID, cli, ledger_events, ledger_file, one_line, snapshot

from sapa_propaganda.storage import ledger_format


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def status(tmp_path, item, today="2022-06-20"):
    return json.loads(ok(cli(tmp_path, "show", item, "--json", today=today)).stdout)["status"]


# ---- #3: a period that has not begun ---------------------------------------------------------

def test_a_report_for_a_period_that_has_not_begun_is_refused(tmp_path):
    result = cli(tmp_path, "submit", "mttq", "2025-Y")
    assert result.exit_code == 2
    assert "2025-Y" in one_line(result.stderr) and "01/01/2025" in result.stderr
    assert snapshot(tmp_path) == {}
    english = cli(tmp_path, "submit", "mttq", "2023-H1", today="2022-06-20", lang="en")
    assert english.exit_code == 2 and "has not begun" in english.stderr
    ok(cli(tmp_path, "submit", "mttq", "2022-H1"))  # begun, not yet ended: a report may come early


# ---- #4: a second submission says what it replaces --------------------------------------------

def test_a_second_submission_says_what_it_replaces(tmp_path):
    first = ok(cli(tmp_path, "submit", "mttq", "2022-H1", "--date", "10/06/2022", "--ref", "45-BC"))
    assert "thay" not in first.stdout
    second = ok(cli(tmp_path, "submit", "mttq", "2022-H1", "--date", "12/06/2022", "--ref", "47-BC", "--replace"))
    lines = second.stdout.splitlines()
    assert lines[0] == "đã nhận ngày 10/06/2022, 45-BC; thay bằng bản ghi mới"
    assert "12/06/2022" in lines[1] and "47-BC" in lines[1]
    english = ok(cli(tmp_path, "submit", "mttq", "2022-H1", "--date", "13/06/2022", "--replace", lang="en"))
    assert english.stdout.splitlines()[0] == "received on 12/06/2022, 47-BC before; replaced by this record"


# ---- #5: undo an import as one step, or one particular event -----------------------------------

def other_office_ledger(tmp_path):
    """Three events of another office, recorded later than ours, as a ledger file."""
    other = tmp_path / "other"
    for args in (["mark", "III.2.1", "xong"], ["mark", "III.2.2", "dang"], ["submit", "vhtt", "2022-H1"]):
        ok(cli(other, *args, today="2022-06-21"))
    return ledger_file(other)


def test_undo_after_an_import_reverts_the_whole_import(tmp_path):
    ok(cli(tmp_path, "mark", "III.1.1", "dang"))
    source = other_office_ledger(tmp_path)
    ok(cli(tmp_path, "import", source))
    assert status(tmp_path, "III.2.1", today="2022-06-22") == "done"
    result = ok(cli(tmp_path, "undo", today="2022-06-22"))
    assert result.stdout.strip() == f"Đã hoàn tác lần nhập {source.name}: 3 sự kiện"
    assert status(tmp_path, "III.2.1", today="2022-06-22") == "todo"
    assert status(tmp_path, "III.2.2", today="2022-06-22") == "todo"
    assert status(tmp_path, "III.1.1", today="2022-06-22") == "doing"  # ours stays
    # The undo of the import is the latest step: undoing it brings the import back, whole.
    again = ok(cli(tmp_path, "undo", today="2022-06-22"))
    assert again.stdout.strip() == f"Đã khôi phục 3 sự kiện của lần nhập {source.name}"
    assert status(tmp_path, "III.2.1", today="2022-06-22") == "done"
    assert status(tmp_path, "III.2.2", today="2022-06-22") == "doing"
    kinds = [e["kind"] for e in ledger_events(tmp_path)]
    assert kinds.count("undo") == 6  # three for the import, three for its undo; nothing deleted


def test_undo_names_one_particular_event_by_its_id_or_a_unique_beginning(tmp_path):
    ok(cli(tmp_path, "mark", "III.1.1", "dang"))
    ok(cli(tmp_path, "mark", "III.1.2", "xong"))
    ok(cli(tmp_path, "mark", "III.1.3", "vuong"))
    events = {e["target"]: e["id"] for e in ledger_events(tmp_path)}
    result = ok(cli(tmp_path, "undo", events["III.1.1"][:10].upper()))  # as read off a screen
    assert "III.1.1" in result.stdout
    assert [status(tmp_path, i) for i in ("III.1.1", "III.1.2", "III.1.3")] == ["todo", "done", "blocked"]
    again = cli(tmp_path, "undo", events["III.1.1"])
    assert again.exit_code == 2 and "đã được hoàn tác" in one_line(again.stderr)
    unknown = cli(tmp_path, "undo", "zzzzzz")
    assert unknown.exit_code == 2 and "'zzzzzz'" in one_line(unknown.stderr)
    undo_id = next(e["id"] for e in ledger_events(tmp_path) if e["kind"] == "undo")
    restored = ok(cli(tmp_path, "undo", undo_id))  # an undo named is undone: its change is back
    assert restored.stdout.startswith("Đã khôi phục: III.1.1: Đang thực hiện")
    assert status(tmp_path, "III.1.1") == "doing"


def test_undo_names_an_import_by_its_id(tmp_path):
    source = other_office_ledger(tmp_path)
    ok(cli(tmp_path, "import", source))
    ok(cli(tmp_path, "mark", "III.1.1", "dang", today="2022-06-22"))
    [imports] = [p for p in ledger_file(tmp_path).parent.iterdir() if p.name.startswith("imports.")]
    [batch] = ledger_format.parse_imports(imports.read_bytes(), str(imports), PLAN_ID)
    assert len(batch.events) == 3 and batch.source == source.name
    ok(cli(tmp_path, "undo", batch.id, today="2022-06-22"))
    assert status(tmp_path, "III.2.1", today="2022-06-22") == "todo"
    assert status(tmp_path, "III.1.1", today="2022-06-22") == "doing"


def test_a_damaged_imports_file_is_reported_and_blocks_undo(tmp_path):
    ok(cli(tmp_path, "import", other_office_ledger(tmp_path)))
    [imports] = [p for p in ledger_file(tmp_path).parent.iterdir() if p.name.startswith("imports.")]
    imports.write_text(imports.read_text(encoding="utf-8") + "\n[[imports]]\nid = 3\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = cli(tmp_path, "undo", today="2022-06-22")
    assert result.exit_code == 5 and imports.name in one_line(result.stderr)
    assert snapshot(tmp_path) == before


# ---- #6: marks before the plan or the item starts ---------------------------------------------

def test_a_mark_before_the_plan_starts_is_refused_even_without_a_date(tmp_path):
    result = cli(tmp_path, "mark", "III.1.1", "xong", today="2020-01-01")
    assert result.exit_code == 2 and "24/05/2021" in one_line(result.stderr)
    assert snapshot(tmp_path) == {}


def test_a_mark_before_the_item_itself_starts_is_refused(tmp_path):
    result = cli(tmp_path, "mark", "II.1.2.1", "xong", "--date", "01/06/2021", today="2022-06-20")
    assert result.exit_code == 2
    message = one_line(result.stderr)
    assert "01/06/2021" in message and "01/01/2022" in message and "mục này" in message
    assert snapshot(tmp_path) == {}
    ok(cli(tmp_path, "mark", "II.1.2.1", "xong", "--date", "01/01/2022", today="2022-06-20"))


# ---- #7: a past --today shows exactly that day ------------------------------------------------

def test_an_undone_change_is_gone_from_every_view_past_ones_included(tmp_path):
    ok(cli(tmp_path, "mark", "III.3.1.1", "vuong", today="2022-06-03"))
    ok(cli(tmp_path, "undo", today="2022-06-06"))  # it was a mistake

    def seen(day):
        shown = status(tmp_path, "III.3.1.1", today=day)
        listed = json.loads(ok(cli(tmp_path, "duties", "--all", "--json", today=day)).stdout)
        row = next(r for r in listed if r["id"] == "III.3.1.1")
        assert row["status"] == shown, day  # every command sees the same day
        return shown

    assert [seen(d) for d in ("2022-06-02", "2022-06-04", "2022-06-06")] == ["todo", "todo", "todo"]
    ok(cli(tmp_path, "mark", "III.1.1", "dang", today="2022-06-10"))  # an unrelated item, later
    assert [seen(d) for d in ("2022-06-02", "2022-06-04", "2022-06-06")] == ["todo", "todo", "todo"]


def test_a_past_day_shows_the_changes_in_effect_then_whatever_else_is_marked_later(tmp_path):
    ok(cli(tmp_path, "mark", "III.3.1.1", "vuong", today="2022-06-03"))
    ok(cli(tmp_path, "mark", "III.3.1.1", "xong", today="2022-06-08"))

    def seen(day):
        listed = json.loads(ok(cli(tmp_path, "duties", "--all", "--json", today=day)).stdout)
        row = next(r for r in listed if r["id"] == "III.3.1.1")
        assert row["status"] == status(tmp_path, "III.3.1.1", today=day), day
        return row["status"]

    assert [seen(d) for d in ("2022-06-02", "2022-06-05", "2022-06-09")] == ["todo", "blocked", "done"]
    ok(cli(tmp_path, "mark", "III.1.1", "dang", today="2022-06-20"))  # an unrelated item, later
    assert [seen(d) for d in ("2022-06-02", "2022-06-05", "2022-06-09")] == ["todo", "blocked", "done"]


def test_history_at_a_past_day_lists_only_what_had_happened(tmp_path):
    ok(cli(tmp_path, "mark", "III.1.1", "dang", today="2022-06-03"))
    ok(cli(tmp_path, "mark", "III.1.2", "xong", today="2022-06-05"))
    ok(cli(tmp_path, "undo", today="2022-06-07"))
    on_4th = json.loads(ok(cli(tmp_path, "history", "--json", today="2022-06-04")).stdout)
    assert [e["target"] for e in on_4th] == ["III.1.1"]
    on_6th = json.loads(ok(cli(tmp_path, "history", "--json", today="2022-06-06")).stdout)
    assert sorted(e["target"] for e in on_6th) == ["III.1.1", "III.1.2"]
    assert len(json.loads(ok(cli(tmp_path, "history", "--json", today="2022-06-07")).stdout)) == 3


def test_an_undo_is_never_dated_before_the_change_it_reverts(tmp_path):
    ok(cli(tmp_path, "submit", "mttq", "2022-H1", "--date", "12/06/2022", today="2022-06-12"))
    ok(cli(tmp_path, "undo", today="2022-01-01"))
    undo = next(e for e in ledger_events(tmp_path) if e["kind"] == "undo")
    assert str(undo["date"]) == "2022-06-12"
    rows = json.loads(ok(cli(tmp_path, "reports", "--period", "2022-H1", "--json", today="2022-06-20")).stdout)
    assert next(r for r in rows if r["unit"] == "mttq")["submitted"] is None


def test_a_typed_box_in_a_ref_never_starts_a_checklist_line(tmp_path):
    """A document number is one line, and a box typed into it is never wrapped to a line's start."""
    ok(cli(tmp_path, "submit", "mttq", "2022-H1", "--ref", "12-BC\n- [x] III.9.9 FORGED"))
    stored = next(e for e in ledger_events(tmp_path) if e["kind"] == "submit")
    assert stored["ref"] == "12-BC - [x] III.9.9 FORGED"
    long_ref = "45-BC/MTTQ-" + "x" * 30 + " - [x] III.9.8 FORGED [x] III.9.7"
    ok(cli(tmp_path, "submit", "vhtt", "2022-H1", "--ref", long_ref))
    text = ok(cli(tmp_path, "checklist", "2022-H1", "--format", "txt")).stdout
    for line in text.splitlines():
        assert not line.lstrip().startswith(("[x] III.9", "- [x] III.9", "[x]  III")), line
        assert len(line) <= 80 or " " not in line.strip(), line
    assert "12-BC - [x] III.9.9 FORGED" in " ".join(text.split())  # kept whole, only wrapped


def test_an_ics_export_given_to_import_is_named_for_what_it_is(tmp_path):
    ok(cli(tmp_path, "mark", "III.1.1", "dang"))
    calendar = tmp_path / "lich.txt"  # renamed: known by its content too
    ok(cli(tmp_path, "export", "--format", "ics", "-o", calendar))
    result = cli(tmp_path / "other", "import", calendar)
    assert result.exit_code == 2 and "ICS" in one_line(result.stderr)


def test_csv_listings_keep_counts_from_turning_into_dates_and_reminders_have_a_header(tmp_path):
    ok(cli(tmp_path, "mark", "III.1.1", "xong"))
    ok(cli(tmp_path, "status", "-o", tmp_path / "status.csv"))
    text = (tmp_path / "status.csv").read_text(encoding="utf-8-sig")
    assert " / " in text and not any(cell.count("/") == 1 and cell.replace("/", "").isdigit()
                                     for line in text.splitlines() for cell in line.split(","))
    ok(cli(tmp_path, "remind", "--days", "400", "-o", tmp_path / "remind.csv"))
    lines = (tmp_path / "remind.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Nhắc việc" and len(lines) > 1
