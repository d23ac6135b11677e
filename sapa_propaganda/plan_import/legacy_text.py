"""Vietnamese typed in the legacy encodings TCVN3 (ABC) and VNI: recognise it and convert it to Unicode.

Old offices' Word files and text files still hold such text. In a .docx, a run in a legacy font
(".VnTime", ".VnTimeH", "VNI-Times", …) keeps the legacy bytes as the characters of their
Windows-1252 reading ("KÕ ho¹ch", "Keá hoaïch" for "Kế hoạch"); the run's font says which
encoding (`font_encoding`). A text file holds the bytes themselves (`decode_bytes`). Text with
no font to go by is judged by `detect`, and `ensure_unicode` converts it or refuses it: the
importer must never take legacy text in as garbage.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import UsageError

LEGACY_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}

# Combining tone marks, by name, for the tables and the syllable check.
_HUYEN, _HOI, _NGA, _SAC, _NANG = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_TONE_MARKS = frozenset((_HUYEN, _HOI, _NGA, _SAC, _NANG))

# TCVN 5712:1993, table VN3 (the "ABC" fonts .VnTime, .VnArial, …): byte -> letter. Only small
# letters carry tones; the capitals Ă Â Ê Ô Ơ Ư Đ are the only capitals beyond ASCII, so capitals
# with a tone are written with the small letter's byte in an all-capitals "H" font (.VnTimeH).
# Each toned vowel is listed in the standard's order: huyền, hỏi, ngã, sắc, nặng.
_TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
# The standard's five combining tone marks (0xB0–0xB4). As cp1252 they read "°±²³´", which are
# common symbols, so they are taken as tones only right after a vowel without one.
_TCVN3_TONE_BYTES: dict[int, str] = {0xB0: _HUYEN, 0xB1: _HOI, 0xB2: _NGA, 0xB3: _SAC, 0xB4: _NANG}

# VNI Windows (the VNI fonts VNI-Times, VNI-Helve, …): a vowel is its ASCII letter followed by one
# byte for its shape and tone, except ơ ư đ and the toned i, ỵ, which are single bytes. Rows:
# the Unicode letters (no tone, sắc, huyền, hỏi, ngã, nặng) and their VNI spellings. Capitals are
# the same spellings in capitals ("AÙ" = Á, "Ô" = Ơ), as VNI keyboards type them.
_VNI_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("aáàảãạ", ("a", "aù", "aø", "aû", "aõ", "aï")),
    ("ăắằẳẵặ", ("aê", "aé", "aè", "aú", "aü", "aë")),
    ("âấầẩẫậ", ("aâ", "aá", "aà", "aå", "aã", "aä")),
    ("eéèẻẽẹ", ("e", "eù", "eø", "eû", "eõ", "eï")),
    ("êếềểễệ", ("eâ", "eá", "eà", "eå", "eã", "eä")),
    ("iíìỉĩị", ("i", "í", "ì", "æ", "ó", "ò")),
    ("oóòỏõọ", ("o", "où", "oø", "oû", "oõ", "oï")),
    ("ôốồổỗộ", ("oâ", "oá", "oà", "oå", "oã", "oä")),
    ("ơớờởỡợ", ("ô", "ôù", "ôø", "ôû", "ôõ", "ôï")),
    ("uúùủũụ", ("u", "uù", "uø", "uû", "uõ", "uï")),
    ("ưứừửữự", ("ö", "öù", "öø", "öû", "öõ", "öï")),
    ("yýỳỷỹỵ", ("y", "yù", "yø", "yû", "yõ", "î")),
    ("đ", ("ñ",)),
)


def _vni_table() -> dict[str, str]:
    """VNI spelling -> Unicode letter, small and capital, for every spelling that is not ASCII."""
    table: dict[str, str] = {}
    for letters, spellings in _VNI_ROWS:
        for letter, spelling in zip(letters, spellings, strict=True):
            if not spelling.isascii():
                table[spelling] = letter
                table[spelling.upper()] = letter.upper()
    return table


_VNI = _vni_table()
# Longest first, so that "oâ" wins over "o" and "ôù" over "ô".
_VNI_RE = re.compile("|".join(re.escape(s) for s in sorted(_VNI, key=len, reverse=True)))
_UNTONED_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_TCVN3_TONE_RE = re.compile(f"(?<=[{_UNTONED_VOWELS}])[\u00b0-\u00b4]")
# Word keeps the text of a "symbol" font in U+F020–U+F0FF (the byte plus 0xF000).
_SYMBOL_FONT_RE = re.compile("[\uf020-\uf0ff]")
_LINE_RE = re.compile(r"[^\r\n]+")
_LEGACY_WORD_RE = re.compile(r"[A-Za-z\u00a1-\u00fe]+")
_SMALL_ASCII_RE = re.compile("[a-z]")


def font_encoding(font_name: str) -> str | None:
    """"tcvn3" for the ABC fonts (".VnTime", ".VnArialH", …), "vni" for the VNI fonts ("VNI-Times",
    …), None for any other font (a Unicode one)."""
    name = font_name.strip()
    if name[:3].lower() == ".vn":
        return "tcvn3"
    if name[:3].upper() == "VNI":
        return "vni"
    return None


def is_upper_font(font_name: str) -> bool:
    """A TCVN3 capitals font (".VnTimeH", ".VnArialH"): it shows every letter as a capital, which is
    how TCVN3 writes capitals with a tone."""
    name = font_name.strip()
    return font_encoding(name) == "tcvn3" and name.endswith("H")


def convert(text: str, encoding: str, upper: bool = False) -> str:
    """Legacy text (as its cp1252 reading) -> Unicode NFC. `upper` for a TCVN3 "H" font's text."""
    text = _SYMBOL_FONT_RE.sub(lambda m: chr(ord(m.group()) - 0xF000), text)
    if encoding == "tcvn3":
        converted = _tcvn3_to_unicode(text)
    elif encoding == "vni":
        converted = _VNI_RE.sub(lambda m: _VNI[m.group()], text)
    else:
        raise ValueError(f"unknown legacy encoding: {encoding}")
    return unicodedata.normalize("NFC", _upper(converted) if upper else converted)


