"""What an upgrade moves in the data, as pure functions (docs/vault.md, "Schema versions").

Schema version 7 split the old ``round_kind`` (issue 13): 交叉 and 提级 are a unit's ``mode`` now, 回头看 a
round's ``revisit`` flag, and the round's kind is the type of inspection (常规/专项/机动). The opening
program saves what :func:`retired_kind_moves` returns as its own field writes, so merges carry them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from app.domain.records import Record, Round, Unit
from app.domain.vocab import RETIRED, SEED

#: The old round kinds that became a unit's mode.
MODE_KINDS = frozenset(SEED["inspection_mode"][2]) & frozenset(RETIRED["round_kind"])
REVISIT_KIND = "回头看"
#: What the kind of a round of a retired kind becomes (its title may say 专项; a person can change it).
PLAIN_KIND = SEED["round_kind"][2][0]


def retired_kind_moves(rounds: Iterable[Round], units: Iterable[Unit]) -> list[Record]:
    """The rounds and units to save so that no live round holds a retired kind.

    A round of kind 交叉/提级 gives that mode to each of its units that has none; 回头看 sets ``revisit``;
    the round's kind becomes 常规. Idempotent: once saved, nothing is left to move.
    """
    moved: list[Record] = []
    modes: dict[str, str] = {}
    for rnd in rounds:
        if rnd.deleted or rnd.kind not in RETIRED["round_kind"]:
            continue
        if rnd.kind in MODE_KINDS:
            modes[rnd.id] = rnd.kind
        moved.append(dataclasses.replace(rnd, kind=PLAIN_KIND, revisit=rnd.revisit or rnd.kind == REVISIT_KIND))
    for unit in units:
        mode = modes.get(unit.round_id or "")
        if mode and not unit.deleted and not unit.mode:
            moved.append(dataclasses.replace(unit, mode=mode))
    return moved
