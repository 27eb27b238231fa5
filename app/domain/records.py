"""The records an inspection round produces, as dataclasses (docs/domain.md §2).

Every kind is registered in :data:`KINDS` under its storage name. Field order here is the
order of table columns, ledger columns and editor rows. Labels are the words real forms use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar, dataclass_transform

from app.domain.fields import (
    FieldSpec,
    FieldType,
    boolean,
    choice,
    date,
    datetime,
    integer,
    longtext,
    ref,
    refs,
    rows,
    text,
)


@dataclass
class Record:
    """Fields every record has; they are kept by storage, not edited as fields.

    Attributes:
        id: UUIDv7 text, unique across every vault.
        created: stamp of the record's first write.
        updated: stamp of its latest write.
        deleted: a tombstone; deleted records stay for history and merge.
    """

    KIND: ClassVar[str] = ""
    id: str = ""
    created: str = dataclasses.field(default="", compare=False)
    updated: str = dataclasses.field(default="", compare=False)
    deleted: bool = False

    def label(self) -> str:
        """A short human label for lists, links and search results."""
        for name in ("number", "name", "title", "interviewee", "subject_name", "filename", "value", "key"):
            value = getattr(self, name, "")
            if value and isinstance(value, str):
                return value
        return self.id[:8]


R = TypeVar("R", bound=Record)
BASE_FIELDS = frozenset(f.name for f in dataclasses.fields(Record))


@dataclass(frozen=True)
class KindSpec:
    """One record kind: its storage name, plural (used by ``check``), labels and fields."""

    name: str
    plural: str
    label: str
    label_en: str
    cls: type[Record]
    fields: tuple[FieldSpec, ...]

    def field(self, name: str) -> FieldSpec:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.name} has no field {name!r}") from None

    def find_field(self, name: str) -> FieldSpec | None:
        """The field called ``name``, or None (one dict look-up: a merge asks for every write)."""
        return self._by_name.get(name)

    @functools.cached_property
    def _by_name(self) -> dict[str, FieldSpec]:
        return {spec.name: spec for spec in self.fields}

    @functools.cached_property
    def field_names(self) -> tuple[str, ...]:
        """The field names, in order (computed once: a merge asks for them for every write)."""
        return tuple(f.name for f in self.fields)

    def new(self, **values: Any) -> Record:
        return self.cls(**values)


KINDS: dict[str, KindSpec] = {}


@dataclass_transform()
def record_kind(name: str, plural: str, label: str, label_en: str) -> Any:
    """Class decorator: make ``cls`` a dataclass and register it as a record kind."""

    def wrap(cls: type[R]) -> type[R]:
        cls = dataclass(cls)
        cls.KIND = name
        specs = []
        for f in dataclasses.fields(cls):
            if f.name in BASE_FIELDS:
                continue
            spec = f.metadata["spec"]
            specs.append(dataclasses.replace(spec, name=f.name))
        KINDS[name] = KindSpec(name, plural, label, label_en, cls, tuple(specs))
        return cls

    return wrap


def kind_of(record: Record) -> KindSpec:
    return KINDS[record.KIND]


def field_values(record: Record) -> Iterator[tuple[FieldSpec, Any]]:
    for spec in kind_of(record).fields:
        yield spec, getattr(record, spec.name)


# --- the round and its people -------------------------------------------------------------


@record_kind("round", "rounds", "巡察轮次", "Inspection round")
class Round(Record):
    title: str = text("轮次名称", "Title", required=True)
    session: str = text("届次", "Committee term")
    number: int | None = integer("轮次", "Round number")
    year: int | None = integer("年度", "Year")
    kind: str = choice("巡察类型", "Kind", "round_kind", required=True)
    committee: str = text("授权党委", "Authorising committee")
    authorisation: str = text("授权文号", "Authorisation reference")
    start_date: dt.date | None = date("进驻日期", "Start")
    end_date: dt.date | None = date("结束日期", "End")
    feedback_date: dt.date | None = date("反馈日期", "Feedback date")
    level: str = choice("巡察层级", "Level", "level")
    parent_id: str | None = ref("上级统一部署", "Higher-level plan", "round")
    revisit: bool = boolean("回头看", "Revisit")
    topic: str = text("专项主题", "Special topic")
    notes: str = longtext("备注", "Notes")


@record_kind("team", "teams", "巡察组", "Inspection team")
class Team(Record):
    name: str = text("组名", "Name", required=True)
    round_id: str | None = ref("所属轮次", "Round", "round")
    number: int | None = integer("组号", "Number")
    office: str = text("派出机关", "Sending office")
    phone: str = text("举报电话", "Report phone")
    mailbox: str = text("举报信箱", "Report mailbox")
    email: str = text("电子邮箱", "Email")
    level: str = choice("组别", "Team level", "team_level")
    home_jurisdiction: str = text("派出地区", "Home jurisdiction")
    composition: str = choice("组建方式", "Composition", "team_composition")
    leader_authorisation: str = text("组长授权文号", "Leader's authorisation reference")
    capacity: int | None = integer("本轮承担单位上限", "Most units this round")
    key_fingerprint: str = text("部署包接收密钥指纹", "Deployment key fingerprint")
    notes: str = longtext("备注", "Notes")


RECUSAL_COLUMNS = (
    ("person", "亲属/相关人姓名"),
    ("unit", "所在单位"),
    ("post", "职务"),
    ("relation", "关系"),
    ("kind", "回避类型"),
)
#: A member's earlier posts, for 任职回避 (docs/domain.md §3.4).
PAST_POST_COLUMNS = (("unit", "曾任职单位"), ("region", "地区"), ("from_year", "起年"), ("to_year", "止年"))
#: A conflict a person accepted when assigning the unit: who, what, confirmed by, when.
ASSIGNMENT_NOTE_COLUMNS = (("member", "成员"), ("conflict", "冲突"), ("confirmed_by", "确认人"),
                           ("confirmed_at", "确认时间"))


@record_kind("member", "members", "巡察组成员", "Team member")
class Member(Record):
    name: str = text("姓名", "Name", required=True)
    team_id: str | None = ref("所在巡察组", "Team", "team")
    role: str = choice("组内职务", "Role", "member_role", required=True)
    sub_group: str = choice("分工小组", "Sub-group", "sub_group")
    employer: str = text("工作单位及职务", "Employer and post")
    home_jurisdiction: str = text("籍贯/原任职地", "Home jurisdiction")
    phone: str = text("联系电话", "Phone")
    pledge_signed: bool = boolean("已签保密承诺书", "Confidentiality pledge signed")
    recusal_signed: bool = boolean("已签回避申请书", "Recusal declaration signed")
    recusals: list[dict[str, str]] = rows("回避申报", "Recusal declarations", RECUSAL_COLUMNS)
    past_posts: list[dict[str, str]] = rows("曾任职经历", "Past posts", PAST_POST_COLUMNS)
    staff_key: str = text("人才库编号", "Staff pool number")
    notes: str = longtext("备注", "Notes")


@record_kind("unit", "units", "被巡察单位", "Inspected unit")
class Unit(Record):
    name: str = text("单位名称", "Name", required=True)
    round_id: str | None = ref("所属轮次", "Round", "round")
    team_id: str | None = ref("承担巡察组", "Team", "team")
    unit_type: str = choice("党组织类型", "Party organisation type", "unit_type")
    jurisdiction: str = text("所属地区", "Jurisdiction")
    supervisor: str = text("主管部门", "Supervising department")
    address: str = text("地址", "Address")
    liaison: str = text("联络员", "Liaison")
    liaison_phone: str = text("联络员电话", "Liaison phone")
    headcount: int | None = integer("在编人数", "Headcount")
    entry_date: dt.date | None = date("进驻日期", "Entry date")
    exit_date: dt.date | None = date("撤离日期", "Exit date")
    org_key: str = text("单位编码/统一社会信用代码", "Unit code / credit code")
    mode: str = choice("巡察方式", "Inspection mode", "inspection_mode")
    sector: str = text("行业系统", "Sector")
    unit_level: str = choice("单位层级", "Unit level", "unit_level")
    parent_unit_id: str | None = ref("上级单位", "Parent unit", "unit")
    feedback_date: dt.date | None = date("反馈日期", "Feedback date")
    cross_authorisation: str = text("属地党委授权文号（交叉巡察双授权）", "Local committee's authorisation (cross)")
    plan_received_at: dt.date | None = date("整改方案报送日期", "Rectification plan received")
    meeting_at: dt.date | None = date("专题民主生活会日期", "Democratic life meeting")
    report_received_at: dt.date | None = date("整改情况报告报送日期", "Rectification report received")
    leader_report_received_at: dt.date | None = date("主要负责人组织落实情况报告报送日期",
                                                     "Principal leader's report received")
    publicised_at: dt.date | None = date("整改公开日期", "Rectification made public")
    assignment_notes: list[dict[str, str]] = rows("分工确认记录", "Accepted assignment conflicts",
                                                  ASSIGNMENT_NOTE_COLUMNS)
    notes: str = longtext("备注", "Notes")


@record_kind("person", "people", "单位人员", "Person in unit")
class Person(Record):
    name: str = text("姓名", "Name", required=True)
    unit_id: str | None = ref("所在单位", "Unit", "unit")
    post: str = text("职务", "Post")
    cadre_level: str = choice("干部层级", "Cadre level", "cadre_level")
    leadership: bool = boolean("领导班子成员", "Member of the leadership team")
    mandatory: bool = boolean("必谈对象", "Mandatory interviewee")
    gender: str = choice("性别", "Gender", "gender")
    birth_year: int | None = integer("出生年份", "Year of birth")
    phone: str = text("联系电话", "Phone")
    notes: str = longtext("备注", "Notes")


# --- on-site fact-finding ------------------------------------------------------------------

OUTLINE_COLUMNS = (("category", "提纲类别"), ("question", "问题"), ("answer", "回答"))
#: A dated addition to a finalised interview record: who, when, what (docs/domain.md §3.1).
SUPPLEMENT_COLUMNS = (("at", "补充时间"), ("by", "补充人"), ("text", "补充内容"))
#: A recusal exception the 组长 approved (docs/domain.md §3.3).
RECUSAL_EXCEPTION_COLUMNS = (("member", "指派人员"), ("reason", "例外理由"), ("by", "批准人（组长）"),
                             ("at", "批准时间"))


@record_kind("interview", "interviews", "谈话记录", "Interview")
class Interview(Record):
    number: str = text("谈话编号", "No.")
    unit_id: str | None = ref("被巡察单位", "Unit", "unit")
    team_id: str | None = ref("巡察组", "Team", "team")
    person_id: str | None = ref("谈话对象（名册）", "Interviewee (roster)", "person")
    interviewee: str = text("谈话对象", "Interviewee", required=True)
    post: str = text("职务", "Post")
    interviewee_unit: str = text("谈话对象单位", "Interviewee's unit")
    time: dt.datetime | None = datetime("谈话时间", "Time", required=True)
    place: str = text("谈话地点", "Place")
    kind: str = choice("谈话类型", "Kind", "interview_kind", required=True)
    interviewers: list[str] = refs("谈话人", "Interviewers", "member")
    recorders: list[str] = refs("记录人", "Recorders", "member")
    outline: list[dict[str, str]] = rows("谈话提纲及回答", "Outline answers", OUTLINE_COLUMNS)
    summary: str = longtext("谈话摘要", "Summary")
    content: str = longtext("谈话内容", "Record")
    confirmed: bool = boolean("谈话对象已核对确认签字", "Confirmed and signed by interviewee")
    confirmed_at: dt.datetime | None = datetime("确认时间", "Confirmed at")
    status: str = choice("记录状态", "Status", "interview_status")
    secrecy: str = choice("密级", "Classification", "secrecy")
    notes: str = longtext("备注", "Notes")
    supplements: list[dict[str, str]] = rows("补充说明", "Supplements", SUPPLEMENT_COLUMNS)
    recusal_exceptions: list[dict[str, str]] = rows("回避例外", "Recusal exceptions", RECUSAL_EXCEPTION_COLUMNS)


@record_kind("petition", "petitions", "信访登记", "Petition")
class Petition(Record):
    number: str = text("登记编号", "No.")
    unit_id: str | None = ref("被巡察单位", "Unit", "unit")
    team_id: str | None = ref("巡察组", "Team", "team")
    channel: str = choice("信访来源", "Channel", "petition_channel", required=True)
    received_at: dt.datetime | None = datetime("受理时间", "Received", required=True)
    complainant: str = text("反映人", "Complainant")
    complainant_phone: str = text("反映人电话", "Complainant phone")
    complainant_unit: str = text("反映人单位", "Complainant's unit")
    anonymous: bool = boolean("匿名", "Anonymous")
    subject_name: str = text("被反映人姓名", "Subject")
    subject_unit: str = text("被反映人单位", "Subject's unit")
    subject_post: str = text("被反映人职务", "Subject's post")
    is_cadre: bool = boolean("干部标志（本级管理干部）", "Cadre managed by this committee")
    summary: str = longtext("反映内容提要", "Summary", required=True)
    content: str = longtext("信访内容", "Content")
    handler: str = text("经办人", "Handled by")
    handled_at: dt.date | None = date("经办时间", "Handled on")
    status: str = choice("办理状态", "Status", "petition_status")
    secrecy: str = choice("密级", "Classification", "secrecy")
    notes: str = longtext("备注", "Notes")


@record_kind("lead", "leads", "问题线索", "Lead")
class Lead(Record):
    number: str = text("线索编号", "No.")
    unit_id: str | None = ref("被巡察单位", "Unit", "unit")
    team_id: str | None = ref("巡察组", "Team", "team")
    subject_name: str = text("被反映人姓名", "Subject", required=True)
    subject_post: str = text("被反映人职务", "Subject's post")
    subject_unit: str = text("被反映人单位", "Subject's unit")
    cadre_level: str = choice("干部层级", "Cadre level", "cadre_level")
    source: str = choice("线索来源", "Source", "lead_source", required=True)
    received_at: dt.date | None = date("受理时间", "Received")
    discipline: str = choice("涉嫌违反纪律类别", "Discipline category", "discipline")
    summary: str = longtext("问题摘要", "Summary", required=True)
    detail: str = longtext("具体情况", "Details")
    status: str = choice("线索状态", "Status", "lead_status")
    disposal_route: str = choice("拟处置方式", "Proposed disposal", "disposal_route")
    transfer_to: str = choice("移交对象", "Transferred to", "handover_target")
    transferred_at: dt.date | None = date("移交时间", "Transferred on")
    transfer_handler: str = text("移交经办人", "Transferred by")
    receiver: str = text("接收经办人", "Received by")
    received_by_at: dt.date | None = date("接收时间", "Received on (receiving side)")
    receiver_category: str = choice("接收方处置方式", "Receiving side's disposal", "receiver_category")
    feedback_at: dt.date | None = date("反馈时间", "Feedback on")
    feedback: str = longtext("反馈内容", "Feedback")
    closed_at: dt.date | None = date("办结时间", "Concluded on")
    result: str = choice("办理结果", "Result", "lead_result")
    secrecy: str = choice("密级", "Classification", "secrecy")
    notes: str = longtext("备注", "Notes")


@record_kind("document", "documents", "调阅资料", "Document request")
class Document(Record):
    title: str = text("调阅材料名称", "Material", required=True)
    unit_id: str | None = ref("被巡察单位", "Unit", "unit")
    team_id: str | None = ref("巡察组", "Team", "team")
    batch: str = text("调阅单号", "Request list no.")
    category: str = choice("资料类别", "Category", "heading")
    requester: str = text("调阅人", "Requested by")
    requested_at: dt.date | None = date("调阅时间", "Requested on")
    leader_signed: bool = boolean("组长已签字", "Signed by team leader")
    signed_at: dt.date | None = date("签字时间", "Signed on")
    copies: int | None = integer("调阅份数", "Copies")
    medium: str = choice("纸质/电子", "Paper or electronic", "medium")
    copy_type: str = choice("原件/复印件", "Original or copy", "copy_type")
    due: dt.date | None = date("提供时限", "Due")
    provider: str = text("提供人", "Provided by")
    provided_at: dt.date | None = date("提供时间", "Provided on")
    return_status: str = choice("归还状态", "Return status", "return_status")
    returned_by: str = text("归还人", "Returned by")
    returned_at: dt.date | None = date("归还时间", "Returned on")
    notes: str = longtext("备注", "Notes")


EVIDENCE_COLUMNS = (("evidence_id", "佐证编号"), ("description", "佐证材料"), ("source", "来源"))


@record_kind("paper", "papers", "问题底稿", "Working paper")
class Paper(Record):
    number: str = text("底稿编号", "No.")
    title: str = text("问题标题", "Title", required=True)
    unit_id: str | None = ref("被巡察单位", "Unit", "unit")
    team_id: str | None = ref("巡察组", "Team", "team")
    source: str = choice("问题来源", "Source", "lead_source")
    heading: str = choice("问题类别（四个落实）", "Heading", "heading", required=True)
    tag: str = choice("问题标签", "Tag", "problem_tag")
    facts: str = longtext("现象描述（问题表现）", "Facts", required=True)
    characterisation: str = longtext("定性分析（定性依据）", "Characterisation")
    responsibility: str = longtext("责任指向（责任主体初步分析）", "Responsibility")
    evidence: list[dict[str, str]] = rows("佐证材料清单", "Evidence list", EVIDENCE_COLUMNS)
    finder: str = text("发现人", "Found by")
    found_at: dt.date | None = date("发现时间", "Found on")
    writer: str = text("撰写人", "Written by")
    written_at: dt.date | None = date("撰写时间", "Written on")
    review_opinion: str = longtext("组务会审核意见", "Group meeting opinion")
    state: str = choice("审核状态", "Review state", "paper_state", required=True)
    signed_by: str = text("组长签字", "Signed by leader")
    signed_at: dt.date | None = date("签字日期", "Signed on")
    archived_at: dt.date | None = date("归档日期", "Archived on")
    secrecy: str = choice("密级", "Classification", "secrecy")
    notes: str = longtext("备注", "Notes")


@record_kind("problem", "problems", "反馈问题", "Problem")
class Problem(Record):
    title: str = text("问题标题", "Title", required=True)
    unit_id: str | None = ref("被巡察单位", "Unit", "unit")
    team_id: str | None = ref("巡察组", "Team", "team")
    heading: str = choice("四个落实类别", "Heading", "heading", required=True)
    seq: int | None = integer("序号", "Order")
    tag: str = choice("问题标签", "Tag", "problem_tag")
    description: str = longtext("问题表现", "Description", required=True)
    characterisation: str = longtext("定性分析", "Characterisation")
    responsibility: str = longtext("责任指向", "Responsibility")
    leader_in_charge: str = text("分管领导", "Leader in charge")
    notes: str = longtext("备注", "Notes")


@record_kind("rectification", "rectifications", "整改事项", "Rectification item")
class Rectification(Record):
    title: str = text("整改事项", "Item", required=True)
    problem_id: str | None = ref("对应反馈问题", "Problem", "problem")
    unit_id: str | None = ref("整改单位", "Unit", "unit")
    goal: str = longtext("整改目标", "Goal")
    measures: str = longtext("整改措施", "Measures", required=True)
    responsible_leader: str = text("责任领导", "Responsible leader")
    responsible_dept: str = text("责任部门", "Responsible department")
    responsible_person: str = text("责任人", "Responsible person")
    deadline: dt.date | None = date("完成时限", "Deadline")
    status: str = choice("整改状态", "Status", "rect_status", required=True)
    immediate: bool = boolean("立行立改", "Fix immediately")
    completed_at: dt.date | None = date("完成时间", "Completed on")
    closed_at: dt.date | None = date("销号时间", "Closed out on")
    evidence: str = longtext("整改佐证", "Evidence")
    grade: str = choice("成效评估", "Assessment", "grade")
    revisit_result: str = choice("回头看评估", "Revisit finding", "revisit_result")
    revisit_at: dt.date | None = date("回头看日期", "Revisited on")
    notes: str = longtext("备注", "Notes")


@record_kind("handover", "handovers", "问题线索移交", "Handover")
class Handover(Record):
    title: str = text("问题线索名称", "Title", required=True)
    unit_id: str | None = ref("被巡察单位", "Unit", "unit")
    team_id: str | None = ref("巡察组", "Team", "team")
    from_unit: str = text("移交方单位", "Handed over by (unit)")
    from_handler: str = text("移交经办人", "Handed over by")
    handed_at: dt.date | None = date("移交时间", "Handed over on")
    to_unit: str = choice("接收方单位", "Receiving unit", "handover_target")
    to_handler: str = text("接收经办人", "Received by")
    received_at: dt.date | None = date("接收时间", "Received on")
    feedback_dept: str = text("反馈部门", "Feedback from")
    feedback_at: dt.date | None = date("反馈时间", "Feedback on")
    feedback: str = longtext("反馈内容", "Feedback")
    notes: str = longtext("备注", "Notes")


# --- supporting records ----------------------------------------------------------------------


@record_kind("attachment", "attachments", "附件", "Attachment")
class Attachment(Record):
    filename: str = text("文件名", "File name", required=True)
    owner_id: str | None = ref("所属记录", "Belongs to", "")
    mime: str = text("类型", "Type")
    size: int | None = integer("大小（字节）", "Size (bytes)")
    sha256: str = text("SHA-256", "SHA-256")
    note: str = text("说明", "Note")
    added_at: dt.datetime | None = datetime("添加时间", "Added")


@record_kind("link", "links", "关联", "Link")
class Link(Record):
    """A first-class, mergeable link between two records (``relation`` says how)."""

    src_id: str | None = ref("来源记录", "From", "", required=True)
    dst_id: str | None = ref("目标记录", "To", "", required=True)
    relation: str = choice("关联类型", "Relation", "relation", required=True)
    note: str = text("说明", "Note")


@record_kind("vocab", "vocabularies", "词表条目", "Vocabulary entry")
class VocabEntry(Record):
    vocabulary: str = text("词表", "Vocabulary", required=True)
    value: str = text("取值", "Value", required=True)
    ord: int | None = integer("排序", "Order")
    active: bool = boolean("启用", "Active")


@record_kind("template", "templates", "工作模板", "Template")
class Template(Record):
    """Interview outline questions and document checklist lines handed out by the office."""

    template_kind: str = choice("模板类型", "Template kind", "template_kind", required=True)
    category: str = choice("类别", "Category", "heading")
    role: str = text("适用对象", "For whom")
    body: str = longtext("内容", "Text", required=True)
    ord: int | None = integer("排序", "Order")


@record_kind("setting", "settings", "设置", "Setting")
class Setting(Record):
    """A shared, mergeable setting such as a deadline length (local rules differ)."""

    key: str = text("键", "Key", required=True)
    value: str = text("值", "Value")


#: The kinds ``check`` reports, in the order of the command-line contract.
CHECK_KINDS = (
    "round",
    "team",
    "member",
    "unit",
    "person",
    "interview",
    "petition",
    "lead",
    "document",
    "paper",
    "problem",
    "rectification",
    "handover",
    "attachment",
)


#: The kinds that belong to an inspected unit (a ``unit_id`` field), and to a team (``team_id``).
UNIT_KINDS = (Person, Interview, Petition, Lead, Document, Paper, Problem, Rectification, Handover)
TEAM_KINDS = (Member, Unit, Interview, Petition, Lead, Document, Paper, Problem, Handover)
#: The kinds with a text number (编号) a person cites.
NUMBERED_KINDS = (Interview, Petition, Lead, Paper)


def unit_id_of(record: Record) -> str | None:
    """The unit ``record`` belongs to, for the kinds that name one."""
    return record.unit_id if isinstance(record, UNIT_KINDS) else None


def team_id_of(record: Record) -> str | None:
    """The team ``record`` belongs to, for the kinds that name one."""
    return record.team_id if isinstance(record, TEAM_KINDS) else None


def number_of(record: Record) -> str:
    """The record's 编号, for the kinds that have one ("" otherwise)."""
    return record.number if isinstance(record, NUMBERED_KINDS) else ""


def kind_spec(name: str) -> KindSpec:
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown record kind {name!r}") from None


def ref_fields(spec: KindSpec) -> tuple[FieldSpec, ...]:
    return tuple(f for f in spec.fields if f.type in (FieldType.REF, FieldType.REFS))
