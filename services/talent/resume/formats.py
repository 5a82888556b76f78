"""Readers of the two binary formats: PDF (pypdf) and Word .docx (python-docx).

Library errors are mapped here, at the boundary, to the project's 4xx errors: a damaged,
locked or scanned file is the uploader's to fix, never a 500.
"""
from __future__ import annotations

import io
import logging
import zipfile

import docx
from pypdf import PdfReader

from services.kit.errors import AppError
from services.talent.resume.errors import NO_PDF_TEXT, unreadable, unsupported

log = logging.getLogger(__name__)

MAX_UNPACKED = 64 * 1024 * 1024  # a 5 MB .docx that unpacks to more than this is a zip bomb, not a resume
_DAMAGED_PDF = "PDF 文件已损坏，无法读取；请重新导出后上传 / the PDF is damaged and cannot be read; export it again and upload"
_DAMAGED_DOCX = "Word 文件已损坏，无法读取；请重新保存后上传 / the Word file is damaged and cannot be read; save it again and upload"
_ENCRYPTED = ("PDF 已加密（设置了打开密码），无法读取；请去掉密码后重新上传 / the PDF is encrypted with a password; "
              "remove the password and upload it again")


def _pages(numbers: list[int]) -> str:
    return "、".join(map(str, numbers[:10])) + ("…" if len(numbers) > 10 else "")


def read_pdf(data: bytes, max_pages: int) -> tuple[str, list[str]]:
    """Text of the first ``max_pages`` pages in page order, and warnings for what was skipped."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many PDFs are "encrypted" only against editing, with an empty open password
            except Exception:  # noqa: BLE001 - e.g. AES without a crypto library: still unreadable to us
                opened = 0
            if not opened:
                raise unreadable(_ENCRYPTED)
        total = len(reader.pages)
    except AppError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of errors for a damaged file
        log.info("unreadable PDF: %s", exc)
        raise unreadable(_DAMAGED_PDF) from exc
    if total == 0:
        raise unreadable(_DAMAGED_PDF)

    texts: list[str] = []
    blank: list[int] = []
    failed: list[int] = []
    for number in range(1, min(total, max_pages) + 1):
        try:
            text = (reader.pages[number - 1].extract_text() or "").strip()
        except Exception as exc:  # noqa: BLE001 - one bad page should not lose the others
            log.info("PDF page %d unreadable: %s", number, exc)
            failed.append(number)
            continue
        if text:
            texts.append(text)
        else:
            blank.append(number)
    if not texts:
        raise unreadable(_DAMAGED_PDF if failed and not blank else NO_PDF_TEXT)

    warnings = []
    if total > max_pages:
        warnings.append(f"PDF 共 {total} 页，只读取了前 {max_pages} 页 / the PDF has {total} pages; only the first {max_pages} were read")
    if blank:
        warnings.append(f"第 {_pages(blank)} 页没有可提取的文字（可能是扫描页），未读入 / "
                        f"page(s) {', '.join(map(str, blank[:10]))} have no text (probably scanned) and were skipped")
    if failed:
        warnings.append(f"第 {_pages(failed)} 页无法读取 / page(s) {', '.join(map(str, failed[:10]))} could not be read")
    return "\n\n".join(texts), warnings


# --- Word ---------------------------------------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (f"{_W}{t}" for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
_T, _TAB, _BR, _CR, _TXBX = (f"{_W}{t}" for t in ("t", "tab", "br", "cr", "txbxContent"))


def read_docx(data: bytes) -> str:
    """Paragraphs, tables (a row per line, cells joined by " | "), text boxes and headers, in document order."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            unpacked = sum(info.file_size for info in zf.infolist())
    except Exception as exc:  # noqa: BLE001 - zipfile raises several kinds for a damaged archive
        raise unreadable(_DAMAGED_DOCX) from exc
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
            raise unsupported("这是 Excel 或 PowerPoint 文件，不是 Word 简历", "an Excel or PowerPoint file, not a Word resume")
        raise unsupported("这是压缩包，不是 Word 文档", "a zip archive, not a Word document")
    if unpacked > MAX_UNPACKED:
        raise unreadable("Word 文件解压后过大，无法读取 / the Word file unpacks to too much data to read")
    try:
        document = docx.Document(io.BytesIO(data))
        headers, footers = [], []
        for section in document.sections:
            for part, out in ((section.header, headers), (section.first_page_header, headers), (section.footer, footers)):
                if not part.is_linked_to_previous:
                    out.extend(_blocks(part._element))
        body = _blocks(document.element.body)
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds for a damaged file
        log.info("unreadable DOCX: %s", exc)
        raise unreadable(_DAMAGED_DOCX) from exc
    lines = list(dict.fromkeys(line for line in headers if line.strip())) + body
    lines += [line for line in dict.fromkeys(footers) if line.strip() and line not in lines]
    return "\n".join(lines)


def _blocks(parent) -> list[str]:
    lines: list[str] = []
    for child in parent:
        if child.tag == _P:
            lines.extend(_paragraph(child))
        elif child.tag == _TBL:
            lines.extend(_table(child))
        elif child.tag == _SDT:  # a content control wraps ordinary paragraphs and tables
            content = child.find(_SDT_CONTENT)
            if content is not None:
                lines.extend(_blocks(content))
    return lines


def _paragraph(p) -> list[str]:
    """The paragraph's own lines, then the lines of any text box anchored in it (templates love text boxes)."""
    parts: list[str] = []
    boxes: list[str] = []

    def walk(el) -> None:
        for node in el:
            tag = node.tag
            if tag == _T:
                parts.append(node.text or "")
            elif tag == _TAB:
                parts.append(" ")
            elif tag in (_BR, _CR):
                parts.append("\n")
            elif tag == _TXBX:
                boxes.extend(_blocks(node))
            elif tag != _MC_FALLBACK and isinstance(tag, str):  # the fallback repeats the text box for old readers
                walk(node)

    walk(p)
    return "".join(parts).split("\n") + boxes


def _table(tbl) -> list[str]:
    """A row of one-line cells becomes one line "a | b | c"; cells holding several lines keep their lines."""
    lines: list[str] = []
    for tr in tbl.iterchildren(_TR):
        cells = [[line.strip() for line in _blocks(tc) if line.strip()] for tc in tr.iterchildren(_TC)]
        cells = [c for c in cells if c]
        if all(len(c) == 1 for c in cells):
            if cells:
                lines.append(" | ".join(c[0] for c in cells))
        else:
            for c in cells:
                lines.extend(c)
    return lines
