"""Resume phrase pools shared by all occupations (self-assessment, return stories, campus life)."""

from .city import CITY_SHORT

SELF_ASSESSMENT = (
    "做事踏实，肯钻研，遇到问题喜欢追根究底",
    "责任心强，能吃苦，服从安排",
    "沟通顺畅，习惯用数据说话",
    "学习能力强，愿意接触新技术",
    "动手能力强，现场经验比较丰富",
    "性格开朗，团队合作意识好",
    "有较强的抗压能力，能适应倒班和出差",
    "注重细节，对安全和质量有敬畏心",
    "带过新人，乐于分享经验",
    "做过多个项目，能统筹进度和资源",
    "对行业发展有持续关注，平时会看专业公众号和标准更新",
    "英语读写较好，能看懂外文资料",
    "执行力强，交代的事情当天有回复",
    "希望在一家稳定发展的企业长期干下去",
)

HOMETOWN_REASONS = (
    "父母年纪大了，想离家近一些",
    "孩子快上小学了，想让孩子在老家读书",
    "在外房价太高，回家乡生活压力小",
    f"看好{CITY_SHORT}这几年新能源和装备产业的发展",
    f"爱人也是{CITY_SHORT}人，两人商量好一起回去",
    f"关注到{CITY_SHORT}出台了人才回流政策",
    "在大城市打拼多年，想换一种节奏",
    "家里老人需要照顾",
)
CONSIDERING = (
    f"目前在考虑回{CITY_SHORT}发展，合适的机会会认真考虑",
    f"如果{CITY_SHORT}有匹配的岗位，愿意回去",
    f"正在了解{CITY_SHORT}的产业和企业情况，先看看机会",
    "暂时没定回去的时间，但很愿意先聊聊",
)
PLANNING = (
    f"计划明年上半年回{CITY_SHORT}工作",
    f"已经决定回{CITY_SHORT}，希望三个月内到岗",
    f"年底前准备回{CITY_SHORT}，正在找对口的工作",
    f"打算回{CITY_SHORT}定居，希望找一份能长期干的工作",
)
RETURNED = (
    "{year}年从{city}回到{home}，目前在找更对口的岗位",
    "前几年在{city}工作，{year}年回到家乡{home}",
    "{year}年辞去{city}的工作回到{home}，希望发挥在外积累的经验",
)

HOMETOWNS_ELSEWHERE = (
    "安徽阜阳", "河南商丘", "山东临沂", "江苏盐城", "湖北黄冈", "四川南充", "江西上饶",
    "河北邯郸", "湖南邵阳", "山西运城", "黑龙江绥化", "甘肃天水", "浙江台州", "广西桂林",
)

GRAD_TOPICS = {
    "new_energy": ("分布式光伏电站发电量损失分析", "锂电池SOC估算方法比较", "储能系统削峰填谷收益测算",
                   "风电机组变桨系统故障诊断", "磷酸铁锂正极材料改性研究"),
    "green_food": ("低糖酸奶配方优化", "冷链运输过程中生鲜品质变化研究", "速冻水饺生产中的微生物控制",
                   "绿茶饮料货架期预测", "预制菜复热品质评价"),
    "advanced_equipment": ("基于PLC的自动分拣线控制系统设计", "六轴机器人码垛工作站仿真", "数控铣削参数优化",
                           "减速机箱体结构设计与有限元分析", "液压升降平台设计"),
    "fine_chemicals": ("含氟芳烃中间体的合成工艺研究", "HPLC测定某农药原药中的有关物质", "精馏塔操作条件优化",
                       "化工企业危险源辨识与风险评价", "印染废水混凝处理试验"),
    "other": ("制造企业成本核算问题研究", "中小企业员工流失原因分析", "农产品直播电商运营策略",
              "工业品销售渠道管理", "企业内网安全加固方案"),
}
CAMPUS = (
    "担任班级学习委员",
    "获得校级奖学金两次",
    "参加全国职业院校技能大赛获省级二等奖",
    "在学生会实践部负责企业参访活动",
    "通过英语四级",
    "参与老师的横向课题，负责数据整理",
    "暑假在工厂做过一个月生产实习",
    "获得优秀毕业生称号",
)

CITY_EN = {
    "苏州": "Suzhou", "深圳": "Shenzhen", "上海": "Shanghai", "杭州": "Hangzhou", "宁波": "Ningbo",
    "天津": "Tianjin", "成都": "Chengdu", "西安": "Xi'an", "南京": "Nanjing", "广州": "Guangzhou",
    "北京": "Beijing", "武汉": "Wuhan", "合肥": "Hefei", "常州": "Changzhou", "无锡": "Wuxi",
    "青岛": "Qingdao", "东莞": "Dongguan", "厦门": "Xiamen", "云港市": "Yungang",
}
LEVEL_EN = {
    "secondary": "Vocational school diploma", "associate": "Associate degree (3-year college)",
    "bachelor": "Bachelor's degree", "master": "Master's degree", "doctorate": "PhD",
}
EMPLOYER_EN = (
    "a listed manufacturer in {city}", "a foreign-invested plant in {city}", "a private company in {city}",
    "a state-owned group in {city}", "a fast-growing start-up in {city}",
)
EN_RETURN = (  # (considering, planning)
    "A Yungang native, open to moving back home if the role is a good fit.",
    "I grew up in Yungang and plan to move back next year to be closer to my family.",
)
EN_CLOSING = (
    "Comfortable working in Chinese and English; happy to travel for commissioning.",
    "Looking for a hands-on role with room to grow.",
    "Open to full-time roles and to project-based cooperation.",
    "Available with one month's notice.",
)
