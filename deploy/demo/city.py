"""The sample city 云港市 (fictional): districts, parks, enterprises, people's names, places.

Everything here is hand-written and fictional; change ``CITY``/``DISTRICTS``/``ENTERPRISES``
to stage the demo for another city.
"""

from __future__ import annotations

from dataclasses import dataclass

CITY = "云港市"
CITY_SHORT = "云港"

# district -> parks / areas inside it
DISTRICTS: dict[str, tuple[str, ...]] = {
    "海港区": ("海港物流园", "港口作业区", "海港食品工业园"),
    "新城区": ("新城中央商务区", "新城科创中心"),
    "高新区": ("光电产业园", "智能制造产业园", "云港软件园"),
    "临港经济开发区": ("临港化工园区", "临港装备制造园", "临港新能源产业园"),
    "北山县": ("北山县农产品加工园", "北山县工业集中区", "北山风电场", "北山光伏基地"),
    "南湖区": ("南湖生态食品产业园", "南湖创业街区"),
}
LOCATIONS = (*DISTRICTS, CITY)

INDUSTRY_NAMES = {
    "new_energy": "新能源",
    "green_food": "绿色食品",
    "advanced_equipment": "高端装备制造",
    "fine_chemicals": "精细化工",
    "other": "其他",
}

OTHER_CITIES = (
    "苏州", "深圳", "上海", "杭州", "宁波", "天津", "成都", "西安",
    "南京", "广州", "北京", "武汉", "合肥", "常州", "无锡", "青岛", "东莞", "厦门",
)


@dataclass(frozen=True)
class Enterprise:
    name: str
    industry: str
    district: str
    park: str
    intro: str  # what the company does, a clause without final punctuation
    hires: tuple[str, ...]  # occupation keys it posts in its own industry

    @property
    def address(self) -> str:
        """District and park, e.g. 高新区光电产业园 (without repeating 北山县)."""
        return self.park if self.park.startswith(self.district) else self.district + self.park


def _e(name, industry, district, park, intro, hires):
    assert park in DISTRICTS[district], (name, park)
    return Enterprise(name, industry, district, park, intro, tuple(hires.split()))