def _tcvn3_to_unicode(text: str) -> str:
    # 0xA1–0xFE read the same in cp1252 and Latin-1, so each byte is its own code point here.
    letters = text.translate(_TCVN3_BYTES)
    converted = _TCVN3_TONE_RE.sub(lambda m: _TCVN3_TONE_BYTES[ord(m.group())], letters)
    return _restore_capitals(text, converted)


def _restore_capitals(legacy: str, converted: str) -> str:
    """TCVN3 has no capitals with a tone, so text typed in capitals in an ordinary font comes out
    "VIệT NAM". Give capitals to a word whose plain letters (two or more) are all capitals, and
    to every word of a line with such a word and no small plain letter ("ñY BAN NH¢N" -> "ỦY BAN
    NHÂN"). The conversion is one character for one, so positions in `legacy` are positions in
    `converted`."""
    letters = list(converted)
    for line in _LINE_RE.finditer(legacy):
        words = [word for word in _LEGACY_WORD_RE.finditer(line.group()) if not word.group().isascii()]
        in_capitals = [word for word in words if _typed_in_capitals(word.group())]
        if in_capitals and not _SMALL_ASCII_RE.search(line.group()):
            in_capitals = words
        for word in in_capitals:
            start, end = line.start() + word.start(), line.start() + word.end()
            letters[start:end] = _upper("".join(letters[start:end]))
    return "".join(letters)


def _typed_in_capitals(word: str) -> bool:
    plain = [c for c in word if c.isascii()]
    return len(plain) >= 2 and "".join(plain).isupper()


def _upper(text: str) -> str:
    """Capitals, letter for letter (Vietnamese-aware: đ -> Đ, ư -> Ư), never changing the length."""
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


# --- Telling legacy text from Unicode -----------------------------------------------------------

