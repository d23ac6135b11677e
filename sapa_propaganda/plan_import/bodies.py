"""The bodies a plan names: the office's roster first, then the names the text itself gives
("Ban Tuyên giáo Huyện ủy", "UBND các xã, thị trấn", "Các chi, đảng bộ trực thuộc").

A name starts at a word that heads a body's name (Ban, Sở, Phòng, Ủy ban, Hội, Đoàn, Trung tâm,
Đảng ủy, …) and runs while its words can belong to a name: capitalised words, the lower-case
words names are made of ("nhân dân", "các xã", "trực thuộc"), a comma before another capital
("Sở Văn hóa, Thể thao và Du lịch"). It stops at a verb ("chủ trì", "phối hợp", "tổ chức"),
punctuation, or another body's name after a comma or "và".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.model import Unit
from ..core.text import nfc
from .words import folded, slug

# Abbreviations offices write for the words of a name; expanded before two names are compared.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc", "ubmttqvn": "uy ban mat tran to quoc viet nam", "btg": "ban tuyen giao",
    "btv": "ban thuong vu", "bch": "ban chap hanh", "ubkt": "uy ban kiem tra", "bcd": "ban chi dao",
    "ct xh": "chinh tri xa hoi", "ctxh": "chinh tri xa hoi", "lđld": "lien doan lao dong", "ldld": "lien doan lao dong",
    "hlhpn": "hoi lien hiep phu nu", "hnd": "hoi nong dan", "ccb": "cuu chien binh", "đtn": "doan thanh nien",
    "dtn": "doan thanh nien", "tncs": "thanh nien cong san", "vhttdl": "van hoa the thao va du lich",
    "vh tt": "van hoa thong tin", "vhtt": "van hoa thong tin", "tt tt": "thong tin va truyen thong",
    "tttt": "thong tin va truyen thong", "gd dt": "giao duc va dao tao", "gddt": "giao duc va dao tao",
    "ld tb xh": "lao dong thuong binh va xa hoi", "ldtbxh": "lao dong thuong binh va xa hoi",
    "bchqs": "ban chi huy quan su", "tw": "trung uong", "vp": "van phong", "tt": "trung tam",
}

# Words (folded) that begin a body's name; the longest match wins. `True`: it must be written
# with a capital to count ("Ban Tuyên giáo", but not "ban hành"; "Phòng Nội vụ", not "phòng, chống").
_HEADS: dict[str, bool] = {
    "uy ban nhan dan": False, "uy ban mat tran to quoc": False, "uy ban mttq": False, "uy ban kiem tra": True,
    "uy ban": True, "ubnd": False, "ubmttq": False, "ubmttqvn": False, "ubkt": False, "mttq": False,
    "mat tran to quoc": True, "hoi dong nhan dan": True, "hdnd": False, "thuong truc": True,
    "ban": True, "btg": False, "btv": False, "so": True, "phong": True, "trung tam": True, "hoi": True,
    "doan": True, "lien doan": True, "cong doan": True, "dang uy": True, "dang bo": True, "chi bo": True,
    "chi uy": True, "huyen uy": True, "thi uy": True, "tinh uy": True, "thanh uy": True, "quan uy": True,
    "huyen doan": True, "thi doan": True, "tinh doan": True, "thanh doan": True, "van phong": True,
    "cong an": True, "bo chi huy": True, "cong thong tin": True, "cong thong tin dien tu": True, "dai": True,
    "bao": True, "truong": True, "vien": True, "cuc": True, "chi cuc": True, "kho bac": True,
    "ngan hang": True, "bao hiem xa hoi": True, "toa an": True, "vien kiem sat": True, "bo": True,
    "hoc vien": True, "benh vien": True, "tong cuc": True, "to cong tac": True, "hat kiem lam": True,
    "cac chi dang bo": False, "cac chi bo": False, "cac dang bo": False, "cac chi": False, "cac dang uy": False,
    "cac co quan": False, "cac don vi": False, "cac so": False, "cac phong": False, "cac ban": False,
    "cac to chuc": False, "cac doan the": False, "cac hoi": False, "cac xa": False, "cac truong": False,
    "cac trung tam": False, "cac huyen": False, "cac cap uy": False, "cap uy": False, "cac dia phuong": False,
    "uy ban nhan dan cac": False, "ubnd cac": False, "doan thanh nien": True, "hoi lien hiep phu nu": True,
    "hoi nong dan": True, "hoi cuu chien binh": True, "lien doan lao dong": True, "mat tran": True,
    "thuong truc huyen uy": True, "thuong truc dang uy": True, "ban chi dao": True, "to": True,
    "cac co so": False, "cac tu nhan": False, "thon": True, "cac bo": False,
    "cac dong chi": False, "tieu ban": True,
}
_MAX_HEAD = max(len(h.split()) for h in _HEADS)
# How each head is spelled with its diacritics: folding alone would take "phong trào" for "phòng".
_HEAD_SPELLINGS: dict[str, set[str]] = {}
for _spelled in """
ủy ban nhân dân|ủy ban mặt trận tổ quốc|ủy ban mttq|ủy ban kiểm tra|ủy ban|ubnd|ubmttq|ubmttqvn|ubkt|mttq|
mặt trận tổ quốc|hội đồng nhân dân|hđnd|thường trực|ban|btg|btv|sở|phòng|trung tâm|hội|đoàn|liên đoàn|
công đoàn|đảng ủy|đảng bộ|chi bộ|chi ủy|huyện ủy|thị ủy|tỉnh ủy|thành ủy|quận ủy|huyện đoàn|thị đoàn|
tỉnh đoàn|thành đoàn|văn phòng|công an|bộ chỉ huy|cổng thông tin|cổng thông tin điện tử|đài|báo|trường|viện|
cục|chi cục|kho bạc|ngân hàng|bảo hiểm xã hội|tòa án|toà án|viện kiểm sát|bộ|học viện|bệnh viện|tổng cục|
tổ công tác|hạt kiểm lâm|các chi đảng bộ|các chi bộ|các đảng bộ|các chi|các đảng ủy|tiểu ban|các cơ quan|các đơn vị|
các sở|các phòng|các ban|các tổ chức|các đoàn thể|các hội|các xã|các trường|các trung tâm|các huyện|
các cấp ủy|cấp ủy|các địa phương|ủy ban nhân dân các|ubnd các|đoàn thanh niên|hội liên hiệp phụ nữ|
hội nông dân|hội cựu chiến binh|liên đoàn lao động|mặt trận|thường trực huyện ủy|thường trực đảng ủy|
ban chỉ đạo|tổ|các cơ sở|các tư nhân|thôn|các bộ|các đồng chí
""".replace("\n", "").split("|"):
    _HEAD_SPELLINGS.setdefault(folded(_spelled), set()).add(_spelled.strip())
# A head that names a body only with a capitalised name after it ("Sở Nội vụ", not "Sở tại").
_BARE_HEADS = {"ban", "so", "phong", "hoi", "doan", "bo", "to", "dai", "bao", "truong", "vien", "cuc", "thon",
               "thuong truc", "cac dong chi", "trung tam", "van phong", "tieu ban", "dang bo", "dang uy", "chi bo"}
# Words after a head that make it something else: a contest, a meeting, a member.
_NOT_A_BODY_AFTER = {
    "hội": {"thi", "nghị", "thảo", "viên", "diễn", "chợ", "trại", "khỏe", "khoẻ", "ngộ", "nhập", "đủ", "tụ"},
    "đoàn": {"viên", "kết", "tụ", "thể"}, "ban": {"hành", "ngày", "đầu", "đêm"}, "tổ": {"chức", "quốc", "dân"},
    "báo": {"cáo", "chí"}, "đài": {"tưởng"}, "trường": {"hợp"}, "bộ": {"phận", "máy", "đội", "tài"},
}

# Lower-case words a name may hold ("Ủy ban nhân dân các xã, thị trấn trực thuộc").
_NAME_WORDS = set("""
nhân dân thường vụ trực thuộc các chính trị xã hội cấp huyện tỉnh thị thành phố phường trấn quận tổ quốc đảng
bộ chi đoàn thể khối cơ sở đơn vị địa phương ngành ban phòng liên quan văn hóa hoá thông tin du lịch giáo dục
đào tạo y tế nội vụ tài nguyên môi trường nông nghiệp phát triển công an quân sự lao động thương binh kinh hạ tầng
tư pháp kế hoạch đầu khoa học nghệ giao vận tải xây dựng ngoại mặt trận phụ nữ thanh niên cựu chiến doanh nghiệp
hội đồng ủy kiểm tra truyền hình viên chức trung tâm trường mầm non tiểu và đài điện tử quản lý điều hành phát thanh
việt nam cộng sản hồ chí minh liên hiệp thao thể dục luật phổ biến giám sát phản biện tiếp khu dân cư ấp bản
làng buôn sở quyền an ninh quốc phòng tuyên đối kiểm lâm ngoại vụ hành chính thống kê kho bạc thuế hải quan
thôn bầu cử tộc tôn thi đua khen thưởng thanh tra chuyên môn nghiệp vụ công tác quần chúng thành viên phiếu
phục vụ công tiểu xuyên
""".split())
# Lower-case words that end a name because they start what the body does.
_STOP_PHRASES = [p.split() for p in """
chủ trì|phối hợp|thực hiện|chỉ đạo|hướng dẫn|có trách nhiệm|xây dựng|tham mưu|theo dõi|đôn đốc|báo cáo|định kỳ|
triển khai|tăng cường|đẩy mạnh|chủ động|tiếp tục|phát động|hưởng ứng|quán triệt|nắm bắt|bố trí|giám sát|
phân công|ban hành|lựa chọn|biên soạn|đăng tải|cung cấp|rà soát|xử lý|phổ biến|vận động|nghiên cứu|đề xuất|
tập trung|trình|giới thiệu|tiếp nhận|tổng hợp|hỗ trợ|bảo đảm|đảm bảo|duy trì|phụ trách|kịp thời|nghiêm túc|
thường xuyên|căn cứ|trên cơ sở|chuẩn bị|làm|là|được|sẽ|cần|phải|khi|nếu|theo|về|với|để|nhằm|tại|cho|từ|đến|
trước|sau|trong năm|trong tháng|trong quý|gửi|nộp|tuyên truyền|kiểm tra|tổ chức|mở|đưa|tham gia|đối với|
cùng|đồng thời|và các cơ quan|và các đơn vị|và địa phương|có liên quan|liên quan|đề nghị|yêu cầu|thông báo|
chịu trách nhiệm|tích cực|thành lập|triệu tập|công bố|chuyển|tổng kết|sơ kết|đánh giá|
khẩn trương|tiến hành|quản lý|hoàn thành|lập|trực tiếp
""".replace("\n", "").split("|") if p.strip()]
# A collective that stands for every body of the plan rather than one of them.
_GENERIC = {
    "cac co quan", "cac don vi", "cac co quan don vi", "cac co quan don vi dia phuong", "cac dia phuong",
    "cac co quan don vi lien quan", "cac co quan lien quan", "cac don vi lien quan", "cac cap", "cac nganh",
    "cac cap cac nganh", "cac co quan to chuc",
    "cac co quan don vi truong hoc", "cac to chuc ca nhan", "cap uy cac cap",
    "cac cap uy", "cac cap uy dang", "cac cap uy to chuc dang", "cac to chuc", "cac co so",
}


# A body named by its abbreviation alone, in a list that names its level once for all ("Thường
# trực HĐND, UBND, Ủy ban Kiểm tra Đảng ủy xã").
_ONE_WORD_BODY = re.compile(r"UBND|HĐND|UBMTTQ|MTTQ|UBKT")


@dataclass
class Body:
    """A body the plan names."""

    id: str
    name: str
    key: str  # the name folded, abbreviations expanded: two spellings of one body share it
    aliases: list[str] = field(default_factory=list)
    roster: bool = False  # one of the office roster's units
    loose: str = ""  # why it was matched loosely: the clerk checks it
    collective: bool = False  # "các chi, đảng bộ", "UBND các xã": several bodies reporting each on its own


@dataclass
class Named:
    """A body named in a sentence, and where."""

    body: Body
    start: int
    end: int
    written: str


def name_key(name: str) -> str:
    words = folded(nfc(name))
    for short, full in sorted(ABBREVIATIONS.items(), key=lambda kv: -len(kv[0])):
        words = re.sub(rf"\b{re.escape(short)}\b", full, words)
    words = re.sub(r"\bviet nam\b", "", words)
    return " ".join(words.split())


class Bodies:
    """Every body found so far, each once, with its id; the roster's units are known from the start."""

    def __init__(self, roster: tuple[Unit, ...] = ()):
        self.by_key: dict[str, Body] = {}
        self.order: list[Body] = []
        self.roster_units = roster
        for unit in roster:
            body = Body(id=unit.id, name=unit.name, key=name_key(unit.name), aliases=list(unit.aliases), roster=True)
            for alias in (unit.name, unit.short, *unit.aliases):
                if alias:
                    self.by_key.setdefault(name_key(alias), body)

    def used(self) -> list[Body]:
        return list(self.order)

    def body_for(self, written: str) -> Body | None:
        """The body a name stands for, adding it when new; None for a generic collective."""
        name = _clean_name(written)
        key = name_key(name)
        one_word = len(name.split()) < 2
        if not key or key in _GENERIC or len(key) < 3 or key.endswith(("cac nganh", "co lien quan")) \
                or _only_class_words(key) or key.startswith(("cap uy", "dang bo cac cap")) \
                or one_word and not _ONE_WORD_BODY.fullmatch(name):
            return None
        # An abbreviation alone ("UBND") is only ever itself: loosely it would be any "UBND …" known.
        body = self.by_key.get(key) or (None if one_word else self._loosely(key, name))
        if body is None:
            body = Body(id=self._new_id(name), name=name, key=key, collective=_is_collective(key))
            self.by_key[key] = body
        elif folded(name) != folded(body.name) and name not in body.aliases and len(name) < 80:
            if len(key) > len(body.key) and not body.roster and key.startswith(body.key):
                body.aliases.append(body.name)  # the fuller name becomes the name
                body.name = name
                body.key = key
                self.by_key[key] = body
            else:
                body.aliases.append(name)
        if body not in self.order:
            self.order.append(body)
        return body

    def _loosely(self, key: str, name: str) -> Body | None:
        """"Ban Tuyên giáo" for "Ban Tuyên giáo Huyện ủy", or the other way round, when only one
        body fits: the same body, noted for the clerk to check."""
        # Against the name each body has now: "Ban Tuyên giáo" became "Ban Tuyên giáo Huyện ủy", so
        # "Ban Tuyên giáo Tỉnh ủy" is another body, not a longer name of it.
        unique = {id(b): b for b in self.by_key.values() if _compatible(key, b.key)}
        if len(unique) != 1:
            return None
        body = next(iter(unique.values()))
        if body.roster and not key.startswith(body.key):
            return None
        if body.roster or not key.startswith(body.key):
            body.loose = body.loose or f"“{name}” được hiểu là “{body.name}”"
        self.by_key[key] = body
        return body

    def _new_id(self, name: str) -> str:
        base = unit_id_for(name)
        taken = {b.id for b in self.by_key.values()}
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate


def _compatible(key: str, other: str) -> bool:
    """Whether one name can be a shorter form of the other ("UBND huyện, thị" of "Ủy ban nhân dân
    các huyện, thị")."""
    key, other = key.replace(" cac ", " "), other.replace(" cac ", " ")
    return key.startswith(other + " ") or other.startswith(key + " ") or \
        key.removeprefix("ban ") == other.removeprefix("ban ")


def unit_id_for(name: str) -> str:
    """A short, readable id: "Ban Tuyên giáo Huyện ủy" → "ban-tuyen-giao-huyen-uy",
    "Ủy ban nhân dân các xã, thị trấn" → "ubnd-cac-xa-thi-tran"."""
    key = folded(name)
    for full, short in (("uy ban nhan dan", "ubnd"), ("uy ban mat tran to quoc viet nam", "mttq"),
                        ("uy ban mat tran to quoc", "mttq"), ("mat tran to quoc", "mttq"),
                        ("hoi dong nhan dan", "hdnd"), ("chinh tri xa hoi", "ct-xh")):
        key = re.sub(rf"\b{full}\b", short, key)
    key = re.sub(r"^cac ", "", key)
    return slug(key, 32) or "don-vi"


def _clean_name(text: str) -> str:
    text = " ".join(nfc(text).split()).strip(" ,;:.-–")
    text = re.sub(r"^(giao cho|giao|đề nghị|yêu cầu|đối với)\s+", "", text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:] if text[:1].islower() and text.split()[0] in ("các",) else text


