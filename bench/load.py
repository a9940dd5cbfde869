"""A bounded load test of the web platform on PostgreSQL, loopback only.

Sets up a fresh database (`gongkai_load` on the local server, dropped and created),
loads the demo (reports, a year of cases, the supervising office) and one login per
simulated user, starts `gongkai serve`'s gunicorn on 127.0.0.1, and lets N users work
at once for a fixed time: each opens the report page, the case list, a search over every
case and its tasks, and calls the API's check endpoint in turn, pausing between requests as a person does (think time). Prints
p50/p95/max latency per page beside the same pages for one user alone (the baseline,
measured in the same run), throughput, and the server's memory.

    .venv/bin/python bench/load.py [--users 50] [--seconds 40] [--think 1.0] [--workers 3]
                                   [--cases 100000] [--against REV [--rounds 2]]

`--against REV` measures an earlier revision the same way in the same run (its own
`bench/load.py`, from a git worktree, on the same machine, data and database server),
alternating with this one for `--rounds` rounds, and prints both side by side.
"""

from __future__ import annotations

import argparse
import http.client
import os
import pathlib
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import quote

ROOT = pathlib.Path(__file__).resolve().parents[1]
SERVER = "postgresql://postgres@127.0.0.1:5432/"
DB = "gongkai_load"
PORT = 8765
DATA = pathlib.Path(tempfile.gettempdir()) / "gongkai-load"  # what an earlier revision's bench uses too
SEEDS = ROOT.parent / "shared" / "seeds"

SETUP = r"""
import sys
from gongkai.web import setup; setup(migrate=True)
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from gongkai.web.accounts.models import ApiToken
from gongkai.web.agencies.models import Agency, Membership
from gongkai.web.audit.models import acting_as
from gongkai.web.demo import AGENCY, SUPERVISOR, load_demo
from gongkai.web.register.models import RequestCase
from gongkai.web.reports.models import PublishedReport
load_demo()
city = Agency.objects.get(name=SUPERVISOR)
agency = Agency.objects.get(name=AGENCY)
cases = int(sys.argv[2])
if cases:  # a register of this many more cases, put in at once (their clocks worked out; no trail)
    import datetime as dt, random
    from django.utils import timezone
    from gongkai.cases.clocks import RequestCase as Domain, deadline
    from gongkai.web.register.services import work_calendar
    cal, rng, today = work_calendar(), random.Random(11), timezone.localdate()
    first = today - dt.timedelta(days=730)
    surnames, kinds = "张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗", ("natural_person",) * 8 + ("commercial", "other")
    batch = []
    for i in range(cases):
        submitted = first + dt.timedelta(days=rng.randrange(730))
        channel = rng.choice(("当面", "邮寄", "网络", "网络"))
        c = RequestCase(agency=agency, number=f"LD{i:06d}", applicant=rng.choice(surnames) + f"某{i % 9973}",
                        applicant_type=rng.choice(kinds), channel=channel, submitted=submitted,
                        confirmed=None if channel == "当面" else submitted, subject=f"关于{submitted.year}年第{i}号事项的文件",
                        phone=f"139{i:08d}", id_type="resident_id", id_number=f"{i:018d}")
        found = deadline(Domain(c.number, c.applicant, c.applicant_type, channel, submitted, c.confirmed), cal)
        c.received, c.due, c.due_provisional, c.due_note = found.received, found.due, bool(found.provisional), \
            (found.provisional or found.note)[:300]
        c.fill_search()
        if submitted < today - dt.timedelta(days=40) or rng.random() < 0.3:
            c.outcome, c.reply_type = "granted", "disclosed"
            c.served = c.closed_on = min(today, submitted + dt.timedelta(days=rng.randrange(5, 30)))
            c.late = False
        batch.append(c)
        if len(batch) == 5000:
            RequestCase.objects.bulk_create(batch)
            batch = []
    RequestCase.objects.bulk_create(batch)
with acting_as("load"):
    for i in range(int(sys.argv[1])):
        user = User.objects.create_user(f"load-{i:02d}", password="load-test-password-1")
        Membership(user=user, agency=city, role="supervisor").save()
        Membership(user=user, agency=agency, role="officer").save()  # their tasks: the agency's cases
        s = SessionStore()
        s["_auth_user_id"], s["_auth_user_backend"] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
        s["_auth_user_hash"] = user.get_session_auth_hash()
        s.create()
        print("session", s.session_key, ApiToken.issue(user, "load"))
report = PublishedReport.objects.filter(voided=False).order_by("-size").first()
print("report", report.pk, report.file_name.replace(" ", "_"))
print("open", RequestCase.objects.filter(outcome__isnull=True, voided=False).count())
print("cases", RequestCase.objects.filter(voided=False).count())
"""


