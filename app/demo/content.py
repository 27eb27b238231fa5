"""The demo's fixed material: vocabulary values, scales, findings, organisations, posts, interview
topics, petitions and document lines (docs/domain.md §1–§3, §5). Data only, and a few small helpers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from app.domain.vocab import SEED

#: Records per ``save_many`` call: one transaction each.
BATCH = 2000
#: The day the sample data describes ("today" for deadlines and overdue items).
AS_OF = dt.date(2024, 12, 31)
DEMO_NOTE = "演示数据：本记录中的人员、单位、事件均为虚构，仅供演示和培训使用。"


def _vocab(name: str) -> tuple[str, ...]:
    return SEED[name][2]


# Vocabulary values used by name below; unpacked from the seed so a typo fails at import.
ROUND_KINDS = _vocab("round_kind")
#: 办理结果 (vocab lead_result): concluded by the team itself, and on the receiving side (予以了结).
_CASE, _SANCTION, _ORG_ACTION, _EDUCATION, RESULT_CLOSED, RESULT_OTHER = _vocab("lead_result")
LEADER, DEPUTY, MEMBER_ROLE, LIAISON_ROLE, STAFF_ROLE = _vocab("member_role")
TALK, DOCS, PETITIONS, GENERAL = _vocab("sub_group")
KIN = _vocab("relation_kin")
POSTING_RECUSAL, CASE_RECUSAL = _vocab("recusal_kind")
CITY_CADRE, COUNTY_CADRE, SECTION_CADRE, ORDINARY_CADRE, VILLAGE_CADRE = _vocab("cadre_level")
MALE, FEMALE = _vocab("gender")
MUST_TALK, MAY_TALK = _vocab("interview_kind")
DRAFT_TALK, FINAL_TALK = _vocab("interview_status")
CHANNELS = _vocab("petition_channel")
P_PENDING, P_TO_LEAD, P_REFERRED, P_TO_ADVICE, P_CLOSED = _vocab("petition_status")
SOURCES = _vocab("lead_source")
POLITICAL, ORGANISATIONAL, INTEGRITY, MASSES, WORK, LIFE = _vocab("discipline")
L_NEW, L_CHECKING, L_TO_HAND, L_HANDED, L_ANSWERED, L_CLOSED = _vocab("lead_status")
TO_CDI, TO_ORG, TO_DEPT, FIX_NOW, TO_FEEDBACK = _vocab("disposal_route")
TALK_ENQUIRY, VERIFY, HOLD, CLOSE = _vocab("receiver_category")
PAPER_MEDIUM, E_MEDIUM = _vocab("medium")
ORIGINAL, COPY = _vocab("copy_type")
NOT_PROVIDED, NOT_RETURNED, RETURNED, NO_RETURN = _vocab("return_status")
PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED, PAPER_ARCHIVED = _vocab("paper_state")
TAG_FOUR, TAG_MAJOR, TAG_CADRE, TAG_BRANCH, TAG_RECTIFY, TAG_OTHER = _vocab("problem_tag")
R_NOT_STARTED, R_DOING, R_DONE, R_CLOSED, R_ONGOING = _vocab("rect_status")
GRADES = _vocab("grade")
INTERNAL, SECRET, CONFIDENTIAL, TOP_SECRET = _vocab("secrecy")
H_CDI, H_ORG, H_DEPT = _vocab("handover_target")
LEADS_TO, FORMS_PAPER, FORMS_PROBLEM, RECTIFIES, HANDS_OVER, EVIDENCE, RELATED, REPEATED, CITES = _vocab("relation")
MODE_LOCAL, MODE_CROSS, MODE_ESCALATED = _vocab("inspection_mode")


@dataclass(frozen=True)
class Scale:
    """How much to make. Per-team numbers are targets; the generator rounds as it distributes."""

    teams: int
    units: int  # in total
    roster: tuple[int, int]  # people per unit (inclusive range)
    interviews: int  # per team, from here on
    petitions: int
    leads: int
    documents: int
    papers: int
    handovers: int
    attachments: int


SCALES: dict[str, Scale] = {
    "team": Scale(teams=1, units=7, roster=(15, 30), interviews=250, petitions=80, leads=120,
                  documents=200, papers=60, handovers=10, attachments=30),
    # An office team covers ~10 units instead of 7; these per-team volumes are about half the
    # team scale (a third of it per unit), so that 83 teams make ~62k records (the size of one province-wide round).
    "office": Scale(teams=83, units=837, roster=(10, 14), interviews=140, petitions=40, leads=60,
                    documents=120, papers=30, handovers=5, attachments=5),
}


# --- the eight sample problems and the lead example of docs/domain.md §5 -------------------------------


@dataclass(frozen=True)
class Finding:
    """A kind of problem a working paper can record, with what it takes to fix it.

    ``facts`` is a format string (or, for the samples, fixed text); ``subject`` names the matter
    in rectification items, ``system`` the rule to write or revise, ``extra`` a specific measure.
    ``kinds`` limits the units it fits (dept keys or unit kinds); empty means any unit.
    """

    key: str
    heading: int  # index into HEADINGS
    tag: str
    title: str
    facts: str
    basis: str
    subject: str
    system: str
    extra: str
    docs: tuple[str, ...]
    kinds: tuple[str, ...] = ()
    area: str = "相关工作"


SAMPLE_PROBLEMS: tuple[Finding, ...] = (
    Finding("s1", 1, TAG_FOUR, "业务招待费报销手续不全",
            "2023年度业务招待费中有12笔共计3.6万元无公函和接待清单。",
            "违反《党政机关国内公务接待管理规定》关于“无公函不接待”和接待清单制度的规定。",
            "业务招待费", "公务接待管理办法", "对12笔无公函和接待清单的支出逐笔核查，无法补正的由经办人和审批人退赔。",
            ("2023年度业务招待费记账凭证（12笔）复印件", "公务接待审批单及公函登记簿"), ("agri",), "办公室、财务"),
    Finding("s2", 0, TAG_MAJOR, "工程变更未经党组会集体研究",
            "“三重一大”事项中2项工程变更未经党组会集体研究，由主要负责人直接审批。",
            "违反民主集中制原则和本单位“三重一大”集体决策制度实施办法的规定。",
            "“三重一大”事项决策", "“三重一大”集体决策制度实施办法",
            "对2项工程变更补充开展合规性审查，按程序提交党组会研究。",
            ("工程变更审批单2份", "2022—2023年党组会议记录摘录"), ("housing",), "工程建设"),
    Finding("s3", 3, TAG_RECTIFY, "上轮巡察反馈问题存在“纸面整改”",
            "上轮巡察反馈的5个问题中有2个存在“纸面整改”，相关制度未实际执行。",
            "不符合巡视巡察整改“建账—更新—销号”有关要求，整改主体责任落实不到位。",
            "上轮巡察反馈问题整改", "巡察整改销号管理办法",
            "对上轮巡察反馈的5个问题重新对账，对2个“纸面整改”问题重新制定整改措施。",
            ("上轮巡察整改台账及销号资料", "相关制度执行情况抽查记录"), ("edu",), "巡察整改"),
    Finding("s4", 2, TAG_CADRE, "中层干部选拔动议环节记录缺失",
            "2022年以来3名中层干部选拔缺少动议环节记录，程序不规范。",
            "不符合《党政领导干部选拔任用工作条例》关于分析研判和动议的要求。",
            "中层干部选拔任用", "中层干部选拔任用工作实施办法",
            "对2022年以来3名中层干部选拔任用档案进行复查，补充完善相关说明材料。",
            ("3名中层干部选拔任用工作纪实", "党委会议记录摘录"), ("hospital",), "人事"),
    Finding("s5", 1, TAG_FOUR, "长期借用下属单位公务车辆",
            "向下属单位借用公务车辆1辆长期未归还。",
            "违反《党政机关公务用车管理办法》关于不得借用下属单位车辆的规定。",
            "公务用车", "公务用车使用管理办法", "立即将借用车辆归还下属单位，清理借用期间发生的油费、维修费。",
            ("车辆借用审批单", "下属单位车辆运行记录"), ("edu",), "机关事务"),
    Finding("s6", 2, TAG_BRANCH, "村集体资金支出未履行“四议两公开”程序",
            "某村集体资金支出未履行“四议两公开”程序。",
            "违反《中国共产党农村基层组织工作条例》关于村级重大事项决策实行“四议两公开”的规定。",
            "村级重大事项决策", "村级重大事项“四议两公开”操作规程", "对相关支出补充履行民主程序并张榜公开。",
            ("村集体资金支出凭证", "村务公开栏照片"), ("village", "town"), "农村集体资金"),
    Finding("s7", 1, TAG_OTHER, "惠农补贴发放台账与银行代发记录不一致",
            "惠农补贴发放台账与银行代发记录不一致，差额1.2万元。",
            "违反惠农补贴资金“一卡通”发放管理有关规定，资金监管不到位。",
            "惠农补贴发放", "惠农补贴资金发放管理办法", "逐户核对补贴发放台账与银行代发记录，查清1.2万元差额去向。",
            ("惠农补贴发放台账", "银行代发记录"), ("agri",), "惠农补贴"),
    Finding("s8", 2, TAG_BRANCH, "党支部“三会一课”记录雷同",
            "党支部“三会一课”记录雷同，组织生活流于形式。",
            "违反《中国共产党支部工作条例（试行）》关于“三会一课”制度的规定。",
            "“三会一课”制度落实", "党支部组织生活规范化建设实施方案",
                "对所属党支部“三会一课”记录逐一检查，对记录雷同的支部书记约谈提醒。",
            ("党支部“三会一课”记录本", "主题党日活动记录"), ("village", "soe", "town"), "党建"),
)

#: The lead example of docs/domain.md §5: this summary, 移交对象 纪委监委 (the vocabulary's word for the
#: county's 县纪委监委), 接收方处置 初步核实.
LEAD_EXAMPLE = "来信反映某局分管副局长在工程项目中违规干预招投标"
LEAD_EXAMPLE_TRANSFER_TO = H_CDI
LEAD_EXAMPLE_CATEGORY = VERIFY

#: Unit kinds with offices, cars and a theory study group: everything but a village branch.
NOT_VILLAGE = ("bureau", "hospital", "soe", "school", "town", "street")

#: Other kinds of problem; the working papers of every team draw from these.
FINDINGS: tuple[Finding, ...] = (
    Finding("major", 0, TAG_MAJOR, "“三重一大”决策制度执行不严格",
            "{y}年，{org}有{n}项大额资金支出共计{m}万元未提交{meeting}集体研究，由分管领导审批后直接支付。",
            "违反民主集中制原则和本单位“三重一大”集体决策制度的规定。",
            "“三重一大”事项决策", "“三重一大”集体决策制度实施办法",
            "对{y}年以来大额资金支出逐项梳理，未经集体研究的补充履行程序并说明情况。",
            ("{y}年度大额资金支付凭证", "{meeting}会议记录摘录"), area="财务"),
    Finding("study", 0, TAG_OTHER, "理论学习中心组学习制度落实不到位",
            "{y}年度{org}理论学习中心组集中学习{n}次，少于规定次数，其中{k}次学习无研讨发言记录。",
            "不符合《中国共产党党委（党组）理论学习中心组学习规则》的有关要求。",
            "理论学习中心组学习", "理论学习中心组学习制度", "制定年度学习计划，每次集中学习安排专题研讨并如实记录。",
            ("{y}年度理论学习中心组学习记录", "学习计划"), NOT_VILLAGE, area="党建"),
    Finding("ideology", 0, TAG_OTHER, "意识形态工作责任制落实不到位",
            "{y}年{org}未专题研究意识形态工作，门户网站和微信公众号有{n}条信息发布前无审核记录。",
            "违反党委（党组）意识形态工作责任制的有关规定。",
            "意识形态工作", "意识形态阵地管理办法", "对门户网站和微信公众号信息发布实行“三审三校”，建立审核台账。",
            ("{meeting}会议记录", "信息发布审核记录"), NOT_VILLAGE, area="宣传"),
    Finding("grain", 0, TAG_OTHER, "粮食安全责任制落实有差距",
            "{y}年{org}耕地“非粮化”整治任务完成率仅为{pct}%，{n}处违规占用耕地问题未按期整改到位。",
            "未认真贯彻落实粮食安全党政同责和耕地保护的有关决策部署。",
            "粮食安全和耕地保护", "耕地保护和粮食生产工作责任制", "对{n}处违规占用耕地问题逐一建立台账，限期整改复耕。",
            ("耕地“非粮化”整治台账", "现场核查照片"), ("agri", "town", "village"), "粮食生产"),
    Finding("projects", 0, TAG_OTHER, "重点项目推进滞后",
            "{y}年列入全县重点项目的{n}个项目中，有{k}个未按期开工或完工，涉及投资{m}万元。",
            "贯彻落实上级重大决策部署不够有力，项目推进责任不落实。",
            "重点项目推进", "重点项目推进调度制度", "对滞后项目逐一分析原因，明确责任领导和完成时限，每月调度。",
            ("重点项目推进台账", "项目调度会议纪要"), ("housing", "soe", "edu", "bureau", "hospital"), "项目建设"),
    Finding("service", 0, TAG_OTHER, "优化营商环境措施落实不到位",
            "{y}年以来，{org}有{n}件审批事项超出承诺时限办结，{k}家企业反映办事需多次往返。",
            "未认真贯彻落实优化营商环境的有关决策部署。",
            "审批服务", "审批服务限时办结制度", "对超时限办结事项逐件倒查，向相关企业说明情况。",
            ("审批事项办理台账", "企业座谈记录"), ("bureau", "housing", "agri"), "审批服务"),
    Finding("reception", 1, TAG_FOUR, "公务接待管理不规范",
            "{y}年{org}公务接待中有{n}批次无公函、{k}批次超标准接待，涉及金额{m}万元。",
            "违反《党政机关国内公务接待管理规定》和中央八项规定精神。",
            "公务接待", "公务接待管理办法", "对超标准接待部分由相关责任人退赔，对无公函接待逐笔说明情况。",
            ("{y}年度业务招待费记账凭证", "公务接待审批单"), area="办公室"),
    Finding("allowance", 1, TAG_FOUR, "违规发放津贴补贴",
            "{y}年，{org}以加班费、值班费名义向{n}名干部职工发放补贴共计{m}万元，无考勤和审批依据。",
            "违反津贴补贴发放的有关规定和中央八项规定精神。",
            "津贴补贴发放", "津贴补贴发放管理办法", "对违规发放的{m}万元补贴全额清退。",
            ("工资表及补贴发放明细", "考勤记录"), NOT_VILLAGE, area="财务"),
    Finding("cars", 1, TAG_FOUR, "公务用车管理使用不规范",
            "{org}有{n}辆公务用车未严格执行派车登记制度，{y}年节假日用车{k}次无审批记录。",
            "违反《党政机关公务用车管理办法》的有关规定。",
            "公务用车", "公务用车使用管理办法", "安装公务用车定位系统，节假日车辆一律封存。",
            ("公务用车派车单", "车辆加油、维修记录"), NOT_VILLAGE, area="机关事务"),
    Finding("procurement", 1, TAG_OTHER, "政府采购程序不规范",
            "{y}年{org}有{n}个采购项目化整为零、规避公开招标，涉及金额{m}万元。",
            "违反《中华人民共和国政府采购法》的有关规定。",
            "政府采购", "政府采购内部控制制度", "对{n}个采购项目逐项复查，对相关经办人员进行约谈。",
            ("政府采购合同", "采购审批单"), NOT_VILLAGE, area="采购"),
    Finding("tender", 1, TAG_MAJOR, "工程项目建设管理不严",
            "{project}项目存在先施工后招标问题，合同金额{m}万元；另有{n}项工程变更签证手续不全。",
            "违反《中华人民共和国招标投标法》和工程建设项目管理的有关规定。",
            "工程项目建设管理", "工程建设项目管理办法", "对先施工后招标的项目开展专项审计，对变更签证逐项复核。",
            ("{project}项目施工合同", "工程变更签证单"), ("housing", "soe", "edu", "hospital", "town",
                "agri"), "工程建设"),
    Finding("accounts", 1, TAG_OTHER, "财务管理不规范",
            "{y}年{org}有{n}笔支出无原始凭证或审批手续不全，共计{m}万元；另有{k}笔往来款项长期挂账未清理。",
            "违反《会计基础工作规范》的有关规定。",
            "财务管理", "财务管理制度", "对{n}笔支出补齐手续，无法补齐的追究经办人责任；清理长期挂账的往来款项。",
            ("{y}年度记账凭证", "往来款项明细账"), area="财务"),
    Finding("training", 1, TAG_FOUR, "会议费培训费列支不规范",
            "{y}年{org}在外地举办培训班{n}次，超标准列支住宿费、场地费{m}万元。",
            "违反会议费、培训费管理的有关规定。",
            "会议费培训费", "会议费培训费管理办法", "对超标准列支部分予以清退，严格执行培训计划审批。",
            ("培训班审批文件", "培训费报销凭证"), NOT_VILLAGE, area="办公室"),
    Finding("oversight", 1, TAG_OTHER, "监督责任履行不到位",
            "{y}年以来，{org}纪检组织运用监督执纪“第一种形态”谈话提醒仅{n}人次，对{k}起苗头性问题未及时跟进处置。",
            "不符合《中国共产党纪律检查机关监督执纪工作规则》的有关要求。",
            "日常监督", "日常监督工作清单", "对{k}起苗头性问题逐一跟进处置，建立谈话提醒台账。",
            ("谈话提醒台账", "问题线索处置记录"), NOT_VILLAGE, area="纪检"),
    Finding("subsidy", 1, TAG_OTHER, "粮食补贴发放审核把关不严",
            "{y}年粮食补贴发放中，有{n}户农户补贴面积与实际种植面积不符，多发补贴{m}万元，发放前未进行公示。",
            "违反惠农补贴资金管理和公示的有关规定，损害群众利益。",
            "粮食补贴发放", "粮食补贴面积核实和公示制度", "对{n}户补贴面积逐户复核，多发补贴全部追回。",
            ("粮食补贴发放花名册", "银行代发记录"), ("agri", "town", "village"), "粮食补贴"),
    Finding("aid", 1, TAG_OTHER, "学生资助资金管理不规范",
            "{y}年学生资助资金发放中，有{n}名学生不符合资助条件仍获得资助{m}万元。",
            "违反学生资助资金管理的有关规定。",
            "学生资助", "学生资助资金管理办法", "对{n}名学生资助资格逐一复核，不符合条件的资金予以追回。",
            ("学生资助审批表", "资助资金发放记录"), ("edu", "school"), "学生资助"),
    Finding("insurance", 1, TAG_OTHER, "医保基金使用不规范",
            "{y}年医保检查发现{org}存在重复收费、串换项目等问题{n}项，涉及医保基金{m}万元。",
            "违反医疗保障基金使用监督管理的有关规定。",
            "医保基金使用", "医保基金使用内部管理制度", "退回违规使用的医保基金{m}万元，对相关科室负责人进行约谈。",
            ("医保检查反馈意见", "收费明细"), ("hospital",), "医保"),
    Finding("finance", 1, TAG_MAJOR, "融资管理不规范",
            "{y}年{org}有{n}笔融资未履行集体决策程序，涉及金额{m}万元。",
            "违反国有企业“三重一大”决策制度和融资管理的有关规定。",
            "融资管理", "融资管理办法", "对{n}笔融资补充履行决策程序，开展债务风险评估。",
            ("融资合同", "董事会会议记录"), ("soe",), "融资"),
    Finding("lifemeeting", 1, TAG_OTHER, "民主生活会质量不高",
            "{y}年度领导班子民主生活会对照检查材料中有{n}条问题与上年度雷同，{k}条相互批评意见均为建议性意见。",
            "不符合《县以上党和国家机关党员领导干部民主生活会若干规定》的有关要求。",
            "民主生活会", "民主生活会工作规程", "会前深入开展谈心谈话，对照检查材料须经上级审核把关。",
            ("民主生活会会议记录", "对照检查材料"), NOT_VILLAGE, area="党建"),
    Finding("selection", 2, TAG_CADRE, "干部选拔任用程序不规范",
            "{y}年{org}有{n}名中层干部调整未经民主推荐，{k}名干部任前考察材料不完整。",
            "不符合《党政领导干部选拔任用工作条例》的有关要求。",
            "干部选拔任用", "中层干部选拔任用工作实施办法", "对{n}名中层干部调整情况逐一复查，补充完善考察材料。",
            ("干部选拔任用工作纪实", "干部考察材料"), NOT_VILLAGE, area="人事"),
    Finding("files", 2, TAG_CADRE, "干部人事档案管理不规范",
            "抽查{org}干部人事档案{n}卷，有{k}卷存在出生日期、参加工作时间认定依据不充分等问题。",
            "不符合《干部人事档案工作条例》的有关要求。",
            "干部人事档案管理", "干部人事档案管理制度", "对{k}卷问题档案逐卷补充认定依据。",
            ("干部人事档案抽查记录", "档案专项审核认定材料"), NOT_VILLAGE, area="人事"),
    Finding("rotation", 2, TAG_CADRE, "重要岗位干部交流轮岗不到位",
            "{org}有{n}名干部在财务、工程、采购等重要岗位连续任职超过10年，未按规定交流轮岗。",
            "不符合干部交流和重要岗位轮岗的有关规定。",
            "重要岗位干部交流", "重要岗位人员定期轮岗制度", "制定重要岗位干部交流计划，分批完成轮岗。",
            ("干部花名册", "岗位任职情况统计表"), NOT_VILLAGE, area="人事"),
    Finding("election", 2, TAG_BRANCH, "基层党组织换届不及时",
            "{org}所属{n}个党支部未按期换届，最长超期{k}个月。",
            "违反《中国共产党基层组织选举工作条例》的有关规定。",
            "基层党组织换届", "基层党组织按期换届提醒督促机制", "对超期未换届的党支部限期完成换届选举。",
            ("党支部换届选举资料", "党组织设置情况统计表"), area="党建"),
    Finding("recruit", 2, TAG_BRANCH, "党员发展程序不规范",
            "{y}年以来发展的党员中，有{n}人入党材料缺少政治审查或培养考察记录。",
            "违反《中国共产党发展党员工作细则》的有关规定。",
            "党员发展", "党员发展工作全程纪实制度", "对{n}名党员发展档案逐一复查，程序缺失的按规定处理。",
            ("党员发展档案", "入党积极分子培养考察登记表"), area="党建"),
    Finding("dues", 2, TAG_BRANCH, "党费收缴不规范",
            "{y}年{org}有{n}名党员未按规定基数缴纳党费，少缴党费{yuan}元。",
            "违反党费收缴、使用和管理的有关规定。",
            "党费收缴", "党费收缴管理制度", "对少缴党费的党员逐一补缴，每年核定一次缴纳基数。",
            ("党费收缴台账", "工资收入明细"), area="党建"),
    Finding("meetings", 2, TAG_BRANCH, "“三会一课”制度落实不到位",
            "{y}年{org}有{n}个党支部党员大会召开次数不足，{k}个党支部主题党日活动内容单一。",
            "违反《中国共产党支部工作条例（试行）》的有关规定。",
            "“三会一课”制度落实", "党支部“三会一课”督查制度", "每季度对所属党支部“三会一课”开展一次督查。",
            ("党支部“三会一课”记录", "主题党日活动记录"), area="党建"),
    Finding("village", 2, TAG_BRANCH, "村级重大事项决策不规范",
            "{y}年{org}有{n}笔村级重大事项支出共计{m}万元未履行“四议两公开”程序。",
            "违反《中国共产党农村基层组织工作条例》的有关规定。",
            "村级重大事项决策", "村级重大事项“四议两公开”操作规程", "对{n}笔支出补充履行民主程序并张榜公开。",
            ("村级财务收支凭证", "村民代表会议记录"), ("town", "village"), "农村集体资金"),
    Finding("lastround", 3, TAG_RECTIFY, "上轮巡察整改不到位",
            "上轮巡察反馈的{n}个问题中，有{k}个问题整改措施未落实，整改台账销号依据不足。",
            "不符合巡视巡察整改“建账—更新—销号”的有关要求。",
            "上轮巡察反馈问题整改", "巡察整改销号管理办法", "对上轮巡察反馈问题重新对账，逐项补充销号依据。",
            ("上轮巡察整改台账", "整改销号资料"), area="巡察整改"),
    Finding("audit", 3, TAG_RECTIFY, "审计整改不彻底",
            "{y}年审计指出的{n}个问题中，尚有{k}个未整改到位，涉及金额{m}万元。",
            "不符合审计整改的有关要求，整改主体责任落实不到位。",
            "审计发现问题整改", "审计整改跟踪督办制度", "对未整改到位的{k}个问题逐一明确责任人和时限。",
            ("审计报告", "审计整改报告"), area="审计整改"),
    Finding("mechanism", 3, TAG_RECTIFY, "整改长效机制建设滞后",
            "上轮巡察整改中承诺建立的{n}项制度，有{k}项至今未出台。",
            "整改责任落实不到位，以案促改、以改促治成效不明显。",
            "整改长效机制建设", "整改成果巩固机制", "对{k}项未出台的制度明确时限，按程序审议印发。",
            ("整改方案", "制度汇编"), area="巡察整改"),
    Finding("campaign", 3, TAG_RECTIFY, "主题教育检视问题整改不到位",
            "主题教育检视出的{n}个问题中，有{k}个问题整改措施未落实。",
            "整改责任落实不到位，存在重检视、轻整改的现象。",
            "主题教育检视问题整改", "检视问题整改清单管理制度", "对{k}个问题重新制定整改措施，明确完成时限。",
            ("检视问题清单", "整改台账"), area="党建"),
)

#: "反映出…" after the 定性 basis, by heading.
REFLECTS = (
    "贯彻落实上级决策部署不够坚决有力",
    "落实全面从严治党“两个责任”不到位，纪律规矩意识不强",
    "执行新时代党的组织路线不到位，基层党建工作存在薄弱环节",
    "对巡视巡察、审计等监督发现问题整改不够重视，整改责任落实不到位",
)


# --- people, posts and places -------------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林峰建国志东海亮成晨博卫兵锋振毅德江洪永新"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷雪慧莹琳萍红梅洁琴云莉倩颖丹璐瑶佳欣悦"
GIVEN_ANY = "晓小文子嘉思雨一海金玉立家中世春秋振少长学建红"
VILLAGES = ("桃园", "柳湾", "石桥", "新庄", "河西", "长岭", "青山", "杨柳", "东坡", "南湾", "双河", "白沙")
ROADS = ("建设路", "人民路", "解放路", "文化路", "新华路", "府前路", "滨河路", "迎宾大道")
STEMS = "甲乙丙丁戊己庚辛壬癸"


@dataclass(frozen=True)
class Dept:
    """An inspectable organisation: its name tail, party body, kind and internal sections."""

    key: str
    org: str  # appended to the jurisdiction ("农业农村局"); for towns etc. the full local name
    party: str  # 党组 / 党委 / 党工委 / 党支部
    kind: str  # bureau / hospital / soe / school / town / street / village
    head: str  # 局长 / 院长 / 总经理 …
    sections: tuple[str, ...]
    subs: tuple[str, ...]  # subordinate units
    projects: tuple[str, ...]


def _bureau(key: str, org: str, sections: str, subs: str, projects: str = "") -> Dept:
    return Dept(key, org, "党组", "bureau", "局长", tuple(sections.split()), tuple(subs.split()),
                tuple(projects.split()) or ("办公楼维修改造", "信息化平台建设"))


TEAM_DEPTS: tuple[Dept, ...] = (
    _bureau("agri", "农业农村局",
            "农村经营管理股 种植业股 农田建设股 畜牧兽医股 计划财务股",
            "农业技术推广中心 农村经济经营管理站 动物疫病预防控制中心",
            "高标准农田建设 农村人居环境整治 农产品冷链仓储"),
    _bureau("housing", "住房和城乡建设局",
            "建筑管理股 房地产市场监管股 村镇建设股 城建股 计划财务股",
            "住房保障服务中心 建设工程质量安全监督站 房屋征收服务中心",
            "老旧小区改造 县城雨污分流改造 市政道路提升改造"),
    _bureau("edu", "教育体育局",
            "基础教育股 体育股 人事股 计划财务股 安全股",
            "学生资助管理中心 第二中学 实验小学",
            "学校运动场改造 教学楼抗震加固 食堂提升改造"),
    Dept("hospital", "人民医院", "党委", "hospital", "院长",
         ("医务科", "护理部", "设备科", "药剂科", "内科", "外科", "儿科", "妇产科"),
         ("内科", "外科", "急诊科"), ("门诊楼改扩建", "医疗设备采购", "信息化系统升级")),
    Dept("soe", "城市建设投资集团有限公司", "党委", "soe", "总经理",
         ("工程管理部", "融资部", "资产运营部", "审计法务部"),
         ("城建置业有限公司", "市政工程有限公司", "物业服务有限公司"), ("城东安置小区", "滨河公园", "标准化厂房")),
    Dept("town", "镇", "党委", "town", "镇长",
         ("党政综合办公室", "财政所", "农业农村综合服务中心", "社会事务办", "自然资源所"),
         VILLAGES[:4], ("镇区道路硬化", "集镇污水管网", "便民服务中心")),
    Dept("village", "村", "党支部", "village", "村委会主任",
         ("村委会", "村务监督委员会"), ("第一村民小组", "第二村民小组", "第三村民小组"), ("村道硬化", "村级活动场所")),
)

OFFICE_DEPTS: tuple[Dept, ...] = TEAM_DEPTS[:5] + (
    _bureau("bureau", "财政局", "预算股 国库股 农业农村股 政府采购股 会计股", "会计核算中心 国有资产服务中心"),
    _bureau("bureau", "自然资源和规划局", "耕地保护股 国土空间规划股 不动产登记股 执法监察大队",
            "不动产登记中心 土地储备中心", "国土空间规划编制 土地整治"),
    _bureau("bureau", "水利局", "水资源股 河湖管理股 农村水利股 计划财务股",
            "水利工程管理站 防汛抗旱服务中心", "中小河流治理 农村供水保障"),
    _bureau("bureau", "交通运输局", "综合规划股 建设管理股 运输管理股 计划财务股",
            "公路管理段 交通运输执法大队", "农村公路提档升级 客运站改造"),
    _bureau("bureau", "卫生健康局", "医政股 疾病预防控制股 基层卫生股 计划财务股",
            "疾病预防控制中心 妇幼保健院", "乡镇卫生院改造"),
    _bureau("bureau", "民政局", "社会救助股 养老服务股 社会事务股 计划财务股",
            "社会福利院 救助管理站", "养老服务中心建设"),
    _bureau("bureau", "人力资源和社会保障局", "就业促进股 社会保险股 劳动关系股 计划财务股",
            "就业服务中心 社会保险服务中心", "公共实训基地"),
    _bureau("bureau", "市场监督管理局", "登记注册股 食品安全股 药品监管股 价格监督检查股",
            "食品药品检验所 市场监管综合执法大队", "检验检测中心建设"),
    _bureau("bureau", "生态环境分局", "环境监测股 污染防治股 行政审批股",
            "生态环境保护综合执法大队", "污水处理厂提标改造"),
    _bureau("bureau", "应急管理局", "安全生产综合股 防灾减灾股 危化品监管股", "应急救援指挥中心", "应急物资储备库"),
    _bureau("bureau", "文化和旅游局", "文化艺术股 旅游发展股 文物保护股", "文化馆 图书馆", "全域旅游基础设施"),
    _bureau("bureau", "商务局", "对外贸易股 市场体系建设股 电子商务股", "招商服务中心", "电商产业园"),
    _bureau("bureau", "医疗保障局", "待遇保障股 医药服务管理股 基金监管股", "医疗保险服务中心"),
    _bureau("bureau", "退役军人事务局", "优抚安置股 褒扬纪念股", "退役军人服务中心", "烈士陵园修缮"),
    _bureau("bureau", "林业局", "营林股 森林资源管理股 林业改革股", "林业技术推广站 国有林场", "国土绿化"),
    _bureau("bureau", "统计局", "综合股 农业统计股 工业统计股", "普查中心"),
    _bureau("bureau", "司法局", "法治督察股 公共法律服务股 社区矫正股", "公证处 法律援助中心"),
    _bureau("bureau", "供销合作社联合社", "合作指导股 业务股 计划财务股", "农资公司 再生资源公司", "农资仓储中心"),
    Dept("hospital", "中医院", "党委", "hospital", "院长", ("医务科", "护理部", "药剂科", "康复科"),
         ("针灸推拿科", "康复科"), ("康复大楼建设", "医疗设备采购")),
    Dept("soe", "交通建设投资有限公司", "党委", "soe", "总经理", ("工程管理部", "财务部", "养护管理部"),
         ("公路养护有限公司",), ("公路改扩建", "物流园区")),
    Dept("soe", "水务集团有限公司", "党委", "soe", "总经理", ("供水管理部", "工程管理部", "客户服务部"),
         ("供水有限公司", "污水处理有限公司"), ("城区供水管网改造",)),
    Dept("school", "第一中学", "党委", "school", "校长", ("教务处", "政教处", "总务处", "高一年级组", "高三年级组"),
         ("后勤服务中心",), ("学生宿舍改造", "实验室设备采购")),
    Dept("school", "职业中等专业学校", "党委", "school", "校长", ("教务处", "实训处", "总务处", "招生就业处"),
         ("实训基地",), ("实训楼建设",)),
)
STREET = Dept("street", "街道", "党工委", "street", "办事处主任", ("党政办公室", "社区管理办公室", "财政所"),
              ("东园社区", "西园社区"), ("老旧小区改造", "社区服务中心"))

#: Post templates per unit kind: (post, band, leadership, mandatory). ``{head}`` is the Dept's head.
#: Bands: principal, deputy, discipline, hr, finance, office, middle, staff, retired.
CORE_POSTS: dict[str, tuple[tuple[str, str, bool, bool], ...]] = {
    "bureau": (
        ("党组书记、{head}", "principal", True, True),
        ("党组成员、副{head}", "deputy", True, True),
        ("党组成员、副{head}", "deputy", True, True),
        ("县纪委监委派驻纪检监察组组长", "discipline", False, True),
        ("人事股股长", "hr", False, True),
        ("办公室主任", "office", False, False),
        ("计划财务股股长", "finance", False, False),
        ("原党组成员、副{head}（2022年退休）", "retired", False, True),
    ),
    "hospital": (
        ("党委书记", "principal", True, True),
        ("党委副书记、{head}", "deputy", True, True),
        ("党委委员、副{head}", "deputy", True, True),
        ("党委委员、纪委书记", "discipline", True, True),
        ("人事科科长", "hr", False, True),
        ("院长办公室主任", "office", False, False),
        ("财务科科长", "finance", False, False),
        ("原党委委员、副{head}（2023年退休）", "retired", False, True),
    ),
    "soe": (
        ("党委书记、董事长", "principal", True, True),
        ("党委副书记、{head}", "deputy", True, True),
        ("党委委员、副{head}", "deputy", True, True),
        ("党委委员、纪委书记", "discipline", True, True),
        ("人力资源部部长", "hr", False, True),
        ("综合办公室主任", "office", False, False),
        ("财务部部长", "finance", False, False),
        ("原党委委员、副{head}（2022年退休）", "retired", False, True),
    ),
    "school": (
        ("党委书记", "principal", True, True),
        ("党委副书记、{head}", "deputy", True, True),
        ("党委委员、副{head}", "deputy", True, True),
        ("党委委员、纪委书记", "discipline", True, True),
        ("办公室主任（兼人事）", "hr", False, True),
        ("总务处主任", "finance", False, False),
        ("原党委委员、副{head}（2021年退休）", "retired", False, True),
    ),
    "town": (
        ("党委书记", "principal", True, True),
        ("党委副书记、{head}", "deputy", True, True),
        ("党委副书记", "deputy", True, True),
        ("党委委员、纪委书记", "discipline", True, True),
        ("党委委员、组织委员", "hr", True, True),
        ("党委委员、副{head}", "deputy", True, True),
        ("党政综合办公室主任", "office", False, False),
        ("财政所所长", "finance", False, False),
        ("原党委委员、人大主席（2022年退休）", "retired", False, True),
    ),
    "street": (
        ("党工委书记", "principal", True, True),
        ("党工委副书记、办事处主任", "deputy", True, True),
        ("党工委委员、纪工委书记", "discipline", True, True),
        ("党工委委员、组织委员", "hr", True, True),
        ("党政办公室主任", "office", False, False),
        ("财政所所长", "finance", False, False),
    ),
    "village": (
        ("党支部书记、{head}", "principal", True, True),
        ("党支部副书记", "deputy", True, True),
        ("党支部委员、村委会委员", "deputy", True, True),
        ("村务监督委员会主任", "discipline", False, True),
        ("党支部组织委员", "hr", True, True),
        ("村报账员", "finance", False, False),
        ("驻村第一书记", "office", False, True),
        ("原村委会主任（2021年卸任）", "retired", False, True),
    ),
}
#: Extra posts to fill a roster: (post template, band, mandatory); ``{section}`` is a section name.
MORE_POSTS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "bureau": (
        ("党组成员、副{head}", "deputy", True), ("{section}股长", "middle", False),
        ("{section}副股长", "middle", False), ("{section}科员", "staff", False), ("办公室科员", "staff", False),
        ("计划财务股会计", "staff", False), ("四级主任科员", "staff", False), ("{section}工作人员", "staff", False),
        ("机关党支部专职副书记", "middle", False),
    ),
    "hospital": (
        ("{section}主任", "middle", False), ("{section}护士长", "middle", False),
        ("{section}主治医师", "staff", False), ("财务科会计", "staff", False), ("设备科采购员", "staff", False),
        ("党委办公室主任", "middle", False), ("{section}医师", "staff", False),
    ),
    "soe": (
        ("党委委员、副{head}", "deputy", True), ("财务总监", "middle", False), ("{section}部长", "middle", False),
        ("{section}副部长", "middle", False), ("{section}工程师", "staff", False), ("财务部会计", "staff", False),
        ("综合办公室科员", "staff", False),
    ),
    "school": (
        ("{section}主任", "middle", False), ("{section}副主任", "middle", False), ("语文教师", "staff", False),
        ("数学教师", "staff", False), ("总务处会计", "staff", False), ("{section}干事", "staff", False),
    ),
    "town": (
        ("党委委员、副{head}", "deputy", True), ("{section}主任", "middle", False),
        ("{section}工作人员", "staff", False), ("{village}村党支部书记、村委会主任", "middle", False),
        ("财政所会计", "staff", False), ("党政综合办公室科员", "staff", False),
    ),
    "street": (
        ("办事处副主任", "deputy", True), ("{section}主任", "middle", False), ("社区党委书记", "middle", False),
        ("{section}工作人员", "staff", False),
    ),
    "village": (
        ("{section}委员", "middle", False), ("{village}村民小组组长", "staff", False), ("网格员", "staff", False),
        ("村民小组组长", "staff", False), ("村会计", "staff", False), ("妇联主席", "middle", False),
    ),
}
#: The department that leads a rectification, by the area a finding concerns.
AREA_DEPTS = {
    "财务": "财务部门", "办公室、财务": "办公室、财务部门", "人事": "人事部门", "党建": "机关党组织",
    "纪检": "纪检组织", "宣传": "办公室", "工程建设": "项目建设部门", "项目建设": "项目建设部门",
    "采购": "财务部门、采购部门", "机关事务": "办公室", "巡察整改": "办公室", "审计整改": "财务部门",
    "粮食生产": "业务部门", "粮食补贴": "业务部门、财务部门", "惠农补贴": "业务部门、财务部门",
    "农村集体资金": "农村集体资金管理部门", "学生资助": "学生资助管理部门", "医保": "医务部门、财务部门",
    "融资": "财务部门", "审批服务": "审批服务部门",
}


# --- interview topics -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    key: str
    heading: int
    label: str  # what the summary says the interviewee talked about
    question: str
    answers: tuple[str, ...]
    kinds: tuple[str, ...] = ()  # dept keys or unit kinds; empty = any
    bands: tuple[str, ...] = ()  # only for people in these bands; empty = any


TOPICS: tuple[Topic, ...] = (
    Topic("study", 0, "贯彻落实上级决策部署和理论学习情况",
          "你认为本单位贯彻落实上级重大决策部署和理论学习的情况如何？",
          ("{party}理论学习中心组每年都有学习计划，但研讨发言准备不够充分，联系实际不够。",
           "贯彻落实上级决策部署总体比较有力，但个别重点任务推进缓慢，存在等靠思想。",
           "{y}年的几次集中学习主要是读文件，专题研讨安排得比较少。"), kinds=NOT_VILLAGE),
    Topic("major", 0, "“三重一大”事项集体决策执行不严",
          "领导班子执行“三重一大”集体决策制度的情况如何？",
          ("“三重一大”事项原则上都上{meeting}研究，但工程变更、追加预算一类事项有时由主要负责人签批后再补会议程序。",
           "{y}年的几个工程项目变更，我印象中没有经过集体研究，会议记录里也查不到。",
           "{meeting}议题一般由办公室提前收集，但临时动议的议题较多，会前酝酿不够充分。",
           "大额资金使用需要集体研究，但“大额”的标准定得偏高，很多支出不用上会。")),
    Topic("grain", 0, "粮食安全和粮食补贴政策落实情况",
          "单位落实粮食安全责任制、发放粮食补贴的情况如何？",
          ("粮食补贴和耕地地力保护补贴由乡镇核实面积、县里审核后通过银行“一卡通”发放。",
           "粮食生产任务完成得还可以，但个别村存在把承包地面积报大的情况，粮食补贴核实不够细。",
           "{y}年粮食补贴发放时，有群众反映到账金额和公示金额不一致，后来做了解释，但没有逐户核对。",
           "高标准农田建设和粮食安全责任制考核压力大，基层反映任务下得急、资金到位慢。"),
          kinds=("agri", "town", "village")),
    Topic("ideology", 0, "意识形态工作责任制落实情况",
          "你怎么看本单位意识形态工作责任制的落实情况？",
          ("意识形态工作每年都有部署，但专题研究次数不多，网站和公众号的审核把关还有薄弱环节。",
           "意识形态工作主要靠办公室在抓，其他班子成员“一岗双责”落实得不够。"), kinds=NOT_VILLAGE),
    Topic("duty", 1, "领导班子落实全面从严治党主体责任情况",
          "作为第一责任人，你是如何履行全面从严治党主体责任的？",
          ("每年召开{meeting}专题研究全面从严治党工作，与班子成员和中层干部签订党风廉政建设责任书。",
           "主体责任清单已经建立，但压力传导还存在层层递减的问题，对下属单位的管理有薄弱环节。",
           "平时对班子成员的提醒谈话做得不够，{y}年只开展过{n}次集体谈话。"),
          bands=("principal",)),
    Topic("oversight", 1, "纪检组织履行监督责任情况",
          "纪检组织履行监督责任的情况如何？工作中有哪些困难？",
          ("我们每年制定监督清单，对“三重一大”事项开展列席监督，但对“一把手”的监督还有不敢监督、不愿监督的情况。",
           "{y}年以来运用监督执纪“第一种形态”谈话提醒{n}人次，问题线索处置还不够及时。",
           "纪检干部多数是兼职，专业能力不足，发现问题的能力有待提高。"),
          bands=("discipline",)),
    Topic("reception", 1, "业务招待费报销手续不全",
          "你对本单位执行中央八项规定精神、业务招待费管理的情况怎么看？",
          ("据了解，本单位业务招待费近年来有所压减，但{y}年仍有部分接待没有公函，接待清单也不完整。",
           "业务招待费由办公室统一管理，报销时要附公函和接待清单，但执行中存在先接待后补手续的情况。",
           "听说{y}年有几次招待安排在单位食堂以外的酒店，具体标准我不清楚，建议巡察组调阅财务凭证核实。",
           "财务报账时对业务招待费审核不够严格，个别报销单只附有发票，没有审批单。")),
    Topic("cars", 1, "公务用车管理不规范",
          "单位公务用车的管理使用情况如何？",
          ("单位现有公务用车{n}辆，实行统一管理、派车登记制度，但登记不够及时。",
           "有反映个别领导长期固定使用一辆公务用车，节假日也有使用，是否办理了审批手续不清楚。",
           "公务用车改革后，向下属单位借车的情况仍然存在，借用车辆的油费、维修费在下属单位报销。"), kinds=NOT_VILLAGE),
    Topic("tender", 1, "工程项目招投标不规范",
          "单位工程项目招投标和建设管理中有没有需要反映的问题？",
          ("工程项目招投标由项目部门负责，有的项目拆分成几个小项目，规避公开招标。",
           "有反映分管领导对{project}项目的施工单位打过招呼，具体情况我不掌握。",
           "工程款支付进度与合同约定不一致，有的项目先施工后补招标手续。")),
    Topic("accounts", 1, "财务管理不规范",
          "单位财务管理和资金使用方面有没有不规范的地方？",
          ("财务制度比较健全，但报销审核把关不严，存在白条入账的现象。",
           "{y}年以加班费、值班费名义发放过补贴，是否符合规定我不清楚。",
           "往来款项长期挂账没有清理，有的已经挂了好几年。")),
    Topic("subsidy", 1, "惠农补贴发放管理问题",
          "惠农补贴资金的发放管理情况如何？",
          ("惠农补贴发放台账由经管站负责，和银行代发记录之间没有定期对账。",
           "有的补贴资金先拨到村里再发给农户，中间有时间差，群众有意见。"),
          kinds=("agri", "town", "village")),
    Topic("style", 1, "机关作风和服务群众问题",
          "你对机关作风建设和服务群众的情况有什么看法？",
          ("机关作风总体有好转，但服务群众还存在“门好进、脸好看、事难办”的情况。",
           "检查考核偏多，基层填表报数负担较重，形式主义问题仍然存在。")),
    Topic("lifemeeting", 1, "民主生活会批评和自我批评不够严肃",
          "领导班子民主生活会开展批评和自我批评的情况如何？",
          ("民主生活会前开展了谈心谈话，但相互批评“辣味”不足，多数是提希望。",
           "对照检查材料问题查摆不够具体，整改措施与上一年度雷同。"),
          kinds=NOT_VILLAGE, bands=("principal", "deputy", "discipline", "hr")),
    Topic("medicine", 1, "药品耗材采购和医保基金使用问题",
          "医院药品耗材采购和医保基金使用方面有没有需要反映的问题？",
          ("药品和耗材采购由采购办负责，有反映个别科室和供应商来往过密。",
           "医保基金使用方面，曾被检查发现过度检查、串换项目的问题，整改后有所好转。"),
          kinds=("hospital",)),
    Topic("aid", 1, "学生资助和教育收费问题",
          "学生资助资金发放和教育收费方面有没有需要反映的问题？",
          ("学生资助名单由学校初审、中心复核，但家庭经济困难认定不够细，个别学生不符合条件。",
           "校服和教辅材料征订程序不够公开，家长有意见。"),
          kinds=("edu", "school")),
    Topic("debt", 1, "融资和国有资产管理问题",
          "公司融资和国有资产管理方面有没有需要反映的问题？",
          ("公司融资规模较大，有的融资事项没有经过董事会充分论证。",
           "部分国有资产出租没有公开招租，租金标准偏低。"),
          kinds=("soe",)),
    Topic("cadres", 2, "选人用人程序不规范",
          "你怎么看近年来本单位的选人用人工作？",
          ("近几年中层干部调整比较频繁，选人用人的程序基本能走完，但动议环节的记录不够完整。",
           "{y}年提拔的几名中层干部，事先没有进行民主推荐，只是{meeting}研究确定。",
           "干部交流轮岗做得不够，财务、工程这些岗位有的同志干了十多年。",
           "干部档案由人事部门管理，专项审核后仍有个别档案信息不一致。"), kinds=NOT_VILLAGE),
    Topic("branch", 2, "“三会一课”等组织生活不规范",
          "所在党支部“三会一课”等组织生活制度落实得怎么样？",
          ("支部“三会一课”基本能按时开，但有时候内容比较单一，主要是读文件。",
           "有的支部“三会一课”记录是事后补的，几次会议记录内容差不多。",
           "主题党日活动开展得比较多，但党员参与的积极性不高，年轻党员有时请假。",
           "党费收缴有台账，但个别党员缴纳基数没有及时调整。")),
    Topic("village", 2, "村级事务未履行“四议两公开”程序",
          "村级重大事项决策和村务公开的情况如何？",
          ("村集体资金支出有时没有经过“四议两公开”，村务公开栏更新也不及时。",
           "集体土地流转收益的使用情况，群众不太清楚。"),
          kinds=("town", "village")),
    Topic("rectify", 3, "上轮巡察和审计整改不到位",
          "上轮巡察和审计发现问题的整改情况如何？",
          ("上一轮巡察反馈的问题，单位制定了整改方案，大部分已经销号，但有的制度出台后没有真正执行。",
           "审计指出的问题整改了一部分，个别问题以“长期坚持”为由一直没有销号。",
           "整改台账更新不及时，有些整改佐证材料是为了应付检查补充的。")),
)
CLOSINGS = (
    "暂时没有了。以上记录我已看过，与我所说一致。",
    "没有其他情况了。以上内容我已核对，情况属实。",
    "其他的我不太了解。以上记录经本人核对无误。",
)
DRAFT_CLOSINGS = ("暂时没有了。", "其他情况我再想一想，之后书面向巡察组反映。")


# --- petitions and leads --------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """A matter someone reports about a person: short form, detail and where it goes."""

    discipline: str
    short: str
    detail: str
    route: str
    dept: str = ""  # the receiving functional department when route is TO_DEPT
    kinds: tuple[str, ...] = ()
    on_paper: bool = False  # can turn up when reading the unit's files (调阅资料)


ISSUES: tuple[Issue, ...] = (
    Issue(INTEGRITY, "违规收受管理服务对象礼金",
          "{name}在逢年过节期间多次收受辖区内企业负责人所送购物卡，金额约{m}万元。", TO_CDI),
    Issue(INTEGRITY, "在工程项目中违规干预招投标",
          "{name}为亲属承揽{org}{y}年实施的{project}项目打招呼，项目中标后存在转包现象。", TO_CDI),
    Issue(INTEGRITY, "配偶违规经商并承接本单位业务",
          "{name}的配偶经营一家建材公司，{y}年以来多次承接{org}的采购业务，金额约{m}万元。", TO_CDI, on_paper=True),
    Issue(INTEGRITY, "违规借用下属单位车辆",
          "{name}长期借用下属单位的一辆越野车，油费和维修费由下属单位报销。", TO_FEEDBACK, on_paper=True),
    Issue(INTEGRITY, "违规发放津贴补贴",
          "{name}主持研究以加班费名义向机关干部发放补贴，人均约{k}千元。", TO_CDI, on_paper=True),
    Issue(MASSES, "在粮食补贴发放中优亲厚友",
          "{name}在核定粮食补贴面积时，为其亲属多报耕地面积{n}亩，多领补贴。", TO_CDI,
          kinds=("agri", "town", "village"), on_paper=True),
    Issue(MASSES, "侵占村集体资金",
          "{name}将村集体土地流转收益{m}万元长期存放在个人账户，未入村集体账。", TO_CDI, kinds=("town", "village"),
          on_paper=True),
    Issue(MASSES, "对群众诉求推诿扯皮、吃拿卡要",
          "{name}在办理群众申请事项时多次推诿，暗示当事人请客送礼后才予以办理。", TO_CDI),
    Issue(ORGANISATIONAL, "违规提拔使用干部",
          "{name}在{y}年中层干部调整中，未经民主推荐将其身边工作人员提拔为部门负责人。", TO_ORG, on_paper=True),
    Issue(ORGANISATIONAL, "不如实报告个人有关事项",
          "{name}在个人有关事项报告中未如实报告其配偶持有股票和投资经营情况。", TO_ORG),
    Issue(ORGANISATIONAL, "违规安排亲属到下属单位工作",
          "{name}以临时用工名义安排{n}名亲属到下属单位工作，未经公开招聘。", TO_ORG, on_paper=True),
    Issue(WORK, "项目验收把关不严造成资金损失",
          "{name}在{project}项目验收中把关不严，造成多付工程款约{m}万元。", TO_DEPT, "审计局", on_paper=True),
    Issue(WORK, "违规出借财政资金",
          "{name}未经集体研究，将{m}万元专项资金出借给下属企业周转。", TO_DEPT, "财政局", on_paper=True),
    Issue(WORK, "履行安全监管职责不力",
          "{name}对辖区内企业安全隐患整改督促不力，{y}年曾发生一起生产安全事故。", TO_DEPT, "应急管理局"),
    Issue(POLITICAL, "在贯彻落实上级决策部署中搞变通",
          "{name}对上级关于耕地保护的部署打折扣、搞变通，默许违规占用耕地建设项目。", TO_CDI),
    Issue(POLITICAL, "在工作群中发表不当言论",
          "{name}多次在工作微信群中发表与中央精神不符的不当言论。", TO_CDI),
    Issue(LIFE, "生活奢靡、贪图享乐",
          "{name}经常出入高档消费场所，消费来源不明。", TO_CDI),
    Issue(LIFE, "对亲属失管失教",
          "{name}的亲属打着其旗号在辖区内承揽工程。", TO_CDI),
)

#: Petitions that are not leads: (summary, detail, status, referred-to department).
NOT_LEADS: tuple[tuple[str, str, str, str], ...] = (
    ("反映本人与{org}之间的劳动合同纠纷，要求补发工资",
     "其曾在{org}下属单位从事临时工作，离职后有{n}个月工资未结清，要求补发。", P_REFERRED, "人力资源和社会保障局"),
    ("反映小区物业管理和维修资金使用问题",
     "所住小区物业服务不到位，维修资金使用不公开，要求协调解决。", P_REFERRED, "住房和城乡建设局"),
    ("反映本人土地承包经营权纠纷",
     "其与同村村民存在土地承包经营权纠纷，要求重新确权。", P_REFERRED, "农业农村局"),
    ("反映{org}办事窗口服务态度差、办事效率低",
     "到{org}办理业务时，窗口工作人员态度冷淡，同一事项往返{n}次才办结。", P_TO_ADVICE, ""),
    ("反映{org}信息公开更新不及时",
     "{org}门户网站政策文件和办事指南长期未更新。", P_TO_ADVICE, ""),
    ("反映{org}会议多、检查多，基层负担重",
     "{org}对下属单位的检查考核过多，要求的台账材料重复报送。", P_TO_ADVICE, ""),
    ("反映施工单位拖欠农民工工资",
     "其在{project}项目务工，施工单位拖欠工资约{m}万元。", P_REFERRED, "人力资源和社会保障局"),
)

CHANNEL_OPENINGS = {
    "来信": "来信反映：",
    "来电": "来电人称：",
    "来访": "来访人当面反映：",
    "举报信箱": "巡察组举报信箱收到信件，反映：",
    "电子邮箱": "巡察组电子邮箱收到邮件，反映：",
    "短信": "举报短信反映：",
    "网络举报": "网络举报平台转来举报件，反映：",
}
COMPLAINANT_UNITS = ("{org}干部", "{org}退休职工", "{jur}居民", "个体经营户", "{jur}某建材有限公司职工", "村民")

FEEDBACK_TEXTS = {
    TALK_ENQUIRY: ("经谈话函询，{name}对反映的问题作出说明，说明基本属实，予以采信。",
                   "经谈话函询，{name}承认反映的部分情况属实，已对其批评教育并责令作出书面检查。"),
    VERIFY: ("经初步核实，反映问题部分属实，已对{name}进行诫勉谈话。",
             "经初步核实，反映问题属实，已责令{name}退还违规所得{m}万元，并移送审查调查部门进一步处置。"),
    HOLD: ("反映问题较为笼统，暂不具备核实条件，暂存待查。",),
    CLOSE: ("经核查，反映问题不属实，予以了结，并已向{name}反馈，澄清正名。",),
}

#: 巡察手册 baseline materials (docs/domain.md §2.3): (title, heading index, split by year, unit kinds).
DOCUMENT_LINES: tuple[tuple[str, int, bool, tuple[str, ...]], ...] = (
    ("{meeting}会议记录及议题清单", 0, True, ()),
    ("{head_meeting}会议纪要", 0, True, ("bureau", "hospital", "school", "town", "street")),
    ("董事会、总经理办公会会议纪要", 0, True, ("soe",)),
    ("“三重一大”决策制度及执行台账", 0, False, ()),
    ("贯彻落实上级重大决策部署情况台账", 0, False, ()),
    ("粮食安全和耕地保护工作资料", 0, False, ("agri", "town", "village")),
    ("重点项目建设资料", 0, False, ()),
    ("全面从严治党主体责任清单及落实记录", 1, False, ()),
    ("业务招待费、差旅费、会议费支出记录", 1, True, ()),
    ("公务用车使用登记及运行费用记录", 1, True, ()),
    ("政府采购及工程招投标合同", 1, True, ()),
    ("财务账簿及记账凭证", 1, True, ()),
    ("信访件登记台账", 1, False, ()),
    ("民主生活会会议记录及对照检查材料", 1, True, ()),
    ("惠农补贴发放台账及银行代发记录", 1, False, ("agri", "town", "village")),
    ("村级财务收支凭证", 1, True, ("town", "village")),
    ("干部选拔任用工作档案", 2, False, ()),
    ("干部人事档案专项审核资料", 2, False, ("bureau", "hospital", "soe", "school", "town", "street")),
    ("“三会一课”记录", 2, True, ()),
    ("党员发展档案", 2, False, ()),
    ("党组织换届选举资料", 2, False, ()),
    ("上轮巡察反馈问题整改台账及销号资料", 3, False, ()),
    ("审计发现问题整改报告", 3, False, ()),
    ("主题教育检视问题整改清单", 3, False, ()),
)
DOC_YEARS = (2021, 2022, 2023)


# --- small helpers ----------------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1–99 in Chinese numerals, as in 第八十三巡察组."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _days(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


def _wan(rng: random.Random, lo: float, hi: float) -> str:
    """A sum in 万元 with one decimal, "3" rather than "3.0"."""
    text = f"{rng.uniform(lo, hi):.1f}"
    return text[:-2] if text.endswith(".0") else text

