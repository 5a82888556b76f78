"""Fine-chemicals (精细化工) occupations: process, HSE, analysis, DCS, fluorine R&D."""

from . import occupation

IND = "fine_chemicals"

OCCUPATIONS = (
    occupation(
        "chem_process", IND, "化工工艺工程师|工艺技术员（化工）|车间工艺主管",
        duties="""
        负责装置工艺运行管理，制定和修订工艺操作规程
        监控反应温度、压力、物料配比等关键参数，分析工艺偏差
        开展物料衡算和能耗分析，推动节能降耗
        组织新产品的工艺放大和试生产
        参与HAZOP分析和工艺变更管理（MOC）
        编制开停车方案并现场指导
        """,
        requirements="""
        熟悉化工单元操作和反应工程
        会使用Aspen Plus或类似流程模拟软件者优先
        有间歇反应釜或连续化装置工艺经验
        能适应化工园区工作环境
        """,
        skills="化工工艺|工艺规程编制|物料衡算|Aspen Plus|工艺放大|HAZOP|开停车方案",
        extra_skills="PID图|MOC变更管理|节能降耗|DCS|连续流工艺",
        majors="化学工程与工艺|应用化学|制药工程|精细化工技术",
        experience="""
        负责医药中间体车间的工艺管理，维护十余个反应釜的操作规程
        主导一个产品从中试到千吨级生产的工艺放大
        做物料衡算和单耗分析，降低溶剂消耗
        参与装置HAZOP分析和工艺变更审查
        """,
        achievements="""
        产品收率提升约4个百分点
        溶剂回收率提升到95%以上
        持有化工工程师（中级）职称
        """,
        education="bachelor|master|associate",
        salary=(7500, 16000),
        en_title="Chemical Process Engineer",
        en_experience="""
        owned process procedures for a pharmaceutical-intermediates plant with a dozen reactors
        scaled a product from pilot to 1,000 t/a and cut solvent use through mass balances
        """,
        weight=2,
    ),
    occupation(
        "hse", IND, "安全环保工程师（HSE）|EHS专员|安全工程师",
        duties="""
        负责公司安全生产标准化和双重预防机制的建立与运行
        组织危险源辨识、风险评价和隐患排查治理
        管理危险作业许可（动火、受限空间、高处作业）
        负责环保设施运行监督、排污许可和环境监测台账
        组织安全培训、应急演练和事故调查
        对接应急管理、生态环境部门检查
        """,
        requirements="""
        熟悉危险化学品安全管理法规和环保法规
        持有注册安全工程师证书者优先
        有化工企业HSE工作经验
        执行力强，敢于坚持原则
        """,
        skills="安全生产标准化|危险源辨识|隐患排查|作业许可管理|应急演练|环保合规|注册安全工程师",
        extra_skills="HAZOP|职业卫生|排污许可|ISO 14001|ISO 45001|LEC评价",
        majors="安全工程|环境工程|化学工程与工艺|化工安全技术",
        experience="""
        在精细化工企业负责HSE，推行双重预防机制和风险分级管控
        审批动火、受限空间作业票并现场监护抽查
        组织年度综合应急预案演练
        负责危废台账、排污许可执行报告和在线监测管理
        """,
        achievements="""
        持有注册安全工程师（化工安全）证书
        公司连续三年零可记录事故
        协助公司通过安全生产标准化二级评审
        """,
        education="bachelor|associate|master",
        salary=(7000, 15000),
        en_title="HSE Engineer",
        en_experience="""
        ran the HSE programme of a fine-chemicals plant: risk assessment, permits, drills
        kept hazardous-waste records and environmental permits compliant
        """,
        weight=2,
    ),
    occupation(
        "lab_analysis", IND, "分析化验员（HPLC/GC）|分析检测工程师|QC化验员",
        duties="""
        使用HPLC、GC完成原料、中间体和成品的含量及杂质分析
        开展分析方法开发与验证，编写方法SOP
        负责卡尔费休水分、熔点、比旋度等常规检测
        维护色谱仪器，排查基线漂移、峰形异常等问题
        管理标准品、试剂和检测数据，确保数据完整性
        """,
        requirements="""
        熟练操作安捷伦或岛津液相、气相色谱
        熟悉色谱工作站软件（Empower/Chromeleon/OpenLab）
        有化工或制药企业QC经验
        工作细致，遵守数据完整性要求
        """,
        skills="HPLC|GC|分析方法验证|卡尔费休水分测定|色谱工作站|杂质分析|实验室数据完整性",
        extra_skills="GC-MS|LC-MS|ICP|Empower|GMP",
        majors="分析化学|应用化学|化学|工业分析技术",
        experience="""
        在农药中间体企业QC做HPLC和GC分析，负责成品放行检测
        开发一个关键杂质的液相分析方法并完成验证
        维护三台液相和两台气相，处理色谱柱和检测器问题
        整理检测数据，配合客户审计
        """,
        achievements="""
        全年检测报告零差错
        建立色谱柱使用档案，色谱柱寿命延长
        持有化学检验员（高级）证书
        """,
        education="associate|bachelor|master",
        salary=(5000, 10000),
        en_title="Analytical Chemist (HPLC/GC)",
        en_experience="""
        ran HPLC and GC assays and impurity profiles for batch release
        developed and validated an impurity method and maintained the chromatographs
        """,
        weight=2,
    ),
    occupation(
        "dcs_operator", IND, "DCS操作员|化工总控工|中控操作工",
        duties="""
        在中控室通过DCS系统监控装置运行，调整温度、压力、液位等参数
        执行开停车和切换操作，填写运行记录
        发现异常及时处理，按应急预案处置报警
        配合外操巡检和设备检修交出
        参与交接班和岗位技能培训
        """,
        requirements="""
        熟悉化工生产过程和DCS操作
        持有化工自动化控制仪表作业证或相关特种作业证者优先
        能适应四班三运转
        责任心强，反应敏捷
        """,
        skills="DCS操作|化工总控|中控室操作|开停车操作|应急处置|巡检|特种作业证",
        extra_skills="SIS系统|横河DCS|浙大中控|HAZOP培训|精馏操作",
        majors="化工技术|应用化工技术|化学工程与工艺|石油化工技术",
        experience="""
        在化工园区装置担任DCS内操，负责精馏单元的参数控制
        参与装置大修后的开车操作
        处理过回流泵跳车、塔压波动等工况
        带新员工熟悉DCS画面和操作规程
        """,
        achievements="""
        持有化工总控工（高级）证书
        所在班组连续多年无操作失误
        """,
        education="associate|secondary|bachelor",
        salary=(5500, 10000),
        en_title="DCS Control Room Operator",
        en_experience="""
        operated a distillation unit from the DCS console on four-shift rotation
        handled start-ups after turnarounds and process upsets
        """,
        weight=2,
    ),
    occupation(
        "fluoro_rd", IND, "氟化工研发工程师|含氟精细化学品研发|有机合成研发工程师",
        duties="""
        负责含氟中间体、含氟精细化学品的合成路线设计与小试研究
        开展工艺优化、杂质研究和放大可行性评估
        查阅文献和专利，撰写研发报告和专利申请
        配合中试车间完成技术转移
        负责实验室安全和特殊试剂（HF、氟气等）操作规范
        """,
        requirements="""
        有机化学、化学工程等专业硕士及以上优先
        熟悉有机合成和常见氟化反应
        具备独立设计实验和解析谱图（NMR、MS）的能力
        有含氟化合物或农医药中间体研发经验者优先
        """,
        skills="有机合成|氟化反应|路线设计|NMR谱图解析|工艺优化|专利撰写|中试放大",
        extra_skills="连续流反应|SciFinder|Reaxys|HPLC|高压反应",
        majors="有机化学|化学工程与技术|应用化学|药物化学",
        experience="""
        负责含氟医药中间体的路线开发，完成三个项目的小试
        研究氟化反应选择性，降低副产物比例
        撰写研发报告并配合中试车间技术转移
        通过文献和专利检索设计新合成路线
        """,
        achievements="""
        申请发明专利三项，授权一项
        主导的项目把总收率由52%提高到68%
        """,
        education="master|doctorate|bachelor",
        salary=(10000, 24000),
        en_title="Fluorochemicals R&D Chemist",
        en_experience="""
        designed synthetic routes to fluorinated pharmaceutical intermediates
        improved fluorination selectivity and handed processes over to the pilot plant
        """,
    ),
    occupation(
        "chem_equipment", IND, "化工设备工程师|设备管理工程师（静设备/动设备）|化工机修主管",
        duties="""
        负责反应釜、换热器、储罐、泵、压缩机等设备的管理和检修计划
        组织压力容器、压力管道的定期检验
        开展设备完整性管理和预防性维护
        处理设备故障，组织技改和备件国产化
        编制装置大修计划并组织实施
        """,
        requirements="""
        熟悉化工静设备和动设备结构原理
        了解压力容器相关法规（TSG 21）
        有化工装置设备管理经验
        持有压力容器作业证者优先
        """,
        skills="化工设备管理|压力容器|压力管道|预防性维护|装置大修|机泵维修|设备完整性",
        extra_skills="TSG 21|振动监测|机械密封|CMMS|AutoCAD",
        majors="过程装备与控制工程|机械工程|化工装备技术|机电设备维修与管理",
        experience="""
        负责精细化工装置的设备管理，管辖两百余台动静设备
        组织年度大修和压力容器定期检验
        推行机泵振动监测和机械密封改造
        编制备件清单并推进国产化
        """,
        achievements="""
        装置非计划停车次数下降一半
        持有压力容器管理人员证书
        """,
        education="bachelor|associate",
        salary=(7000, 14000),
        en_title="Chemical Plant Equipment Engineer",
        en_experience="""
        managed 200+ static and rotating units in a fine-chemicals plant
        planned turnarounds and statutory pressure-vessel inspections
        """,
    ),
    occupation(
        "instrument", IND, "仪表自控工程师|仪表维护技术员|自控工程师（SIS）",
        duties="""
        负责DCS、SIS系统和现场仪表的维护、组态修改和故障处理
        定期校验压力、温度、流量、液位仪表和调节阀
        参与联锁逻辑测试和SIS功能安全管理
        配合技改项目完成仪表选型和安装调试
        管理仪表台账和备件
        """,
        requirements="""
        熟悉DCS、SIS系统（横河、浙大中控、霍尼韦尔等）
        掌握常见仪表和调节阀原理
        持有化工自动化控制仪表作业证
        能参与值班和应急抢修
        """,
        skills="仪表维护|DCS组态|SIS|联锁测试|调节阀|仪表校验|HART",
        extra_skills="横河CENTUM|浙大中控|功能安全|PID整定|防爆仪表",
        majors="自动化|测控技术与仪器|化工自动化技术|生产过程自动化技术",
        experience="""
        负责化工装置仪表维护，管理上千台现场仪表
        完成DCS组态修改和PID回路整定
        组织停车检修期间的联锁测试和SIS回路校验
        """,
        achievements="""
        持有化工自动化控制仪表作业证
        仪表自控率提升到95%以上
        """,
        education="associate|bachelor",
        salary=(6500, 13000),
        en_title="Instrumentation & Control Engineer",
        en_experience="""
        maintained field instruments, DCS configuration and SIS interlocks in a chemical plant
        tuned PID loops and ran interlock tests during shutdowns
        """,
    ),
    occupation(
        "wastewater", IND, "环保水处理工程师|污水站运行主管|三废处理技术员",
        duties="""
        负责厂区污水处理站的运行管理和工艺调控
        监控COD、氨氮、总氮等指标，确保达标排放
        管理废气处理（RTO、活性炭）和危废暂存
        处理环保设施故障，优化药剂投加
        填报环保台账，配合在线监测和环保检查
        """,
        requirements="""
        熟悉生化、物化等水处理工艺
        有化工或医药企业污水站运行经验
        了解危险废物管理要求
        能适应现场工作
        """,
        skills="污水处理|生化处理|COD/氨氮控制|RTO|危废管理|在线监测|药剂投加优化",
        extra_skills="MVR蒸发|膜处理|排污许可|Excel|水质化验",
        majors="环境工程|给排水科学与工程|环境监测技术|化学工程与工艺",
        experience="""
        负责精细化工厂日处理千吨的污水站运行
        调整厌氧-好氧工艺参数，解决总氮超标问题
        管理RTO焚烧炉运行和危废暂存库
        """,
        achievements="""
        出水稳定达到园区接管标准
        药剂费用下降约20%
        """,
        education="bachelor|associate",
        salary=(6000, 12000),
        en_title="Wastewater Treatment Engineer",
        en_experience="""
        ran a 1,000 m³/day wastewater plant at a fine-chemicals site
        fixed total-nitrogen exceedances and cut chemical dosing costs
        """,
    ),
    occupation(
        "chem_logistics", IND, "危化品仓储主管|危险化学品物流专员|化工仓库管理员",
        duties="""
        负责危险化学品仓库的出入库、储存和养护管理
        落实禁忌物料分区分类存放和防火防爆措施
        审核危化品运输车辆、驾驶员和押运员资质
        管理化学品安全技术说明书（MSDS）和标签
        组织仓库安全检查和泄漏应急演练
        """,
        requirements="""
        熟悉危险化学品储存和运输法规
        持有危险化学品安全管理人员证书者优先
        有化工仓库或危化品物流经验
        会使用ERP或WMS
        """,
        skills="危化品仓储|MSDS管理|危化品运输|禁忌物料管理|仓库安全|ERP|泄漏应急处置",
        extra_skills="叉车证|WMS|GHS标签|押运员证|库存盘点",
        majors="物流管理|化工安全技术|应用化工技术|安全工程",
        experience="""
        负责化工园区企业的甲类仓库管理，管控上百种危化品
        审核运输车辆资质和装卸作业
        组织泄漏应急演练并完善仓库应急物资
        """,
        achievements="""
        持有危险化学品安全管理人员证书
        仓库账实相符率100%
        """,
        education="associate|secondary|bachelor",
        salary=(5000, 9500),
        en_title="Hazardous Chemicals Warehouse Supervisor",
        en_experience="""
        ran a class-A hazardous-chemicals warehouse with segregated storage
        vetted transport carriers and organised spill-response drills
        """,
    ),
)
