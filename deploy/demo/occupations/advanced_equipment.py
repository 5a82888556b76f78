"""Advanced-equipment (高端装备制造) occupations: automation, machining, design, welding."""

from . import occupation

IND = "advanced_equipment"

OCCUPATIONS = (
    occupation(
        "plc", IND, "PLC电气工程师|电气自动化工程师|电控工程师",
        duties="""
        负责非标自动化设备的电气原理图设计和元器件选型
        编写西门子/三菱PLC程序及触摸屏（HMI）画面
        完成伺服、变频器、传感器的调试和参数设置
        现场安装调试设备，解决电气故障
        编写电气说明书和调试记录，培训客户操作人员
        配合机械工程师优化设备节拍
        """,
        requirements="""
        熟练使用西门子S7-1200/1500或三菱FX/Q系列PLC
        能独立绘制电气图纸，会使用EPLAN或AutoCAD
        熟悉Profinet、EtherCAT等工业总线
        能接受国内出差调试
        """,
        skills="PLC编程|西门子S7-1200|TIA Portal|HMI|伺服调试|变频器|EPLAN|电气原理图",
        extra_skills="三菱PLC|Profinet|EtherCAT|WinCC|视觉系统|Modbus",
        majors="电气工程及其自动化|自动化|机电一体化技术|电气自动化技术",
        experience="""
        负责汽车零部件装配线的电气设计和PLC编程
        在TIA Portal中完成多轴伺服定位和工艺流程控制
        设计触摸屏画面和报警管理
        去客户现场调试，处理通讯中断、伺服报警等问题
        """,
        achievements="""
        独立完成过二十多台非标设备的电气调试
        把一条装配线节拍从45秒优化到38秒
        持有电工中级证
        """,
        education="bachelor|associate|master",
        salary=(7000, 16000),
        en_title="PLC / Electrical Controls Engineer",
        en_experience="""
        designed electrical schematics and wrote Siemens S7-1500 PLC and HMI programs
        commissioned servo and VFD drives on automotive assembly lines
        """,
        weight=2,
    ),
    occupation(
        "robot", IND, "工业机器人调试工程师|机器人应用工程师|机器人集成工程师",
        duties="""
        负责焊接、搬运、码垛工业机器人工作站的编程与现场调试
        完成机器人示教、轨迹优化和节拍提升
        进行机器人离线仿真，验证工作站布局和可达性
        调试机器人与PLC、视觉系统的通讯
        编写操作手册并培训客户
        处理客户现场的机器人报警和售后问题
        """,
        requirements="""
        熟悉FANUC、ABB、KUKA或安川机器人中至少一种
        会使用RobotStudio或RoboGuide进行离线编程
        了解PLC和工业总线通讯
        能适应较长时间出差
        """,
        skills="工业机器人|机器人示教编程|FANUC|ABB|离线仿真|RobotStudio|视觉引导",
        extra_skills="KUKA|安川|PLC通讯|焊接工艺|Process Simulate",
        majors="工业机器人技术|机械电子工程|自动化|机电一体化技术",
        experience="""
        调试过多台FANUC弧焊机器人工作站，负责轨迹示教和焊接参数
        用RobotStudio做码垛工作站离线仿真和节拍验证
        完成机器人与视觉相机、PLC的联调
        在客户现场培训操作工并处理售后报警
        """,
        achievements="""
        持有ABB机器人认证证书
        把码垛工作站节拍提升约20%
        独立负责过整线12台机器人的调试交付
        """,
        education="associate|bachelor",
        salary=(7000, 15000),
        en_title="Industrial Robot Commissioning Engineer",
        en_experience="""
        programmed and commissioned FANUC and ABB robot cells for welding and palletising
        validated layouts and cycle times with RobotStudio offline simulation
        """,
        weight=2,
    ),
    occupation(
        "cnc", IND, "数控编程工程师|CNC编程|数控工艺员",
        duties="""
        根据零件图纸编制数控加工工艺和CNC程序
        使用UG/Mastercam进行三轴、四轴、五轴编程
        选择刀具、夹具和切削参数，优化加工效率
        首件调试并解决加工尺寸、表面质量问题
        指导操机人员，维护程序和刀具库
        """,
        requirements="""
        熟悉加工中心、数控车床的结构与操作
        熟练使用UG NX或Mastercam编程
        会看懂复杂零件图纸和形位公差
        有精密零件或模具加工经验者优先
        """,
        skills="数控编程|UG NX|Mastercam|加工中心|五轴编程|刀具选型|机械制图",
        extra_skills="FANUC系统|西门子840D|PowerMill|夹具设计|Vericut",
        majors="数控技术|机械设计制造及其自动化|模具设计与制造|机械制造与自动化",
        experience="""
        在精密零件厂用UG编制加工中心程序，负责航空结构件加工
        优化刀路和切削参数，缩短单件加工时间
        负责首件试切和尺寸问题处理
        维护刀具库和程序版本
        """,
        achievements="""
        五轴编程熟练，独立完成叶轮类零件加工
        单件工时平均缩短约25%
        持有数控铣工高级工证书
        """,
        education="associate|secondary|bachelor",
        salary=(6500, 14000),
        en_title="CNC Programmer",
        en_experience="""
        wrote 3- to 5-axis machining programs in UG NX for precision aerospace parts
        chose tooling and cutting data and proved out first articles
        """,
        weight=2,
    ),
    occupation(
        "mech_design", IND, "机械设计工程师|结构设计工程师|非标机械设计",
        duties="""
        负责非标设备或产品结构的方案设计、三维建模和出图
        完成关键零部件的强度校核和选型计算
        编制BOM清单，跟进零件加工和装配
        参与设备调试，解决结构问题并完成设计变更
        整理设计图纸、技术文档并归档
        """,
        requirements="""
        熟练使用SolidWorks及AutoCAD
        熟悉公差配合、材料和常用加工工艺
        会使用有限元分析软件者优先
        有非标自动化或专用设备设计经验
        """,
        skills="机械设计|SolidWorks|AutoCAD|三维建模|公差配合|BOM|有限元分析",
        extra_skills="ANSYS|Creo|钣金设计|气动设计|GD&T",
        majors="机械设计制造及其自动化|机械工程|机械电子工程|过程装备与控制工程",
        experience="""
        负责锂电上下料设备的机械结构设计，用SolidWorks建模出图
        完成丝杠、导轨、气缸的选型计算
        编制BOM并跟踪外协加工和装配
        参与现场调试，处理干涉和刚性不足问题
        """,
        achievements="""
        独立设计的设备获得两项实用新型专利
        通过标准化模块设计缩短设计周期约三成
        持有机械工程师（中级）职称
        """,
        education="bachelor|associate|master",
        salary=(7500, 16000),
        en_title="Mechanical Design Engineer",
        en_experience="""
        designed custom automation machinery in SolidWorks, from concept to drawings and BOM
        sized ball screws, guides and cylinders and resolved issues during commissioning
        """,
        weight=2,
    ),
    occupation(
        "welding", IND, "焊接工艺工程师|焊接技术员|焊接工程师",
        duties="""
        编制焊接工艺规程（WPS）并组织焊接工艺评定（PQR）
        指导焊工操作，解决气孔、裂纹、变形等焊接缺陷
        参与焊接工装夹具的设计和机器人焊接参数调试
        组织焊工培训和资格考试
        配合质检完成焊缝无损检测结果分析
        """,
        requirements="""
        熟悉碳钢、不锈钢、铝合金的焊接工艺
        了解NB/T 47014、ISO 15614等焊接标准
        有压力容器或工程机械焊接经验者优先
        具备国际焊接工程师（IWE）资格者优先
        """,
        skills="焊接工艺|WPS/PQR|焊接工艺评定|焊接缺陷分析|机器人焊接|无损检测|焊工培训",
        extra_skills="IWE|NB/T 47014|ISO 3834|焊接工装设计|氩弧焊",
        majors="焊接技术与工程|材料成型及控制工程|焊接技术与自动化|机械工程",
        experience="""
        负责工程机械结构件的焊接工艺，编写WPS并完成工艺评定
        解决厚板焊接变形和根部未熔合问题
        调试机器人焊接参数，提高一次合格率
        组织焊工技能培训和考证
        """,
        achievements="""
        焊缝一次探伤合格率提升到98%以上
        持有国际焊接工程师（IWE）资格
        编写焊接工艺手册
        """,
        education="bachelor|associate|secondary",
        salary=(7000, 15000),
        en_title="Welding Process Engineer",
        en_experience="""
        wrote WPS and ran PQR qualification for heavy-equipment structures
        cut distortion and lack-of-fusion defects and tuned robotic welding parameters
        """,
    ),
    occupation(
        "metrology", IND, "质量检验工程师（三坐标）|计量检测工程师|来料/过程质检员",
        duties="""
        操作三坐标测量机完成零件尺寸检测并编写测量程序
        负责首件、巡检和终检，出具检测报告
        开展量具管理、MSA分析和仪器校准
        分析尺寸超差原因，跟踪纠正措施
        参与PPAP文件准备和客户审核
        """,
        requirements="""
        能看懂图纸和GD&T形位公差
        会操作海克斯康或蔡司三坐标
        熟悉IATF 16949体系和五大工具者优先
        认真细致
        """,
        skills="三坐标测量|CMM编程|GD&T|MSA|首件检验|IATF 16949|量具管理",
        extra_skills="PC-DMIS|Calypso|SPC|PPAP|8D",
        majors="机械设计制造及其自动化|质量管理工程|测控技术与仪器|数控技术",
        experience="""
        用PC-DMIS编写三坐标测量程序，负责齿轮箱壳体检测
        开展量具MSA分析，管理两百多件量检具
        分析尺寸超差并协助工艺调整
        准备PPAP资料，陪同客户审核
        """,
        achievements="""
        持有三坐标测量员证书
        客户审核质量部分零不符合项
        """,
        education="associate|bachelor",
        salary=(5500, 11000),
        en_title="CMM Quality Inspector",
        en_experience="""
        programmed CMM measurements in PC-DMIS for gearbox housings
        ran MSA studies, managed gauges and prepared PPAP files
        """,
    ),
    occupation(
        "assembly", IND, "装配钳工|装配技术员|整机装配组长",
        duties="""
        按图纸和工艺完成设备部件及整机装配
        进行精度调整、间隙测量和运转试验
        处理装配过程中的配合问题，反馈设计缺陷
        做好装配记录和工具管理
        配合调试和发货前验收
        """,
        requirements="""
        能看懂装配图，熟悉常用量具
        有机床、减速机或自动化设备装配经验
        持有钳工证者优先
        吃苦耐劳，团队意识强
        """,
        skills="装配钳工|机械装配|精度调整|识图|量具使用|刮研|钳工证",
        extra_skills="液压装配|气动装配|扭矩管理|5S|起重作业证",
        majors="机械制造与自动化|机电设备维修与管理|数控技术|机械加工技术",
        experience="""
        负责数控机床主轴和导轨的装配和精度调整
        完成整机运转试验和几何精度检测
        处理装配配合问题并反馈设计改进
        带三名徒弟完成整机装配
        """,
        achievements="""
        持有装配钳工高级工证书
        所在班组整机一次验收合格率提升明显
        """,
        education="secondary|associate",
        salary=(5000, 10000),
        en_title="Mechanical Fitter / Assembler",
        en_experience="""
        assembled CNC machine spindles and guideways and adjusted geometric accuracy
        ran run-in tests and mentored apprentices
        """,
    ),
    occupation(
        "hydraulics", IND, "液压系统工程师|液压设计工程师|液压调试技术员",
        duties="""
        负责工程机械或专用设备液压系统的原理设计和元件选型
        计算系统流量、压力及功率匹配
        绘制液压原理图和管路布置图
        调试液压系统，解决振动、发热、泄漏问题
        对接液压件供应商，开展国产化替代评估
        """,
        requirements="""
        熟悉液压传动原理和常用元件（泵、阀、缸、马达）
        会使用AutoCAD/SolidWorks，了解AMESim者优先
        有液压系统调试经验
        能适应现场调试出差
        """,
        skills="液压系统设计|液压元件选型|液压调试|AutoCAD|SolidWorks|泄漏分析|AMESim",
        extra_skills="电液比例控制|CAN总线|管路设计|可靠性试验|国产化替代",
        majors="机械设计制造及其自动化|流体传动与控制|机械电子工程|液压与气动技术",
        experience="""
        设计起重设备液压原理图，完成泵阀选型和功率匹配
        现场调试液压系统，解决油温过高和阀组啸叫问题
        推进进口比例阀的国产化替代验证
        """,
        achievements="""
        液压系统故障率下降约35%
        国产化替代为公司单台节省成本数千元
        """,
        education="bachelor|associate",
        salary=(7500, 16000),
        en_title="Hydraulic Systems Engineer",
        en_experience="""
        designed hydraulic circuits for lifting equipment and matched pumps and valves
        commissioned systems on site and fixed overheating and valve noise
        """,
    ),
    occupation(
        "field_service", IND, "设备售后服务工程师|现场服务工程师|设备技术支持",
        duties="""
        负责公司设备的安装指导、调试验收和售后维修
        远程或现场处理客户设备故障，出具服务报告
        开展客户操作和维护培训
        收集客户反馈，推动产品改进
        管理客户设备档案和备件需求
        """,
        requirements="""
        懂机械和电气，能独立排查设备故障
        接受经常出差，有驾照者优先
        沟通表达能力强，有服务意识
        有数控机床或自动化设备售后经验优先
        """,
        skills="设备售后|故障诊断|安装调试|客户培训|PLC基础|机械维修|服务报告",
        extra_skills="驾驶证C1|英语沟通|CRM系统|数控系统|液压维修",
        majors="机电一体化技术|机械设计制造及其自动化|电气自动化技术|数控设备应用与维护",
        experience="""
        负责华东区数控机床的售后服务，年出差超过150天
        处理主轴报警、换刀故障、系统参数丢失等问题
        给客户操机人员做维护保养培训
        把常见故障整理成知识库供团队使用
        """,
        achievements="""
        客户满意度评分全区第一
        平均故障响应时间缩短到24小时以内
        """,
        education="associate|bachelor|secondary",
        salary=(6000, 13000),
        en_title="Field Service Engineer",
        en_experience="""
        installed, commissioned and repaired CNC machines at customer sites across the region
        trained operators and built a troubleshooting knowledge base
        """,
    ),
)
