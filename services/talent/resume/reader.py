"""From uploaded bytes to the resume's plain text: decide the type, read it, normalise it.

The type is decided from the content's magic bytes, never from the file name or the
declared content type, which browsers and users get wrong (a PDF saved as ``.docx`` is
read as a PDF; an ``.exe`` renamed ``.txt`` is refused).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from services.kit.text import clean
from services.talent.resume.errors import NO_PDF_TEXT, too_large, unreadable, unsupported
from services.talent.resume.formats import read_docx, read_pdf

MAX_BYTES = 5 * 1024 * 1024
MAX_PAGES = 50
MAX_CHARS = 20_000  # the limit of TalentIn.resume_text

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Word .doc, .xls, .ppt
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
_BINARIES = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_ALLOWED_CONTROLS = set("\n\t\r\f\v")


@dataclass
class Extracted:
    kind: str  # "pdf" | "docx" | "txt"
    text: str
    warnings: list[str] = field(default_factory=list)


def sniff(data: bytes) -> str:
    """``pdf``, ``docx`` or ``txt`` from the content; raises 415 for anything else."""
    if b"%PDF-" in data[:1024]:  # the spec lets a little junk precede the header
        return "pdf"
    if data.startswith(_ZIP):
        return "docx"  # whether it is a Word document (and not an .xlsx or a plain zip) is checked when read
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:  # a password-protected .docx is wrapped in an OLE file
            raise unreadable("Word 文件已加密（设置了打开密码），无法读取；请去掉密码后重新上传 / the Word file is encrypted "
                             "with a password; remove the password and upload it again")
        raise unsupported("旧版 Word（.doc）或 Office 97 文件，请另存为 .docx 或 PDF",
                          "an old Word .doc / Office 97 file: save it as .docx or PDF")
    if data.startswith(_IMAGES):
        raise unsupported("这是图片，无法读取文字；请上传文字版简历", "this is an image, which has no text to read")
    if data.startswith(_BINARIES):
        raise unsupported("这是程序或压缩包，不是简历", "this is a program or an archive, not a resume")
    return "txt"


def decode_text(data: bytes) -> str:
    """Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK.

    UTF-8 is tried first because its strict decoder almost never accepts GBK bytes by
    chance; GB18030 is a superset of GBK and GB2312, which Chinese Windows writes by default.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _plausible(data.decode(codec))
            except UnicodeDecodeError:
                break
    for codec in ("utf-8", "gb18030"):
        try:
            return _plausible(data.decode(codec))
        except UnicodeDecodeError:
            continue
    raise unsupported("无法识别为文本文件（既不是 UTF-8 也不是 GBK/GB18030）",
                      "not a text file (neither UTF-8 nor GBK/GB18030)")


def _plausible(text: str) -> str:
    """Refuse binary content that happened to decode: text has (almost) no control or unassigned characters."""
    if not text:
        return text
    bad = sum(1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"))
    if bad > max(2, len(text) // 100):
        raise UnicodeDecodeError("text", b"", 0, 1, "binary content")
    return text


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """Whitespace normalised, full-width letters and digits half-width, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = _CONTROLS.sub("", _SPACES.sub(" ", text.translate(_INVISIBLE)))
    return _BLANK_LINES.sub("\n\n", clean(text))


def read_resume(data: bytes) -> Extracted:
    """The normalised text of a PDF, DOCX or TXT resume, or a clear 4xx error."""
    if len(data) > MAX_BYTES:
        raise too_large(MAX_BYTES)
    if not data.strip(b" \t\r\n\x00"):
        raise unreadable("文件是空的 / the file is empty")
    kind = sniff(data)
    warnings: list[str] = []
    if kind == "pdf":
        raw, warnings = read_pdf(data, MAX_PAGES)
    elif kind == "docx":
        raw = read_docx(data)
    else:
        raw = decode_text(data)
    text = normalise(raw)
    if not text:
        if kind == "pdf":  # read_pdf already refuses a PDF without text; this is one with only blanks
            raise unreadable(NO_PDF_TEXT)
        raise unreadable("文件中没有文字 / the file contains no text")
    if len(text) > MAX_CHARS:
        cut = text.rfind("\n", 0, MAX_CHARS)
        text = text[: cut if cut > MAX_CHARS * 0.9 else MAX_CHARS].rstrip()
        warnings.append(f"简历文字超过 {MAX_CHARS} 字，只保留了前 {len(text)} 字 / the text is longer than "
                        f"{MAX_CHARS:,} characters; only the first {len(text):,} were kept")
    return Extracted(kind, text, warnings)

