"""Benchmark of the people import (not a test): 150.000 people from XLSX, median of 3, against openpyxl alone.

    .venv/bin/python bench/import_people.py [--rows N] [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/import_people.py

What it does:
1. Once (cached in bench/data/, git-ignored): an XLSX of N people in the template's format (realistic Vietnamese
   names, valid CCCD and card numbers, 88% members) spread over N/50 chi bộ, and the XLSX of those units
   (30 chi bộ per đảng ủy xã / phường under one tỉnh ủy). The people file is stored as Excel saves a filled-in
   template (shared strings, sheet size), not as openpyxl writes it (see _as_excel_saves_it).
2. A database with only the unit tree: migrated, the tỉnh ủy created, then the units imported with the unit
   import (timed). On SQLite this is a template file; every run starts from a fresh copy of it. On PostgreSQL
   (the database name must contain "bench") the people, stays, history and jobs are emptied before each run.
3. Each run is the whole import as the upload page starts it, without HTTP: the job is created with the file,
   then every row is read and checked, then all are written in one transaction (people, their stays, one
   history row each). Every run creates all N people. The median of the runs is reported with its phases.
4. openpyxl alone reading the same file (read-only mode, every cell value), median of the same number of runs:
   the floor under which no XLSX import with openpyxl can go. The ratio says what the rest costs (checking
   every row against the records there, and writing people, stays and history in one transaction).
5. Then, once, the same file again on the filled database (every row unchanged) for information.

Times are wall-clock; the CPU time of this process is printed next to them, since on a shared machine the wall
time also measures the other processes (and, on PostgreSQL, the server's own work).
"""

import argparse
import datetime
import io
import os
import random
import re
import resource
import shutil
import statistics
import sys
import time
import zipfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA = BASE_DIR / "bench" / "data"
SQLITE_RUN = DATA / "import-run.sqlite3"
SQLITE_TEMPLATE = DATA / "import-template.sqlite3"
ROOT_CODE = "BENCH-TU"
CELLS_PER_COMMUNE = 30
PEOPLE_PER_CELL = 50


def main() -> None:
    args = _arguments()
    DATA.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_RUN}")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-settings")
    os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory: not what production does
    os.environ["MEDIA_ROOT"] = str(DATA / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.db import connection

    shutil.rmtree(DATA / "media", ignore_errors=True)  # the copies of the files the runs imported
    people_file, units_file = _data_files(args.rows)
    print(f"file: {people_file.name}, {people_file.stat().st_size / 1e6:.1f} MB, {_n(args.rows)} people")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    _prepare_database(units_file)

    runs = []
    for number in range(1, args.runs + 1):
        _reset_database()
        runs.append(_import(people_file))
        print(f"run {number}: {_describe(runs[-1])}")
    median = statistics.median(r["total"] for r in runs)
    middle = min(runs, key=lambda r: abs(r["total"] - median))
    reads = [_openpyxl_read(people_file) for _ in range(args.runs)]
    floor = statistics.median(reads)
    again = _import(people_file)

    print()
    print(f"people import, median of {args.runs}: {median:.1f} s  ({_n(args.rows / median)} rows/s)")
    print(f"  phases of the median run: {_phases(middle)}")
    print(
        f"openpyxl alone reading the file, median of {args.runs}: {floor:.1f} s  ({', '.join(f'{r:.1f}' for r in reads)})"
    )
    print(f"ratio import / openpyxl: {median / floor:.2f}")
    print(f"re-import of the same file (all unchanged): {_describe(again)}")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.rows == 150_000:
        print(f"target: under 60 s for 150.000 people -> {'met' if median < 60 else 'NOT met'}")


def _n(value: float) -> str:
    """`150000` -> `150.000`, as the product writes numbers."""
    return f"{value:,.0f}".replace(",", ".")


def _arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=150_000, help="people in the file (default 150.000)")
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of (default 3)")
    return parser.parse_args()


# The files --------------------------------------------------------------------------------------------------------

FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Huỳnh", 5),
    ("Phan", 4.5),
    ("Võ", 4),
    ("Hoàng", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Trương", 1),
    ("Lâm", 0.7),
    ("Đoàn", 0.6),
    ("Lý", 0.5),
    ("Châu", 0.5),
    ("Thái", 0.4),
    ("Tô", 0.4),
    ("Mai", 0.4),
    ("Cao", 0.4),
    ("Quách", 0.3),
    ("Trịnh", 0.3),
    ("Lưu", 0.2),
    ("Kiều", 0.1),
]
MALE_MIDDLE = [
    ("Văn", 40),
    ("Minh", 8),
    ("Thanh", 6),
    ("Hữu", 5),
    ("Quốc", 5),
    ("Đức", 4),
    ("Công", 3),
    ("Hoàng", 3),
    ("Ngọc", 3),
    ("Tấn", 3),
    ("Thành", 3),
    ("Trung", 2),
    ("Xuân", 2),
    ("Phước", 2),
]
FEMALE_MIDDLE = [
    ("Thị", 45),
    ("Ngọc", 10),
    ("Kim", 6),
    ("Thanh", 5),
    ("Thu", 5),
    ("Bích", 3),
    ("Mỹ", 4),
    ("Hồng", 4),
    ("Bảo", 3),
    ("Khánh", 3),
    ("Phương", 3),
    ("Minh", 3),
    ("Tuyết", 2),
]
MALE_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Duy",
    "Đạt",
    "Đức",
    "Giang",
    "Hải",
    "Hào",
    "Hiếu",
    "Hòa",
    "Hoàng",
    "Hùng",
    "Huy",
    "Khang",
    "Khoa",
    "Lâm",
    "Lộc",
    "Long",
    "Luân",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nhân",
    "Phát",
    "Phong",
    "Phúc",
    "Phước",
    "Quang",
    "Quân",
    "Sang",
    "Sơn",
    "Tài",
    "Tâm",
    "Tân",
    "Thành",
    "Thắng",
    "Thiện",
    "Thịnh",
    "Tiến",
    "Toàn",
    "Trí",
    "Trung",
    "Tuấn",
    "Tùng",
    "Vinh",
    "Vũ",
    "Ba",
    "Tư",
    "Năm",
    "Sáu",
    "Bảy",
    "Tám",
    "Út",
]
FEMALE_GIVEN = [
    "Anh",
    "Ánh",
    "Bích",
    "Châu",
    "Chi",
    "Diễm",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhi",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Quỳnh",
    "Sương",
    "Tâm",
    "Thảo",
    "Thắm",
    "Thanh",
    "Thủy",
    "Thư",
    "Trang",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vân",
    "Vy",
    "Xuân",
    "Yến",
    "Út",
]
PLACES = [
    "Bình",
    "Hòa",
    "Long",
    "Phú",
    "Mỹ",
    "Tân",
    "An",
    "Thạnh",
    "Vĩnh",
    "Châu",
    "Khánh",
    "Hưng",
    "Lợi",
    "Đông",
    "Tây",
    "Thới",
    "Phước",
    "Hiệp",
    "Điền",
    "Hội",
    "Nhơn",
    "Thuận",
    "Lộc",
    "Kiến",
    "Định",
    "Xuân",
    "Hảo",
]
JOBS = [
    "",
    "",
    "",
    "Nông dân",
    "Giáo viên",
    "Công chức văn phòng - thống kê",
    "Trưởng ấp",
    "Cựu chiến binh",
    "Hưu trí",
    "Viên chức y tế",
    "Công an viên",
    "Kinh doanh",
]


def _weighted(rng, pairs):
    names, weights = zip(*pairs, strict=True)
    return lambda: rng.choices(names, weights)[0]


def _data_files(rows: int) -> tuple[Path, Path]:
    people_file = DATA / f"import-people-{rows}.xlsx"
    units_file = DATA / f"import-units-{rows}.xlsx"
    if people_file.exists() and units_file.exists():
        return people_file, units_file
    from lamtheo.imports import columns
    from lamtheo.lib.xlsx import write_xlsx

    started = time.perf_counter()
    rng = random.Random(2026)
    cells = _write_units_file(units_file, rows, rng, columns, write_xlsx)
    headers = [c.header for c in columns.PEOPLE_COLUMNS if not c.ignored]
    written = write_xlsx(headers, _people_rows(rows, cells, rng, headers), sheet_title="Danh sách")
    people_file.write_bytes(_as_excel_saves_it(written))
    print(f"generated {people_file.name} and {units_file.name} in {time.perf_counter() - started:.1f} s")
    return people_file, units_file


