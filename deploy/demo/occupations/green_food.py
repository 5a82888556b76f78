"""Green-food (绿色食品) occupations: inspection, quality, cold chain, R&D, production."""

from . import occupation

IND = "green_food"

OCCUPATIONS = (
    occupation(
        "food_qc", IND, "食品检验员|理化检验员|微生物检验员",
        duties="""
        负责原辅料、半成品和成品的理化指标检测（水分、酸价、过氧化值等）
        开展菌落总数、大肠菌群、霉菌酵母等微生物检验
        规范填写检验原始记录，出具检验报告
        维护实验室仪器设备，做好期间核查和校准登记
        配合质量部门处理不合格品和客户投诉的复检
        执行实验室6S和试剂、标准品管理
        """,
        requirements="""
        熟悉GB 4789、GB 5009系列食品检验标准
        能规范进行无菌操作和常规理化检测
        持有食品检验工证书者优先
        细心负责，能接受早班或周末轮值
        """,
        skills="食品检验|微生物检验|理化检测|GB 4789|GB 5009|无菌操作|实验室管理",
        extra_skills="原子吸收|气相色谱|CNAS实验室|LIMS|Excel",
        majors="食品检验检测技术|食品质量与安全|食品科学与工程|生物技术",
        experience="""
        在乳制品企业化验室做微生物检验，负责成品放行检测
        独立完成酸价、过氧化值、水分、灰分等理化项目
        配合第三方实验室比对，参与检测能力验证
        整理检验记录并录入LIMS系统
        """,
        achievements="""
        持有食品检验工（四级）证书
        参与的实验室通过CNAS评审
        所在班组全年检验差错为零
        """,
        education="associate|bachelor|secondary",
        salary=(4000, 8000),
        en_title="Food Laboratory Inspector",
        en_experience="""
        performed microbiological and chemical tests on dairy products for batch release
        kept lab records and instrument calibration logs under GB 4789 and GB 5009
        """,
        weight=2,
    ),
    occupation(
        "haccp_qa", IND, "食品质量管理工程师|QA主管（HACCP）|食品安全体系专员",
        duties="""
        建立并维护HACCP、ISO 22000、BRC等食品安全管理体系
        组织危害分析，确定关键控制点并监督执行
        开展内部审核，迎接客户验厂和第三方认证审核
        负责生产过程巡检、虫害控制和卫生标准操作程序（SSOP）监督
        处理质量异常和客诉，推动纠正预防措施
        组织员工食品安全培训
        """,
        requirements="""
        熟悉HACCP原理和食品安全法规
        具有体系内审员资格
        有出口食品企业或大型连锁客户验厂经验者优先
        沟通协调能力强
        """,
        skills="HACCP|ISO 22000|SSOP|GMP|内部审核|质量追溯|客户验厂",
        extra_skills="BRC|FSSC 22000|虫害控制|8D|供应商审核",
        majors="食品质量与安全|食品科学与工程|生物工程|质量管理工程",
        experience="""
        负责速冻食品工厂的HACCP计划修订和CCP监控记录审核
        组织年度内审和管理评审，迎接FSSC 22000认证审核
        处理商超客户投诉，牵头开展异物溯源
        推行车间SSOP和虫害控制管理
        """,
        achievements="""
        持有HACCP内审员和ISO 22000内审员证书
        所在工厂连续三年客户验厂零重大不符合
        推动建立一物一码追溯系统
        """,
        education="bachelor|associate|master",
        salary=(6000, 13000),
        en_title="Food Safety QA Specialist (HACCP)",
        en_experience="""
        maintained the HACCP plan and ISO 22000 system of a frozen-food plant
        ran internal audits, hosted retailer audits and investigated foreign-matter complaints
        """,
        weight=2,
    ),
    occupation(
        "cold_chain", IND, "冷链仓储主管|冷库管理员|冷链物流调度",
        duties="""
        负责冷库（-18℃及0-4℃）的收发货、库位管理和盘点
        监控库温、车温记录，处理温度异常
        安排冷藏车配送线路，协调承运商按时交付
        执行先进先出和效期管理，减少报损
        维护WMS系统数据，保证账实相符
        落实冷库安全（氨制冷/叉车作业）管理
        """,
        requirements="""
        有冷库或冷链物流管理经验
        熟悉WMS系统和库存管理方法
        持有叉车证者优先
        能适应低温环境和夜间收货
        """,
        skills="冷链仓储|冷库管理|WMS|温控记录|库存盘点|配送调度|叉车证",
        extra_skills="TMS|先进先出|氨制冷安全|Excel|GSP冷链",
        majors="物流管理|冷链物流技术与管理|食品科学与工程|工商管理",
        experience="""
        在生鲜配送中心管理两千吨级冷库，负责收发存全流程
        每天核对库温曲线和冷藏车温度记录
        规划社区团购订单的冷链配送线路
        组织月度盘点，处理临期和报损商品
        """,
        achievements="""
        库存准确率保持在99.5%以上
        把临期报损率降低近一半
        持有叉车作业证
        """,
        education="associate|secondary|bachelor",
        salary=(5000, 10000),
        en_title="Cold Chain Warehouse Supervisor",
        en_experience="""
        ran a 2,000-tonne cold store: receiving, slotting, FIFO and cycle counts
        monitored storage and reefer temperatures and planned refrigerated deliveries
        """,
    ),
    occupation(
        "food_rd", IND, "食品研发工程师|新品研发专员|食品配方工程师",
        duties="""
        负责新产品的配方开发、小试和中试放大
        开展产品风味、质构和货架期研究
        跟踪市场趋势，提出健康化、减盐减糖的新品方向
        编写产品标准、工艺规程和标签配料表
        配合生产完成新品导入和工艺验证
        对接原料供应商，评估新原料的可行性
        """,
        requirements="""
        熟悉食品添加剂使用标准（GB 2760）和标签法规
        有饮料、烘焙、调味品或预制菜研发经验者优先
        具备感官评价和实验设计能力
        有创新意识，能独立推进项目
        """,
        skills="食品研发|配方设计|GB 2760|感官评价|中试放大|货架期研究|产品标准编写",
        extra_skills="质构分析|DOE|食品标签|预制菜|植物基",
        majors="食品科学与工程|食品营养与检测|生物工程|粮食工程",
        experience="""
        负责低糖饮料系列的配方开发，从小试做到量产
        开展加速货架期试验，确定保质期
        组织感官品评小组，优化产品口感
        编写企业产品标准并完成备案
        """,
        achievements="""
        主导开发的新品上市首年销售额过千万
        获得发明专利一项
        把主力产品用盐量降低15%且口味评分不降
        """,
        education="bachelor|master|doctorate",
        salary=(7000, 16000),
        en_title="Food R&D Engineer",
        en_experience="""
        developed reduced-sugar beverage formulas from bench trials to production
        ran accelerated shelf-life studies and sensory panels
        """,
        weight=2,
    ),
    occupation(
        "line_supervisor", IND, "食品生产线主管|车间班组长|生产主管（食品）",
        duties="""
        负责生产线的人员排班、生产计划执行和产量达成
        监督员工执行卫生规范和标准作业
        控制原料损耗和能耗，落实成本指标
        处理生产异常，协调设备、品控部门
        组织班前会和新员工技能培训
        推动精益生产和5S现场管理
        """,
        requirements="""
        有食品、饮料或快消品生产管理经验
        熟悉GMP和车间卫生管理要求
        具备带领团队的能力，抗压能力强
        能接受倒班
        """,
        skills="生产管理|班组管理|GMP|5S|精益生产|排班调度|成本控制",
        extra_skills="ERP|OEE|SOP编写|员工培训|安全生产",
        majors="食品加工技术|食品科学与工程|工商管理|机电一体化技术",
        experience="""
        管理一条速冻水饺生产线，带领四十人的班组
        按周排产并跟踪产量、良率和损耗
        推行5S和班前会制度，改善车间卫生
        协调设备部门处理包装机故障，保证交付
        """,
        achievements="""
        所带班组人均产能提升约18%
        原料损耗率降低1.2个百分点
        连续两年获评优秀班组长
        """,
        education="associate|secondary|bachelor",
        salary=(6000, 12000),
        en_title="Food Production Line Supervisor",
        en_experience="""
        supervised a 40-person frozen-dumpling line: shift plans, output, yield and hygiene
        introduced 5S and daily stand-ups and cut raw-material losses
        """,
    ),
    occupation(
        "central_kitchen", IND, "中央厨房生产主管|中央厨房厨师长|预制菜生产技术员",
        duties="""
        负责中央厨房净菜加工、烹饪和分装的生产组织
        制定标准化菜品工艺卡，保证口味稳定
        按订单安排生产，确保团餐和门店按时配送
        控制食材成本和出成率
        执行食品留样、温度记录和清洁消毒制度
        参与预制菜新品的工艺转化
        """,
        requirements="""
        有中央厨房、团餐或连锁餐饮后厨管理经验
        熟悉食材处理和大批量烹饪工艺
        持有健康证
        能适应早班作业
        """,
        skills="中央厨房|标准化工艺卡|团餐生产|食材成本控制|预制菜|食品留样|健康证",
        extra_skills="冷链配送|HACCP|中式烹调师证|排产|菜品研发",
        majors="烹饪工艺与营养|餐饮管理|食品加工技术|食品科学与工程",
        experience="""
        在连锁餐饮中央厨房负责热菜生产线，日供餐八千份
        把门店畅销菜转化为标准化工艺卡和料包
        核算食材出成率，控制毛利
        落实每餐留样和中心温度记录
        """,
        achievements="""
        持有中式烹调师（三级）证书
        把菜品出品一致性投诉降低六成
        参与开发的预制菜进入商超渠道
        """,
        education="secondary|associate|bachelor",
        salary=(5000, 11000),
        en_title="Central Kitchen Production Lead",
        en_experience="""
        ran the hot-dish line of a chain-restaurant central kitchen (8,000 meals a day)
        turned restaurant dishes into standard recipe cards and meal kits
        """,
    ),
    occupation(
        "agri_base", IND, "种植基地技术员|农产品基地管理专员|农艺师",
        duties="""
        负责绿色蔬菜/茶叶/果品种植基地的田间技术指导
        制定施肥、植保方案，落实农药安全间隔期
        建立农事记录和产品追溯档案
        对接合作社和农户，组织订单农业收购
        开展土壤检测和新品种试种
        """,
        requirements="""
        熟悉作物栽培和病虫害绿色防控技术
        能长期驻基地工作，会驾驶者优先
        了解绿色食品生产技术规程
        善于与农户沟通
        """,
        skills="作物栽培|病虫害防治|绿色防控|农事记录|土壤检测|订单农业|追溯管理",
        extra_skills="水肥一体化|无人机植保|驾驶证C1|合作社管理|农产品检测",
        majors="农学|园艺|植物保护|茶学",
        experience="""
        在北方蔬菜基地做技术员，负责两千亩露地蔬菜的植保
        推广水肥一体化和绿色防控技术
        建立地块档案和农事记录，支持产品追溯
        组织合作社农户按订单种植和采收
        """,
        achievements="""
        基地通过绿色食品认证
        亩均用药量下降约25%
        持有农艺师职称
        """,
        education="associate|bachelor|master",
        salary=(4500, 9000),
        en_title="Agronomist, Farm Base",
        en_experience="""
        advised a 2,000-mu vegetable base on crop protection and fertigation
        kept field records for traceability and organised contract farming
        """,
    ),
    occupation(
        "food_equipment", IND, "食品设备维修工程师|包装设备技术员|食品厂机修",
        duties="""
        负责杀菌釜、灌装机、包装机、速冻隧道等食品设备的维修保养
        制定设备点检和润滑计划
        处理设备故障，减少停机损失
        配合卫生要求完成设备拆洗和CIP清洗系统维护
        参与技改项目和新设备安装
        """,
        requirements="""
        熟悉机械传动、气动和电气控制
        有食品、饮料或制药设备维修经验优先
        持有电工证者优先
        能接受倒班和应急抢修
        """,
        skills="设备维修|包装机|灌装机|CIP清洗|气动元件|PLC|电工证",
        extra_skills="变频器|制冷设备|焊接|TPM|备件管理",
        majors="机电一体化技术|机械设计制造及其自动化|电气自动化技术|食品装备技术",
        experience="""
        负责饮料厂灌装线和贴标机的日常维修
        处理包装机封口不良、跑偏等故障
        维护CIP清洗系统和板式换热器
        参与杀菌釜的技改和安装调试
        """,
        achievements="""
        包装线故障停机时间减少约三成
        持有低压电工作业证和焊工证
        """,
        education="associate|secondary",
        salary=(5000, 10000),
        en_title="Food Plant Maintenance Technician",
        en_experience="""
        maintained filling, labelling and CIP systems in a beverage plant
        cut packaging-line downtime with planned lubrication and checklists
        """,
    ),
    occupation(
        "green_cert", IND, "绿色食品认证专员|食品法规专员|品牌认证与标准化专员",
        duties="""
        负责绿色食品、有机产品和地理标志的申报、续展及年检材料
        跟踪食品安全法规和标准更新，组织合规评估
        审核产品标签、宣传材料的合规性
        对接认证机构和市场监管部门
        建立产地环境监测和投入品管理台账
        """,
        requirements="""
        熟悉绿色食品标准体系和认证流程
        文字功底好，能独立撰写申报材料
        了解食品标签通则（GB 7718）
        有认证或质量体系工作经验者优先
        """,
        skills="绿色食品认证|有机认证|地理标志|法规合规|GB 7718|标签审核|申报材料",
        extra_skills="HACCP|公文写作|Excel|产地环境监测|ISO 9001",
        majors="食品质量与安全|农业资源与环境|法学|食品科学与工程",
        experience="""
        负责公司十余个产品的绿色食品续展和有机认证
        审核新品标签和包装宣传语，规避违规风险
        对接市场监管部门完成抽检和备案
        整理产地环境监测报告和投入品记录
        """,
        achievements="""
        协助公司主导产品获得地理标志保护产品
        所负责认证续展零延误
        """,
        education="bachelor|associate|master",
        salary=(5000, 10000),
        en_title="Food Certification & Regulatory Specialist",
        en_experience="""
        prepared green-food and organic certification files for a dozen products
        reviewed labels against GB 7718 and liaised with regulators
        """,
    ),
)
