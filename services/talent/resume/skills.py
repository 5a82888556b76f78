"""A skills vocabulary for the four priority industries, and skill extraction from free text.

Reusable beyond resumes (e.g. by ranking, to put "可编程控制器" and "PLC" on one name):

- ``SKILLS``: canonical name -> synonyms (Chinese and English); the canonical name is what
  profiles and vacancies should store.
- ``SKILL_INDUSTRIES``: canonical name -> the industries it points to (empty: cross-industry).
- ``extract_skills(text)``: canonical names found in a text, in order of first mention.
- ``canonical_skill(name)``: the canonical name of one skill name, or None.
- ``infer_industries(text)``: industries a text points to, strongest first.

Matching is case- and width-insensitive (NFKC + casefold: "ＰＬＣ", "plc" and "PLC" are one).
Latin terms match on word boundaries ("PLC" is not found inside "HPLC"); Chinese terms of
three characters or more match as substrings; two-character Chinese terms must be a whole
jieba token, so that "气动" is not found inside "电气动力".
"""
from __future__ import annotations

import re
import threading
import unicodedata

import jieba

# industry -> canonical -> synonyms.  "general" holds skills every industry uses.
_VOCABULARY: dict[str, dict[str, list[str]]] = {
    "new_energy": {
        "光伏运维": ["光伏电站运维", "光伏电站运营维护", "光伏运营维护", "电站运维", "光伏电站巡检", "光伏巡检", "光伏电站维护",
                 "pv o&m", "solar o&m", "photovoltaic o&m", "solar plant operation and maintenance"],
        "光伏组件": ["太阳能电池组件", "太阳能组件", "pv module", "solar module", "solar panel"],
        "光伏系统设计": ["光伏电站设计", "光伏设计", "pv system design", "solar system design"],
        "PVsyst": ["pvsyst"],
        "逆变器": ["光伏逆变器", "inverter", "inverters"],
        "PCS": ["储能变流器", "power conversion system"],
        "储能": ["储能系统", "储能电站", "电化学储能", "energy storage", "ess", "bess", "battery energy storage"],
        "BMS": ["电池管理系统", "battery management system"],
        "锂电池": ["锂离子电池", "锂电", "动力电池", "lithium battery", "lithium-ion battery", "li-ion"],
        "电芯工艺": ["电芯设计", "电芯制造", "cell design", "battery cell"],
        "电池PACK": ["电池pack", "pack设计", "pack工艺", "电池包", "battery pack"],
        "正极材料": ["三元材料", "磷酸铁锂", "cathode material", "lfp", "ncm"],
        "负极材料": ["石墨负极", "硅碳负极", "anode material"],
        "电池测试": ["电池检测", "充放电测试", "battery testing"],
        "风电运维": ["风机运维", "风电机组维护", "风电场运维", "wind turbine maintenance", "wind farm o&m"],
        "充电桩": ["充电设施", "充电站", "ev charger", "charging pile", "charging station"],
        "燃料电池": ["氢燃料电池", "fuel cell", "pemfc"],
        "电解水制氢": ["制氢", "电解槽", "water electrolysis", "electrolyzer"],
        "电机控制": ["电机控制器", "电驱动", "电驱系统", "motor control", "motor controller", "electric drive"],
        "微电网": ["智能微网", "microgrid"],
        "并网调试": ["光伏并网", "并网", "grid connection", "grid-tied"],
        "电力电子": ["power electronics"],
    },
    "green_food": {
        "HACCP": ["危害分析与关键控制点", "危害分析关键控制点"],
        "ISO 22000": ["iso22000", "fssc 22000", "fssc22000", "食品安全管理体系"],
        "GMP": ["良好生产规范", "药品生产质量管理规范"],
        "BRC": ["brcgs", "brc认证"],
        "SC认证": ["sc许可", "食品生产许可", "qs认证"],
        "食品安全": ["食品安全管理", "food safety"],
        "食品检验": ["食品检测", "食品质检", "食品理化检验", "理化检验", "food testing", "food inspection"],
        "微生物检验": ["微生物检测", "微生物学检验", "microbiological testing", "microbiology testing"],
        "农残检测": ["农药残留检测", "农药残留", "pesticide residue"],
        "食品工艺": ["食品加工工艺", "食品加工", "food processing", "food technology"],
        "食品研发": ["食品新产品开发", "食品配方", "food product development", "food r&d"],
        "乳制品加工": ["乳品加工", "乳制品工艺", "dairy processing"],
        "发酵工艺": ["发酵工程", "发酵", "fermentation"],
        "杀菌工艺": ["巴氏杀菌", "灭菌工艺", "uht", "sterilization", "pasteurization"],
        "冷链物流": ["冷链", "冷链管理", "cold chain"],
        "食品包装": ["food packaging"],
        "质量追溯": ["食品追溯", "溯源", "traceability"],
        "绿色食品认证": ["绿色食品标志", "有机认证", "有机食品认证", "organic certification", "green food certification"],
        "种植技术": ["作物栽培", "栽培技术", "农艺", "agronomy", "crop cultivation"],
        "畜牧养殖": ["养殖技术", "畜牧", "水产养殖", "animal husbandry", "aquaculture"],
        "感官评价": ["感官评定", "sensory evaluation"],
        "食品营养": ["营养学", "营养与食品卫生", "nutrition"],
    },
    "advanced_equipment": {
        "PLC": ["可编程控制器", "可编程逻辑控制器", "plc编程", "西门子plc", "三菱plc", "programmable logic controller"],
        "SolidWorks": ["solidworks", "solid works"],
        "UG/NX": ["ug", "nx", "ug编程", "unigraphics", "siemens nx"],
        "CATIA": ["catia"],
        "Creo": ["creo", "pro/e", "proe", "pro/engineer"],
        "数控编程": ["数控加工", "数控机床", "cnc编程", "cnc加工", "cnc", "cnc programming", "cnc machining"],
        "机械设计": ["机械结构设计", "mechanical design"],
        "非标设计": ["非标自动化设计", "非标设备设计", "non-standard equipment design"],
        "工业机器人": ["机器人编程", "机器人调试", "abb机器人", "fanuc", "发那科", "kuka", "库卡", "industrial robot", "robot programming"],
        "伺服控制": ["伺服驱动", "伺服系统", "运动控制", "servo", "servo control", "motion control"],
        "液压": ["液压系统", "液压传动", "hydraulics", "hydraulic system"],
        "气动": ["气动系统", "pneumatics", "pneumatic system"],
        "焊接": ["焊接工艺", "焊工证", "氩弧焊", "二保焊", "welding"],
        "钳工": ["装配钳工", "fitter"],
        "电气设计": ["电气图纸设计", "eplan", "electrical design"],
        "GD&T": ["形位公差", "公差配合", "geometric dimensioning and tolerancing"],
        "有限元分析": ["有限元", "ansys", "abaqus", "fea", "finite element analysis"],
        "设备维修": ["设备维护", "设备保养", "机修", "equipment maintenance"],
        "精益生产": ["精益管理", "lean production", "lean manufacturing"],
        "MES": ["制造执行系统", "manufacturing execution system"],
        "机器视觉": ["视觉检测", "halcon", "machine vision"],
        "嵌入式开发": ["嵌入式", "单片机", "stm32", "embedded"],
        "三坐标测量": ["三坐标", "cmm"],
    },
    "fine_chemicals": {
        "HPLC": ["高效液相色谱", "高效液相色谱仪", "液相色谱", "uplc", "high performance liquid chromatography"],
        "GC": ["气相色谱", "气相色谱仪", "gas chromatography"],
        "GC-MS": ["气质联用", "gc/ms", "gas chromatography-mass spectrometry"],
        "质谱": ["液质联用", "lc-ms", "mass spectrometry"],
        "FTIR": ["傅里叶红外", "红外光谱", "infrared spectroscopy"],
        "氟化工": ["fluorochemicals", "fluorochemical", "fluorine chemistry", "含氟化学品", "有机氟"],
        "DCS": ["集散控制系统", "分布式控制系统", "dcs操作", "distributed control system"],
        "化工工艺": ["化学工艺", "化工工艺设计", "chemical process", "chemical engineering process"],
        "有机合成": ["合成工艺", "organic synthesis"],
        "精馏": ["精馏塔", "蒸馏", "distillation", "rectification"],
        "HAZOP": ["危险与可操作性分析"],
        "危险化学品管理": ["危化品管理", "危险化学品", "危化品", "hazardous chemicals"],
        "Aspen Plus": ["aspen", "aspen hysys", "流程模拟", "process simulation"],
        "催化": ["催化剂", "catalysis", "catalyst"],
        "分析化学": ["化学分析", "仪器分析", "analytical chemistry"],
        "涂料配方": ["涂料", "coatings", "paint formulation"],
        "农药制剂": ["农药合成", "pesticide formulation"],
        "医药中间体": ["pharmaceutical intermediates", "api intermediates"],
        "表面活性剂": ["surfactant", "surfactants"],
        "高分子材料": ["聚合物", "高分子", "polymer", "polymers"],
        "电子化学品": ["湿电子化学品", "electronic chemicals"],
        "三废处理": ["废水处理", "污水处理", "wastewater treatment"],
        "GMP": ["good manufacturing practice"],
    },
    "general": {
        "电工证": ["电工操作证", "低压电工证", "高压电工证", "电工证书", "electrician certificate", "electrician license"],
        "AutoCAD": ["autocad", "cad", "cad制图"],
        "SCADA": ["scada", "监控与数据采集"],
        "质量管理": ["品质管理", "质量控制", "质量保证", "qc", "qa", "quality control", "quality assurance", "quality management"],
        "ISO 9001": ["iso9001", "质量管理体系"],
        "六西格玛": ["6sigma", "six sigma", "6σ"],
        "安全生产管理": ["安全管理", "ehs", "hse", "safety management"],
        "项目管理": ["pmp", "project management"],
        "Python": ["python"],
        "MATLAB": ["matlab"],
    },
}

