"""Resumes as files: POST /api/v1/talents/me/resume, and the extractors behind it.

The files are made here, at test time: PDFs with pypdf (a hand-written content stream in
Helvetica, so English only), Chinese resumes as DOCX (python-docx) and TXT (UTF-8, GB18030).
"""
from __future__ import annotations

import random
import zipfile
from datetime import date
from io import BytesIO

import docx
import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from matcher.views import MASK
from services.talent.resume import MAX_BYTES, canonical_skill, extract_skills, infer_industries, propose_profile
from services.talent.resume.contacts import find_contacts, mask_all
from services.talent.resume.education import extract_education, level_of
from services.talent.resume.experience import experience_years, stated_years, years_from_history
from services.talent.resume.person import current_city, find_name
from services.talent.schemas import TalentIn
from tests.fixtures.api import account, job_body, make_settings, running

URL = "/api/v1/talents/me/resume"
PDF_TYPE, DOCX_TYPE = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ENGLISH_PAGES = [
    ["John Smith", "Location: Suzhou, Jiangsu", "Phone: +86 139 1234 5678   Email: john.smith@example.com",
     "Summary", "Process engineer with 6 years of experience in fluorochemicals and DCS operation."],
    ["Experience", "Jul 2018 - Present  Senior Process Engineer, Yungang Fluorochem",
     "Mar 2015 - Jun 2018  Process Engineer, ABC Chemicals", "Education",
     "B.Eng. in Chemical Engineering, 2015, Zhejiang University", "Skills: HPLC, GC-MS, Aspen Plus, HAZOP"],
]

CHINESE_RESUME = """李明
男 | 30岁 | 手机：139-1234-5678 | 邮箱：liming@example.com | 微信：liming_88
现居：江苏省苏州市工业园区

工作经历
2017.07-2020.06 云港光伏电力有限公司 运维技术员
负责光伏电站运维与日常巡检、逆变器故障排查，持有高压电工证。
2020.07-至今 苏州储能科技有限公司 储能工程师
负责电池管理系统（BMS）调试与储能电站并网。

教育背景
2014.09-2017.06 云港职业技术学院 电气自动化技术 大专
"""


def make_pdf(pages: list[list[str] | None], password: str | None = None) -> bytes:
    """A PDF whose pages hold the given lines (Helvetica), or, for None, only a grey box: a scan has no text."""
    writer = PdfWriter()
    for lines in pages:
        page = writer.add_blank_page(595, 842)
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        if lines is None:
            ops = "0.5 g 50 50 495 742 re f"
        else:
            def esc(s: str) -> str:
                return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops = "BT /F1 11 Tf 14 TL 56 790 Td " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
        stream = DecodedStreamObject()
        stream.set_data(ops.encode("latin-1"))
        page.replace_contents(stream)
    if password:
        writer.encrypt(password)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("王芳")
    document.add_paragraph("现居：云港市海港区　电话：13800001111　QQ：12345678")
    document.add_paragraph("求职意向：食品质量管理")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("2013.09-2017.06", "江南大学", "食品科学与工程 本科"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("2017.07-至今", "云港乳业有限公司", "品控主管"), strict=True):
        cell.text = text
    document.add_paragraph("熟悉ＨＡＣＣＰ体系与ISO22000，负责微生物检测和巴氏杀菌工艺验证。")
    out = BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    with running(make_settings(tmp_path_factory.mktemp("resume"))) as (client, runtime):
        yield client, runtime


@pytest.fixture
def seeker(api):
    return account(api[0], "seeker", "李明")


def upload(client, who, data: bytes, name: str = "resume.pdf", content_type: str = PDF_TYPE):
    return client.post(URL, files={"file": (name, data, content_type)}, headers=who["headers"])


def assert_error(r, status: int, *words: str) -> None:
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["field"] == "file" and error["code"] and error["message"]
    for word in words:
        assert word in error["message"], error["message"]


