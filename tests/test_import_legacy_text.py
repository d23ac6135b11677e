"""Vietnamese typed in TCVN3 (ABC) or VNI comes out as the right Unicode text, and Unicode,
English or foreign text is left alone (sapa_propaganda/plan_import/legacy_text.py)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from sapa_propaganda import i18n
from sapa_propaganda.errors import UsageError
from sapa_propaganda.plan_import import legacy_text as lt
from sapa_propaganda.plan_import import messages  # noqa: F401  (adds the importer's messages)

SENTENCES = [
    "Ban Thường vụ Huyện ủy ban hành Kế hoạch số 15-KH/HU ngày 10 tháng 01 năm 2022",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Trên đây là kế hoạch đẩy mạnh công tác tuyên truyền",
]
DOCUMENTS = sorted((Path(__file__).parent / "plan_documents").glob("*.txt"))

# --- Unicode -> legacy, written here apart from the module's tables --------------------------

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng
VOWELS = "aăâeêioôơuưy"
# TCVN 5712:1993 VN3: per vowel, its own code (0 for the ASCII letter), then the codes with
# huyền, hỏi, ngã, sắc, nặng.
TCVN3_CODES = {
    "a": (0, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9), "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB), "e": (0, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6), "i": (0, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4), "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE), "u": (0, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9), "y": (0, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7, "đ": 0xAE}
# VNI Windows: the byte after the base letter for each tone, and for â/ê/ô (circumflex) and ă
# (breve) with each tone; ơ ư đ, the toned i and ỵ are single bytes.
VNI_TONE = ("", "ø", "û", "õ", "ù", "ï")
VNI_CIRCUMFLEX = ("â", "à", "å", "ã", "á", "ä")
VNI_BREVE = ("ê", "è", "ú", "ü", "é", "ë")
VNI_I = ("i", "ì", "æ", "ó", "í", "ò")


def letter(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + TONES[tone])


def split_letter(ch: str) -> tuple[str, int] | None:
    """A Vietnamese vowel letter -> (its small toneless vowel, tone index); None for others."""
    small = ch.lower()
    for vowel in VOWELS:
        for tone in range(6):
            if letter(vowel, tone) == small:
                return vowel, tone
    return None


def to_tcvn3(text: str) -> str:
    """Unicode -> TCVN3, as Word shows a .VnTime run (cp1252 reading). Capitals with a tone have no
    code and get the small letter's, as typists had it."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        found = split_letter(ch)
        if ch in TCVN3_CAPITALS:
            out.append(chr(TCVN3_CAPITALS[ch]))
        elif found and TCVN3_CODES[found[0]][found[1]]:
            out.append(chr(TCVN3_CODES[found[0]][found[1]]))
        else:
            out.append(ch)
    return "".join(out)