def sample_report() -> tuple[str, bytes]:
    sys.path.insert(0, str(ROOT / "src"))
    from gongkai.render.text import TextStyle, render_text
    from gongkai.report.sample import sample_report as make
    rng = random.Random(3)
    return "年报.txt", render_text(make(rng, "2021"), TextStyle.random(rng)).encode("utf-8")


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "----gongkai-load"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class User:
    def __init__(self, session: str, token: str, report_pk: int, upload: tuple[bytes, str]):
        self.session, self.token, self.report_pk, self.upload = session, token, report_pk, upload

    def call(self, page: str) -> tuple[float, int]:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        headers = {"Cookie": f"sessionid={self.session}"}
        body = None
        if page == "report page":
            method, path = "GET", f"/reports/{self.report_pk}/"
        elif page == "case list":
            method, path = "GET", "/cases/?show=open"
        elif page == "search":
            method, path = "GET", "/cases/?q=" + quote(random.choice(SEARCHES))
        elif page == "tasks":
            method, path = "GET", "/tasks/"
        else:
            method, path = "POST", "/api/check"
            body, ctype = self.upload
            headers = {"Authorization": f"Bearer {self.token}", "Content-Type": ctype}
        t = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - t
        conn.close()
        return elapsed, response.status


PAGES = ("report page", "case list", "search", "tasks", "API check")
SEARCHES = ("张某17", "LD00421", "第4242号", "13900012345", "王某", "不存在的申请人")  # names, numbers, words, phones


def run(users: list[User], seconds: float, think: float) -> tuple[dict[str, list[float]], int, float]:
    times: dict[str, list[float]] = {p: [] for p in PAGES}
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def work(user: User, rng: random.Random) -> None:
        time.sleep(rng.uniform(0, think))  # users do not all start at the same instant
        i = rng.randrange(len(PAGES))
        while time.perf_counter() < stop:
            page = PAGES[i % len(PAGES)]
            elapsed, status = user.call(page)
            with lock:
                if status == 200:
                    times[page].append(elapsed)
                else:
                    errors[0] += 1
            i += 1
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))

    start = time.perf_counter()
    threads = [threading.Thread(target=work, args=(u, random.Random(n))) for n, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors[0], time.perf_counter() - start


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000 if len(values) > 1 else float("nan")


def rss_mib(pid: int) -> float:
    """The resident memory of a process and all below it (the server's workers and their
    sandboxes)."""
    total = 0
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1])
    for task in pathlib.Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            total += rss_mib(int(child)) * 1024
    return total / 1024