def _as_excel_saves_it(data: bytes) -> bytes:
    """The workbook as Excel (or the membership database) would save it after the template is filled in.

    openpyxl writes every text as an inline string and no sheet size; Excel writes a shared-string table and the
    sheet's dimension. Readers are much faster on the latter (openpyxl parses each inline string as rich text),
    so benchmarking openpyxl's own output would measure a file no user uploads. Same cells, same values.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = source.read("xl/worksheets/sheet1.xml")
    strings: dict[bytes, int] = {}
    cell = re.compile(
        rb'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"(?:\s*/>|><is><t(?: [^>]*)?>(.*?)</t></is></c>)'
    )

    def shared(match):
        if match.group(3) is None:
            return b""  # an empty text: Excel writes no cell at all
        index = strings.setdefault(match.group(3), len(strings))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2) or b"", index)

    sheet = cell.sub(shared, sheet)
    last_row = int(re.findall(rb'<row r="(\d+)"', sheet)[-1])
    last_column = max(re.findall(rb'<c r="([A-Z]+)\d+"', sheet[-20000:]), key=lambda c: (len(c), c)).decode()
    sheet = sheet.replace(
        b"<sheetViews>", f'<dimension ref="A1:{last_column}{last_row}"/><sheetViews>'.encode(), 1
    )
    table = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in strings)
    sst = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" uniqueCount="%d">%s</sst>' % (len(strings), table)
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = sheet
            elif item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml."
                    b'sharedStrings+xml"/></Types>',
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdStrings" Type="http://schemas.'
                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                    b'Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(item.filename, content)
        target.writestr("xl/sharedStrings.xml", sst)
    result = output.getvalue()
    _same_cells(data, result)
    return result


def _same_cells(original: bytes, converted: bytes, rows: int = 500) -> None:
    from openpyxl import load_workbook

    def first_rows(data):
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        sheet.reset_dimensions()
        return [
            tuple(v for v in row if v not in (None, ""))
            for row in sheet.iter_rows(max_row=rows, values_only=True)
        ]

    assert first_rows(original) == first_rows(converted), "the conversion changed the cells"


def _write_units_file(path, rows, rng, columns, write_xlsx) -> list[tuple[str, str]]:
    cell_count = max(1, rows // PEOPLE_PER_CELL)
    commune_count = -(-cell_count // CELLS_PER_COMMUNE)
    places = [f"{a} {b}" for a in PLACES for b in PLACES if a != b]
    rng.shuffle(places)
    units, cells = [], []
    for c in range(commune_count):
        commune_code, place = f"BX{c + 1:03d}", places[c % len(places)]
        kind = "Đảng ủy phường" if c % 5 == 0 else "Đảng ủy xã"
        units.append([commune_code, f"{kind} {place}", "ĐU", kind, ROOT_CODE, datetime.date(2025, 7, 1)])
        for k in range(min(CELLS_PER_COMMUNE, cell_count - len(cells))):
            code = f"{commune_code}-{k + 1:02d}"
            name = (
                f"Chi bộ Ấp {places[(c * 7 + k) % len(places)].split()[0]} {k + 1}"
                if k < 20
                else [
                    "Chi bộ Cơ quan Đảng",
                    "Chi bộ Quân sự",
                    "Chi bộ Công an",
                    "Chi bộ Trường Tiểu học",
                    "Chi bộ Trường THCS",
                    "Chi bộ Trạm Y tế",
                    "Chi bộ Ủy ban",
                    "Chi bộ Mặt trận",
                    "Chi bộ Hội Nông dân",
                    "Chi bộ Hội Cựu chiến binh",
                ][k - 20]
            )
            units.append([code, name, "", "Chi bộ trực thuộc", commune_code, None])
            cells.append((code, name))
    headers = [c.header for c in columns.UNIT_COLUMNS if not c.ignored]
    path.write_bytes(write_xlsx(headers, units, sheet_title="Danh sách"))
    return cells


def _people_rows(rows, cells, rng, headers):
    family = _weighted(rng, FAMILY)
    male_middle, female_middle = _weighted(rng, MALE_MIDDLE), _weighted(rng, FEMALE_MIDDLE)
    cards = rng.sample(range(10_000_000, 100_000_000), rows)
    today = datetime.date.today()
    for i in range(rows):
        female = rng.random() < 0.45
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 64))
        middle = female_middle() if female else male_middle()
        given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
        name = (
            f"{family()} {middle} {given}" if rng.random() < 0.8 else f"{family()} {middle} {given} {given}"
        )
        century_gender = (0 if born.year < 2000 else 2) + female
        national_id = f"{rng.choice(['089', '089', '089', '091', '087', '079'])}{century_gender}{born.year % 100:02d}{i:06d}"
        draw = rng.random()
        status, card, joined, official = "", "", None, None
        if draw < 0.88:
            joined = born + datetime.timedelta(days=365 * rng.randint(18, 40) + rng.randrange(365))
            if joined > today - datetime.timedelta(days=400) or draw < 0.03:
                joined = today - datetime.timedelta(days=rng.randint(30, 330))
                status = "Dự bị"
            else:
                status, official = "Chính thức", joined + datetime.timedelta(days=365)
            card = f"{cards[i] // 1_000_000:02d}.{cards[i] % 1_000_000:06d}"
        code, cell_name = cells[i % len(cells)] if rng.random() < 0.5 else rng.choice(cells)
        row = {
            "Họ và tên": name,
            "Giới tính": "Nữ" if female else "Nam",
            "Ngày sinh": born,
            "Số CCCD": national_id,
            "Số điện thoại": f"0{rng.choice('3579')}{rng.randrange(10**8):08d}",
            "Thư điện tử": "",
            "Đảng tịch": status,
            "Số thẻ đảng viên": card,
            "Ngày vào Đảng": joined,
            "Ngày chính thức": official,
            "Chức danh": rng.choice(JOBS),
            "Tình trạng": "Miễn sinh hoạt" if born.year < 1950 and rng.random() < 0.5 else "Đang sinh hoạt",
            "Mã chi bộ": code,
            "Chi bộ": cell_name,
        }
        yield [row[h] if row[h] != "" else None for h in headers]


# The database -----------------------------------------------------------------------------------------------------


def _prepare_database(units_file: Path) -> None:
    from django.core.management import call_command
    from django.db import connection

    from lamtheo.units.models import Unit

    if connection.vendor == "sqlite":
        connection.close()
        _remove_sqlite(SQLITE_RUN)
        _remove_sqlite(SQLITE_TEMPLATE)
    elif "bench" not in connection.settings_dict["NAME"]:
        sys.exit("On PostgreSQL the database name must contain 'bench': each run empties its people.")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(code=ROOT_CODE).exists():
        root = Unit(
            code=ROOT_CODE, name="Tỉnh ủy Thử nghiệm", short_name="TU", kind=Unit.Kind.PROVINCE_COMMITTEE
        )
        Unit.objects.add_root(instance=root)
    _reset_database()
    print(f"unit import: {_describe(_import(units_file, kind='units'))}")
    print(f"database ready in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "sqlite":
        connection.close()
        _remove_sqlite(SQLITE_TEMPLATE)
        shutil.copyfile(SQLITE_RUN, SQLITE_TEMPLATE)


def _reset_database() -> None:
    """Start a run from the unit tree alone."""
    from django.db import connection

    from lamtheo.audit.models import AuditEvent
    from lamtheo.imports.models import ImportJob
    from lamtheo.people.models import Membership, Person, Position

    if connection.vendor == "sqlite":
        if SQLITE_TEMPLATE.exists():
            connection.close()
            _remove_sqlite(SQLITE_RUN)
            shutil.copyfile(SQLITE_TEMPLATE, SQLITE_RUN)
        return
    tables = ", ".join(m._meta.db_table for m in (Person, Membership, Position, AuditEvent, ImportJob))
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        cursor.execute("VACUUM ANALYZE")


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# Measuring --------------------------------------------------------------------------------------------------------


def _import(path: Path, kind: str = "people") -> dict:
    from django.core.files import File

    from lamtheo.imports import actions
    from lamtheo.imports.models import ImportJob
    from lamtheo.units.models import Unit

    marks = {}

    def progress(phase, done, total):
        marks.setdefault(phase, time.perf_counter())
        marks.setdefault(f"{phase} cpu", time.process_time())

    started, cpu = time.perf_counter(), time.process_time()
    with path.open("rb") as stream:
        job = actions.create_job(
            kind=kind,
            unit=Unit.objects.get(code=ROOT_CODE),
            file=File(stream),
            filename=path.name,
            actor=None,
        )
    job = actions.run_job(job, progress=progress)
    ended = time.perf_counter()
    if job.status != ImportJob.Status.DONE:
        sys.exit(f"the import failed: {job.get_status_display()} {job.errors[:5]}")
    return {
        "job": job,
        "total": ended - started,
        "cpu": time.process_time() - cpu,
        "read": marks.get("matching", ended) - started,
        "check": marks.get(ImportJob.Status.WRITING, ended) - marks.get("matching", ended),
        "write": ended - marks.get(ImportJob.Status.WRITING, ended),
        "cpu phases": (
            marks.get("matching cpu", 0) - cpu,
            marks.get(f"{ImportJob.Status.WRITING} cpu", 0) - marks.get("matching cpu", 0),
            time.process_time() - marks.get(f"{ImportJob.Status.WRITING} cpu", 0),
        ),
    }


def _phases(run: dict) -> str:
    cpu = "/".join(f"{t:.1f}" for t in run["cpu phases"])
    return (
        f"read and parse cells {run['read']:.1f} s, check rows {run['check']:.1f} s, write {run['write']:.1f} s;"
        f" CPU {cpu} s"
    )


def _describe(run: dict) -> str:
    job = run["job"]
    return (
        f"{run['total']:.1f} s ({_phases(run)}); {job.created_count} created, {job.updated_count} updated, "
        f"{job.unchanged_count} unchanged"
    )


def _openpyxl_read(path: Path) -> float:
    """openpyxl alone: open read-only, touch every cell value. Under the same conditions as the import (the cycle
    collector paused, see imports.actions.without_cyclic_gc), so the ratio compares like with like."""
    from openpyxl import load_workbook

    from lamtheo.imports.actions import without_cyclic_gc

    started = time.perf_counter()
    with without_cyclic_gc():
        workbook = load_workbook(path, read_only=True, data_only=True)
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            for _value in row:
                pass
        workbook.close()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
