"""`sapa undo [EVENT_ID]`: the command line hands the event id to the ledger's undo."""

from __future__ import annotations

import json
from unittest import mock

from cli_support import sapa
from helpers import ok

from sapa_propaganda.commands import actions


def test_undo_takes_an_optional_event_id(tmp_path):
    ok(sapa(tmp_path, "mark", "III.1.1", "dang"))
    ok(sapa(tmp_path, "mark", "III.1.2", "xong"))
    first, *_ = reversed([e["id"] for e in json.loads(ok(sapa(tmp_path, "history", "--json")))])
    with mock.patch.object(actions, "undo", wraps=actions.undo) as undo:
        ok(sapa(tmp_path, "undo", first, "--by", "Lan"))
    assert undo.call_args.kwargs["event_id"] == first and undo.call_args.kwargs["by"] == "Lan"
    history = json.loads(ok(sapa(tmp_path, "history", "--json")))
    assert [(e["target"], e["undone_by"] is not None) for e in history if e["kind"] == "mark"] == [
        ("III.1.2", False), ("III.1.1", True)]


def test_undo_without_an_id_is_the_latest(tmp_path):
    ok(sapa(tmp_path, "mark", "III.1.1", "dang"))
    with mock.patch.object(actions, "undo", wraps=actions.undo) as undo:
        ok(sapa(tmp_path, "undo"))
    assert undo.call_args.kwargs["event_id"] is None
