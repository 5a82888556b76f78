"""New-energy (新能源) occupations: solar, storage, lithium batteries, wind, hydrogen."""

from . import occupation

IND = "new_energy"

OCCUPATIONS = (
    occupation(
        "pv_om", IND, "光伏电站运维工程师|光伏运维技术员|分布式光伏运维主管",
        duties="""
        负责集中式光伏电站的日常巡检、缺陷登记与消缺跟踪
        负责逆变器、汇流箱、箱变等设备的定期维护和故障处理
        统计发电量与等效利用小时数，分析发电效率偏低的原因
        组织组件清洗、IV曲线测试和红外热斑排查
        执行两票三制，办理工作票、操作票，确保倒闸操作安全
        维护电站监控系统数据，按时上报运行日报和月度分析
        配合电网调度完成AGC/AVC调试及并网相关工作
        管理屋顶分布式项目的备品备件和外委检修单位
        """,
        requirements="""
        熟悉光伏发电原理及升压站一、二次设备
        持有高压电工作业证或能在三个月内取得
        能适应野外和屋顶作业，接受轮班及夜间值守
        会使用万用表、钳形表、绝缘电阻测试仪等常用仪表
        有新能源电站并网或验收经历者优先
        """,
        skills="光伏电站运维|逆变器维护|高压电工证|两票三制|IV曲线测试|SCADA监控|红外热成像",
        extra_skills="箱变检修|继电保护|无人机巡检|AutoCAD|PVsyst",
        majors="电气工程及其自动化|新能源科学与工程|光伏发电技术与应用|供用电技术",
        experience="""
        在集中式光伏电站从事运维，负责升压站和方阵区的日常巡检
        处理过逆变器直流绝缘低、IGBT过温等典型故障
        带班完成电站年度预防性试验和消缺
        参与屋顶分布式光伏项目从并网验收到移交运维的全过程
        用红外热像仪排查组件热斑，整理缺陷台账
        """,
        achievements="""
        所在电站连续两年系统效率提升约1.5个百分点
        持有高压电工作业证和登高作业证
        独立编写电站现场运行规程
        牵头把组件清洗周期由固定改为按辐照和积灰自动提醒
        """,
        education="associate|bachelor|secondary",
        salary=(5000, 11000),
        en_title="PV Plant O&M Engineer",
        en_experience="""
        ran daily inspections of a 100 MW ground-mounted PV plant and its booster station
        troubleshot string inverters and combiner boxes, kept the defect log
        planned module cleaning and IV-curve testing to recover lost yield
        """,
        weight=2,
    ),
    occupation(
        "storage_om", IND, "储能电站运维工程师|储能运维技术员|储能电站值班长",
        duties="""
        负责电化学储能电站的巡检、值班和运行监视
        监测电池簇电压、温度一致性，发现异常及时处理并上报
        维护PCS变流器、BMS、EMS及消防系统，配合厂家完成升级
        执行充放电调度指令，记录充放电量和系统效率
        组织电池簇均衡维护及热管理系统（液冷/风冷）检查
        编制储能电站应急预案并组织消防演练
        整理运行数据，参与电站可用率和衰减分析
        """,
        requirements="""
        了解锂电池储能系统结构和电池管理基本原理
        熟悉电气安全规程，具备倒闸操作经验
        有光伏、风电或变电站运维经历可考虑
        能接受倒班，责任心强，重视消防安全
        持有电工证或低压电工作业证
        """,
        skills="储能电站运维|PCS变流器|BMS|EMS能量管理|电池簇均衡|消防系统维护|电工证",
        extra_skills="液冷系统|SCADA监控|Modbus|继电保护|Excel数据分析",
        majors="电气工程及其自动化|新能源汽车技术|储能科学与工程|电力系统自动化技术",
        experience="""
        在百兆瓦时级储能电站做运维，负责电池舱和PCS舱的巡视
        根据调度指令执行削峰填谷充放电计划并核对计量
        处理过电池簇单体压差过大、液冷机组报警等问题
        配合厂家完成EMS系统升级和BMS参数核对
        组织季度消防演练，维护气体灭火和可燃气体探测装置
        """,
        achievements="""
        电站全年可用率保持在98%以上
        编写储能舱巡检标准作业卡并在公司推广
        持有低压电工作业证
        把单体压差异常的发现时间从按周缩短到按天
        """,
        education="associate|bachelor|secondary",
        salary=(5500, 11000),
        en_title="Energy Storage Station O&M Technician",
        en_experience="""
        operated a 200 MWh battery storage station on rotating shifts
        monitored cell voltage and temperature spread, ran balancing maintenance
        worked with vendors on PCS, BMS and EMS upgrades and fire-safety drills
        """,
        weight=2,
    ),
    occupation(
        "ess_engineer", IND, "储能系统工程师|储能系统集成工程师|储能解决方案工程师",
        duties="""
        负责工商业及电网侧储能系统的方案设计和容量配置
        完成电池舱、PCS、EMS的选型匹配及电气一次、二次设计
        编写技术规格书、投标技术文件并参与技术澄清
        跟进项目调试，解决现场系统集成问题
        开展储能系统经济性测算，支撑销售报价
        配合完成储能系统并网检测和相关认证
        """,
        requirements="""
        熟悉储能系统架构、电池特性和变流器工作原理
        能熟练使用AutoCAD绘制电气图纸
        具备独立完成中小型储能项目方案的能力
        能适应短期出差到项目现场
        了解GB/T 36547等储能并网相关标准
        """,
        skills="储能系统设计|电气一次设计|电气二次设计|AutoCAD|PCS选型|EMS|储能经济性测算",
        extra_skills="EPLAN|PVsyst|MATLAB/Simulink|GB/T 36547|招投标文件",
        majors="电气工程及其自动化|新能源科学与工程|电力电子与电力传动|储能科学与工程",
        experience="""
        负责多个工商业储能项目的方案设计，完成容量配置和收益测算
        编制储能系统电气一次、二次图纸和设备清单
        在项目现场牵头联调，协调电池、PCS、EMS三方厂家
        参与电网侧独立储能电站的可研和投标
        """,
        achievements="""
        主导设计的储能项目累计容量超过80MWh
        优化电池舱布置，单项目节省线缆和桥架成本约一成
        负责的投标技术标多次获得评审高分
        """,
        education="bachelor|master",
        salary=(9000, 20000),
        en_title="Energy Storage System Engineer",
        en_experience="""
        designed C&I battery storage systems, from sizing to single-line diagrams
        matched battery racks, PCS and EMS and wrote tender technical specifications
        led on-site commissioning and grid-connection testing
        """,
    ),
    occupation(
        "li_process", IND, "锂电池工艺工程师|电芯工艺工程师|锂电涂布工艺工程师",
        duties="""
        负责锂电池电芯制程工艺（匀浆、涂布、辊压、分切、卷绕/叠片）的参数制定与优化
        编制工艺文件、SOP和作业指导书，培训一线员工
        分析制程不良和电芯性能异常，推动8D改善
        导入新材料、新产品，组织试产验证并输出工艺窗口
        配合设备部门完成新设备工艺验收
        运用DOE和SPC持续提升良率、降低单耗
        """,
        requirements="""
        熟悉锂离子电池制造全流程及关键工序控制点
        掌握DOE、SPC、FMEA等质量工具
        有电芯厂或材料厂工艺经历者优先
        具备较强的数据分析和问题解决能力
        能适应车间环境，接受无尘车间作业
        """,
        skills="锂电池工艺|涂布|辊压|卷绕/叠片|DOE|SPC|PFMEA|8D",
        extra_skills="Minitab|JMP|化成分容|注液|六西格玛绿带",
        majors="材料科学与工程|化学工程与工艺|应用化学|新能源材料与器件",
        experience="""
        在动力电池工厂负责涂布和辊压工序的参数管理
        牵头极片面密度波动的改善，用DOE确定关键参数
        导入新型磷酸铁锂体系，完成试产到量产的工艺转化
        编写工序SOP并组织操作员培训
        用8D方法处理客户反馈的电芯自放电异常
        """,
        achievements="""
        涂布工序直通率从92%提升到97%
        获得六西格玛绿带证书
        参与的叠片工艺项目获公司年度改善奖
        主导降低NMP单耗的项目，年节约成本数十万元
        """,
        education="bachelor|master|associate",
        salary=(8000, 18000),
        en_title="Lithium Battery Process Engineer",
        en_experience="""
        owned coating and calendering parameters in an EV battery cell plant
        used DOE and SPC to stabilise electrode loading and raise first-pass yield
        transferred a new LFP chemistry from pilot line to mass production
        """,
        weight=2,
    ),
    occupation(
        "li_equipment", IND, "锂电池设备维护工程师|锂电设备技术员|电芯产线设备工程师",
        duties="""
        负责涂布机、辊压机、卷绕机、化成柜等锂电设备的日常点检和维修
        建立设备TPM保养计划，降低故障停机时间
        处理设备电气和机械故障，分析根因并做好维修记录
        管理设备备品备件，控制维修成本
        参与新设备安装调试和验收，提出改善建议
        配合工艺部门调整设备参数，保障产品一致性
        """,
        requirements="""
        熟悉PLC、伺服、气动和传感器等自动化元件
        能看懂机械装配图和电气原理图
        有锂电、光伏或3C自动化设备维修经验者优先
        能接受倒班，动手能力强
        """,
        skills="锂电设备维修|PLC|伺服调试|气动元件|TPM|设备点检|电气故障排查",
        extra_skills="三菱PLC|西门子PLC|机械制图|激光焊接设备|MES",
        majors="机电一体化技术|电气自动化技术|机械设计制造及其自动化|工业机器人技术",
        experience="""
        负责电芯车间卷绕机和模切机的维修保养
        排查过伺服驱动报警、张力控制不稳等设备问题
        制定设备点检表，推行TPM自主保养
        参与化成分容设备的安装调试和验收
        """,
        achievements="""
        负责机台的平均故障间隔时间提升约30%
        持有低压电工作业证
        自制的卷绕机快换工装缩短换型时间一半
        """,
        education="associate|secondary|bachelor",
        salary=(5500, 11000),
        en_title="Battery Line Equipment Maintenance Technician",
        en_experience="""
        maintained winding, die-cutting and formation equipment in a battery cell plant
        diagnosed servo and PLC faults and rolled out TPM checklists
        """,
    ),
    occupation(
        "wind_om", IND, "风电运维工程师|风电场检修技术员|风机运维班长",
        duties="""
        负责风电机组的定检、巡检和故障处理
        处理变桨、偏航、变流器及齿轮箱相关故障
        执行风机登塔作业安全规定，落实高处作业防护
        记录机组运行数据，分析可利用率及发电损失
        配合完成大部件更换、叶片检查和油品检测
        管理风场备件和工器具
        """,
        requirements="""
        身体健康，能适应登高作业和野外环境
        具有风机维护经验或电气、机械维修基础
        持有登高证、电工证，有GWO培训证书者优先
        能接受驻场轮休
        """,
        skills="风电运维|风机定检|变桨系统|偏航系统|变流器|登高作业证|GWO安全培训",
        extra_skills="齿轮箱油品检测|振动分析|SCADA监控|叶片检查|电工证",
        majors="风力发电工程技术|电气自动化技术|机电一体化技术|能源与动力工程",
        experience="""
        在山地风电场从事运维，负责二十余台双馈机组的定检
        处理变桨电池故障、偏航电机过载等常见问题
        配合厂家完成齿轮箱更换和叶片巡检
        整理机组故障台账，分析停机原因
        """,
        achievements="""
        持有GWO基础安全培训证书和高处作业证
        所负责机组年平均可利用率超过97%
        参与风场安全标准化达标工作
        """,
        education="associate|secondary|bachelor",
        salary=(6000, 12000),
        en_title="Wind Turbine Service Technician",
        en_experience="""
        serviced doubly-fed wind turbines on a mountain wind farm, including climbs
        fixed pitch, yaw and converter faults and tracked availability losses
        """,
    ),
    occupation(
        "bms_dev", IND, "BMS软件工程师|电池管理系统(BMS)开发工程师|BMS算法工程师",
        duties="""
        负责电池管理系统（BMS）嵌入式软件的需求分析、设计和开发
        开发SOC/SOH估算、均衡控制和热管理策略
        编写CAN通信协议及上位机调试工具
        完成软件单元测试、HIL测试和实车/储能柜联调
        配合硬件工程师完成采样电路、继电器控制的调试
        编写软件设计文档，遵循版本管理规范
        """,
        requirements="""
        精通C语言，熟悉ARM或其他32位单片机开发
        熟悉CAN总线协议，会使用CANoe/CANalyzer
        了解锂电池特性和BMS主要功能
        有AUTOSAR或ISO 26262功能安全经验者优先
        具备良好的代码习惯和文档能力
        """,
        skills="BMS|嵌入式C|CAN总线|SOC估算|CANoe|单片机开发|MATLAB/Simulink",
        extra_skills="AUTOSAR|ISO 26262|HIL测试|Git|Python",
        majors="电子信息工程|自动化|控制科学与工程|电气工程及其自动化",
        experience="""
        负责储能BMS从控板软件开发，实现电压温度采集和被动均衡
        用扩展卡尔曼滤波改进SOC估算算法
        编写CAN通信协议和上位机标定工具
        参与HIL台架搭建和软件版本回归测试
        """,
        achievements="""
        SOC估算误差控制在3%以内
        主导的BMS软件通过第三方功能安全评审
        有两项软件著作权
        """,
        education="bachelor|master",
        salary=(10000, 25000),
        en_title="BMS Embedded Software Engineer",
        en_experience="""
        developed battery management system firmware in C on ARM Cortex-M
        implemented SOC estimation with an extended Kalman filter and CAN protocols
        built HIL regression tests with CANoe
        """,
    ),
    occupation(
        "hydrogen", IND, "氢能工艺工程师|电解水制氢工程师|燃料电池测试工程师",
        duties="""
        负责碱性/PEM电解水制氢装置的工艺设计、调试和运行优化
        开展燃料电池电堆及系统的性能测试与数据分析
        编制制氢站操作规程和安全管理制度
        跟踪氢气纯化、储运和加氢环节的技术进展
        配合完成氢能示范项目的申报和验收
        """,
        requirements="""
        熟悉电解水制氢或燃料电池原理
        了解氢气安全特性和防爆相关规范
        有化工、电化学或热能动力背景
        具备独立撰写技术报告的能力
        """,
        skills="电解水制氢|PEM|燃料电池测试|氢气纯化|防爆安全|电化学|工艺调试",
        extra_skills="Aspen Plus|HAZOP|LabVIEW|数据分析|项目申报",
        majors="化学工程与工艺|能源与动力工程|应用化学|电化学工程",
        experience="""
        参与兆瓦级碱性电解槽制氢站的调试和运行
        负责燃料电池电堆极化曲线和耐久测试
        编写制氢站安全操作规程和应急预案
        整理测试数据，撰写性能评估报告
        """,
        achievements="""
        参与的绿氢示范项目通过省级验收
        发表氢能相关论文两篇
        把电解槽启动时间缩短约20%
        """,
        education="master|bachelor|doctorate",
        salary=(10000, 22000),
        en_title="Hydrogen Process Engineer",
        en_experience="""
        commissioned an alkaline electrolyser hydrogen plant and optimised its operation
        ran fuel-cell stack polarisation and durability tests and wrote the reports
        """,
    ),
    occupation(
        "pcs_hw", IND, "电力电子硬件工程师|逆变器硬件工程师|PCS研发工程师",
        duties="""
        负责光伏逆变器、储能变流器（PCS）功率电路的设计与调试
        完成原理图设计、器件选型和PCB评审
        开展样机测试、EMC整改和可靠性验证
        分析失效样品，输出改善方案
        支持产品认证和量产导入
        """,
        requirements="""
        熟悉Buck/Boost、三电平等拓扑及IGBT/SiC器件
        会使用示波器、功率分析仪等仪器
        熟练使用Altium Designer或Cadence
        有逆变器、充电桩或电源产品经验者优先
        """,
        skills="电力电子|逆变器设计|IGBT|Altium Designer|EMC整改|硬件调试|PCS",
        extra_skills="SiC器件|Saber仿真|PLECS|可靠性测试|磁性元件设计",
        majors="电气工程及其自动化|电力电子与电力传动|电子信息工程|自动化",
        experience="""
        负责100kW储能变流器功率板设计和样机调试
        完成IGBT驱动电路设计和双脉冲测试
        主导样机EMC整改，通过传导和辐射测试
        分析现场返修的功率模块失效原因
        """,
        achievements="""
        参与的PCS产品通过CE和国内并网认证
        把整机效率提升0.4个百分点
        获得一项实用新型专利
        """,
        education="bachelor|master",
        salary=(10000, 22000),
        en_title="Power Electronics Hardware Engineer",
        en_experience="""
        designed power stages for a 100 kW energy-storage PCS and ran double-pulse tests
        fixed EMC issues and supported grid-code certification
        """,
    ),
    occupation(
        "pv_quality", IND, "光伏组件质量工程师|组件品质工程师|光伏IQC/IPQC工程师",
        duties="""
        负责光伏组件生产过程质量控制和出货检验
        制定EL、外观、功率测试的检验标准
        处理客户投诉，组织不良分析和纠正预防措施
        开展来料检验和供应商质量审核
        维护ISO 9001质量体系文件
        """,
        requirements="""
        熟悉光伏组件结构、生产工序及常见不良
        掌握QC七大手法和8D报告
        熟悉IEC 61215等组件标准者优先
        能适应工厂倒班
        """,
        skills="光伏组件检验|EL测试|IQC|IPQC|8D|QC七大手法|ISO 9001",
        extra_skills="IEC 61215|供应商审核|MSA|SPC|Excel",
        majors="材料科学与工程|质量管理工程|光伏材料加工与应用技术|物理学",
        experience="""
        在组件厂负责层压后EL和外观检验，判定隐裂和虚焊
        组织客户投诉的不良分析并输出8D报告
        对焊带、背板等来料开展检验和供应商审核
        """,
        achievements="""
        所负责产线客诉率同比下降40%
        内审员资格（ISO 9001）
        """,
        education="associate|bachelor",
        salary=(6000, 12000),
        en_title="PV Module Quality Engineer",
        en_experience="""
        ran EL and visual inspection after lamination in a PV module factory
        wrote 8D reports on customer complaints and audited suppliers
        """,
    ),
)
