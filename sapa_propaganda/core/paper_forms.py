"""Which system an office writes in, and how its papers are signed: pure, without words.

A Party body (a cấp ủy, its Ban, a chi bộ) writes by Hướng dẫn 36-HD/VPTW (2018); a state body
(an Ủy ban nhân dân, a Sở, a Phòng) by Nghị định 30/2020/NĐ-CP. The two differ in the header, the
number and the signature's marks (docs/papers.md). `office_system` says which one a name belongs
to; `signature` puts a configured signer into the form of that system.
"""

from __future__ import annotations

import re

from .text import fold

PARTY, STATE = "party", "state"
SYSTEMS = (PARTY, STATE)

# Folded names (no case, no diacritics) that make a body a state one wherever they stand in its
# name: the people's committees and councils.
_STATE_ANYWHERE = ("ubnd", "uy ban nhan dan", "hdnd", "hoi dong nhan dan")
# Folded names of the Party's bodies: its committees, their Ban, the chi bộ and đảng bộ.
_PARTY_ANYWHERE = (
    "dang uy", "dang bo", "chi bo", "huyen uy", "thi uy", "tinh uy", "thanh uy", "quan uy",
    "ban thuong vu", "ban chap hanh", "ban tuyen giao", "ban dan van", "ban to chuc", "ban kiem tra",
    "uy ban kiem tra", "ban tuyen giao va dan van", "dang doan", "ban can su", "cap uy",
)
# A state body by the first word of its name: a ministry, a department, a division, an agency.
_STATE_FIRST = re.compile(r"(so|phong|bo|cuc|chi cuc|tong cuc|van phong ubnd|van phong hdnd)\b")

# Bodies that act as one, for which someone signs "on behalf of" (T/M, TM.): a committee, a
# council. Any other body (a Ban of the Party, a Sở, a Phòng) signs with its head's title.
_COLLECTIVE = (
    "ban thuong vu", "ban chap hanh", "dang uy", "chi bo", "dang bo", "huyen uy", "thi uy", "tinh uy",
    "thanh uy", "quan uy", "dang doan", "ban can su", "uy ban kiem tra", "ban chi dao", "bo chinh tri",
    "ban bi thu", "uy ban nhan dan", "ubnd", "hoi dong nhan dan", "hdnd", "thuong truc", "hoi dong",
)
# The marks of each system: on behalf of (a collective), by delegation of (the head).
_MARKS = {PARTY: ("T/M", "K/T"), STATE: ("TM.", "KT.")}
_MARK = re.compile(r"^\s*(T\s*/\s*M|TM\b\.?|K\s*/\s*T|KT\b\.?)\s*", re.IGNORECASE)
_DEPUTY = "PHÓ "


def office_system(*names: str) -> str:
    """"party" or "state": the first of `names` (the office, the body above it, the plan's issuer)
    that says which; "party" when none does, as the papers were before state ones were known."""
    for name in names:
        folded = fold(name)
        if not folded:
            continue
        if any(marker in folded for marker in _STATE_ANYWHERE):
            return STATE
        if any(marker in folded for marker in _PARTY_ANYWHERE):
            return PARTY
        if _STATE_FIRST.match(folded):
            return STATE
    return PARTY


def _collective(name: str) -> bool:
    folded = fold(name)
    return any(marker in folded for marker in _COLLECTIVE)


def signature(system: str, on_behalf: str, title: str) -> tuple[str, str]:
    """The two lines over the signature, in capitals: on whose behalf (or "") and the title.

    The marks are the system's (T/M and K/T for the Party, TM. and KT. for the state, whichever
    the plan typed). "On behalf of" is only for a body that acts as one (a committee, a council):
    a Ban, a Sở or a Phòng signs with its head's title, so "T/M BAN TUYÊN GIÁO" over "TRƯỞNG BAN"
    becomes "TRƯỞNG BAN", and over "PHÓ TRƯỞNG BAN" becomes "K/T TRƯỞNG BAN" over it.
    """
    on_behalf, title = " ".join(on_behalf.upper().split()), " ".join(title.upper().split())
    found = _MARK.match(on_behalf)
    if found is None:
        return on_behalf, title
    whole, delegated = _MARKS.get(system, _MARKS[PARTY])
    rest = on_behalf[found.end():].strip()
    if found.group(1).replace(" ", "").upper().startswith("K"):
        return f"{delegated} {rest}".strip(), title
    if _collective(rest):
        return f"{whole} {rest}".strip(), title
    if title.startswith(_DEPUTY):  # the deputy signs by delegation of the head
        return f"{delegated} {title[len(_DEPUTY):]}", title
    return "", title