# A Vietnamese syllable: initial consonant, then the rhyme: a glide o/u ("oa", "uy", "uyê"), the
# nucleus and the final it takes. Loose where the language is loose; strict enough that legacy text
# read the wrong way ("KÕ", "tèt") or a foreign word ("Müller") is seldom a syllable.
_INITIAL_RE = re.compile("(?:ngh|ng|gh|gi|kh|ph|th|tr|ch|nh|qu|[bcdđghklmnprstvx])?")
_STOP_FINALS = ("c", "ch", "p", "t")  # a syllable ending in one takes only sắc or nặng
_NUCLEUS_FINALS: dict[str, tuple[str, ...]] = {
    "a": ("", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u", "y"),
    "ă": ("c", "m", "n", "ng", "p", "t"),
    "â": ("c", "m", "n", "ng", "p", "t", "u", "y"),
    "e": ("", "c", "m", "n", "ng", "p", "t", "o"),
    "ê": ("", "ch", "m", "n", "nh", "p", "t", "u"),
    "i": ("", "ch", "m", "n", "nh", "p", "t", "u", "a"),
    "y": ("",),
    "iê": ("c", "m", "n", "ng", "p", "t", "u"),
    "yê": ("c", "m", "n", "ng", "p", "t", "u"),
    "o": ("", "c", "m", "n", "ng", "p", "t", "i"),
    "oo": ("c", "ng"),
    "ô": ("", "c", "m", "n", "ng", "p", "t", "i"),
    "ơ": ("", "m", "n", "p", "t", "i"),
    "u": ("", "c", "m", "n", "ng", "p", "t", "i", "a"),
    "uô": ("c", "m", "n", "ng", "t", "i"),
    "ư": ("", "c", "m", "n", "ng", "t", "i", "u", "a"),
    "ươ": ("c", "m", "n", "ng", "p", "t", "i", "u"),
}
# glide -> the nuclei it goes before, with the finals they take there when not their own ("uynh").
_GLIDES: dict[str, dict[str, tuple[str, ...]]] = {
    "o": {"a": _NUCLEUS_FINALS["a"], "ă": _NUCLEUS_FINALS["ă"], "e": _NUCLEUS_FINALS["e"]},
    "u": {
        "â": _NUCLEUS_FINALS["â"], "ê": _NUCLEUS_FINALS["ê"], "ơ": _NUCLEUS_FINALS["ơ"],
        "yê": _NUCLEUS_FINALS["yê"], "y": ("", "ch", "nh", "t", "p", "u", "a"),
    },
}


def _rhymes() -> dict[str, frozenset[int]]:
    """Every rhyme -> where in it the tone mark may sit: on the nucleus (its second letter in
    "iê", "uô", "ươ"), or, in an open "oa", "oe", "uy", on the glide as well ("hòa" and "hoà")."""
    rhymes: dict[str, set[int]] = {}
    for glide, nuclei in (("", _NUCLEUS_FINALS), *_GLIDES.items()):
        for nucleus, finals in nuclei.items():
            for final in finals:
                places = rhymes.setdefault(glide + nucleus + final, set())
                places.add(len(glide) + len(nucleus) - 1 if len(nucleus) == 2 else len(glide))
                if glide and not final:
                    places.add(0)
    return {rhyme: frozenset(places) for rhyme, places in rhymes.items()}


_RHYMES = _rhymes()


def _is_syllable(word: str) -> bool:
    """Whether `word` (small letters, NFC) is a well-formed Vietnamese syllable, its tone on a
    letter that may carry it."""
    tones = [(i, tone) for i, tone in enumerate(map(_tone_of, word)) if tone]
    if len(tones) > 1:
        return False
    bare = "".join(_strip_tone(c) for c in word)
    place, tone = tones[0] if tones else (-1, "")
    for start in _initial_lengths(bare):
        places = _RHYMES.get(bare[start:])
        if places is None or (tone and place - start not in places):
            continue
        if tone in ("", _SAC, _NANG) or not bare.endswith(_STOP_FINALS):
            return True
    return False


def _tone_of(letter: str) -> str:
    return next((c for c in unicodedata.normalize("NFD", letter) if c in _TONE_MARKS), "")


def _strip_tone(letter: str) -> str:
    marks = unicodedata.normalize("NFD", letter)
    return unicodedata.normalize("NFC", "".join(c for c in marks if c not in _TONE_MARKS))


def _initial_lengths(bare: str) -> list[int]:
    """Every way of reading the start of `bare` as an initial consonant ("gi" + "a", or "g" + "ia")."""
    match = _INITIAL_RE.match(bare)
    longest = match.end() if match else 0
    return sorted({n for n in (longest, 1, 0) if n <= longest and _INITIAL_RE.fullmatch(bare[:n])})


def _is_unicode_word(word: str) -> bool:
    """A Vietnamese word as Unicode text writes it: a syllable, small, capitalised or in capitals."""
    cased = word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())
    return cased and _is_syllable(word.lower())




def _word_re() -> re.Pattern[str]:
    """A word, for judging: letters, and the TCVN3 bytes whose cp1252 reading is no letter ("ho¹ch")."""
    letter = re.compile(r"[^\W\d_]")
    signs = "".join(c for c in map(chr, [*_TCVN3_BYTES, *_TCVN3_TONE_BYTES]) if not letter.match(c))
    return re.compile(f"(?:{letter.pattern}|[{re.escape(signs)}])+")


_WORD_RE = _word_re()


@dataclass
class _Evidence:
    """What the words of a text say about one legacy encoding."""

    legacy: int = 0  # make sense only once converted
    odd: int = 0  # of those, words with a sign no word has ("ho¹ch"): no foreign word, surely legacy
    kinds: set[str] = field(default_factory=set)  # those words, each once
    ambiguous: int = 0  # make sense either way
    unicode: int = 0  # make sense only as they are
    damaged: int = 0  # of those, words the conversion would change: converting would spoil them
    garbage: int = 0  # the conversion changes them into no Vietnamese word