NE, GF, AE, FC, OT = "new_energy", "green_food", "advanced_equipment", "fine_chemicals", "other"
ENTERPRISES: tuple[Enterprise, ...] = (
    _e("云港宁川储能科技有限公司", NE, "高新区", "光电产业园", "专注工商业及电网侧储能系统集成", "ess_engineer storage_om bms_dev pcs_hw"),
    _e("云港晶耀光伏电力有限公司", NE, "北山县", "北山光伏基地", "投资运营北山县及周边多座集中式光伏电站", "pv_om storage_om"),
    _e("云港海澜风电运维有限公司", NE, "北山县", "北山风电场", "为沿海和山地风电场提供全生命周期运维服务", "wind_om storage_om"),
    _e("云港恒锂新能源电池有限公司", NE, "临港经济开发区", "临港新能源产业园", "生产储能和两轮车用磷酸铁锂电芯", "li_process li_equipment bms_dev"),
    _e("云港昱辉光伏科技有限公司", NE, "高新区", "光电产业园", "生产高效单晶光伏组件，年产能3GW", "pv_quality pv_om li_equipment"),
    _e("云港氢源能源科技有限公司", NE, "临港经济开发区", "临港新能源产业园", "建设运营绿电制氢示范项目并研发燃料电池系统", "hydrogen ess_engineer"),
    _e("云港擎电电力电子有限公司", NE, "高新区", "智能制造产业园", "研发制造光伏逆变器和储能变流器", "pcs_hw bms_dev ess_engineer"),
    _e("云港蓝湾综合能源服务有限公司", NE, "海港区", "港口作业区", "为港口和工业园区提供光储充一体化能源服务", "pv_om storage_om ess_engineer"),
    _e("云港赛锂科技有限公司", NE, "临港经济开发区", "临港新能源产业园", "生产动力及储能锂离子电池", "li_process li_equipment pv_quality"),
    _e("云港新港智慧能源有限公司", NE, "新城区", "新城科创中心", "开发分布式光伏、储能和氢能综合能源项目", "ess_engineer pv_om hydrogen storage_om"),
    _e("云港北山绿源食品有限公司", GF, "北山县", "北山县农产品加工园", "以北山高山蔬菜为原料生产绿色脱水蔬菜和酱菜",
        "agri_base food_qc line_supervisor green_cert"),
    _e("云港鲜达冷链物流有限公司", GF, "海港区", "海港物流园", "提供生鲜食品冷链仓储与城市配送", "cold_chain"),
    _e("云港禾润乳业有限公司", GF, "南湖区", "南湖生态食品产业园", "生产低温鲜奶和发酵乳制品", "food_qc haccp_qa food_equipment line_supervisor"),
    _e("云港味之源食品科技有限公司", GF, "高新区", "智能制造产业园", "研发生产复合调味料和健康零食", "food_rd haccp_qa food_qc"),
    _e("云港海韵水产食品有限公司", GF, "海港区", "海港食品工业园", "加工出口冷冻水产品和即食海鲜", "line_supervisor haccp_qa cold_chain food_qc"),
    _e("云港膳友中央厨房餐饮管理有限公司", GF, "新城区", "新城中央商务区", "为学校、医院和企业提供团餐及中央厨房配送",
        "central_kitchen cold_chain haccp_qa"),
    _e("云港南湖茶业有限公司", GF, "南湖区", "南湖生态食品产业园", "种植加工有机绿茶和花草茶", "agri_base green_cert food_qc"),
    _e("云港丰谷粮油有限公司", GF, "海港区", "海港食品工业园", "生产小包装食用油和杂粮制品", "food_qc line_supervisor food_equipment"),
    _e("云港清泉饮品有限公司", GF, "北山县", "北山县农产品加工园", "生产山泉水和植物蛋白饮料", "food_equipment food_rd line_supervisor"),
    _e("云港家味预制菜食品有限公司", GF, "高新区", "智能制造产业园", "研发生产面向商超和餐饮的预制菜", "central_kitchen food_rd cold_chain haccp_qa"),
    _e("云港精工数控机床有限公司", AE, "高新区", "智能制造产业园", "研发制造立式加工中心和数控车床", "cnc assembly field_service mech_design"),
    _e("云港智造机器人系统有限公司", AE, "高新区", "智能制造产业园", "提供焊接、码垛和上下料机器人集成方案", "robot plc mech_design"),
    _e("云港重科起重机械有限公司", AE, "临港经济开发区", "临港装备制造园", "制造港口起重机和桥式起重设备", "welding hydraulics mech_design assembly"),
    _e("云港远航船舶配套设备有限公司", AE, "海港区", "港口作业区", "生产船用甲板机械和舾装件", "welding metrology assembly"),
    _e("云港锐驰自动化装备有限公司", AE, "新城区", "新城科创中心", "为锂电和汽车零部件行业提供非标自动化产线", "plc mech_design robot field_service"),
    _e("云港汇力液压科技有限公司", AE, "临港经济开发区", "临港装备制造园", "研发生产工程机械用液压缸和液压阀", "hydraulics cnc metrology"),
    _e("云港北辰传动机械有限公司", AE, "北山县", "北山县工业集中区", "生产减速机和农机传动部件", "assembly cnc metrology"),
    _e("云港鼎新精密部件有限公司", AE, "高新区", "智能制造产业园", "为半导体和医疗设备加工精密结构件", "cnc metrology"),
    _e("云港泰华智能装备有限公司", AE, "临港经济开发区", "临港装备制造园", "制造智能仓储和输送设备", "plc robot field_service welding"),
    _e("云港港机重工有限公司", AE, "海港区", "港口作业区", "研制港口装卸机械和自动化码头设备", "welding hydraulics plc field_service"),
    _e("云港氟润新材料有限公司", FC, "临港经济开发区", "临港化工园区", "生产含氟医药农药中间体和含氟新材料",
        "fluoro_rd chem_process lab_analysis hse"),
    _e("云港海清精细化工有限公司", FC, "临港经济开发区", "临港化工园区", "生产表面活性剂和水处理剂", "chem_process dcs_operator hse chem_equipment"),
    _e("云港科瑞医药化工有限公司", FC, "临港经济开发区", "临港化工园区", "生产医药中间体和原料药", "lab_analysis chem_process wastewater"),
    _e("云港润泽化学科技有限公司", FC, "临港经济开发区", "临港化工园区", "以连续化装置生产溶剂和增塑剂", "dcs_operator instrument chem_equipment"),
    _e("云港华晟电子化学品有限公司", FC, "高新区", "光电产业园", "生产锂电电解液添加剂和湿电子化学品", "lab_analysis fluoro_rd hse"),
    _e("云港绿洲环保科技有限公司", FC, "临港经济开发区", "临港化工园区", "为化工园区提供污水和危废处理运营服务", "wastewater hse"),
    _e("云港安泰化工物流有限公司", FC, "海港区", "海港物流园", "提供危险化学品仓储和道路运输服务", "chem_logistics hse"),
    _e("云港嘉禾农化有限公司", FC, "临港经济开发区", "临港化工园区", "生产高效低毒农药原药和制剂",
        "chem_process dcs_operator instrument lab_analysis"),
    _e("云港智联人力资源服务有限公司", OT, "新城区", "新城中央商务区", "为园区企业提供招聘外包和人事代理服务", "hr admin sales"),
    _e("云港港城数字科技有限公司", OT, "高新区", "云港软件园", "为本地企业提供信息化和电商代运营服务", "it_ops ecommerce sales"),
)

BENEFITS = (
    "五险一金", "住房公积金按12%缴存", "人才公寓拎包入住", "免费工作餐", "通勤班车",
    "年终奖", "带薪年假", "节日福利", "每年体检", "技能等级补贴", "学历补贴",
    "符合条件可申请云港市人才安家补贴", "夜班补贴", "职称评审支持", "外出培训机会",
    "双休", "高温补贴", "员工宿舍", "子女入学协助", "项目奖金",
)