def to_vni(text: str) -> str:
    """Unicode -> VNI, as Word shows a VNI-Times run."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        found = split_letter(ch)
        spelling = ch if found is None and ch not in "đĐ" else vni_spelling(*found) if found else "ñ"
        out.append(spelling.upper() if ch.isupper() else spelling)
    return "".join(out)


def vni_spelling(vowel: str, tone: int) -> str:
    if vowel == "i":
        return VNI_I[tone]
    if vowel == "y" and tone == 5:
        return "î"
    if vowel in "âêô":
        return unicodedata.normalize("NFD", vowel)[0] + VNI_CIRCUMFLEX[tone]
    if vowel == "ă":
        return "a" + VNI_BREVE[tone]
    return {"ơ": "ô", "ư": "ö"}.get(vowel, vowel) + VNI_TONE[tone]


ALL_SMALL = [letter(v, t) for v in VOWELS for t in range(6)] + ["đ"]
ALL_LETTERS = ALL_SMALL + [c.upper() for c in ALL_SMALL]


# --- Conversion ---------------------------------------------------------------------------------

def test_a_word_run_in_a_legacy_font_comes_out_as_vietnamese() -> None:
    assert lt.convert("KÕ ho¹ch", "tcvn3") == "Kế hoạch"
    assert lt.convert("Keá hoaïch", "vni") == "Kế hoạch"
    assert lt.convert("Ban Th\xadêng vô HuyÖn ñy", "tcvn3") == "Ban Thường vụ Huyện ủy"
    assert lt.convert("Ban Thöôøng vuï Huyeän uûy", "vni") == "Ban Thường vụ Huyện ủy"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentences_survive_a_trip_through_either_encoding(sentence: str) -> None:
    assert lt.convert(to_vni(sentence), "vni") == sentence
    assert lt.convert(to_tcvn3(sentence), "tcvn3") == sentence


def test_every_vietnamese_letter_survives_vni() -> None:
    assert len(set(ALL_LETTERS)) == 146  # 12 vowels × 6 tones and đ, small and capital
    for ch in ALL_LETTERS:
        assert lt.convert(to_vni(ch), "vni") == ch, (ch, to_vni(ch))


def test_every_small_letter_and_the_seven_capitals_survive_tcvn3() -> None:
    for ch in [*ALL_SMALL, "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"]:
        assert lt.convert(to_tcvn3(ch), "tcvn3") == ch, (ch, to_tcvn3(ch))


def test_an_h_font_gives_every_capital_with_its_tone() -> None:
    for ch in ALL_SMALL:
        assert lt.convert(to_tcvn3(ch), "tcvn3", upper=True) == ch.upper(), ch
    # in .VnTimeH the small codes show as capitals: đ becomes Đ, plain letters too
    assert lt.convert("®¶ng céng s¶n viÖt nam", "tcvn3", upper=True) == "ĐẢNG CỘNG SẢN VIỆT NAM"


def test_a_heading_typed_in_capitals_in_an_ordinary_tcvn3_font_keeps_its_capitals() -> None:
    # TCVN3 has no "Ả": typists used the small letter's code; the line's capitals say what was meant
    assert lt.convert("ñY BAN NH¢N D¢N HUYÖN SA PA", "tcvn3") == "ỦY BAN NHÂN DÂN HUYỆN SA PA"
    assert lt.convert("KÕ HO¹CH", "tcvn3") == "KẾ HOẠCH"
    # a capital first letter alone, or an abbreviation beside a word, changes nothing
    assert lt.convert("Sè: 15/KH-UBND", "tcvn3") == "Số: 15/KH-UBND"
    assert lt.convert("Tõ ngµy 10", "tcvn3") == "Từ ngày 10"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_plain_ascii_stays_as_it_is(encoding: str) -> None:
    text = "Ban Thuong vu, So 15-KH/HU (2022): {a} [b] 'c' \"d\" 100% @ # ~ ^ \\ |\r\n\tend"
    assert lt.convert(text, encoding) == text


def test_tcvn3_combining_tones_apply_only_after_a_vowel() -> None:
    assert lt.convert("ba\xb3c", "tcvn3") == "bác"  # 0xB3: the standard's combining sắc
    assert lt.convert("25\xb0C, x\xb2", "tcvn3") == "25°C, x²"  # a degree sign stays one


def test_text_word_kept_in_the_symbol_font_range_converts_too() -> None:
    # Word stores a "symbol" font's bytes at U+F000 + byte
    assert lt.convert("\uf04b\uf0d5", "tcvn3") == "Kế"


def test_an_unknown_encoding_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        lt.convert("abc", "viscii")


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs glibc iconv")
def test_the_tcvn3_table_agrees_with_glibc() -> None:
    """glibc's TCVN5712-1 is the full standard; VN3 is the part the ABC fonts use."""
    codes = [c for row in TCVN3_CODES.values() for c in row if c] + list(TCVN3_CAPITALS.values())
    raw = bytes(codes)
    done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=raw, capture_output=True)
    if done.returncode:
        pytest.skip("iconv has no TCVN5712-1")
    expected = unicodedata.normalize("NFC", done.stdout.decode("utf-8"))
    assert lt.convert(raw.decode("latin-1"), "tcvn3") == expected


# --- Fonts -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("font", "encoding", "upper"), [
    (".VnTime", "tcvn3", False), (".VnTimeH", "tcvn3", True), (".VnArial", "tcvn3", False),
    (".VnArialH", "tcvn3", True), (".VnArial NarrowH", "tcvn3", True), (" .vntime ", "tcvn3", False),
    ("VNI-Times", "vni", False), ("VNI-Helve", "vni", False), ("VNI-Helve-Condense", "vni", False),
    ("Times New Roman", None, False), ("Arial", None, False), ("VnTime", None, False), ("", None, False),
])
def test_the_font_name_says_the_encoding(font: str, encoding: str | None, upper: bool) -> None:
    assert lt.font_encoding(font) == encoding
    assert lt.is_upper_font(font) is upper


# --- Detection ---------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", SENTENCES[::2])
def test_legacy_sentences_are_recognised(sentence: str) -> None:
    assert lt.detect(to_tcvn3(sentence)) == "tcvn3"
    assert lt.detect(to_vni(sentence)) == "vni"


def test_a_one_line_tcvn3_heading_is_recognised() -> None:
    assert lt.detect("KÕ ho¹ch") == "tcvn3"
    assert lt.detect("Keá hoaïch") == "vni"


