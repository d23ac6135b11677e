"""One language: what Click would say in English (a missing argument, an unknown option, a bad
number, a file that is not there) is said in the language chosen, Vietnamese by default."""

from __future__ import annotations

import sys

import pytest
from cli_support import sapa
from helpers import fail

# (argv, Vietnamese, English): one line on stderr, exit code 2, nothing on stdout
REFUSED = [
    (["mark", "III.1.1"],
     "sapa: thiếu đối số TRẠNG_THÁI; xem: sapa mark --help",
     "sapa: missing argument STATUS; see: sapa mark --help"),
    (["duties", "--bogus"],
     "sapa: không có tùy chọn --bogus; xem: sapa duties --help",
     "sapa: no such option --bogus; see: sapa duties --help"),
    (["duties", "--unti", "btg"],
     "sapa: không có tùy chọn --unti (có phải: --unit?); xem: sapa duties --help",
     "sapa: no such option --unti (did you mean: --unit?); see: sapa duties --help"),
    (["remind", "--days", "-1"],
     "sapa: --days cần một số nguyên từ 0 trở lên, không phải '-1'; xem: sapa remind --help",
     "sapa: --days needs a whole number from 0 up, not '-1'; see: sapa remind --help"),
    (["remind", "--days=x"],
     "sapa: --days cần một số nguyên từ 0 trở lên, không phải 'x'; xem: sapa remind --help",
     "sapa: --days needs a whole number from 0 up, not 'x'; see: sapa remind --help"),
    (["duties", "--unit"],
     "sapa: tùy chọn --unit cần một giá trị; xem: sapa duties --help",
     "sapa: option --unit needs a value; see: sapa duties --help"),
    (["status", "--json=1"],
     "sapa: tùy chọn --json không nhận giá trị; xem: sapa status --help",
     "sapa: option --json takes no value; see: sapa status --help"),
    (["status", "extra"],
     "sapa: thừa đối số: extra; xem: sapa status --help",
     "sapa: unexpected extra argument: extra; see: sapa status --help"),
    (["remnd"],
     "sapa: không có lệnh 'remnd' (có phải: remind?); xem: sapa --help",
     "sapa: no such command 'remnd' (did you mean: remind?); see: sapa --help"),
    (["plan", "chek"],
     "sapa: không có lệnh 'chek' (có phải: check?); xem: sapa plan --help",
     "sapa: no such command 'chek' (did you mean: check?); see: sapa plan --help"),
    (["--today", "2022-06-20"],
     "sapa: thiếu lệnh; xem: sapa --help",
     "sapa: missing command; see: sapa --help"),
]


@pytest.mark.parametrize("argv, vietnamese, english", REFUSED, ids=[" ".join(r[0]) for r in REFUSED])
def test_click_errors_in_the_chosen_language(tmp_path, argv, vietnamese, english):
    assert fail(sapa(tmp_path, *argv)) == vietnamese
    assert fail(sapa(tmp_path, "--lang", "en", *argv)) == english
    assert fail(sapa(tmp_path, *argv, env={"SAPA_LANG": "en"})) == english


@pytest.mark.skipif(sys.platform == "win32", reason="Windows passes arguments as Unicode")
def test_an_argument_that_is_not_utf8_is_refused_in_words(tmp_path):
    typed = b"III.\xff".decode("utf-8", "surrogateescape")  # what Python makes of such bytes
    for argv in (["show", typed], ["info", "--today", typed], ["duties", "-u", typed]):
        assert fail(sapa(tmp_path, *argv)) == "sapa: đối số không phải UTF-8: III.\\xff"
        assert fail(sapa(tmp_path, "--lang", "en", *argv)) == "sapa: an argument is not UTF-8: III.\\xff"


def test_a_missing_file_is_said_in_the_chosen_language(tmp_path):
    missing = tmp_path / "khong-co.toml"
    assert fail(sapa(tmp_path, "import", missing)) == (
        f"sapa: không đọc được tệp {missing}: không có tệp hoặc thư mục này")
    assert fail(sapa(tmp_path, "--lang", "en", "import", missing)) == (
        f"sapa: cannot read {missing}: No such file or directory")


def test_a_file_that_is_not_utf8_is_said_in_the_chosen_language(tmp_path):
    ledger = tmp_path / "data" / "sa-pa-2021-tuyen-truyen-dai-hoi-xiii"
    ledger.mkdir(parents=True)
    (ledger / "ledger-2022-06.toml").write_bytes(b'format = 1\nplan = "x\xff"\n')
    message = fail(sapa(tmp_path, "history"), 5)
    assert "not UTF-8" not in message and "không phải UTF-8" in message