# words that point to an industry without being a skill (an employer's trade, a product)
INDUSTRY_KEYWORDS: dict[str, list[str]] = {
    "new_energy": ["新能源", "光伏", "太阳能", "风电", "风能", "锂电", "动力电池", "储能", "氢能", "新能源汽车", "充电",
                   "photovoltaic", "solar", "wind power", "lithium", "battery", "energy storage", "hydrogen", "renewable",
                   "new energy", "electric vehicle"],
    "green_food": ["食品", "绿色食品", "有机食品", "农产品", "乳制品", "乳业", "粮油", "饮料", "烘焙", "肉制品", "果蔬", "茶叶",
                   "水产", "农业", "food", "dairy", "beverage", "agricultural", "agriculture", "bakery", "organic food"],
    "advanced_equipment": ["装备制造", "高端装备", "数控", "机床", "机器人", "自动化设备", "智能制造", "机械制造", "轨道交通",
                           "航空航天", "船舶", "工程机械", "模具", "equipment manufacturing", "machinery", "machine tool",
                           "robotics", "automation", "aerospace", "intelligent manufacturing"],
    "fine_chemicals": ["化工", "精细化工", "化学品", "农药", "医药中间体", "染料", "助剂", "新材料", "chemical", "chemicals",
                       "chemistry", "pharmaceutical intermediate", "dyes"],
}

