"""Why an uploaded resume was refused, as the project's status-coded errors.

Every refusal names the form field (``file``) and says in Chinese and English what to do,
so that the seeker can fix it without asking anyone.
"""
from __future__ import annotations

from services.kit.errors import AppError, ValidationFailed

ACCEPTED_ZH = "只接受 PDF（文字版）、Word（.docx）或 TXT 文本文件"
ACCEPTED_EN = "accepted types: PDF with text, Word .docx, plain text .txt"
NO_PDF_TEXT = ("未能从 PDF 中提取文字，可能是扫描件；请上传文字版 PDF、Word 或 TXT / no text in this PDF, probably a scan; "
               "please upload a PDF with text, a Word .docx or a .txt file")


class FileTooLarge(AppError):
    status = 413
    code = "file_too_large"


class UnsupportedFileType(AppError):
    status = 415
    code = "unsupported_file_type"


class UnreadableResume(ValidationFailed):
    """The type is accepted but no text can be taken from this file (empty, scanned, locked, damaged)."""

    code = "unreadable_resume"


def too_large(limit_bytes: int) -> FileTooLarge:
    mb = limit_bytes // (1024 * 1024)
    return FileTooLarge(f"文件超过 {mb} MB 上限，请压缩或删去图片后重试 / the file is larger than the {mb} MB limit; "
                        "remove images or shorten it and try again", field="file")


def unsupported(zh: str = "不支持的文件类型", en: str = "unsupported file type") -> UnsupportedFileType:
    return UnsupportedFileType(f"{zh}；{ACCEPTED_ZH} / {en}; {ACCEPTED_EN}", field="file")


def unreadable(message: str) -> UnreadableResume:
    return UnreadableResume(message, field="file")