def measure(args) -> dict:
    """One run: set up, serve, load. {page: (alone, loaded)}, and what was measured."""
    import psycopg
    with psycopg.connect(SERVER + "postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")
    data = DATA.with_name(DATA.name + "-here")
    shutil.rmtree(data, ignore_errors=True)  # no cache or static files of another run
    env = {**os.environ, "GONGKAI_DATABASE_URL": SERVER + DB, "GONGKAI_DATA": str(data),
           "PYTHONPATH": str(ROOT / "src")}
    print(f"setting up {DB}: demo data and {args.users} users …", flush=True)
    out = subprocess.run([sys.executable, "-c", SETUP, str(args.users), str(args.cases)], env=env, capture_output=True,
                         text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    lines = [line.split() for line in out.stdout.splitlines()]
    report_pk, report_name = next((int(line[1]), line[2]) for line in lines if line[0] == "report")
    open_cases = int(next(line[1] for line in lines if line[0] == "open"))
    all_cases = int(next(line[1] for line in lines if line[0] == "cases"))
    upload = multipart(*sample_report())
    users = [User(line[1], line[2], report_pk, upload) for line in lines if line[0] == "session"]

    server = subprocess.Popen([sys.executable, "-c", "from gongkai.web.serve import prepare, serve; prepare(); "
                               f"serve(port={PORT}, workers={args.workers})"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        for page in PAGES:  # warm every worker
            for _ in range(args.workers * 2):
                users[0].call(page)
        alone, _, _ = run(users[:1], min(15.0, args.seconds), 0.0)
        print(f"{args.users} users for {args.seconds:.0f} s, think time ~{args.think:.1f} s, "
              f"{args.workers} gunicorn workers on 127.0.0.1 …", flush=True)
        loaded, errors, wall = run(users, args.seconds, args.think)
        memory = rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    figures = {page: (pct(alone[page], 50), pct(alone[page], 95), len(loaded[page]), pct(loaded[page], 50),
                      pct(loaded[page], 95), max(loaded[page]) * 1000) for page in PAGES}
    total = sum(len(t) for t in loaded.values())
    return {"pages": figures, "note": f"PostgreSQL, {all_cases} cases in the register; report page: {report_name}; "
            f"case list: the {open_cases} open cases, a page of 50; search: over every case; tasks: the officer's home; "
            f"API check: one generated report ({len(upload[0]) // 1024} KB)",
            "summary": f"throughput {total / wall:.1f} requests/s, errors {errors}, server memory {memory:.0f} MiB RSS "
            f"(master, {args.workers} workers and their sandboxes)"}


HEADER = (f"{'page':<13}{'alone p50':>11}{'alone p95':>11}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
          f"{'p95÷alone p95':>15}")


def table(figures: dict) -> list[str]:
    return [f"{page:<13}{a50:>11.1f}{a95:>11.1f}{n:>7}{p50:>9.1f}{p95:>9.1f}{mx:>9.1f}{p95 / a95:>14.1f}×"
            for page, (a50, a95, n, p50, p95, mx) in figures.items()]


def earlier(rev: str, args) -> dict:
    """The same measurement by revision `rev`'s own bench/load.py, from a git worktree."""
    tree = pathlib.Path(tempfile.gettempdir()) / f"gongkai-bench-{rev}"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), rev], cwd=ROOT, check=True,
                       capture_output=True)
    shutil.rmtree(DATA, ignore_errors=True)
    env = {**os.environ, "GONGKAI_SEEDS": str(SEEDS)} if SEEDS.is_dir() else dict(os.environ)
    out = subprocess.run([sys.executable, str(tree / "bench" / "load.py"), "--users", str(args.users), "--seconds",
                          str(args.seconds), "--think", str(args.think), "--workers", str(args.workers)],
                         cwd=tree, env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{rev}: {out.stderr[-3000:]}")
    figures = {}
    for line in out.stdout.splitlines():
        page = next((p for p in PAGES if line.startswith(p)), None)
        if page:
            a50, a95, n, p50, p95, mx = line[len(page):].split()[:6]
            figures[page] = (float(a50), float(a95), int(n), float(p50), float(p95), float(mx))
    return {"pages": figures, "summary": next(line for line in out.stdout.splitlines() if line.startswith("throughput"))}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=40)
    ap.add_argument("--think", type=float, default=1.0, help="mean pause between one user's requests, seconds")
    ap.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    ap.add_argument("--cases", type=int, default=0, help="cases put in the register beside the demo's (e.g. 100000)")
    ap.add_argument("--against", metavar="REV", help="measure this earlier revision too, in the same run")
    ap.add_argument("--rounds", type=int, default=2, help="with --against: runs of each, alternating")
    args = ap.parse_args()
    if SEEDS.is_dir():
        os.environ.setdefault("GONGKAI_SEEDS", str(SEEDS))  # the demo's reports, whatever the working directory

    import psycopg
    try:
        psycopg.connect(SERVER + "postgres").close()
    except psycopg.OperationalError as err:
        print(f"需要本机 PostgreSQL（127.0.0.1:5432）：{err}", file=sys.stderr)
        return 2
    if not args.against:
        result = measure(args)
        print(f"\n{result['note']}\n\n{HEADER}")
        print("\n".join(table(result["pages"])))
        print(f"\n{result['summary']}")
        return 0
    runs = []
    for n in range(args.rounds):
        print(f"round {n + 1}: {args.against} …", flush=True)
        base = earlier(args.against, args)
        print(f"round {n + 1}: this revision …", flush=True)
        runs.append((base, measure(args)))
    print(f"\n{runs[0][1]['note']}; {args.users} users, {args.seconds:.0f} s a run, rounds alternating\n")
    print(f"{'page':<13}{'round':>6}  {args.against + ' p50':>12}{'p95':>8}  {'this p50':>10}{'p95':>8}"
          f"  {'p95 this÷' + args.against:>18}")
    for page in PAGES:
        for n, (base, here) in enumerate(runs, 1):
            b, h = base["pages"][page], here["pages"][page]
            print(f"{page:<13}{n:>6}  {b[3]:>12.1f}{b[4]:>8.1f}  {h[3]:>10.1f}{h[4]:>8.1f}  {h[4] / b[4]:>17.2f}×")
    for n, (base, here) in enumerate(runs, 1):
        print(f"round {n}: {args.against}: {base['summary']}\n         this: {here['summary']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
