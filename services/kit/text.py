"""Small text helpers shared by the services: normalising user text and list fields."""
from __future__ import annotations

import re

_SPACE = re.compile(r"[^\S\n]+")
# full-width letters and digits (ＰＬＣ, ３年) become half-width; Chinese punctuation stays as written
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c - 0xFEE0).isalnum()}
_FULL_WIDTH[0x3000] = 0x20


def clean(text: str) -> str:
    """Full-width letters and digits to half-width, each line trimmed and its runs of
    space collapsed; newlines are kept so resumes stay readable."""
    text = text.translate(_FULL_WIDTH)
    lines = [_SPACE.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def dedupe(items: list[str]) -> list[str]:
    """Cleaned, non-empty, first occurrence kept (case-insensitive)."""
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        c = clean(item)
        k = c.casefold()
        if c and k not in seen:
            seen.add(k)
            out.append(c)
    return out