# Words that say "any body" rather than which: "các cơ quan, ban, ngành, đoàn thể huyện" is everyone.
_CLASS_WORDS = set("cac co quan don vi dia phuong nganh cap to chuc ca nhan doan the doanh nghiep lien ban tren "
                   "ban huyen tinh xa thi thanh pho phuong quan va chuyen mon".split())


def _only_class_words(key: str) -> bool:
    words = key.split()
    return words[:1] == ["cac"] and all(w in _CLASS_WORDS for w in words)


def _is_collective(key: str) -> bool:
    return key.startswith("cac ") or " cac " in key


# --- finding names in a sentence -----------------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


@dataclass
class _Token:
    text: str
    word: str  # folded
    lower: str  # lower case, diacritics kept: "phòng" and "phong" (trào) differ
    start: int
    end: int

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()

    @property
    def shouting(self) -> bool:
        """A word in capitals that is not an abbreviation: a heading's word ("TỔ CHỨC")."""
        return len(self.text) > 1 and self.text.isupper() and self.word not in ABBREVIATIONS and self.word not in (
            "ubnd", "hdnd", "mttq", "btg", "btv", "ubkt", "ubmttq", "ubmttqvn", "bch")


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.group(0), folded(m.group(0)) or m.group(0), m.group(0).lower().replace("uỷ", "ủy"), m.start(),
                   m.end()) for m in _TOKEN.finditer(text)]