SKILLS: dict[str, list[str]] = {}
SKILL_INDUSTRIES: dict[str, tuple[str, ...]] = {}
for _industry, _entries in _VOCABULARY.items():
    for _canonical, _synonyms in _entries.items():
        SKILLS[_canonical] = list(dict.fromkeys([*SKILLS.get(_canonical, []), *_synonyms]))
        if _industry != "general":
            SKILL_INDUSTRIES[_canonical] = (*SKILL_INDUSTRIES.get(_canonical, ()), _industry)
        else:
            SKILL_INDUSTRIES.setdefault(_canonical, ())


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), casefolded, runs of space as one."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold())


_CJK = re.compile(r"[\u3400-\u9fff]")
_jieba: jieba.Tokenizer | None = None
_jieba_lock = threading.Lock()


def _tokenize(norm: str) -> list[tuple[str, int, int]]:
    """jieba tokens (word, start, end) of normalised text, our vocabulary loaded as words.

    A private tokenizer, so that our words never change how anyone else's jieba cuts text;
    built once (about a second) on first use.
    """
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            tok = jieba.Tokenizer()
            tok.initialize()
            terms = [*(t for c, syns in SKILLS.items() for t in [c, *syns]), *(w for ws in INDUSTRY_KEYWORDS.values() for w in ws)]
            for term in {normalise(t).strip() for t in terms}:
                if _CJK.search(term) and " " not in term:
                    tok.add_word(term, freq=100_000)
            _jieba = tok
    return list(_jieba.tokenize(norm, HMM=False))


