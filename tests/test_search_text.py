"""Tests for app.storage.search_text against real SQLite FTS5 tables."""

from __future__ import annotations

import random
import sqlite3
import unicodedata
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.storage import search_text
from app.storage.search_text import (
    BOUNDARY,
    SearchQuery,
    build_query,
    highlight,
    index_columns,
)

try:
    import sqlcipher3
except ImportError:  # pragma: no cover - the project venv ships it
    sqlcipher3 = None


def _has_fts5(module: ModuleType) -> bool:
    try:
        con = module.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        con.close()
    except Exception:
        return False
    return True


DRIVERS: list[ModuleType] = [m for m in (sqlcipher3, sqlite3) if m is not None and _has_fts5(m)]
# The app uses sqlcipher3; the stdlib module (older SQLite) is a second opinion.
MAIN_DRIVER: ModuleType = DRIVERS[0]

# No .hypothesis/ directory in the repo, no per-example deadline flakiness.
FAST = settings(database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


class Store:
    """A tiny FTS5 table filled through index_columns()."""

    def __init__(self, driver: ModuleType, texts: list[str], *, secret: bool = False) -> None:
        self.con: Any = driver.connect(":memory:")
        cols = "uni, bi, secret" if secret else "uni, bi"
        self.con.execute(f"CREATE VIRTUAL TABLE s USING fts5({cols})")
        self.add(texts)

    def add(self, texts: list[str], first_rowid: int = 0) -> None:
        rows = [(first_rowid + i, *index_columns(t)) for i, t in enumerate(texts)]
        self.con.executemany("INSERT INTO s(rowid, uni, bi) VALUES (?, ?, ?)", rows)

    def search(self, user_text: str) -> set[int]:
        query = build_query(user_text)
        assert query is not None, user_text
        return self.match(query.match)

    def match(self, expr: str) -> set[int]:
        return {r[0] for r in self.con.execute("SELECT rowid FROM s WHERE s MATCH ?", (expr,))}


@pytest.fixture(params=DRIVERS, ids=lambda m: m.__name__)
def driver(request: pytest.FixtureRequest) -> ModuleType:
    module: ModuleType = request.param
    return module


# --------------------------------------------------------------------------- #
# Generated Chinese corpus: queries must behave exactly like `in` on NFKC text.

WORDS = "粮食 安全 招待 费用 公司 年度 巡视 检查 问题 整改 食品 待遇 经费 违规 公款 吃喝 粮 费 食 待 招".split()
PUNCT = ["，", "。", "、", "；", "：", "“", "”", "（", "）", " ", "\n", "！", "-", "/", "·"]
LATIN = ["ABC", "abc", "2023", "3.6", "ＫＴＶ", "１２", "x"]
QUERIES = ["粮食", "招待", "粮", "费", "粮食安全", "招待费", "食安", "费用", "待遇", "食品安全"]
EDGE_TEXTS = [
    "粮食",
    "粮",
    "费",
    "粮食是根本",
    "关于粮食",
    "招待费超标",
    "超标招待",
    "粮，食",
    "粮 食",
    "粮\n食",
    "招、待、费",
    "粮食，食品",  # "粮食品" would only match across the comma
    "招待，待遇",
    "粮（食）安全",
    "粮ABC食",
    "粮2023食",
    "食粮",
    "待招",
    "ＡＢＣ粮食",
    "",
    "。，、",
]


def generated_corpus(n: int = 240, seed: int = 20240501) -> list[str]:
    rng = random.Random(seed)
    pieces = WORDS * 3 + PUNCT * 2 + LATIN
    corpus = []
    for _ in range(n):
        corpus.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))))
    return EDGE_TEXTS + corpus


def test_corpus_queries_equal_substring_search(driver: ModuleType) -> None:
    texts = generated_corpus()
    assert len(texts) >= 200
    store = Store(driver, texts)
    for q in QUERIES + ["安全", "食", "待"]:
        expected = {i for i, t in enumerate(texts) if q in nfkc(t)}
        assert store.search(q) == expected, q
        if q in ("粮食", "招待", "粮", "费"):
            assert 0 < len(expected) < len(texts), q  # the corpus really exercises it