def _head_at(tokens: list[_Token], i: int) -> int:
    """How many tokens a body's head word spans at i (0: none)."""
    if tokens[i].shouting:
        return 0
    for size in range(min(_MAX_HEAD, len(tokens) - i), 0, -1):
        window = tokens[i:i + size]
        if any(not t.word.isalnum() for t in window):
            continue
        phrase = " ".join(t.word for t in window)
        if phrase not in _HEADS or " ".join(t.lower for t in window) not in _HEAD_SPELLINGS.get(phrase, ()):
            continue
        if _HEADS[phrase] and not tokens[i].capital:
            continue
        if phrase in _BARE_HEADS and not _name_follows(tokens, i + size):
            continue
        if i + size < len(tokens) and tokens[i + size].lower in _NOT_A_BODY_AFTER.get(window[-1].lower, ()):
            continue  # "hội thi", "hội nghị", "đoàn viên", "các hội thi"
        return size
    return 0


def _name_follows(tokens: list[_Token], i: int) -> bool:
    """A bare head ("Ban", "Sở", "Phòng", "Đài") names a body only when a name follows it: a
    capital, or the words names are made of ("Đài truyền thanh xã", "Ban công tác Mặt trận")."""
    if i >= len(tokens) or not tokens[i].word.isalnum():
        return False
    return tokens[i].capital or tokens[i].lower in _NAME_WORDS and tokens[i].lower not in ("và", "các")


