"""The name of a body, written in capitals in a document's header ("ỦY BAN NHÂN DÂN THỊ XÃ SA
PA"), as a sentence writes it ("Ủy ban nhân dân thị xã Sa Pa"): for the importer, which reads
headers, and for the papers, which name the office in their sentences.
"""

from __future__ import annotations

import re

from .text import nfc


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
