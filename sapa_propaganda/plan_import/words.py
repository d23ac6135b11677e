"""Small facts about Vietnamese administrative text that every stage of the importer uses:
folding for comparison, Roman numerals, the letter order of "a), b), … đ), e)", slugs for ids,
and the capitalisation of a body's name written in capitals.
"""

from __future__ import annotations

import re
import unicodedata

from ..core.text import fold, nfc

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Vietnamese documents letter their points a, b, c, d, đ, e, g, h, i, k, l, m, n (no f, j, w, z).
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"


def folded(text: str) -> str:
    """Lower case, no diacritics (đ→d), punctuation as spaces, single spaces: for comparing."""
    text = fold(text)
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return text.strip()


def roman_value(text: str) -> int:
    """The value of a Roman numeral up to C, or 0 when `text` is not one written the usual way."""
    total, previous = 0, 0
    for ch in reversed(text.upper()):
        value = ROMAN_VALUES.get(ch)
        if value is None:
            return 0
        total += -value if value < previous else value
        previous = max(previous, value)
    return total if total and to_roman(total) == text.upper() else 0


def to_roman(value: int) -> str:
    out = []
    for number, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                            (4, "IV"), (1, "I")):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def id_component(label: str) -> str:
    """A numbering label as a component of an item id: "đ" becomes "dd", as typed in Telex, since
    ids are ASCII and "d" is taken by the point before it."""
    label = label.replace("đ", "dd").replace("Đ", "DD")
    return "".join(ch for ch in label if ch.isascii() and ch.isalnum())


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII words joined by '-', cut at a word boundary within `limit`."""
    words = folded(text).split()
    out: list[str] = []
    for word in words:
        if out and len("-".join([*out, word])) > limit:
            break
        out.append(word)
    return "-".join(out)[:limit].strip("-")


def is_upper(text: str) -> bool:
    """Written in capitals: every letter upper case, and there are letters."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


# The word after one of these starts the name of a field and takes a capital (Nghị định 30/2020,
# Phụ lục II): "Trung tâm Văn hóa", "Sở Tài nguyên và Môi trường", "Phòng Văn hóa - Thông tin".
_TYPE_WORDS = ("trung tâm", "sở", "phòng", "ban", "bộ", "cục", "chi cục", "tổng cục", "hội", "đoàn", "viện",
               "trường", "văn phòng", "đài", "báo", "công an", "kho bạc", "học viện", "bệnh viện", "liên đoàn")
# The level of an administrative unit: the words after it are a place's name, capitalised.
_PLACE_LEVELS = ("tỉnh", "huyện", "thị xã", "thành phố", "xã", "phường", "thị trấn", "quận")
_COMMITTEE = re.compile(r"\b(tỉnh|huyện|thị|thành|quận) (ủy|uỷ)\b")
_KEEP_UPPER = {"ubnd", "hđnd", "mttq", "ubmttq", "btg", "btv", "bch", "ubkt", "vh", "tt", "vhtt", "ctxh", "ct-xh",
               "lđlđ", "hlhpn", "tncs", "cchc", "vp", "đtn", "ccb"}
_FIXED = ("Ban Thường vụ", "Ban Chấp hành", "Ban Tuyên giáo", "Ban Dân vận", "Ban Tổ chức", "Mặt trận Tổ quốc",
          "Hội đồng nhân dân", "Ủy ban nhân dân", "Ủy ban Kiểm tra", "Ủy ban Mặt trận Tổ quốc", "Ban Chỉ đạo",
          "Ban Chỉ huy Quân sự", "Việt Nam", "Hồ Chí Minh")


def name_from_capitals(text: str) -> str:
    """"ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ" → "Ủy ban nhân dân tỉnh Thừa Thiên Huế";
    "HUYỆN ỦY BẢO THẮNG" → "Huyện ủy Bảo Thắng"; "TRUNG TÂM VĂN HÓA" → "Trung tâm Văn hóa".
    A name already in mixed case is kept."""
    text = nfc(" ".join(text.split()))
    if not is_upper(text):
        return text
    words = text.lower().split(" ")
    capital = [i == 0 for i in range(len(words))]
    place_from = len(words)
    for i in range(len(words)):
        rest = " ".join(words[i:])
        for level in _PLACE_LEVELS:
            if i > 0 and rest.startswith(level + " ") and not rest.startswith(level + " ủy"):
                place_from = min(place_from, i + len(level.split()))
        if _COMMITTEE.match(rest):
            place_from = min(place_from, i + 2)
            capital[i] = True  # "Ban Tuyên giáo Thị ủy Sa Pa"
        for head in _TYPE_WORDS:
            size = len(head.split())
            if " ".join(words[i:i + size]) == head and i + size < len(words) and i + size < place_from:
                following = " ".join(words[i + size:i + size + 2])
                if not following.startswith(("nhân dân", "các")) and not any(
                        following.startswith(level) for level in _PLACE_LEVELS):
                    capital[i + size] = True
        if words[i].rstrip(",") != words[i] or words[i] in ("và", "-", "–"):
            if i + 1 < len(words) and i + 1 < place_from and any(capital[:i + 1]):
                capital[i + 1] = True  # "Văn hóa, Thể thao và Du lịch"
    out = [w.upper() if w in _KEEP_UPPER else _capitalised(w) if capital[i] or i >= place_from else w
           for i, w in enumerate(words)]
    result = " ".join(out)
    result = re.sub(r"(?<=\s)ủy ban\b(?! nhân dân)", "Ủy ban", result)  # "Ban Thường trực Ủy ban MTTQ"
    for fixed in _FIXED:
        result = re.sub(re.escape(fixed), fixed, result, flags=re.IGNORECASE)
    return result


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:] if word else word


def strip_accents_keep_d(text: str) -> str:
    """Diacritics off, đ kept: for showing a folded form to a human."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