# A verb that is part of a name after these words: "các tổ chức", "khối tuyên truyền", "Ủy ban kiểm tra".
_VERB_IN_NAME_AFTER = {"to chuc": ("cac", "nhung"), "tuyen truyen": ("khoi", "ban"), "kiem tra": ("ban", "uy"),
                       "chi dao": ("ban",), "xay dung": ("so",), "thuong xuyen": ("duc",)}  # "Giáo dục thường xuyên"


# Verbs that never start a part of a name, even typed with a capital ("MTTQ Phối hợp với …").
_ALWAYS_STOP = {"phối hợp", "chủ trì", "thực hiện", "chịu trách nhiệm", "có trách nhiệm", "thành lập"}


def _stop_at(tokens: list[_Token], i: int) -> bool:
    for phrase in _STOP_PHRASES:
        size = len(phrase)
        if [t.lower for t in tokens[i:i + size]] == phrase and (
                not tokens[i].capital or " ".join(phrase) in _ALWAYS_STOP):
            joined = folded(" ".join(phrase))
            if i > 0 and tokens[i - 1].word in _VERB_IN_NAME_AFTER.get(joined, ()) and (
                    tokens[i - 1].capital or joined != "xay dung"):  # "Sở Xây dựng", not "cơ sở xây dựng"
                continue
            return True
    return False


def find_names(text: str) -> list[tuple[int, int]]:
    """Where bodies' names stand in `text`: (start, end) character offsets."""
    tokens = _tokens(text)
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        size = _head_at(tokens, i)
        if not size:
            i += 1
            continue
        end = _extend(tokens, i + size, i)
        found.append((tokens[i].start, tokens[end - 1].end))
        i = end
    return found


