"""Seed vocabularies (docs/domain.md §2–3).

These are only the starting values: a new vault stores them as ``vocab`` records, which a
team or office edits to suit local rules, and which travel in deployment packages. Values
marked unsourced in docs/domain.md are here as reasonable defaults for the same reason.
"""

from __future__ import annotations

from app.domain.holidays import MAKE_UP_WORKDAYS, holiday_dates

#: The "四个落实" headings, verbatim as the feedback template uses them.
HEADINGS = (
    "落实党的路线方针政策和上级决策部署",
    "落实全面从严治党战略部署",
    "落实新时代党的组织路线",
    "落实巡视巡察、审计等监督发现问题整改",
)

#: vocabulary name -> (Chinese label, English label, values in display order)
SEED: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "round_kind": ("巡察类型", "Inspection kind", ("常规", "专项", "机动")),
    "level": ("巡察层级", "Level", ("省", "市", "县")),
    "team_level": ("组别", "Team level", ("巡视组", "巡察组")),
    "team_composition": ("组建方式", "Team composition", ("成建制", "半建制", "组合式", "联动式")),
    "inspection_mode": ("巡察方式", "Inspection mode", ("本级", "交叉", "提级")),
    "unit_level": (
        "单位层级",
        "Unit level",
        ("省直", "市直", "县直", "乡镇", "村(社区)", "国有企业", "事业单位", "高校", "其他"),
    ),
    "member_role": ("组内职务", "Role", ("组长", "副组长", "组员", "联络员", "工作人员")),
    "sub_group": ("分工小组", "Sub-group", ("谈话组", "资料组", "信访组", "综合组")),
    "relation_kin": (
        "回避关系",
        "Recusal relation",
        ("夫妻关系", "直系血亲关系", "三代以内旁系血亲关系", "近姻亲关系", "曾任职/工作关系", "其他可能影响公正的关系"),
    ),
    "recusal_kind": ("回避类型", "Recusal kind", ("任职回避", "公务回避")),
    "cadre_level": (
        "干部层级",
        "Cadre level",
        ("市管干部", "县管干部", "乡科级干部", "一般干部", "村(社区)干部"),
    ),
    "unit_type": ("党组织类型", "Party organisation type", ("党组", "党委", "党工委", "党总支", "党支部")),
    "gender": ("性别", "Gender", ("男", "女")),
    "interview_kind": ("谈话类型", "Interview kind", ("必谈", "选谈")),
    "interview_status": ("记录状态", "Interview status", ("草稿", "已定稿")),
    "petition_channel": (
        "信访来源",
        "Petition channel",
        ("来信", "来电", "来访", "举报信箱", "电子邮箱", "短信", "网络举报"),
    ),
    "petition_status": (
        "办理状态",
        "Petition status",
        ("待处理", "已转问题线索", "归口转办", "纳入整改建议", "已了结"),
    ),
    "lead_source": (
        "线索来源",
        "Lead source",
        (
            "来信",
            "来电",
            "来访",
            "举报信箱",
            "电子邮箱",
            "个别谈话",
            "调阅资料",
            "下沉了解",
            "巡前通报",
            "民主测评",
            "短信",
            "网络举报",
        ),
    ),
    "discipline": (
        "纪律类别",
        "Discipline category",
        ("政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"),
    ),
    "lead_status": (
        "线索状态",
        "Lead status",
        ("待研判", "核实中", "拟移交", "已移交", "已反馈", "已了结"),
    ),
    "disposal_route": (
        "处置方式",
        "Disposal route",
        ("移交纪委监委", "移交组织部", "归口职能部门", "立行立改", "纳入反馈整改"),
    ),
    "receiver_category": (
        "接收方处置",
        "Receiving side's disposal",
        ("谈话函询", "初步核实", "暂存待查", "予以了结"),
    ),
    "medium": ("载体", "Medium", ("纸质", "电子")),
    "copy_type": ("原件/复印件", "Original or copy", ("原件", "复印件")),
    "return_status": ("归还状态", "Return status", ("未提供", "已提供未归还", "已归还", "无需归还")),
    "paper_state": ("审核状态", "Review state", ("草稿", "组务会审核", "组长签字", "归档")),
    "heading": ("四个落实", "Heading", HEADINGS),
    "problem_tag": (
        "问题标签",
        "Problem tag",
        ("中央八项规定精神/“四风”", "三重一大", "选人用人", "基层党建", "整改不力", "其他"),
    ),
    "rect_status": ("整改状态", "Rectification status", ("未启动", "整改中", "已完成", "已销号", "长期坚持")),
    "grade": ("成效评估", "Assessment", ("好", "较好", "一般", "差")),
    "secrecy": ("密级", "Classification", ("内部", "秘密", "机密", "绝密")),
    "handover_target": ("接收单位", "Receiving unit", ("纪委监委", "组织部", "归口职能部门")),
    "relation": (
        "关联类型",
        "Link relation",
        ("引出线索", "形成底稿", "形成问题", "整改事项", "移交线索", "佐证材料", "相关", "重复发现", "成果运用"),
    ),
    "lead_result": (
        "线索办理结果",
        "Lead result",
        ("立案审查调查", "党纪政务处分", "组织处理", "批评教育", "予以了结", "其他"),
    ),
    "revisit_result": ("回头看评估", "Revisit finding", ("整改到位", "基本到位", "未到位", "纸面整改")),
    "template_kind": ("模板类型", "Template kind", ("谈话提纲", "调阅资料清单")),
}

