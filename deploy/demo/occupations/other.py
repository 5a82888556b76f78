"""Occupations outside the priority industries (industry ``other``): support functions."""

from . import occupation

IND = "other"

OCCUPATIONS = (
    occupation(
        "accounting", IND, "财务会计|总账会计|成本会计",
        duties="""
        负责日常账务处理、凭证审核和月末结账
        编制月度、季度、年度财务报表
        办理增值税、企业所得税申报及发票管理
        开展成本核算和费用分析
        配合年度审计和税务检查
        """,
        requirements="""
        熟悉企业会计准则和税法
        熟练使用用友或金蝶财务软件
        持有初级会计职称，中级优先
        有制造业财务工作经验者优先
        """,
        skills="总账核算|财务报表|纳税申报|成本核算|用友U8|金蝶|Excel",
        extra_skills="中级会计职称|税务筹划|预算管理|审计配合|ERP",
        majors="会计学|财务管理|大数据与会计|审计学",
        experience="""
        负责制造企业的总账和报表，月结按时完成
        办理增值税申报和发票认证
        做产品成本核算，分析料工费差异
        配合会计师事务所完成年审
        """,
        achievements="""
        持有中级会计职称
        推动费用报销线上化，结账周期缩短两天
        """,
        education="bachelor|associate",
        salary=(5000, 11000),
        en_title="Accountant",
        en_experience="""
        kept the general ledger and monthly statements of a manufacturer
        filed VAT and corporate tax returns and supported annual audits
        """,
        weight=2,
    ),
    occupation(
        "hr", IND, "人力资源专员|招聘主管|薪酬绩效专员",
        duties="""
        负责招聘渠道维护、简历筛选、面试安排和入职办理
        办理员工社保、公积金和劳动合同管理
        协助制定薪酬绩效方案，完成月度考勤和工资核算
        组织新员工培训和校园招聘
        处理劳动关系事务
        """,
        requirements="""
        熟悉劳动法和社保政策
        有制造业人事工作经验优先
        沟通能力强，善于协调
        持有人力资源管理师证书优先
        """,
        skills="招聘|员工关系|薪酬核算|社保公积金|绩效管理|劳动合同管理|校园招聘",
        extra_skills="人力资源管理师|培训体系|HR系统|Excel|雇主品牌",
        majors="人力资源管理|工商管理|劳动与社会保障|心理学",
        experience="""
        负责一线工人和技术岗位招聘，每月到岗二三十人
        办理入离职、社保和劳动合同
        核算月度考勤和计件工资
        组织校园招聘和新员工入职培训
        """,
        achievements="""
        持有企业人力资源管理师（三级）证书
        把一线员工三个月流失率降低约10个百分点
        """,
        education="bachelor|associate",
        salary=(5000, 10000),
        en_title="HR Specialist",
        en_experience="""
        recruited operators and technicians, ran onboarding and employment contracts
        handled payroll, attendance and social insurance
        """,
        weight=2,
    ),
    occupation(
        "sales", IND, "销售经理|大客户经理|区域销售代表",
        duties="""
        开发和维护区域客户，完成销售目标
        挖掘客户需求，制定解决方案并推进商务谈判
        跟进合同执行、发货和回款
        收集市场和竞品信息，反馈产品需求
        参加行业展会和客户技术交流
        """,
        requirements="""
        有工业品或B2B销售经验者优先
        沟通谈判能力强，能接受出差
        有驾照，自有客户资源者优先
        目标感强
        """,
        skills="客户开发|商务谈判|大客户管理|销售计划|回款管理|CRM|招投标",
        extra_skills="驾驶证C1|行业展会|方案销售|英语沟通|渠道管理",
        majors="市场营销|国际经济与贸易|工商管理|机械设计制造及其自动化",
        experience="""
        负责华东区工业客户开发，年销售额两千余万元
        从技术交流到招投标全程跟进大客户项目
        管理经销商渠道并组织季度拜访
        跟进回款，坏账率控制在较低水平
        """,
        achievements="""
        连续两年超额完成销售任务
        新开发重点客户十余家
        """,
        education="bachelor|associate|secondary",
        salary=(6000, 20000),
        en_title="Key Account Sales Manager",
        en_experience="""
        grew industrial key accounts in East China to over CNY 20 million a year
        led tenders, negotiations and collections
        """,
        weight=2,
    ),
    occupation(
        "admin", IND, "行政专员|综合办公室主任|行政助理",
        duties="""
        负责公司日常行政事务、会议组织和接待工作
        管理办公用品、固定资产和车辆
        起草通知、总结等行政文件
        协调后勤服务（食堂、宿舍、保洁、安保）
        对接政府部门，办理政策申报材料
        """,
        requirements="""
        文字功底好，熟练使用Office
        做事细致，有服务意识，能妥善处理突发事务
        有企业综合管理经验优先
        会驾驶、能配合接待安排者优先
        """,
        skills="行政管理|公文写作|会议组织|固定资产管理|后勤管理|Office|政策申报",
        extra_skills="驾驶证C1|档案管理|接待礼仪|企业文化|采购",
        majors="行政管理|文秘|汉语言文学|工商管理",
        experience="""
        负责公司行政后勤，管理食堂、宿舍和车辆
        起草公司通知和年度总结
        组织政府参观接待和大型会议
        协助申报高新技术企业和人才项目
        """,
        achievements="""
        协助公司成功申报省级专精特新企业
        行政费用同比下降约15%
        """,
        education="bachelor|associate",
        salary=(4000, 8000),
        en_title="Office Administrator",
        en_experience="""
        ran office administration, canteen, dormitories and company cars
        drafted notices and prepared government grant applications
        """,
    ),
    occupation(
        "it_ops", IND, "IT运维工程师|网络管理员|信息化专员",
        duties="""
        负责公司网络、服务器、电脑终端的运维和故障处理
        维护ERP、MES、OA等信息系统的账号和数据备份
        实施网络安全防护，管理防火墙和杀毒软件
        采购和管理IT资产
        配合信息化项目实施和用户培训
        """,
        requirements="""
        熟悉Windows Server、Linux基础操作
        了解交换机、路由器、防火墙配置
        有工厂信息化项目经验者优先
        能处理突发故障
        """,
        skills="网络运维|Windows Server|Linux|交换机配置|防火墙|数据备份|ERP运维",
        extra_skills="MES|虚拟化VMware|SQL Server|网络安全等保|Python脚本",
        majors="计算机科学与技术|计算机网络技术|软件工程|信息管理与信息系统",
        experience="""
        负责三百人工厂的网络和服务器运维
        维护ERP和MES系统账号、权限和每日备份
        完成核心交换机和防火墙的更换
        配合等保测评整改
        """,
        achievements="""
        持有华为HCIA认证
        全年核心系统可用率超过99.9%
        """,
        education="associate|bachelor",
        salary=(5000, 11000),
        en_title="IT Operations Engineer",
        en_experience="""
        ran the network, servers and ERP/MES accounts of a 300-person factory
        replaced the core switch and firewall and handled backups
        """,
    ),
    occupation(
        "foreign_trade", IND, "外贸业务员|国际业务经理|跨境销售专员",
        duties="""
        开发海外客户，处理询盘和报价
        跟进订单生产、出运、报关和结汇
        参加广交会等国际展会
        维护阿里巴巴国际站等平台
        处理海外客户投诉和售后
        """,
        requirements="""
        英语读写流利，能进行商务沟通
        熟悉外贸流程和信用证、电汇等结算方式
        有工业品或食品出口经验者优先
        能适应时差沟通
        """,
        skills="外贸业务|英语商务沟通|报关报检|信用证|询盘报价|阿里巴巴国际站|海外客户开发",
        extra_skills="CET-6|日语|跨境电商|展会营销|出口退税",
        majors="国际经济与贸易|商务英语|英语|市场营销",
        experience="""
        负责东南亚和中东市场的客户开发，年出口额五百万美元
        处理询盘、报价和合同签订
        跟进订舱、报关和信用证交单
        参加广交会并接待来访客户
        """,
        achievements="""
        英语专业八级
        开发长期合作海外客户二十余家
        """,
        education="bachelor|associate",
        salary=(5000, 15000),
        en_title="Export Sales Specialist",
        en_experience="""
        developed customers in Southeast Asia and the Middle East, about USD 5 million a year
        handled quotations, letters of credit, shipping and customs
        """,
    ),
    occupation(
        "ecommerce", IND, "电商运营专员|直播运营|农产品电商运营",
        duties="""
        负责天猫、京东、抖音等店铺的日常运营
        策划促销活动和直播选品，提升转化率
        分析流量和销售数据，优化推广投放
        管理商品详情页和客服团队
        对接仓储物流，保障发货时效
        """,
        requirements="""
        有电商平台运营经验，熟悉平台规则
        数据敏感，会使用生意参谋等工具
        有食品或农产品电商经验者优先
        能接受直播排期带来的晚班
        """,
        skills="电商运营|直播运营|活动策划|数据分析|推广投放|生意参谋|抖音电商",
        extra_skills="短视频剪辑|私域运营|Photoshop|客服管理|选品",
        majors="电子商务|市场营销|新闻传播学|农村经济管理",
        experience="""
        负责本地特产的抖音店铺运营，从零做到月销百万
        策划直播排期和选品，提升直播间转化
        分析投放数据，调整千川计划
        """,
        achievements="""
        店铺年销售额突破千万
        孵化两个本地农产品直播账号
        """,
        education="associate|bachelor|secondary",
        salary=(4500, 12000),
        en_title="E-commerce Operations Specialist",
        en_experience="""
        ran Douyin and Tmall stores for regional food brands, from zero to CNY 1 million a month
        planned livestreams, product selection and paid traffic
        """,
    ),
    occupation(
        "purchasing", IND, "采购专员|供应链计划员|采购工程师",
        duties="""
        负责原材料、辅料和备件的询价、比价和采购下单
        开发和评估供应商，组织年度供应商考核
        跟进交期和到货质量，处理异常
        编制物料需求计划，控制库存水平
        管理采购合同和付款申请
        """,
        requirements="""
        有制造业采购或供应链经验
        熟悉ERP系统采购模块
        谈判能力强，廉洁自律
        能看懂机械图纸或物料规格书者优先
        """,
        skills="采购管理|供应商开发|询价比价|物料需求计划|ERP|合同管理|库存控制",
        extra_skills="SAP|成本分析|供应链计划|进口采购|Excel",
        majors="物流管理|供应链管理|工商管理|机械设计制造及其自动化",
        experience="""
        负责机加件和标准件采购，管理四十余家供应商
        组织年度招标比价，降低采购成本
        跟进交期，处理来料不良和退换货
        用ERP编制物料需求计划
        """,
        achievements="""
        年度采购成本下降约6%
        交付准时率提升到95%以上
        """,
        education="bachelor|associate",
        salary=(5000, 11000),
        en_title="Purchasing Specialist",
        en_experience="""
        sourced machined and standard parts from 40+ suppliers and ran annual tenders
        planned material requirements in the ERP and chased deliveries
        """,
    ),
)