def _evidence(text: str, encoding: str) -> _Evidence:
    found = _Evidence()
    for word in _WORD_RE.findall(unicodedata.normalize("NFC", text)):
        if word.isascii() or len(word) < 2:  # an ASCII word reads the same; one sign is no word
            continue
        converted = convert(word, encoding)
        as_unicode = _is_unicode_word(word)
        as_legacy = converted != word and _is_syllable(converted.lower())
        if as_legacy and (as_unicode or len(word) < 3):  # "où" -> "ó" proves nothing
            found.ambiguous += 1
        elif as_unicode:
            found.unicode += 1
            found.damaged += converted != word
        elif as_legacy:
            found.legacy += 1
            found.odd += not word.isalpha()
            found.kinds.add(word.lower())
        elif converted != word:
            found.garbage += 1
    return found


@dataclass(frozen=True)
class _Verdict:
    encoding: str | None  # the legacy encoding its words point to; None: Unicode or plain text
    state: str  # "unicode", "legacy" (convert it), "mixed" (beside Unicode Vietnamese), "unsure"


def _judge(text: str) -> _Verdict:
    """What the words of `text` say about its encoding."""
    tcvn3, vni = _evidence(text, "tcvn3"), _evidence(text, "vni")
    encoding, found, other = ("tcvn3", tcvn3, vni) if tcvn3.legacy >= vni.legacy else ("vni", vni, tcvn3)
    # Two different words that make sense only converted; or one with a sign no word has, beside a
    # word that makes sense either way and nothing against it (a one-line heading "KÕ ho¹ch").
    clean = found.unicode == found.garbage == 0
    enough = len(found.kinds) >= 2 or (found.odd == 1 and found.ambiguous >= 1 and clean)
    if not enough:
        return _Verdict(None, "unicode")
    share = found.legacy / (found.legacy + found.unicode + found.garbage)
    if share >= 0.75 and other.legacy * 3 <= found.legacy:  # a rare odd word is a typo or a name
        return _Verdict(encoding, "mixed" if found.damaged else "legacy")
    # Legacy words beside Unicode Vietnamese, not just a stray few among it (or among foreign
    # words: "län" -> "lọn", "thaï" -> "thạ"). Converting would spoil the Unicode words.
    if found.damaged and found.unicode >= found.garbage and (found.legacy >= 5 or share >= 0.1):
        return _Verdict(encoding, "mixed")
    if share >= 0.5 and found.legacy >= 10:  # mostly legacy, but the words do not agree on it
        return _Verdict(encoding, "unsure")
    return _Verdict(None, "unicode")


def detect(text: str) -> str | None:
    """"tcvn3" or "vni" when `text` (with no font to go by) holds Vietnamese typed in that legacy
    encoding, None for Unicode or plain text: `ensure_unicode` leaves text alone exactly when
    this is None.

    It goes by words, each tried as it stands and converted: "c«ng" is no Vietnamese syllable but
    "công" is, so it speaks for TCVN3; "công" is a syllable already and speaks for Unicode (a
    word is a syllable if its letters, tone and tone's place fit Vietnamese spelling). It needs
    two different legacy words (or a heading like "KÕ ho¹ch"), and legacy words must be at least
    a tenth of the words that speak at all, so stray symbols (©, «», –), a foreign word that
    happens to convert ("gång" -> "gồng") and English text do not make it fire."""
    return _judge(text).encoding


# cp1252 differs from Latin-1 only in 0x80–0x9F, where it has “ ” – … € and the like.
_CP1252_HIGH = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """A text file's bytes (no BOM, not UTF-8) -> (Unicode text, "tcvn3" | "vni" | "cp1252").

    The bytes are read as cp1252 (the five bytes it leaves undefined as Latin-1), then converted
    when they are clearly TCVN3 or VNI. Doubtful text comes back as cp1252: `ensure_unicode` on
    it then says what is wrong."""
    text = raw.decode("latin-1").translate(_CP1252_HIGH)
    verdict = _judge(text)
    if verdict.encoding and verdict.state == "legacy":
        return convert(text, verdict.encoding), verdict.encoding
    return text, "cp1252"


def ensure_unicode(text: str, where: str = "") -> tuple[str, str | None]:
    """(`text` in Unicode, the legacy encoding it was in or None).

    Raises UsageError when legacy words sit beside Unicode words that the conversion would spoil
    ("import_legacy_mixed"), or when the words do not say clearly which encoding it is
    ("import_legacy_unsure"): importing such text would bring in garbage."""
    verdict = _judge(text)
    if verdict.encoding is None:
        return text, None
    if verdict.state != "legacy":
        place = f" ({where})" if where else ""
        raise UsageError(f"import_legacy_{verdict.state}", encoding=LEGACY_NAMES[verdict.encoding], where=place)
    return convert(text, verdict.encoding), verdict.encoding