@pytest.mark.parametrize("text", [
    *SENTENCES,
    unicodedata.normalize("NFD", SENTENCES[0]),  # pasted from macOS or the web
    "Hòa, hoà, Ủy ban, Uỷ ban, thuý, thúy, quốc, giữ gìn, khuya, người, khoẻ",
    "The plan was adopted on 10 January 2022 and covers the whole district.",
    "© 2022 Sở Nội vụ – «Kế hoạch» “tuyên truyền” ½ ngày, 25°C, 5 µg, § 4, café, résumé, naïve",
    "Ðảng bộ huyện (Ð: the Icelandic letter, a common slip for Đ) ¶ · ¸ ¹ ª º ® ¬ ©",
    "Les élèves où sont allés à l'école, là où ça va très bien. Noël, maïs, naïf, thaï.",
    "Skriv gång på gång en rad. Eksplicit diskriminering baseret på køn. Er läuft länger.",
    "Portuguese: não, mãe, pão, irmão, limão, coração, São Paulo. Español: aún, señor, año.",
])
def test_unicode_english_and_foreign_text_is_left_alone(text: str) -> None:
    assert lt.detect(text) is None
    assert lt.ensure_unicode(text) == (text, None)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_real_documents_are_left_alone_in_unicode_and_converted_in_legacy(path: Path) -> None:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    assert lt.detect(text) is None
    assert lt.ensure_unicode(to_vni(text)) == (text, "vni")
    converted, encoding = lt.ensure_unicode(to_tcvn3(text))
    # TCVN3 cannot say "Ủy" (a capital with a tone) outside an all-capitals line: only case may differ
    assert encoding == "tcvn3" and converted.lower() == text.lower()


# --- Text files -------------------------------------------------------------------------------

def test_a_text_file_in_tcvn3_or_vni_decodes() -> None:
    text = "\r\n".join(SENTENCES)
    assert lt.decode_bytes(to_tcvn3(text).encode("cp1252")) == (text, "tcvn3")
    assert lt.decode_bytes(to_vni(text).encode("cp1252")) == (text, "vni")


def test_a_windows_text_file_that_is_not_vietnamese_reads_as_cp1252() -> None:
    raw = "“Quoted” – café, naïve, 25°C, € 10 …".encode("cp1252") + b" \x81\x8d\x8f\x90\x9d"
    assert lt.decode_bytes(raw) == ("“Quoted” – café, naïve, 25°C, € 10 … \x81\x8d\x8f\x90\x9d", "cp1252")


# --- Refusals ---------------------------------------------------------------------------------

def test_legacy_text_beside_unicode_vietnamese_is_refused_with_the_encoding_named() -> None:
    text = SENTENCES[2] + "\n" + to_tcvn3(SENTENCES[0])
    with pytest.raises(UsageError) as raised:
        lt.ensure_unicode(text, where="ke-hoach.txt")
    assert raised.value.key == "import_legacy_mixed"
    i18n.set_language("vi")
    assert "TCVN3 (ABC)" in str(raised.value) and "(ke-hoach.txt)" in str(raised.value)
    try:
        i18n.set_language("en")
        assert str(raised.value).startswith("the document (ke-hoach.txt) mixes text typed in the TCVN3 (ABC)")
    finally:
        i18n.set_language("vi")


def test_vni_beside_unicode_is_refused_too() -> None:
    with pytest.raises(UsageError) as raised:
        lt.ensure_unicode(to_vni(SENTENCES[0]) + "\n" + SENTENCES[2])
    assert raised.value.key == "import_legacy_mixed"
    assert "VNI" in str(raised.value) and "văn bản trộn" in str(raised.value)


def test_legacy_text_alone_is_converted_by_ensure_unicode() -> None:
    assert lt.ensure_unicode(to_tcvn3(SENTENCES[0])) == (SENTENCES[0], "tcvn3")
    assert lt.ensure_unicode(to_vni(SENTENCES[2])) == (SENTENCES[2], "vni")


def test_tcvn3_and_vni_in_one_text_is_refused_as_unsure() -> None:
    text = "\n".join(to_tcvn3(s) + "\n" + to_vni(s) for s in SENTENCES[::2])
    with pytest.raises(UsageError) as raised:
        lt.ensure_unicode(text, where="đoạn 3")
    assert raised.value.key == "import_legacy_unsure"
    assert "(đoạn 3)" in str(raised.value)
    assert lt.decode_bytes(text.encode("cp1252"))[1] == "cp1252"  # not converted: ensure_unicode says why
