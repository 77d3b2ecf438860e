"""Benchmark (d) of the reports (not a test): the province's annual report DOCX on the full-scale demo province.

    .venv/bin/python bench/bench_reports.py [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/bench_reports.py

The province and its records are prepared as bench/bench_indicators.py does (its `_prepare`: the demo province of
bench/data/province.sqlite3, made by bench/make_province.py when missing, with a year of meetings added once).
Then, in one process, after a warm-up, `--runs` timed runs of bench/annual_report.py (every figure
from the records, the table of the units below, the lagging chi bộ, two PNG charts, the Party-format DOCX), and
apart the figures alone and the rendering alone. Median printed; target < 3 s for the whole. The period is the
demo's year of records (01/03/2025 – 28/02/2026) seen on the demo's "today" (01/03/2026).
"""

import argparse
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

from timing import timed

BASE_DIR = Path(__file__).resolve().parent.parent
PROVINCE = BASE_DIR / "bench" / "data" / "province.sqlite3"
TARGET = 3.0


def _indicators_bench():
    spec = importlib.util.spec_from_file_location(
        "bench_indicators", BASE_DIR / "bench" / "bench_indicators.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    parser.add_argument(
        "--no-meetings", action="store_true", help="do not add the demo's meetings if missing"
    )
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{PROVINCE}")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-settings")
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory: not what production does
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    sys.path.insert(0, str(BASE_DIR))
    if os.environ["DATABASE_URL"].startswith("sqlite") and not PROVINCE.exists():
        print("bench/data/province.sqlite3 is missing: building it (a few minutes)")
        subprocess.run([sys.executable, str(BASE_DIR / "bench" / "make_province.py"), "--quiet"], check=True)

    import django

    django.setup()
    from annual_report import annual_report  # bench/annual_report.py, beside this script
    from django.core.management import call_command
    from django.db import connection
    from docx import Document as DocxFile

    from lamtheo.documents.models import Document, DocumentType
    from lamtheo.indicators.periods import Period
    from lamtheo.reports.figures import build_figures
    from lamtheo.reports.models import Report
    from lamtheo.reports.rendering import render_report

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    indicators = _indicators_bench()
    call_command("migrate", "reports", verbosity=0)
    root = indicators._prepare(meetings=not args.no_meetings)
    today = indicators.TODAY
    period = Period.custom(indicators.START, indicators.END)

    measures = {}
    for cache in (False, True):
        measures["figures", cache] = timed(
            lambda cache=cache: build_figures(root, period, today=today, cache=cache), args.runs
        )
        measures["whole", cache] = timed(
            lambda cache=cache: annual_report(root, period, today=today, cache=cache), args.runs
        )
    figures = measures["figures", True][3]
    content = measures["whole", True][3]
    draft = Report(
        unit=root,
        kind="annual",
        document=Document(
            unit=root, doc_type=DocumentType.objects.get(key="bao_cao"), summary="tổng kết", date=today
        ),
    )
    draft.set_period(period)
    measures["render", None] = timed(lambda: render_report(draft, figures), args.runs)
    opened = DocxFile(io.BytesIO(content))
    print(
        f"report: {len(content) / 1024:.0f} KB, {len(opened.paragraphs)} paragraphs, "
        f"{len(opened.tables[-2].rows) - 1 if len(opened.tables) > 1 else 0} units in the table, "
        f"{len(opened.inline_shapes)} charts"
    )
    print()
    print(f"median of {args.runs} runs after a warm-up, in one process (milliseconds; spread in brackets):")
    labels = {
        ("whole", False): "(d) province annual report DOCX, indicators computed afresh",
        ("figures", False): "    of which the figures (indicators, completeness, trend)",
        ("whole", True): "(d) the same, indicators from their cache (fresh: keyed by data version)",
        ("figures", True): "    of which the figures",
        ("render", None): "the rendering alone (DOCX, table of units, two PNG charts)",
    }
    rows = [(label, *measures[key][:3]) for key, label in labels.items()]
    for label, median, runs, queries in rows:
        spread = ", ".join(f"{t * 1000:.0f}" for t in runs)
        print(f"  {label:<64} {median * 1000:10.1f} ms {queries:4d} q  ({spread})")
    verdict = "OK" if measures["whole", False][0] < TARGET else "MISSED"
    print(f"target < {TARGET * 1000:.0f} ms (indicators computed afresh): {verdict}")


if __name__ == "__main__":
    main()