def test_queries_at_text_edges_and_not_across_separators(driver: ModuleType) -> None:
    texts = EDGE_TEXTS
    store = Store(driver, texts)
    row = texts.index
    assert {row("粮食"), row("粮食是根本"), row("关于粮食")} <= store.search("粮食")
    assert row("粮，食") not in store.search("粮食")
    assert row("粮 食") not in store.search("粮食")
    assert row("粮\n食") not in store.search("粮食")
    assert row("粮ABC食") not in store.search("粮食")
    assert row("粮2023食") not in store.search("粮食")
    assert row("食粮") not in store.search("粮食")
    assert row("粮食，食品") not in store.search("粮食品")
    assert row("招待，待遇") not in store.search("招待遇")
    assert row("招、待、费") in store.search("招")
    assert row("招、待、费") not in store.search("招待")
    assert row("ＡＢＣ粮食") in store.search("粮食")
    assert store.search("超标招待") == {row("超标招待")}


def test_separator_rule_for_unigram_phrases(driver: ModuleType) -> None:
    # A separator inside a query term matches any separator run, never none.
    texts = ["粮，食", "粮食", "粮、 食", "ABC公司", "ABC 公司", "ABC公，司", "abc公司"]
    store = Store(driver, texts)
    assert store.search("粮，食") == {0, 2}
    assert store.search("粮.食") == {0, 2}
    assert store.search("ABC公司") == {3, 6}
    assert store.search("abc") == {3, 4, 5, 6}


@settings(FAST, max_examples=300)
@given(
    docs=st.lists(
        st.text(alphabet="粮食安全招待费用公司年度ab1 ，。、（）\n-", max_size=30),
        min_size=1,
        max_size=12,
    ),
    query=st.text(alphabet="粮食安全招待费用", min_size=1, max_size=5),
)
def test_cjk_query_is_exact_substring_search(docs: list[str], query: str) -> None:
    store = Store(MAIN_DRIVER, docs)
    assert store.search(query) == {i for i, d in enumerate(docs) if query in d}


def test_contentless_table_as_in_migrations() -> None:
    # The app's table (migrations/v001.sql) is contentless; phrases and prefixes still work.
    con: Any = MAIN_DRIVER.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE search USING fts5 (uni, bi, content = '', contentless_delete = 1)")
    texts = ["粮食安全，ABC公司", "粮，食 2023年度", "招待费3.6万元"]
    con.executemany(
        "INSERT INTO search (rowid, uni, bi) VALUES (?, ?, ?)", [(i, *index_columns(t)) for i, t in enumerate(texts)]
    )

    def hits(user_text: str) -> set[int]:
        query = build_query(user_text)
        assert query is not None
        return {r[0] for r in con.execute("SELECT rowid FROM search WHERE search MATCH ?", (query.match,))}

    assert hits("粮食") == {0}
    assert hits("粮") == {0, 1}
    assert hits("abc公司 安全") == {0}
    assert hits("2023年 粮，食") == {1}
    assert hits("3.6万 招待") == {2}
    con.execute("DELETE FROM search WHERE rowid = 0")
    assert hits("粮") == {1}


# --------------------------------------------------------------------------- #
# Mixed terms.

MIXED_TEXTS = [
    "2023年度巡视报告",
    "2022年度巡视报告",
    "本年度2023预算",
    "支出3.6万元招待费",
    "支出13.6万元",
    "支出3.65万元",
    "ABC公司违规",
    "abc公司整改",
    "ＡＢＣ公司",
    "ABCD公司",
    "ABC 公司",
    "XABC公司",
    "2023年度ABC公司招待费3.6万",
]


def test_mixed_terms(driver: ModuleType) -> None:
    store = Store(driver, MIXED_TEXTS)
    t = MIXED_TEXTS.index
    assert store.search("2023年度") == {t("2023年度巡视报告"), t("2023年度ABC公司招待费3.6万")}
    assert store.search("3.6万") == {t("支出3.6万元招待费"), t("2023年度ABC公司招待费3.6万")}
    assert store.search("３．６万") == store.search("3.6万")  # fullwidth → NFKC
    assert store.search("ABC公司") == {
        t("ABC公司违规"),
        t("abc公司整改"),
        t("ＡＢＣ公司"),
        t("2023年度ABC公司招待费3.6万"),
    }
    assert store.search("abc公司") == store.search("ABC公司")
    # A trailing latin/digit word is a prefix.
    assert t("ABCD公司") in store.search("ABC")
    assert store.search("3.6") >= {t("支出3.6万元招待费"), t("支出3.65万元")}
    # Words match from their start only (documented limitation).
    assert t("XABC公司") not in store.search("ABC")
    assert t("支出13.6万元") not in store.search("3.6万")


