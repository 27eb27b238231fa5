"""How hard a passphrase is to guess (docs/security.md, "Passphrases").

The estimate is zxcvbn's (Dropbox's realistic estimator: dictionaries of common passwords, names and
words, keyboard walks, dates, repeats and sequences). It knows no Chinese words: a Chinese character it
does not recognise counts as ten guesses, so a Chinese phrase is judged by its length, which is
conservative for random characters and generous for a well-known line of verse. A new vault needs a
passphrase that would take at least :data:`MIN_GUESSES` guesses, zxcvbn's own bar for "very unguessable".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from zxcvbn import zxcvbn

#: 10¹⁰ guesses: offline, against Argon2id at about 1 s per guess, far beyond any attacker's patience.
MIN_GUESSES = 1e10
#: zxcvbn reads at most this much of a passphrase (its matching is quadratic in the length).
MAX_CHECKED = 100
#: Words a passphrase of this program should not lean on.
PROGRAM_WORDS = ("巡察", "巡察组", "巡察办", "xuncha", "xuncha workbench", "保密库", "口令", "passphrase")


@dataclass(frozen=True)
class Strength:
    """zxcvbn's verdict: ``score`` 0–4 (4 at :data:`MIN_GUESSES` and above) and the estimated guesses."""

    score: int
    guesses: float

    @property
    def enough(self) -> bool:
        return self.guesses >= MIN_GUESSES


def strength(passphrase: str, user_inputs: Iterable[str] = ()) -> Strength:
    """How many guesses ``passphrase`` would take; ``user_inputs`` (the owner's name, the file's name)
    count as words an attacker tries first."""
    if not passphrase:
        return Strength(0, 0.0)
    words = [w for w in (*PROGRAM_WORDS, *user_inputs) if w]
    result = zxcvbn(passphrase[:MAX_CHECKED], user_inputs=words)
    return Strength(int(result["score"]), float(result["guesses"]))
