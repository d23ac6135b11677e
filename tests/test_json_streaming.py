"""A listing across the office's plans is written as JSON part by part, never held whole as text
(issue 21): the bytes are exactly those of the whole array encoded at once."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sapa_propaganda.core.text import json_array_end, json_elements, json_text

ROWS = st.lists(st.dictionaries(st.sampled_from(["id", "note", "plan", "ref"]),
                                st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text(), max_size=2)),
                                max_size=4), max_size=5)


@settings(deadline=None)  # a loaded machine's slow example is not a failure of the encoder
@given(st.lists(ROWS, max_size=4))
def test_an_array_written_in_parts_is_the_array_written_at_once(parts):
    written, streamed = [], False
    for part in parts:
        written.append(json_elements(part, not streamed))
        streamed = streamed or bool(part)
    written.append(json_array_end(streamed))
    assert "".join(written) == json_text([row for part in parts for row in part])


def test_hidden_characters_are_escaped_in_parts_as_at_once():
    rows = [{"note": "a\u202eb\x1b[2J"}, {"note": "dòng\u2028mới"}]
    assert json_elements(rows, True) + json_array_end(True) == json_text(rows)
    assert "\u202e" not in json_elements(rows, True) and "\\u202e" in json_elements(rows, True)