# --- the endpoint -------------------------------------------------------------------------------------------------
def test_pdf_resume_is_read_in_page_order_and_fields_proposed(api, seeker):
    c, _ = api
    r = upload(c, seeker, make_pdf(ENGLISH_PAGES))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["text"].index("John Smith") < body["text"].index("Summary") < body["text"].index("Experience")
    p = body["proposed"]
    assert p["name"] == "John Smith" and p["current_city"] == "Suzhou"
    assert {"氟化工", "DCS", "HPLC", "GC-MS", "Aspen Plus", "HAZOP"} <= set(p["skills"])
    assert p["education"] == {"level": "bachelor", "major": "Chemical Engineering", "graduation_year": 2015}
    assert p["experience_years"] >= 6 and p["desired_industries"] == ["fine_chemicals"]
    assert body["contacts"]["phones"] == ["13912345678"] and body["contacts"]["emails"] == ["john.smith@example.com"]
    assert "1234 5678" not in p["resume_text"] and "john.smith@example.com" not in p["resume_text"] and MASK in p["resume_text"]
    assert any("enterprises see" in w for w in body["warnings"])
    TalentIn.model_validate(p)


def test_docx_paragraphs_and_table_are_read(api, seeker):
    c, _ = api
    r = upload(c, seeker, make_docx(), "简历.docx", DOCX_TYPE)
    assert r.status_code == 200, r.text
    body = r.json()
    assert "2013.09-2017.06 | 江南大学 | 食品科学与工程 本科" in body["text"]
    p = body["proposed"]
    assert p["name"] == "王芳" and p["current_city"] == "云港"
    assert p["education"] == {"level": "bachelor", "major": "食品科学与工程", "graduation_year": 2017}
    assert {"HACCP", "ISO 22000", "微生物检验", "杀菌工艺"} <= set(p["skills"])
    assert p["desired_industries"] == ["green_food"]
    assert body["contacts"]["phones"] == ["13800001111"] and body["contacts"]["qq"] == ["12345678"]
    assert "13800001111" not in p["resume_text"] and "12345678" not in p["resume_text"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_txt_in_utf8_and_chinese_windows_encodings(api, seeker, encoding):
    c, _ = api
    r = upload(c, seeker, CHINESE_RESUME.encode(encoding), "resume.txt", "text/plain")
    assert r.status_code == 200, r.text
    body = r.json()
    assert "云港光伏电力有限公司" in body["text"]
    p = body["proposed"]
    assert p["name"] == "李明" and p["current_city"] == "苏州"
    assert p["education"] == {"level": "associate", "major": "电气自动化技术", "graduation_year": 2017}
    assert {"光伏运维", "逆变器", "电工证", "BMS", "储能", "并网调试"} <= set(p["skills"])
    assert p["desired_industries"] == ["new_energy"]
    today = date.today()
    assert p["experience_years"] == round(((today.year * 12 + today.month) - (2017 * 12 + 6)) / 12, 1)
    assert body["contacts"] == {"phones": ["13912345678"], "emails": ["liming@example.com"], "wechat": ["liming_88"], "qq": []}


def test_confirmed_proposal_is_saved_and_enterprises_never_see_the_phone(api, seeker):
    c, rt = api
    ent = account(c, "enterprise", "云港宁川储能科技有限公司")
    job = c.post("/api/v1/jobs", json=job_body(), headers=ent["headers"]).json()
    proposed = upload(c, seeker, CHINESE_RESUME.encode(), "resume.txt", "text/plain").json()["proposed"]
    assert c.get("/api/v1/talents/me", headers=seeker["headers"]).status_code == 404  # a proposal, not saved
    profile = {**proposed, "name": "李明", "native": True, "return_intention": "planning", "desired_locations": ["云港市"]}
    TalentIn.model_validate(profile)
    saved = c.put("/api/v1/talents/me", json=profile, headers=seeker["headers"])
    assert saved.status_code == 200, saved.text
    assert "13912345678" not in saved.json()["resume_text"] and "139-1234-5678" not in saved.json()["resume_text"]
    assert rt.wait_idle(10)
    items = c.get(f"/api/v1/jobs/{job['id']}/matches", headers=ent["headers"]).json()["items"]
    mine = [m for m in items if m["talent"]["id"] == saved.json()["id"]]
    assert mine, items
    shown = str(mine[0]["talent"])
    assert "1234-5678" not in shown and "12345678" not in shown and "liming@example.com" not in shown and "liming_88" not in shown


def test_type_is_decided_by_content_not_name(api, seeker):
    c, _ = api
    r = upload(c, seeker, make_pdf(ENGLISH_PAGES), "resume.docx", DOCX_TYPE)
    assert r.status_code == 200 and r.json()["proposed"]["name"] == "John Smith"
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
    assert_error(upload(c, seeker, exe, "resume.txt", "text/plain"), 415, "PDF", ".docx", ".txt")
    noise = random.Random(4).randbytes(4096)
    assert_error(upload(c, seeker, noise, "resume.pdf", PDF_TYPE), 415, "PDF", ".docx", ".txt")
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    assert_error(upload(c, seeker, png, "resume.pdf"), 415, "图片")
    zipped = BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("notes.txt", "hello")
    assert_error(upload(c, seeker, zipped.getvalue(), "resume.docx", DOCX_TYPE), 415, ".docx")


def test_scanned_encrypted_damaged_and_empty_files_are_refused(api, seeker):
    c, _ = api
    assert_error(upload(c, seeker, make_pdf([None, None])), 422, "扫描件", "no text in this PDF")
    assert_error(upload(c, seeker, make_pdf([["secret"]], password="pw")), 422, "加密", "encrypted")
    assert_error(upload(c, seeker, b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage"), 422, "损坏")
    assert_error(upload(c, seeker, b"PK\x03\x04" + bytes(64), "cv.docx", DOCX_TYPE), 422, "损坏")
    assert_error(upload(c, seeker, b"", "cv.txt", "text/plain"), 422, "空")
    assert_error(upload(c, seeker, b"  \n\n ", "cv.txt", "text/plain"), 422)
    assert c.get("/api/v1/talents/me", headers=seeker["headers"]).status_code == 404  # nothing stored


def test_limits_size_pages_and_length(api, seeker):
    c, _ = api
    assert_error(upload(c, seeker, b"a" * (MAX_BYTES + 1), "cv.txt", "text/plain"), 413, "5 MB")
    r = upload(c, seeker, make_pdf([[f"Page {i} PLC"] for i in range(1, 53)]))
    assert r.status_code == 200 and "Page 50 PLC" in r.json()["text"] and "Page 51" not in r.json()["text"]
    assert any("52" in w and "50" in w for w in r.json()["warnings"])
    long = ("光伏电站运维，逆变器检修。" * 40 + "\n") * 60
    body = upload(c, seeker, long.encode(), "cv.txt", "text/plain").json()
    assert len(body["text"]) <= 20_000 and len(body["proposed"]["resume_text"]) <= 20_000
    assert any("20000" in w for w in body["warnings"])


def test_who_may_upload(api):
    c, _ = api
    ent = account(c, "enterprise")
    data = CHINESE_RESUME.encode()
    assert c.post(URL, files={"file": ("cv.txt", data, "text/plain")}).status_code == 401
    assert c.post(URL, files={"file": ("cv.txt", data, "text/plain")}, headers=ent["headers"]).status_code == 403
    seek = account(c, "seeker")
    r = c.post(URL, data={"other": "x"}, headers=seek["headers"])
    assert r.status_code == 422 and r.json()["error"]["field"] == "file"


# --- the extractors -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "level"), [
    ("2010-2016 清华大学 博士", "doctorate"), ("硕士研究生 化学工程", "master"), ("本科，工学学士", "bachelor"),
    ("云港职业技术学院 大专", "associate"), ("高职 机电一体化", "associate"), ("中专 数控技术", "secondary"),
    ("高中", "secondary"), ("PhD in Chemistry", "doctorate"), ("Master of Science in Food Science", "master"),
    ("Bachelor of Engineering", "bachelor"), ("Associate degree in Mechatronics", "associate"),
    ("Diploma in Welding", "secondary"), ("熟练操作数控机床", "none"), ("Scrum Master, BA team", "none"),
    ("高中 → 本科 → 硕士", "master"),
])
def test_education_level_is_the_highest_named(text, level):
    assert level_of(text) == level


def test_education_major_and_year():
    today = date(2025, 6, 1)
    assert extract_education("2019年毕业于云港大学机械工程专业，获工学学士学位", today) == \
        {"level": "bachelor", "major": "机械工程", "graduation_year": 2019}
    assert extract_education("教育背景\n2015.09-2019.06 云港大学 机械设计制造及其自动化 本科\n2019.09-2022.06 浙江大学 硕士", today) == \
        {"level": "master", "major": "", "graduation_year": 2022}
    assert extract_education("B.Eng. in Mechanical Engineering, 2019", today) == \
        {"level": "bachelor", "major": "Mechanical Engineering", "graduation_year": 2019}
    assert extract_education("学历：本科\n专业：应用化学", today)["major"] == "应用化学"
    assert extract_education("2023.09-至今 云港大学 硕士在读", today)["graduation_year"] is None


def test_years_of_experience():
    today = date(2025, 6, 1)
    history = "工作经历\n2015.07-2018.06 甲公司\n2017.01-2019.12 乙公司（与上一段重叠）\n2021.01-至今 丙公司\n教育背景\n2011.09-2015.06 云港大学 本科"
    assert years_from_history(history, today) == round((54 + 54) / 12, 1)  # 2015.07-2019.12 and 2021.01-2025.06
    assert years_from_history("Jan 2020 - Present  Engineer\n2016 - 2018 Technician", today) == round((66 + 24) / 12, 1)
    assert years_from_history("2012.09-2016.06 云港大学 本科\n2016.07-2019.06 甲公司", today) == 3.0
    assert stated_years("5年工作经验") == 5 and stated_years("三年光伏电站运维经验") == 3 and stated_years("十年以上PLC编程经验") == 10
    assert stated_years("3 years of experience in HPLC") == 3 and stated_years("over 7 years of professional experience") == 7
    assert stated_years("工作年限：两年半") == 2.5
    assert stated_years("2019年毕业后积累了丰富经验") is None
    assert experience_years("8年工作经验\n工作经历\n2022.01-至今 甲公司", today) == (8, "stated")
    assert experience_years("熟悉PLC", today) == (0.0, None)


def test_skills_with_synonyms_english_and_full_width():
    text = "熟悉ＰＬＣ编程与可编程控制器；HPLC、高效液相色谱；Fluorochemicals R&D；battery management system；光伏电站运维；储能电站"
    assert extract_skills(text) == ["PLC", "HPLC", "氟化工", "BMS", "光伏运维", "储能"]
    assert extract_skills("solidworks, Solid Works and SOLIDWORKS") == ["SolidWorks"]
    assert "PLC" not in extract_skills("HPLC 分析")  # a word boundary, not a substring
    assert extract_skills("电气动力学") == [] and extract_skills("气动元件选型") == ["气动"]
    assert canonical_skill("可编程控制器") == "PLC" and canonical_skill("dcs") == "DCS" and canonical_skill("写诗") is None


def test_industries_are_inferred_from_skills_and_keywords():
    assert infer_industries("光伏电站运维，逆变器检修，持有电工证") == ["new_energy"]
    assert infer_industries("HACCP 体系，乳制品加工，食品检验") == ["green_food"]
    assert infer_industries("数控编程，SolidWorks 机械设计，工业机器人调试") == ["advanced_equipment"]
    assert infer_industries("DCS 操作，氟化工，精馏") == ["fine_chemicals"]
    assert infer_industries("电气自动化专业") == []  # one passing keyword is not an industry
    assert infer_industries("光伏运维 储能 BMS，PLC") == ["new_energy"]  # a side skill adds no industry


def test_contacts_found_and_masked():
    text = "电话 139 1234 5678，座机 0512-66881234，邮箱 a.b@example.com，wx: liming2020，QQ号：10001234，身份证 320501199001011234"
    found = find_contacts(text)
    assert found == {"phones": ["13912345678", "0512-66881234"], "emails": ["a.b@example.com"], "wechat": ["liming2020"],
                     "qq": ["10001234"]}
    masked, had_id = mask_all(text, found)
    assert had_id and all(v not in masked for v in ("1234 5678", "66881234", "a.b@example.com", "liming2020", "10001234", "19900101"))


def test_name_and_city():
    assert find_name("姓名：欧阳娜娜  性别：女") == "欧阳娜娜" and find_name("张伟的个人简历\n…") == "张伟"
    assert find_name("个人简历\n姓名：阿依古丽") == "阿依古丽" and find_name("求职意向\n光伏") is None
    assert current_city("现居：江苏省苏州市工业园区") == "苏州" and current_city("所在地：北京市朝阳区") == "北京"
    assert current_city("Location: Suzhou, Jiangsu") == "Suzhou" and current_city("户口所在地：云港市") == ""


def test_proposal_validates_as_a_profile_with_a_name():
    p = propose_profile(CHINESE_RESUME * 3, industries=["new_energy"], today=date(2025, 6, 1))["proposed"]
    TalentIn.model_validate({**p, "name": "李明"})
