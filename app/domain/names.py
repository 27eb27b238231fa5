"""How a round's team is named in the documents it signs (docs/documents.md, "The feedback opinion").

A team signs its feedback opinion and its report with its full name, as the 巡察办 writes it:
"十二届县委第五轮巡察第三巡察组" (届次, the committee's short name, 第N轮巡察, the team). One
function words it, from ``Round.session``/``committee``/``number`` and ``Team.number``/``name``;
what the records leave out is left out of the name, never invented.
"""

from __future__ import annotations

from app.domain.records import Round, Team

_DIGITS = "零一二三四五六七八九"
#: The level a committee's name ends in, before 委员会: 中共某县委员会 is the 县委.
_LEVELS = "省市州盟县区旗"


def cn_numeral(n: int) -> str:
    """1–99 in Chinese numerals (第三, 第十二, 第八十三); other numbers in Arabic digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def committee_short(committee: str) -> str:
    """中共某县委员会 → 县委, 中共某市委员会 → 市委; a committee of another form → 党委."""
    name = committee.strip().removeprefix("中国共产党").removeprefix("中共")
    if name.endswith("委员会") and len(name) > 3 and name[-4] in _LEVELS:
        return f"{name[-4]}委"
    if len(name) >= 2 and name[-2] in _LEVELS and name.endswith("委"):  # already short: 县委, 某市委
        return f"{name[-2]}委"
    return "党委"


def team_title(rnd: Round | None, team: Team | None) -> str:
    """The team as it signs: 十二届县委第五轮巡察第三巡察组.

    Without the round's number the name is the committee's and the team's (县委第三巡察组); a team
    name that already names its committee (某县委第三巡察组) is used as it is.
    """
    name = team.name.strip() if team else ""
    if not name:
        name = f"第{cn_numeral(team.number)}巡察组" if team is not None and team.number else "巡察组"
    if "委" in name:
        return name
    short = committee_short(rnd.committee) if rnd else "党委"
    if rnd is None or not rnd.number:
        return f"{short}{name}"
    session = rnd.session.strip()
    if session and not session.endswith("届"):
        session += "届"
    return f"{session}{short}第{cn_numeral(rnd.number)}轮巡察{name}"


def committee_place(committee: str) -> str:
    """中共某市委员会 → 某市委: the committee's short name keeping its place ("" when none is given)."""
    name = committee.strip().removeprefix("中国共产党").removeprefix("中共")
    return name[:-3] + "委" if name.endswith("委员会") and len(name) > 3 else name


def origin_label(rnd: Round | None, team: Team | None) -> str:
    """Where a lower office's finding comes from: "十二届某市委第五轮巡察 · 第三巡察组" (issue 14 §2,
    upward findings). Without the round's number the round's title is used."""
    place = committee_place(rnd.committee) if rnd else ""
    if rnd is not None and rnd.number and place:
        session = rnd.session.strip()
        if session and not session.endswith("届"):
            session += "届"
        round_name = f"{session}{place}第{cn_numeral(rnd.number)}轮巡察"
    else:
        round_name = rnd.title.strip() if rnd else ""
    team_name = team.name.strip() if team else ""
    return " · ".join(part for part in (round_name, team_name) if part)


def attribution(rnd: Round | None, team: Team | None) -> str:
    """How a report cites a lower office's finding: "（据某市委第三巡察组巡察发现）"."""
    place = committee_place(rnd.committee) if rnd else ""
    team_name = team.name.strip() if team else ""
    who = f"{place}{team_name}" if place or team_name else (rnd.title.strip() if rnd else "")
    return f"（据{who}巡察发现）" if who else "（据下级巡察发现）"