#: Values a vocabulary no longer offers: kept as inactive ``vocab`` records after the active ones, in this
#: order, never deleted, so that records holding them and merges with older vaults stay valid. Round kinds
#: 交叉/提级 became a unit's mode and 回头看 a round's ``revisit`` flag (schema version 7, docs/vault.md).
RETIRED: dict[str, tuple[str, ...]] = {"round_kind": ("交叉", "提级", "回头看")}

#: Paper review states in order; the number locks from SIGNED on (docs/domain.md §3.2).
PAPER_STATES = SEED["paper_state"][2]
PAPER_DRAFT, PAPER_REVIEW, PAPER_SIGNED, PAPER_ARCHIVED = PAPER_STATES

#: Deadline lengths (docs/domain.md §3.6), stored as shared ``setting`` records. Keys ending in
#: ``_working_days`` count working days (app/domain/calendar.py), the others calendar days.
DEFAULT_DEADLINE_DAYS: dict[str, int] = {
    "deadline.notice_working_days": 10,  # 巡察公告 after the 动员会
    "deadline.committee_report_days": 30,  # the report to the committee after the round
    "deadline.rectification_plan_working_days": 15,  # 整改方案 15 working days after feedback
    "deadline.democratic_meeting_days": 30,  # 专题民主生活会 after feedback
    "deadline.rectification_report_days": 90,  # 3 months [S1]; 2 months under the 2015 条例
    "deadline.lead_feedback_days": 90,  # 3 months [S15]
    "deadline.lead_close_days": 180,  # a handed-over lead concluded
    "deadline.lead_close_max_days": 365,  # at the latest
    "deadline.due_soon_days": 7,  # how early "due soon" shows
}

#: Every seeded setting as stored text (a new vault's genesis records; an upgrade adds the missing).
#: The calendar lists hold the State Council's 法定节假日 and 调休上班日 of the years app/domain/holidays.py lists.
DEFAULT_SETTINGS: dict[str, str] = {
    **{key: str(days) for key, days in DEFAULT_DEADLINE_DAYS.items()},
    "calendar.holidays": " ".join(holiday_dates()),
    "calendar.workdays": " ".join(MAKE_UP_WORKDAYS),
    "plan.past_post_years": "5",
    "plan.forbid_reciprocal": "true",
    "plan.local_roles": "组长,联络员",
    "revisit.similarity": "0.5",
    "deploy.escrow": "",
}
