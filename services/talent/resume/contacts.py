"""Contact details in a resume: recognised for the seeker, hidden from enterprises.

The masking is matcher/views.py's ``mask_contacts`` (the one rule for what enterprises may
see), plus every handle recognised here that it does not catch (e.g. "wx: liming88"), plus
Chinese ID-card numbers, which no enterprise needs before an application either.
"""
from __future__ import annotations

import re

from matcher.views import MASK, mask_contacts

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MOBILE = re.compile(r"(?<![A-Za-z0-9])(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<![A-Za-z0-9])(?:\(0\d{2,3}\)|0\d{2,3})[-\s]?\d{7,8}(?:[-转]\d{1,5})?(?!\d)")
_WECHAT = re.compile(r"(?<![A-Za-z])(?:微信号?|weixin|wechat(?:\s*id)?|wx|vx)\s*(?:号|id)?\s*[:：]?\s*([A-Za-z][\w-]{4,19}|1[3-9]\d{9})(?![\w-])",
                     re.IGNORECASE)
_QQ = re.compile(r"(?<![A-Za-z])qq\s*(?:号)?\s*[:：]?\s*([1-9]\d{4,11})(?!\d)", re.IGNORECASE)
_ID_CARD = re.compile(r"(?<![\dA-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])")


def find_contacts(text: str) -> dict[str, list[str]]:
    """Phones (mobiles as 11 digits), e-mails, WeChat and QQ handles, each once, in order of appearance."""
    emails = _EMAIL.findall(text)
    rest = _EMAIL.sub(" ", text)  # the digits of 13912345678@163.com are an address, not a phone
    phones = ["".join(m.groups()) for m in _MOBILE.finditer(rest)]
    phones += [m.group(0) for m in _LANDLINE.finditer(_MOBILE.sub(" ", rest))]
    return {
        "phones": _unique(phones),
        "emails": _unique(emails),
        "wechat": _unique(m.group(1) for m in _WECHAT.finditer(rest)),
        "qq": _unique(m.group(1) for m in _QQ.finditer(rest)),
    }


def mask_all(text: str, contacts: dict[str, list[str]] | None = None) -> tuple[str, bool]:
    """The text with every contact detail and ID-card number replaced by the mask, and whether an ID number was found."""
    contacts = find_contacts(text) if contacts is None else contacts
    text, ids = _ID_CARD.subn(MASK, text)
    text = mask_contacts(_EMAIL.sub(MASK, text))  # e-mails first: 13912345678@163.com is masked whole
    for value in sorted({v for values in contacts.values() for v in values}, key=len, reverse=True):
        if len(value) >= 5:
            text = text.replace(value, MASK)
    for mobile in contacts.get("phones", []):  # also when written with separators: 139-1234-5678
        if len(mobile) == 11 and mobile.isdigit():
            spaced = r"[-\s]?".join((mobile[:3], mobile[3:7], mobile[7:]))
            text = re.sub(rf"(?<!\d){spaced}(?!\d)", MASK, text)
    return text, bool(ids)


def _unique(items) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in items if i.strip()))