def test_terms_are_anded(driver: ModuleType) -> None:
    store = Store(driver, MIXED_TEXTS)
    t = MIXED_TEXTS.index
    assert store.search("2023年度 招待费") == {t("2023年度ABC公司招待费3.6万")}
    assert store.search("ABC公司 3.6万 2023年度") == {t("2023年度ABC公司招待费3.6万")}
    assert store.search("巡视 2022") == {t("2022年度巡视报告")}
    assert store.search("巡视 不存在") == set()


def test_query_shape() -> None:
    q = build_query("  “粮食” 粮 ABC公司 3.6万  ，。 ")
    assert q == SearchQuery(
        match=(
            '{bi} : ("粮食") AND {uni} : ("粮") AND {uni} : ("abc" + "公" + "司")'
            f' AND {{uni}} : ("3" + "{BOUNDARY}" + "6" + "万")'
        ),
        terms=("粮食", "粮", "ABC公司", "3.6万"),
    )
    q = build_query("粮食安全 Report")
    assert q is not None
    assert q.match == '{bi} : ("粮食" + "食安" + "安全") AND {uni} : ("report"*)'
    assert build_query("ＡＢＣ１２３") == SearchQuery('{uni} : ("abc123"*)', ("ABC123",))


@pytest.mark.parametrize("text", ["", "   ", "，。！？", '" * : ^ ( ) { } -', "\x00\n\t", "\ud800"])
def test_nothing_searchable(text: str) -> None:
    assert build_query(text) is None


def test_limits() -> None:
    many = " ".join(f"词{i}" for i in range(40))
    q = build_query(many)
    assert q is not None and len(q.terms) == 16
    q = build_query(many, max_terms=3)
    assert q is not None and q.terms == ("词0", "词1", "词2")
    q = build_query("粮" * 500)
    assert q is not None and q.terms == ("粮" * 200,)
    q = build_query("粮食 安全 招待", max_chars=5)
    assert q is not None and q.terms == ("粮食", "安全", "招")
    q = build_query("粮食 粮食 “粮食”")
    assert q is not None and q.terms == ("粮食",)
    assert build_query("粮食", max_terms=0) is None
    assert build_query("粮食", max_chars=0) is None


# --------------------------------------------------------------------------- #
# Injection: user text can only ever be quoted tokens in uni/bi.

DANGEROUS = [
    '"',
    "*",
    ":",
    "^",
    "(",
    ")",
    "{",
    "}",
    "-",
    "+",
    "NEAR",
    "OR",
    "AND",
    "NOT",
    "near",
    "secret",
    "marker",
    "{secret}",
    "secret:",
    "uni",
    "bi",
    "{uni bi secret}",
    "\x00",
    "\ud800",
    "\udfff",
    "\U0010fffd",
    "\ue000",
    " ",
    "\u3000",
    "粮食",
    "费",
    "NEAR(",
    "^marker",
    "marker*",
    '"marker"',
    "-{uni bi}",
    "{uni}:",
    "s",
    "rank",
]
injection_text = st.lists(st.one_of(st.sampled_from(DANGEROUS), st.text(max_size=8)), max_size=25).map("".join)


@pytest.fixture(scope="module")
def secret_store() -> Store:
    store = Store(MAIN_DRIVER, ["粮食 marker", "near or and not secret", "abc 3.6万"], secret=True)
    # Row 100: nothing searchable in uni/bi; the hidden column holds every lure.
    store.con.execute(
        "INSERT INTO s(rowid, uni, bi, secret) VALUES (100, '', '', ?)",
        (" ".join(d for d in DANGEROUS if "\ud800" not in d and "\udfff" not in d) + " 招待",),
    )
    return store


def run_injection(store: Store, text: str) -> None:
    query = build_query(text)
    if query is None:
        return
    assert isinstance(query.match, str)
    query.match.encode("utf-8")  # bindable: no lone surrogates left
    for term in query.terms:
        term.encode("utf-8")
    hits = store.match(query.match)  # must not raise sqlite errors
    assert 100 not in hits, (text, query.match)