def _extend(tokens: list[_Token], j: int, start: int) -> int:
    """Past the head at j: as far as the name runs."""
    limit = min(len(tokens), j + 16)
    while j < limit:
        token = tokens[j]
        if token.text in ("-", "–") and j + 1 < limit and tokens[j + 1].word.isalnum() \
                and not _a_post_at(tokens, j + 1):
            j += 1  # "Văn hóa - Thông tin", "chính trị - xã hội"; not "… - Phó Trưởng tiểu ban"
            continue
        if token.text == "&" and j + 1 < limit:
            j += 1
            continue
        if token.text == ",":
            if j + 1 < limit and _continues_after_comma(tokens, j + 1, start):
                j += 1
                continue
            break
        if not token.word.isalnum():
            break
        if token.word == "va":
            if j + 1 < limit and _continues_after_and(tokens, j + 1):
                j += 1
                continue
            break
        if (token.word == "cua" and j + 1 < limit and tokens[j + 1].capital and tokens[start].word == "cac"
                and _head_at(tokens, j + 1)):
            j += 1  # "Các tổ chức thành viên của Mặt trận Tổ quốc xã": one collective
            continue
        if token.lower == "cùng" and j + 1 < limit and tokens[j + 1].lower == "cấp":
            j += 2  # "Ủy ban nhân dân cùng cấp"
            continue
        if token.word == "trong" and j + 1 < limit and tokens[j + 1].word == "khoi":
            j += 1  # "Các cơ quan trong khối tuyên truyền"
            continue
        if _stop_at(tokens, j):
            break
        # "Ban Dân tộc", "Sở Văn hóa": a small word finishes the capitalised word before it; after a
        # place's name ("tỉnh Quảng Ninh triệu tập") it starts what the body does.
        after_capital = (tokens[j - 1].capital and tokens[j - 1].word.isalpha() and not _is_function_word(token)
                         and not _after_place_name(tokens, j, start))
        if token.capital or token.lower in _NAME_WORDS or after_capital or token.word.isdigit() or token.text.isupper():
            j += 1  # a capital starts a part of the name; the small word after it finishes it ("Ban Dân tộc")
            continue
        break
    return j


# With their diacritics: "bản" (a village) is no "ban".
_PLACE_WORDS = {"tỉnh", "huyện", "xã", "thị xã", "thị trấn", "thành phố", "quận", "phường", "thôn", "bản", "dân phố"}


def _after_place_name(tokens: list[_Token], j: int, start: int) -> bool:
    """Whether the capitals before j name a place: "tỉnh Quảng Ninh", "xã Lương Minh"."""
    if tokens[j - 1].lower in _PLACE_WORDS:
        return True  # "Ủy ban bầu cử Phường kết thúc": the level, written with a capital, ends the name
    k = j - 1
    while k > start and tokens[k].capital and tokens[k].word.isalpha():
        k -= 1
    if k <= start or tokens[k].capital:
        return False
    two_words = f"{tokens[k - 1].lower} {tokens[k].lower}" if k > start + 1 else ""
    return tokens[k].lower in _PLACE_WORDS or two_words in _PLACE_WORDS


# Lower-case kinds of body that a collective lists after a comma.
_COLLECTIVE_PARTS = {"ban", "ngành", "sở", "đoàn", "hội", "đơn", "cơ", "địa", "phòng", "trường", "chi"}


_HEAD_TITLES = {"chanh", "giam doc", "thu truong", "chu tich", "truong ban", "truong phong", "bi thu", "pho",
                "hieu truong", "vien truong", "cuc truong", "dong chi", "tong bien", "thu ky", "uy vien", "cong chuc",
                "dai dien", "truong khom", "truong thon", "truong ap", "to truong", "can bo", "chuyen vien"}
_FUNCTION_WORDS = set("của cho với về tại theo trong để là được sẽ đã đang cần phải khi nếu thì mà như các những "
                      "này đó trên dưới từ đến bằng do vì nên hoặc".split())


def _phrase_at(tokens: list[_Token], j: int, phrases: set[str]) -> bool:
    """Whether the word at j, alone or with the next one, is one of `phrases` (folded)."""
    return tokens[j].word in phrases or " ".join(t.word for t in tokens[j:j + 2]) in phrases


