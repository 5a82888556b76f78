"""A seeker uploads a resume file; the answer proposes profile fields to confirm (nothing is stored).

The file is parsed here in the gateway, in both modes: parsing is stateless, and the
seeker saves the confirmed profile through PUT /api/v1/talents/me like any other edit.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, File, UploadFile

from gateway.deps import require, runtime
from services.kit.actor import Actor
from services.talent.resume import MAX_BYTES, parse_resume
from services.talent.resume.errors import too_large

router = APIRouter(prefix="/api/v1/talents", tags=["talents"])
seeker = require("seeker")


@router.post("/me/resume")
def upload_resume(file: UploadFile = File(..., description="PDF（文字版）、Word .docx 或 TXT，最大 5 MB / PDF with text, .docx or .txt, "
                                                         "at most 5 MB"),
                  who: Actor = Depends(seeker), rt=Depends(runtime)) -> dict:
    # a plain def: FastAPI runs it in a worker thread, so parsing never blocks the event loop
    if file.size is not None and file.size > MAX_BYTES:
        raise too_large(MAX_BYTES)
    data = file.file.read(MAX_BYTES + 1)  # one byte more than allowed is enough to refuse
    return parse_resume(data, industries=rt.settings.all_industries)
