"""Resumes as files: read a PDF, DOCX or TXT upload and propose profile fields for the seeker to confirm.

    reader.py     bytes -> text: type from magic bytes, size/page/length limits, encodings
    formats.py    the PDF (pypdf) and Word (python-docx) readers
    skills.py     the skills vocabulary of the four industries and extract_skills (reusable by ranking)
    education.py  highest level, major, graduation year
    experience.py years of experience: stated, or summed from the work history's dates
    person.py     name and current city
    contacts.py   phones, e-mails, WeChat/QQ: found for the seeker, masked for enterprises
    propose.py    parse_resume: the whole answer of POST /api/v1/talents/me/resume
    errors.py     413 / 415 / 422 as the project's AppErrors

Nothing in this package stores anything or touches a transport.
"""
from services.talent.resume.propose import parse_resume, propose_profile
from services.talent.resume.reader import MAX_BYTES, MAX_CHARS, MAX_PAGES
from services.talent.resume.skills import SKILLS, canonical_skill, extract_skills, infer_industries

__all__ = ["MAX_BYTES", "MAX_CHARS", "MAX_PAGES", "SKILLS", "canonical_skill", "extract_skills", "infer_industries",
           "parse_resume", "propose_profile"]