def _a_post_at(tokens: list[_Token], j: int) -> bool:
    """Whether a post's title starts at j ("Phó Trưởng tiểu ban", "Ủy viên", "Trưởng Tiểu ban")."""
    return _phrase_at(tokens, j, _HEAD_TITLES) or tokens[j].lower == "trưởng"


def _is_function_word(token: _Token) -> bool:
    return token.lower in _FUNCTION_WORDS


# Lower-case kinds of place a collective lists after a comma, with the word each needs after it
# ("": no word, a comma or the end: "huyện, thị, thành phố", "các huyện, thị").
_PLACE_PARTS: dict[str, tuple[str, ...]] = {"dang": ("bo", "uy"), "thi": ("xa", "tran", "thanh", "va", ""),
                                            "thanh": ("pho",),
                                            "phuong": (), "xa": (), "quan": (), "huyen": (),
                                            "cap": ("xa", "huyen", "tinh", "co", "trung")}  # "HĐND tỉnh, cấp xã"


def _continues_after_comma(tokens: list[_Token], j: int, start: int) -> bool:
    """"Sở Văn hóa, Thể thao …": a capital that does not start another body continues the name;
    "các chi, đảng bộ" and "các xã, thị trấn" are one collective."""
    token = tokens[j]
    if _phrase_at(tokens, j, _HEAD_TITLES):
        return False  # ", Trưởng ban Ban Dân tộc": the next body, named by its head
    collective = any(t.word == "cac" for t in tokens[start:j])
    if collective and token.lower in _COLLECTIVE_PARTS and not token.capital:  # places: _PLACE_PARTS, below
        return True  # "các sở, ban, ngành", "UBND các huyện, thành phố"
    if _head_at(tokens, j):
        return " ".join(t.word for t in tokens[j:j + 2]) in ("dang bo", "thi tran", "phuong", "thi tran")
    after = tokens[j + 1].word if j + 1 < len(tokens) and tokens[j + 1].word.isalnum() else ""
    if token.word in _PLACE_PARTS and not token.capital and (
            after in _PLACE_PARTS[token.word] or not _PLACE_PARTS[token.word]):
        return True  # "các xã, phường, thị trấn", "các huyện, thị xã, thành phố", not "tỉnh, thành phần dự"
    return (token.capital and token.word.isalpha() and not _stop_at(tokens, j) and len(token.text) > 1
            and not _cites_a_text(tokens, j))


# Capitalised words that start the name of a text, not of a body: "Hội đồng nhân dân, Nghị quyết …".
_TEXT_WORDS = {"nghi quyet", "quyet dinh", "chi thi", "ke hoach", "thong tu", "nghi dinh", "huong dan", "cong van",
               "thong bao", "chuong", "dieu", "khoan", "muc", "phu luc", "luat", "hien phap", "bo luat", "de an",
               "chuong trinh", "van ban", "mau", "bieu"}


def _cites_a_text(tokens: list[_Token], j: int) -> bool:
    return _phrase_at(tokens, j, _TEXT_WORDS)


_JOINT_OFFICE = re.compile(r"\bvan phong (doan dai bieu quoc hoi |doan dbqh )?(hdnd|hoi dong nhan dan)$")


def _continues_after_and(tokens: list[_Token], j: int) -> bool:
    """"Văn hóa, Thể thao và Du lịch" and "MTTQ và các đoàn thể" continue; "Ban Tuyên giáo và Ban
    Dân vận" are two."""
    if _head_at(tokens, j):
        words = " ".join(t.word for t in tokens[j:j + 4])
        if _JOINT_OFFICE.search(" ".join(t.word for t in tokens[max(0, j - 7):j - 1])) and \
                words.startswith(("ubnd", "uy ban nhan dan", "hdnd", "hoi dong nhan dan")):
            return True  # "Văn phòng HĐND và UBND phường": one office serving both
        return words.startswith(("cac doan the", "cac to chuc chinh", "cac hoi ", "cac to chuc thanh"))
    token = tokens[j]
    if _phrase_at(tokens, j, _HEAD_TITLES):
        return False  # "… và Chủ tịch UBND các huyện": the next body, named by its head
    return token.capital and token.word.isalpha() and not _stop_at(tokens, j) and not _cites_a_text(tokens, j)
