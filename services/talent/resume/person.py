"""Who the resume is about and where they live: the name and the current city.

Both are taken only when the resume says so plainly ("姓名：张三", "现居：江苏苏州", "Location:
Suzhou") or, for the name, when the first line is just a Chinese name; otherwise they are
left for the seeker to fill in rather than guessed.
"""
from __future__ import annotations

import re

from services.talent.resume.experience import heading

_NAME_LABEL = re.compile(r"(?:姓\s*名|\bname)\s*[:：]\s*([^\n|｜,，;；/\t]{1,60})", re.I)
_NEXT_LABEL = re.compile(r"(性别|年龄|电话|手机|出生|民族|籍贯|邮箱|学历|政治面貌|\s{2,}|\s+\S+\s*[:：]).*$")
_CN_NAME = re.compile(r"[\u4e00-\u9fff]{1,4}(?:·[\u4e00-\u9fff]{1,8})?")
_EN_NAME = re.compile(r"[A-Z][a-zA-Z'.-]+(?: [A-Z][a-zA-Z'.-]+){1,3}")
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
                "谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛"
                "邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路"
                "游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟"
                "应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯")
_RESUME_WORDS = re.compile(r"(?:的)?(?:个人)?(?:求职)?简历$|^(?:个人)?简历|^resume$|^curriculum vitae$|^cv$", re.I)


def _is_cn_name(s: str, *, labelled: bool = False) -> bool:
    """A Chinese name; unlabelled text must also start with a common surname to count."""
    return (bool(_CN_NAME.fullmatch(s)) and 2 <= len(s) <= 12 and not heading(s)
            and (labelled or s[0] in _SURNAMES or s.startswith(_COMPOUND_SURNAMES)))


def find_name(text: str) -> str | None:
    """The seeker's name from a "姓名/Name:" label, or from a first line that is a name ("张三", "张三的简历")."""
    m = _NAME_LABEL.search(text)
    if m:
        value = _NEXT_LABEL.sub("", m.group(1)).strip()
        if _is_cn_name(value, labelled=True) or _EN_NAME.fullmatch(value):
            return value
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = re.sub(r"^[\W_]+|[\W_]+$", "", first)
    head = re.split(r"\s*[|｜/,，;；\t]\s*|\s+", _RESUME_WORDS.sub("", first).strip())[0] if first else ""
    rest = first[len(head):]
    if _is_cn_name(head) and (head == _RESUME_WORDS.sub("", first).strip() or re.search(r"男|女|岁|\d{11}|电话|手机|@", rest)):
        return head
    if _EN_NAME.fullmatch(first) and len(first) <= 40 and not heading(first) and not _RESUME_WORDS.search(first):
        return first
    return None


_CITY_LABEL = re.compile(r"(?:现居(?:住)?(?:地址|城市|地)?|现住址|(?<!户口)(?<!户籍)(?:居住地|所在地)|所在城市|当前城市|目前城市|现工作地|"
                         r"\blocation|\bcurrent city|\bbased in|\bcity)\s*[:：]?\s*([^\n|｜,，;；/]{1,40})", re.I)
_MUNICIPALITIES = ("北京", "上海", "天津", "重庆", "香港", "澳门")
_PROVINCES = ("河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南",
              "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆")


def _city_zh(value: str) -> str:
    value = re.sub(r"^(?:在|于|中国)+", "", value.split()[0] if value.split() else "")
    for city in _MUNICIPALITIES:
        if value.startswith(city):
            return city
    for province in _PROVINCES:
        if value.startswith(province):
            rest = re.sub(r"^(?:省|壮族自治区|回族自治区|维吾尔自治区|自治区)", "", value[len(province):])
            value = rest or province
            break
    if "市" in value[1:]:
        return value[: value.index("市", 1)]
    return value[:10]


def current_city(text: str) -> str:
    """Where the seeker lives now, when a line says so; "" otherwise."""
    for m in _CITY_LABEL.finditer(text):
        value = m.group(1).strip()
        if not value:
            continue
        if re.match(r"[\u4e00-\u9fff]", value):
            city = _city_zh(value)
        else:
            city = re.split(r"\s{2,}|\s+\S+\s*[:：]", value)[0].strip(" .")
            city = city if re.fullmatch(r"[A-Za-z][A-Za-z .'-]{1,40}", city) else ""
        if city:
            return city[:50]
    return ""
