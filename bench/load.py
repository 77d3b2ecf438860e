"""Load benchmark (not a test): 50 people using the default demo at once behind the production server.

    .venv/bin/python bench/load.py [--users 50] [--seconds 120]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_load .venv/bin/python bench/load.py

What it does:
1. The default demo (`lamtheo demo`: 12 communes, about 14.000 people) in bench/data/load.sqlite3, built when
   missing (a few minutes); on another DATABASE_URL the demo is loaded there if it is not yet.
2. Serves it as production does: `lamtheo serve` (gunicorn, WEB_WORKERS processes × WEB_THREADS threads, DEBUG off,
   static files collected) on 127.0.0.1:--port, without a worker (the pages read; no job is queued).
3. Runs locust headless on the same machine (bench/locustfile.py: members, cell secretaries, commune and province
   staff logged in, each reading the pages of their day with 1–3 s between pages) with --users users for --seconds
   seconds, then prints the response times by page and in all: median, 95th and 99th percentile, failures,
   counted once every user has logged in (the logins at the start are not in them).
   Target: p99 under 300 ms at 50 users, no failure. The client shares the machine's cores with the server: on a
   2-core machine it takes part of one.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE = BASE_DIR / "bench" / "data" / "load.sqlite3"
BIN = Path(sys.executable).parent
TARGET_P99_MS = 300


def main() -> None:
    args = _arguments()
    env = os.environ.copy()
    env.setdefault("DATABASE_URL", f"sqlite:///{DATABASE}")
    env.setdefault("SECRET_KEY", "bench-only-secret-key-long-enough-for-the-settings")
    env.update(DEBUG="0", ALLOWED_HOSTS="127.0.0.1", SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0")
    env.setdefault("STATIC_ROOT", str(BASE_DIR / "bench" / "data" / "static"))
    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    lamtheo = str(BIN / "lamtheo")
    started = time.perf_counter()
    subprocess.run([lamtheo, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([lamtheo, "demo", "-v", "0"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([lamtheo, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    print(f"database: {env['DATABASE_URL']} (ready in {time.perf_counter() - started:.0f} s)")
    with tempfile.TemporaryDirectory() as work:
        paths = Path(work) / "paths.json"
        paths.write_text(json.dumps(_paths(env), ensure_ascii=False), encoding="utf-8")
        env["LOAD_PATHS"] = str(paths)
        times = Path(work) / "times.json"
        env["LOAD_TIMES"] = str(times)
        server = subprocess.Popen(
            [lamtheo, "serve", "--bind", f"127.0.0.1:{args.port}"], env=env, stderr=subprocess.DEVNULL
        )
        try:
            _wait_for(f"http://127.0.0.1:{args.port}/tai-khoan/dang-nhap/")
            print(
                f"locust: {args.users} users for {args.seconds} s against gunicorn "
                f"({env.get('WEB_WORKERS', '2')} processes × {env.get('WEB_THREADS', '4')} threads)",
                flush=True,
            )
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(BASE_DIR / "bench" / "locustfile.py"),
                    "--headless",
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(max(1, args.users // 10)),
                    "--run-time",
                    f"{args.seconds}s",
                    "--host",
                    f"http://127.0.0.1:{args.port}",
                    # The pages in flight at the end finish; the times are those read once every user has
                    # logged in (the locustfile records them: 50 logins in the first seconds are not a day's load).
                    "--stop-timeout",
                    "30",
                ],
                env=env,
                check=False,  # locust exits 1 when a request failed: the table below says which
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            ok = _print(json.loads(times.read_text(encoding="utf-8")))
        finally:
            server.terminate()
            server.wait(timeout=30)
    sys.exit(0 if ok else 1)


def _arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="people at once (default 50)")
    parser.add_argument("--seconds", type=int, default=120, help="how long (default 120)")
    parser.add_argument("--port", type=int, default=8190, help="the server's port (default 8190)")
    return parser.parse_args()


def _paths(env: dict) -> dict[str, list[str]]:
    """Each persona's pages, found in the database (its units, its latest meeting)."""
    os.environ.update({key: env[key] for key in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from lamtheo.accounts.models import User
    from lamtheo.meetings.models import Meeting

    def unit_of(username: str) -> int:
        return User.objects.get(username=username).role_assignments.order_by("pk").first().unit_id

    # The demo's accounts log in only with DEBUG on; this database is the benchmark's own, served with DEBUG off as
    # in production: its personas become ordinary accounts.
    User.objects.filter(username__in=("dangvien", "bithuchibo", "bithuxa", "tinhuy")).update(is_demo=False)
    cell, commune, province = unit_of("bithuchibo"), unit_of("bithuxa"), unit_of("tinhuy")
    meeting = Meeting.objects.filter(unit_id=cell, status="held").order_by("-starts_at").first()
    return {
        "dangvien": [
            "/",
            "/dang-ky/",
            "/hoc-tap/cua-toi/",
            "/sinh-hoat/cua-toi/",
            "/thong-bao/",
            "/van-ban/den/",
        ],
        "bithuchibo": [
            "/",
            "/dang-ky/",
            f"/sinh-hoat/don-vi/{cell}/",
            f"/sinh-hoat/don-vi/{cell}/thang/",
            f"/sinh-hoat/{meeting.pk}/",
            f"/hoc-tap/don-vi/{cell}/",
            f"/tong-quan/{cell}/",
        ],
        "bithuxa": [
            "/",
            "/tong-quan/",
            f"/sinh-hoat/don-vi/{commune}/thang/",
            f"/hoc-tap/don-vi/{commune}/",
            f"/don-vi/{commune}/",
            "/van-ban/",
            "/bao-cao/",
        ],
        "tinhuy": [
            "/tong-quan/",
            f"/don-vi/{province}/cap-duoi/",
            "/van-ban/",
            "/bao-cao/",
            "/api/v1/units/",
        ],
    }


def _wait_for(url: str) -> None:
    for _attempt in range(60):
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own server on the loopback
                return
        except OSError:
            time.sleep(1)
    sys.exit(f"the server did not answer at {url}")


def _print(times: list) -> bool:
    """The response times by page and in all (median, 95th and 99th percentile) and the failures."""
    by_page: dict[str, list[float]] = {}
    for page, milliseconds, _failure, _at in times:
        by_page.setdefault(page, []).append(milliseconds)
    print(f"  {'page':<44} {'requests':>8} {'failed':>6} {'p50':>7} {'p95':>7} {'p99':>7}  (ms)")
    failures = Counter((page, failure) for page, _milliseconds, failure, _at in times if failure)
    for page in sorted(by_page):
        _row(page, by_page[page], sum(n for (name, _f), n in failures.items() if name == page))
    every = [milliseconds for _page, milliseconds, _failure, _at in times]
    p99 = _row("all", every, sum(failures.values()))
    for (page, failure), count in failures.most_common():
        print(f"  failed {count}×: {page}: {failure[:100]}")
    moments = [at for *_rest, at in times]
    rate = len(times) / max(1e-9, max(moments) - min(moments))
    ok = p99 < TARGET_P99_MS and not failures
    print(
        f"  {rate:.1f} requests/s; target p99 < {TARGET_P99_MS} ms and no failure: {'OK' if ok else 'MISSED'}"
    )
    return ok


def _row(label: str, milliseconds: list[float], failed: int) -> float:
    cuts = (
        statistics.quantiles(milliseconds, n=100, method="inclusive")
        if len(milliseconds) > 1
        else milliseconds * 99
    )
    p50, p95, p99 = cuts[49], cuts[94], cuts[98]
    print(f"  {label:<44} {len(milliseconds):>8} {failed:>6} {p50:>7.0f} {p95:>7.0f} {p99:>7.0f}")
    return p99


if __name__ == "__main__":
    main()