@pytest.mark.parametrize(
    "text",
    [
        "secret:marker",
        "{secret}: marker",
        "{secret} : marker",
        "marker",
        "secret : marker OR 招待",
        '"marker" OR secret:招待',
        "- {uni bi} : marker",
        "NEAR(marker 招待)",
        "^marker",
        "marker*",
        "招待",
        "\ud800secret\udfff:marker\x00",
    ],
)
def test_injection_examples(secret_store: Store, text: str) -> None:
    run_injection(secret_store, text)


@settings(FAST, max_examples=2000)
@given(text=injection_text)
def test_injection_property(secret_store: Store, text: str) -> None:
    run_injection(secret_store, text)
    query = build_query(text)
    if query is not None:
        assert 1 <= len(query.terms) <= 16
        assert sum(map(len, query.terms)) <= 200


@settings(FAST, max_examples=300)
@given(text=st.text(), terms=st.lists(st.text(max_size=6), max_size=4))
def test_arbitrary_text_never_raises(text: str, terms: list[str]) -> None:
    uni, bi = index_columns(text)
    (uni + bi).encode("utf-8")
    MAIN_DRIVER.connect(":memory:").execute("SELECT ?, ?", (uni, bi))
    highlight(text, terms)
    build_query(text)


def test_surrogates_nul_and_long_strings(secret_store: Store) -> None:
    uni, bi = index_columns("\ud800粮食\x00\udfffabc\ud83d\ude00")
    assert uni == f"粮 食 {BOUNDARY} abc"
    assert bi == f"粮食 {BOUNDARY} abc"
    secret_store.add(["\ud800粮食\x00"], first_rowid=500)  # binds without error
    # A surrogate pair (e.g. from a UTF-16 source) is joined, not dropped.
    assert index_columns("\ud840\udc00\ud840\udc01") == ("𠀀 𠀁", "𠀀𠀁")
    assert build_query("a\ud800b") == SearchQuery(f'{{uni}} : ("a" + "{BOUNDARY}" + "b"*)', ("a\ufffdb",))
    huge = ("粮食安全，" * 100_000) + ' "NEAR" ' * 10_000
    uni, bi = index_columns(huge)
    assert uni.count("粮") == 100_000
    for text in (huge, "x" * 1_000_000, " " * 1_000_000 + "粮食", "\ud800" * 100_000):
        run_injection(secret_store, text)


# --------------------------------------------------------------------------- #
# Column contents and tokenizer agreement.


def test_index_columns() -> None:
    assert index_columns("粮食安全") == ("粮 食 安 全", "粮食 食安 安全")
    assert index_columns("费") == ("费", "费")
    assert index_columns("") == ("", "")
    assert index_columns("，。") == ("", "")
    b = BOUNDARY
    assert index_columns("（2023年度）ABC公司，Ｘｙ１２ ok") == (
        f"2023 年 度 {b} abc 公 司 {b} xy12 {b} ok",
        f"2023 年度 {b} abc 公司 {b} xy12 {b} ok",
    )
    assert index_columns("粮\u200b食") == ("粮 食", "粮食")  # zero-width chars are ignored
    assert index_columns("葛\U000e0100城") == ("葛 城", "葛城")  # variation selector
    assert index_columns("𠀀𠀁") == ("𠀀 𠀁", "𠀀𠀁")  # Extension B
    assert index_columns("こんにちは 한국") == ("こ ん に ち は " + b + " 한 국", "こん んに にち ちは " + b + " 한국")


def test_columns_survive_unicode61_unchanged(driver: ModuleType) -> None:
    # unicode61 must neither split nor merge our tokens (checked on real FTS5).
    text = "粮食安全，2023年度ABC公司（3.6万）Ｘｙ１２ é ok 한국 𠀀𠀁 〇"
    con = driver.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE s USING fts5(uni, bi)")
    con.execute("CREATE VIRTUAL TABLE v USING fts5vocab(s, 'instance')")
    con.execute("INSERT INTO s(rowid, uni, bi) VALUES (1, ?, ?)", index_columns(text))
    got = {
        col: [t for (t,) in con.execute("SELECT term FROM v WHERE col = ? ORDER BY offset", (col,))]
        for col in ("uni", "bi")
    }
    uni, bi = index_columns(text)
    assert got["uni"] == [t.replace("é", "e") for t in uni.split(" ")]  # diacritics removed
    assert got["bi"] == [t.replace("é", "e") for t in bi.split(" ")]


