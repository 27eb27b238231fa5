"""Documents benchmark: the feedback opinion and a 50,000-row ledger against raw libraries, in one run.

    .venv/bin/python bench/documents_bench.py [--vault OFFICE.xcv] [--rows 50000] [--repeat 3]

Without ``--vault`` an office-scale demo vault is made in a temporary folder first (~30 s).

Prints, side by side (best of ``--repeat``):
- feedback opinion of the unit with the most signed working papers: ``FeedbackOpinion.build``
  (GB/T 9704 page templates, page numbers, escaping and glyph fallback, the 版记) against raw
  reportlab ``SimpleDocTemplate`` building the same paragraphs in the same fonts and styles;
  the vault reads (``gather``) are timed apart;
- ledger of ``--rows`` leads: ``write_ledger`` (typed cells, text forced to strings, widths,
  validation lists, print setup, the hidden vocabulary sheet) against raw openpyxl write-only
  appending the same values as plain Python lists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from app.domain.records import Lead  # noqa: E402
from app.domain.rules import Deadlines  # noqa: E402
from app.domain.vocab import SEED  # noqa: E402
from app.export.pdf.feedback import FeedbackOpinion, gather, pick_unit  # noqa: E402
from app.export.pdf.layout import stylesheet  # noqa: E402
from app.export.xlsx.ledger import SHEETS, Labels, columns, vocabularies, write_ledger  # noqa: E402
from app.storage.vault import Vault  # noqa: E402

PASSPHRASE = "demo-pass-2024"


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def raw_feedback(doc: FeedbackOpinion) -> None:
    """The same text and styles through plain reportlab: no page templates, furniture or fallback."""
    sheet = stylesheet()
    c = doc.content
    texts: list[tuple[str, str]] = [("Title", doc.title), ("Addressee", c.unit + "："), ("H1", "一、总体评价")]
    texts += [("Body", t) for t in c.assessment] + [("H1", "二、主要问题")]
    for heading, items in c.problems.items():
        texts.append(("H2", heading))
        for i, item in enumerate(items, 1):
            texts.append(("H3", f"{i}.{item.title}"))
            texts += [("Body", line) for part in item.paragraphs for line in part.splitlines() if line.strip()]
    texts += [("H1", "三、意见建议")] + [("Body", t) for t in c.recommendations]
    story = [Paragraph(escape(t), sheet[s]) for s, t in texts]
    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)


def leads(n: int) -> list[Lead]:
    sources = SEED["lead_source"][2]
    statuses = SEED["lead_status"][2]
    day = dt.date(2024, 4, 1)
    return [Lead(id=f"lead-{i}", number=f"2024-3-{i:05d}", subject_name=f"张{i % 97}", subject_post="副局长",
                 subject_unit="某县测试局", source=sources[i % len(sources)], received_at=day + dt.timedelta(i % 90),
                 summary=f"反映某县测试局{i}号问题：违规发放津贴补贴，涉及金额{i % 50}万元。",
                 detail="经初步了解，" * 10, status=statuses[i % len(statuses)]) for i in range(n)]


def raw_ledger(rows: list[Lead]) -> None:
    wb = Workbook(write_only=True)
    for title, kind in SHEETS:
        ws = wb.create_sheet(title)
        cols = columns(kind)
        ws.append(["序号", *(c.spec.label for c in cols)])
        if kind == "lead":
            for n, record in enumerate(rows, 1):
                ws.append([n, *(_plain(getattr(record, c.spec.name)) for c in cols)])
    wb.save(io.BytesIO())


def _plain(value: object) -> object:
    if isinstance(value, list):
        return "、".join(map(str, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vault", help="an office-scale demo vault (passphrase demo-pass-2024)")
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.vault
        if not path:
            from app.demo import fill

            path = os.path.join(tmp, "office.xcv")
            print("making an office-scale demo vault …", flush=True)
            with Vault.create(path, PASSPHRASE, role="office", owner="bench") as vault:
                fill(vault, scale="office")
        with Vault.open(path, PASSPHRASE) as vault:
            unit = pick_unit(vault, None)
            start = time.perf_counter()
            content = gather(vault, unit)
            read_s = time.perf_counter() - start
            vocab = vocabularies(vault.records.iter("vocab"))
        papers = sum(len(p) for p in content.problems.values())
        pages = FeedbackOpinion(content).build(io.BytesIO())
        ours = best(lambda: FeedbackOpinion(content).build(io.BytesIO()), args.repeat)
        raw = best(lambda: raw_feedback(FeedbackOpinion(content)), args.repeat)
        print(f"feedback opinion: {unit.name}, {papers} problems, {pages} pages")
        print(f"  vault reads {read_s * 1000:.0f} ms; ours {ours * 1000:.0f} ms; raw reportlab {raw * 1000:.0f} ms;"
              f" ratio {ours / raw:.2f}×")

        rows = leads(args.rows)
        labels = Labels(lambda _id: None)
        today = dt.date(2024, 12, 1)
        data = {kind: (rows if kind == "lead" else []) for _, kind in SHEETS}
        deadlines = Deadlines(today=lambda: today)
        ours = best(lambda: write_ledger(io.BytesIO(), data, vocab, labels, deadlines), args.repeat)
        raw = best(lambda: raw_ledger(rows), args.repeat)
        print(f"ledger: {args.rows} rows × {len(columns('lead')) + 1} columns")
        print(f"  ours {ours:.2f} s ({args.rows / ours:,.0f} rows/s); raw openpyxl write-only {raw:.2f} s;"
              f" ratio {ours / raw:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