# Surnames and given-name characters with pinyin, for names and account names.
SURNAMES = tuple(
    tuple(p.split(":")) for p in (
        "王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou "
        "徐:xu 孙:sun 马:ma 朱:zhu 胡:hu 郭:guo 何:he 林:lin 高:gao 罗:luo 郑:zheng "
        "梁:liang 谢:xie 宋:song 唐:tang 许:xu 韩:han 冯:feng 邓:deng 曹:cao 彭:peng "
        "曾:zeng 肖:xiao 田:tian 董:dong 潘:pan 袁:yuan 蔡:cai 蒋:jiang 余:yu 于:yu "
        "杜:du 叶:ye 程:cheng 魏:wei 苏:su 吕:lv 丁:ding 任:ren 沈:shen 姚:yao 卢:lu "
        "钟:zhong 姜:jiang 崔:cui 谭:tan 陆:lu 范:fan 金:jin 石:shi 贾:jia 夏:xia"
    ).split()
)
GIVEN_MALE = tuple(
    tuple(p.split(":")) for p in (
        "伟:wei 强:qiang 磊:lei 军:jun 勇:yong 杰:jie 涛:tao 斌:bin 超:chao 明:ming "
        "刚:gang 平:ping 辉:hui 鹏:peng 华:hua 飞:fei 鑫:xin 波:bo 宇:yu 浩:hao "
        "凯:kai 健:jian 俊:jun 帆:fan 旭:xu 晨:chen 博:bo 文:wen 志:zhi 海:hai "
        "建:jian 国:guo 峰:feng 亮:liang 东:dong 晓:xiao 永:yong 天:tian 子:zi 睿:rui"
    ).split()
)
GIVEN_FEMALE = tuple(
    tuple(p.split(":")) for p in (
        "芳:fang 娜:na 敏:min 静:jing 丽:li 艳:yan 娟:juan 霞:xia 婷:ting 雪:xue "
        "琳:lin 慧:hui 颖:ying 佳:jia 倩:qian 欣:xin 悦:yue 璐:lu 萍:ping 玲:ling "
        "晓:xiao 雨:yu 梦:meng 洁:jie 红:hong 雯:wen 思:si 诗:shi 怡:yi 嘉:jia"
    ).split()
)

SCHOOLS = {
    "secondary": ("云港市高级技工学校", "云港市职业教育中心", "北山县职业高级中学", "云港技师学院"),
    "associate": ("云港职业技术学院", "云港技师学院", "江苏农牧科技职业学院", "常州工程职业技术学院",
                  "深圳职业技术大学", "苏州工业职业技术学院", "天津轻工职业技术学院", "浙江机电职业技术大学"),
    "bachelor": ("云港理工学院", "南京工业大学", "江南大学", "合肥工业大学", "常州大学", "天津科技大学",
                 "西安理工大学", "浙江工业大学", "华北电力大学", "青岛科技大学", "西南交通大学"),
    "master": ("南京工业大学", "江南大学", "华东理工大学", "西安交通大学", "天津大学", "合肥工业大学",
               "华北电力大学", "中国农业大学"),
    "doctorate": ("华东理工大学", "天津大学", "中国科学院大学", "浙江大学", "西安交通大学"),
}

# pieces for fictional employers in other cities
EMPLOYER_BRANDS = tuple("聚恒 瑞博 泰远 融创 鼎盛 启明 华信 凯越 嘉诺 联拓 中奥 新锐 宏达 佳禾 领航 卓越 "
                        "正泰 安捷 天成 汇通 星河 弘毅 科维 蓝海 盛达 万丰 致远 德隆 金桥 信诚".split())
EMPLOYER_KINDS = {
    "new_energy": ("新能源科技有限公司", "储能技术有限公司", "光伏电力有限公司", "电池科技有限公司", "风电工程有限公司"),
    "green_food": ("食品有限公司", "乳业有限公司", "冷链物流有限公司", "餐饮管理有限公司", "农业发展有限公司"),
    "advanced_equipment": ("智能装备有限公司", "精密机械有限公司", "自动化科技有限公司", "机床有限公司", "重工机械有限公司"),
    "fine_chemicals": ("化工有限公司", "新材料股份有限公司", "医药化学有限公司", "精细化学品有限公司", "农化有限公司"),
    "other": ("贸易有限公司", "信息技术有限公司", "人力资源有限公司", "商业管理有限公司", "实业有限公司"),
}
ANONYMOUS_EMPLOYERS = {
    "new_energy": ("某头部动力电池企业", "一家上市光伏组件企业", "某央企新能源公司", "某储能系统集成商"),
    "green_food": ("某全国连锁乳企", "一家出口水产企业", "某上市调味品公司", "某生鲜电商平台"),
    "advanced_equipment": ("某外资汽车零部件企业", "一家上市机床企业", "某工程机械龙头企业", "某机器人系统集成商"),
    "fine_chemicals": ("某上市农药企业", "一家外资精细化工企业", "某医药中间体企业", "某国有化工集团"),
    "other": ("某大型制造集团", "一家外资企业", "某连锁零售企业", "某互联网公司"),
}