def test_every_token_character_is_a_unicode61_token(driver: ModuleType) -> None:
    # White-box: any character the segmenter keeps as (the start of) a token must
    # be a token character for this SQLite, or a phrase could silently go empty.
    classify: Callable[[str], int] = search_text._char_class.__wrapped__
    token_chars = [
        chr(cp)
        for cp in range(0x110000)
        if not 0xD800 <= cp <= 0xDFFF and classify(chr(cp)) in (search_text._WORD, search_text._CJK)
    ]
    tokens = [c.casefold() if classify(c) == search_text._WORD else c for c in token_chars]
    con = driver.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE s USING fts5(x)")
    con.execute("CREATE VIRTUAL TABLE v USING fts5vocab(s, 'instance')")
    con.execute("INSERT INTO s(rowid, x) VALUES (1, ?)", (f" {BOUNDARY} ".join(tokens),))
    seq = [t for (t,) in con.execute("SELECT term FROM v ORDER BY offset")]
    # BOUNDARY tokens must alternate with at least one real token.
    gaps = [i for i in range(1, len(seq)) if seq[i] == BOUNDARY and seq[i - 1] == BOUNDARY]
    assert seq[0] != BOUNDARY and seq[-1] != BOUNDARY
    assert not gaps, [hex(ord(token_chars[seq[:i].count(BOUNDARY) - 1])) for i in gaps[:10]]
    assert seq.count(BOUNDARY) == len(tokens) - 1


# --------------------------------------------------------------------------- #
# highlight()


def test_highlight_marks_all_terms() -> None:
    text = "关于粮食安全的报告：粮食储备和安全生产。"
    assert highlight(text, ["粮食", "安全"], width=100) == "关于[粮食][安全]的报告：[粮食]储备和[安全]生产。"
    assert highlight(text, ["粮食安全", "食安"], width=100) == "关于[粮食安全]的报告：粮食储备和安全生产。"
    assert highlight(text, ["报告"], before="<b>", after="</b>", width=100) == (
        "关于粮食安全的<b>报告</b>：粮食储备和安全生产。"
    )


def test_highlight_edges_and_ellipsis() -> None:
    assert highlight("粮食", ["粮食"]) == "[粮食]"
    assert highlight("粮食很重要", ["粮食"]) == "[粮食]很重要"
    assert highlight("很重要的粮食", ["粮食"]) == "很重要的[粮食]"
    text = "甲" * 50 + "粮食" + "乙" * 50
    assert highlight(text, ["粮食"], width=10) == "…甲甲甲甲[粮食]乙乙乙乙…"
    assert highlight("粮食" + "乙" * 50, ["粮食"], width=10) == "[粮食]乙乙乙乙乙乙乙乙…"
    # a hit at the end stays centred (a shorter snippet), not pushed to its far end
    assert highlight("甲" * 50 + "粮食", ["粮食"], width=10) == "…甲甲甲甲[粮食]"
    # A term longer than the window is shown whole.
    assert highlight("甲粮食安全乙", ["粮食安全"], width=2) == "…[粮食安全]…"
    # A hit straddling the window edge widens it instead of being cut.
    assert highlight("粮食" + "甲" * 8 + "安全乙乙", ["粮食", "安全"], width=11) == ("[粮食]甲甲甲甲甲甲甲甲[安全]…")


def test_highlight_case_and_nfkc() -> None:
    assert highlight("ＡＢＣ公司3.6万元", ["abc公司"]) == "[ＡＢＣ公司]3.6万元"
    assert highlight("ABC公司支出３．６万元", ["3.6万"]) == "ABC公司支出[３．６万]元"
    assert highlight("Straße und STRASSE", ["strasse"]) == "[Straße] und [STRASSE]"
    assert highlight("粮\u200b食", ["粮食"]) == "[粮\u200b食]"
    assert highlight("café", ["CAFÉ"]) == "[café]"
    assert highlight("cafe\u0301", ["café"]) == "[cafe\u0301]"