class _Matcher:
    """Finds the terms of a {term: value} table in normalised text; see the module docstring for the rules."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = {normalise(t).strip(): v for t, v in table.items() if t.strip()}
        latin = sorted((t for t in self.table if not _CJK.search(t)), key=len, reverse=True)
        pieces = (r"[\s\-_/]*".join(map(re.escape, re.split(r"[\s\-_/]+", t))) for t in latin)
        self._latin = re.compile(r"(?<![a-z0-9])(" + "|".join(pieces) + r")(?![a-z0-9])") if latin else None
        self._latin_key = {re.sub(r"[\s\-_/]+", "", t): t for t in latin}
        self._long = [t for t in self.table if _CJK.search(t) and len(t) >= 3]
        self._short = {t for t in self.table if _CJK.search(t) and len(t) < 3}

    def find(self, text: str) -> dict[str, int]:
        """value -> position of its first mention."""
        norm = normalise(text)
        first: dict[str, int] = {}

        def hit(term: str, pos: int) -> None:
            value = self.table[term]
            if pos < first.get(value, len(norm) + 1):
                first[value] = pos

        if self._latin is not None:
            for m in self._latin.finditer(norm):
                hit(self._latin_key[re.sub(r"[\s\-_/]+", "", m.group(1))], m.start())
        for term in self._long:
            pos = norm.find(term)
            if pos >= 0:
                hit(term, pos)
        if any(t in norm for t in self._short):
            for word, start, _end in _tokenize(norm):
                for term in self._short:
                    # the term is a whole word or the head or tail of one ("气动元件"), never one across words
                    if word.startswith(term):
                        hit(term, start)
                    elif word.endswith(term):
                        hit(term, start + len(word) - len(term))
        return first


_SKILL_MATCHER = _Matcher({syn: canonical for canonical, syns in SKILLS.items() for syn in [canonical, *syns]})
_KEYWORD_MATCHERS = {ind: _Matcher({w: w for w in words}) for ind, words in INDUSTRY_KEYWORDS.items()}
_CANONICAL = {normalise(s).strip(): c for c, syns in SKILLS.items() for s in [c, *syns]}


def extract_skills(text: str) -> list[str]:
    """Canonical names of the vocabulary's skills named in ``text``, in order of first mention."""
    found = _SKILL_MATCHER.find(text)
    return sorted(found, key=found.__getitem__)


def canonical_skill(name: str) -> str | None:
    """``"可编程控制器"`` -> ``"PLC"``; None for a name outside the vocabulary."""
    return _CANONICAL.get(normalise(name).strip())


def infer_industries(text: str, skills: list[str] | None = None, limit: int = 3) -> list[str]:
    """Industries the text points to, strongest first.

    A skill of an industry counts 2 and a keyword 1; an industry needs 2 (one skill, or
    two different keywords), so that a passing word ("自动化" in a major) does not count,
    and a third of the strongest industry's score, so that a side skill (PLC in a solar
    technician's resume) does not add an industry the seeker never worked in.
    """
    skills = extract_skills(text) if skills is None else skills
    scores: dict[str, float] = {}
    for skill in skills:
        for industry in SKILL_INDUSTRIES.get(skill, ()):
            scores[industry] = scores.get(industry, 0) + 2
    for industry, matcher in _KEYWORD_MATCHERS.items():
        scores[industry] = scores.get(industry, 0) + len(matcher.find(text))
    top = max(scores.values(), default=0)
    ranked = sorted((s, -i, ind) for i, (ind, s) in enumerate(scores.items()) if s >= max(2, top / 3))
    return [ind for _s, _i, ind in reversed(ranked)][:limit]
