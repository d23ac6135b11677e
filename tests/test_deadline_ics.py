"""`sapa export --format ics`: report deadlines as an iCalendar file for Outlook, Google, Thunderbird."""

from __future__ import annotations

import re

import pytest
from deadline_support import BUNDLED_PERIODS, MINI_PLAN, bundled_plan, unfold_ics
from helpers import ok
from sample_plans import replace_once


def export_ics(run, *args) -> str:
    result = run(*args, "export", "--format", "ics")
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")


def events(text: str) -> list[dict[str, str]]:
    """The VEVENTs of an unfolded calendar as {property (with parameters): value}; VALARM lines prefixed."""
    found, current, in_alarm = [], None, False
    for line in unfold_ics(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif line == "BEGIN:VALARM":
            in_alarm = True
        elif line == "END:VALARM":
            in_alarm = False
        elif current is not None:
            key, value = line.split(":", 1)
            current[("ALARM-" if in_alarm else "") + key] = value
    return found


def check_rfc5545_lines(text: str) -> None:
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")        # CRLF only
    assert b"\r" not in raw.replace(b"\r\n", b"")
    for line in raw.split(b"\r\n")[:-1]:
        assert len(line) <= 75, (len(line), line)
        line.decode("utf-8")                              # no character cut in half


def test_calendar_has_one_event_per_report_deadline_and_per_item_deadline(run):
    text = export_ics(run)
    check_rfc5545_lines(text)
    lines = unfold_ics(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2:] == ["END:VCALENDAR", ""]
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    items_due = [i for i in bundled_plan().tracked_items if i.due is not None]
    assert len(items_due) == 7  # II.1.1.1–II.1.1.7, due 31/12/2021
    expected = 2 * len(BUNDLED_PERIODS) + len(items_due)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == expected
    assert lines.count("BEGIN:VALARM") == lines.count("END:VALARM") == expected
    found = events(text)
    uids = [e["UID"] for e in found]
    assert len(set(uids)) == len(uids) == 25
    item_events = [e for e in found if ".item." in e["UID"]]
    assert {e["DTSTART;VALUE=DATE"] for e in item_events} == {"20211231"}
    assert {e["UID"] for e in item_events} == {f"sa-pa-2021-tuyen-truyen-dai-hoi-xiii.item.{i.id}@sapa"
                                               for i in items_due}
    found = [e for e in found if ".item." not in e["UID"]]
    starts = sorted(e["DTSTART;VALUE=DATE"] for e in found)
    assert starts[:4] == ["20211115", "20211120", "20220615", "20220620"]
    assert starts[-1] == "20251120"
    for event in found:
        assert re.fullmatch(r"\d{8}", event["DTSTART;VALUE=DATE"])
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        assert event["ALARM-TRIGGER"] == "-P7D" and event["ALARM-ACTION"] == "DISPLAY"
        assert event["ALARM-DESCRIPTION"]


def test_calendar_keeps_vietnamese_intact(run):
    ok(run("submit", "mttq", "2022-H1", "--date", "10/06/2022"))
    found = {e["DTSTART;VALUE=DATE"]: e for e in events(export_ics(run))}
    units = found["20220615"]
    assert units["SUMMARY"] == "Hạn Báo cáo 6 tháng đầu năm 2022"
    assert units["DTEND;VALUE=DATE"] == "20220616"
    description = units["DESCRIPTION"]
    assert description.startswith(
        "Kế hoạch đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu toàn quốc lần thứ XIII của Đảng\\n")
    assert "\\n[x] Ủy ban Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thị xã" in description
    assert "\\n[ ] Phòng Văn hóa - Thông tin" in description
    assert "\\n[ ] Trung tâm Văn hóa\\, Thể thao - Truyền thông" in description   # escaped comma
    consolidated = found["20220620"]
    assert consolidated["SUMMARY"] == "Hạn Báo cáo tổng hợp 6 tháng đầu năm 2022"
    assert consolidated["ALARM-DESCRIPTION"] == "Sắp đến hạn Báo cáo tổng hợp 6 tháng đầu năm 2022"
    assert "Ban Tuyên giáo Thị ủy" in consolidated["DESCRIPTION"]
    assert "X-WR-CALNAME:Kế hoạch đẩy mạnh công tác tuyên truyền sau Đại hội đại biểu toàn quốc lần thứ XIII " \
           "của Đảng" in unfold_ics(export_ics(run))


def test_folded_lines_continue_with_a_space(run):
    raw = export_ics(run).split("\r\n")
    continued = [n for n, line in enumerate(raw) if line.startswith(" ")]
    assert continued, "the bundled plan's long titles must be folded"
    for n in continued:
        assert len(raw[n - 1].encode("utf-8")) >= 72  # folded only when the line was full


@pytest.mark.parametrize("title_length", [61, 62, 136, 137, 138, 210, 211, 212])
def test_no_line_is_longer_than_75_octets_whatever_the_title(run, write_plan, title_length):
    """X-WR-CALNAME: is 13 octets: a 137-character title makes a line of exactly 2 × 75 octets."""
    title = ("Ke-hoach-tuyen-truyen-" * 20)[:title_length]
    plan = write_plan(replace_once(MINI_PLAN, 'title = "Kế hoạch tuyên truyền thử nghiệm năm 2024"',
                                   f'title = "{title}"'))
    text = export_ics(run, "--plan", plan, "--today", "2024-06-20")
    check_rfc5545_lines(text)
    assert f"X-WR-CALNAME:{title}" in unfold_ics(text)


@pytest.mark.parametrize("title_length", [40, 41, 42, 43, 70, 71, 72])
def test_folding_never_splits_a_vietnamese_character(run, write_plan, title_length):
    title = ("Kế hoạch tuyên truyền đẩy mạnh " * 10)[:title_length]
    plan = write_plan(replace_once(MINI_PLAN, 'title = "Kế hoạch tuyên truyền thử nghiệm năm 2024"',
                                   f'title = "{title}"'))
    text = export_ics(run, "--plan", plan, "--today", "2024-06-20")
    check_rfc5545_lines(text)
    assert f"X-WR-CALNAME:{title}" in unfold_ics(text)


def test_quarterly_plan_calendar(run, quarterly_plan):
    text = export_ics(run, "--plan", quarterly_plan, "--today", "2024-04-01")
    check_rfc5545_lines(text)
    found = events(text)
    assert len(found) == 8 + 8 + 2 + 2  # reports, and the two items with a deadline
    assert {e["ALARM-TRIGGER"] for e in found} == {"-P5D"}
    by_uid = {e["UID"]: e for e in found}
    q1 = by_uid["bao-thang-2024-hoi-nong-dan.bao-cao-quy.2024-Q1@sapa"]
    assert (q1["DTSTART;VALUE=DATE"], q1["SUMMARY"]) == ("20240410", "Hạn Báo cáo quý 1 năm 2024")
    annual = by_uid["bao-thang-2024-hoi-nong-dan.bao-cao-tong-hop.2024-Y@sapa"]
    assert (annual["DTSTART;VALUE=DATE"], annual["SUMMARY"]) == ("20241205", "Hạn Báo cáo tổng hợp năm 2024")


def test_calendar_in_english_and_to_a_file(run, tmp_path):
    text = export_ics(run, "--lang", "en")
    summaries = {e["SUMMARY"] for e in events(text)}
    assert "Due: 6-month report 2022" in summaries and "Due: Consolidated annual report 2025" in summaries
    target = tmp_path / "han-bao-cao.ics"
    result = run("export", "--format", "ics", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    written = target.read_bytes().decode("utf-8")
    check_rfc5545_lines(written)
    strip = re.compile(r"DTSTAMP:\S+")
    assert strip.sub("", written) == strip.sub("", export_ics(run))