def test_highlight_none() -> None:
    assert highlight("粮食安全", ["招待"]) is None
    assert highlight("粮食安全", []) is None
    assert highlight("", ["粮食"]) is None
    assert highlight("粮食", [""]) is None


def test_highlight_uses_query_terms() -> None:
    text = "2023年度，ABC公司“招待费”支出3.6万元。"
    query = build_query("“招待费” abc公司 3.6万")
    assert query is not None
    assert highlight(text, query.terms, width=100) == "2023年度，[ABC公司]“[招待费]”支出[3.6万]元。"


@FAST
@given(
    text=st.text(alphabet="粮食安全招待ABCabc ，。\n", max_size=80),
    terms=st.lists(st.text(alphabet="粮食安全招待ABCabc", min_size=1, max_size=3), max_size=3),
    width=st.integers(min_value=-5, max_value=40),
)
def test_highlight_property(text: str, terms: list[str], width: int) -> None:
    result = highlight(text, terms, before="\x01", after="\x02", width=width)
    present = [t for t in terms if t.casefold() in text.casefold()]
    if not present:
        assert result is None
        return
    assert result is not None
    plain = result.replace("\x01", "").replace("\x02", "")
    core = plain.removeprefix("…").removesuffix("…")
    assert core in text
    if not plain.startswith("…"):
        assert text.startswith(core)
    if not plain.endswith("…"):
        assert text.endswith(core)
    marked = result.split("\x01")[1:]
    assert marked, result
    for chunk in marked:
        inner = chunk.split("\x02")[0]
        assert any(t.casefold() in inner.casefold() for t in terms)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"粮食招待费，。 abcXYZ12.3\n“”的了", "\u0301", "\u200b", "\ufe0f"]),
               max_size=60) | st.text(max_size=40))
def test_fast_index_path_equals_general_path(text: str) -> None:
    from app.storage.search_text import _index_columns_general, _normalize

    assert index_columns(text) == _index_columns_general(_normalize(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60) | st.text(alphabet=st.sampled_from([*"粮食，。 aZ1\n", "\U0010fffd", "\ue000"]),
                                      max_size=30))
def test_class_letters_by_translate_equal_the_per_character_classes(text: str) -> None:
    from app.domain.segmentation import _letter, class_letters

    assert class_letters(text) == "".join(map(_letter, text))


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40) | st.text(alphabet=st.sampled_from(
    [*"粮食，。：（）ａＡ１　 a", "\u0301", "\u0338", "\uff9e", "\uff76", "\u2460", "\ufb01", "\u00bd"]), max_size=30))
def test_normalising_through_the_full_width_table_is_nfkc(text: str) -> None:
    from app.domain.segmentation import _clean, _normalize

    assert _normalize(text) == unicodedata.normalize("NFKC", _clean(text))


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"粮食费，、。 (a)Zz9.\n…　", "\U0010fffd"]), max_size=40)
       | st.text(alphabet=st.sampled_from([*"粮，Ａ１𠮷ßİ·x", "\U0010fffd", "\ue000", "\u200b", "\u0301"]),
                 max_size=30))
def test_plain_and_classified_paths_equal_the_general_path(text: str) -> None:
    # Separator runs become one boundary and the CJK between words is laid out whole; one-character
    # runs between separators and words are the case that layout cannot take, so they are drawn often.
    from app.storage.search_text import _index_columns_general, _normalize

    assert index_columns(text) == _index_columns_general(_normalize(text))


def test_index_columns_one_character_runs_and_words() -> None:
    b = BOUNDARY
    assert index_columns("甲、乙、丙丁") == (f"甲 {b} 乙 {b} 丙 丁", f"甲 {b} 乙 {b} 丙丁")
    assert index_columns("2024年，粮食3.6万元") == (f"2024 年 {b} 粮 食 3 {b} 6 万 元",
                                                  f"2024 年 {b} 粮食 3 {b} 6 万元")
    assert index_columns("ab，cd") == (f"ab {b} cd", f"ab {b} cd")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_spaced_and_pair_tokens_are_the_joins(text: str) -> None:
    import operator

    from app.domain.segmentation import pair_tokens, spaced

    assert spaced(text) == " ".join(text)
    if len(text) > 1:
        assert pair_tokens(text) == " ".join(map(operator.add, text, text[1:]))
