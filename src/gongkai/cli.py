"""The `gongkai` command.

Exit codes: 0 done (a report was read, perhaps with problems listed); 2 the input
could not be read or is not an annual report. Errors are one line, never a
traceback; output files are written whole or not at all.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile

from . import __version__
from .errors import GongkaiError
from .report.formats import DEFAULT, FORMATS


def _ordinary_mode(path: str) -> int:
    """The mode a file written with open() would get: the existing file's, else 0666
    less the umask."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _write(path: str | None, text: str | bytes) -> None:
    """Write to stdout, or atomically to `path` (a reader never sees half a file)."""
    if path in (None, "-"):
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise GongkaiError(f"输出文件夹不存在（no such folder）：{directory}")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".gongkai-", dir=directory)
    except OSError as err:
        raise GongkaiError(f"无法在此文件夹写入（{err.strerror}）：{directory}") from err
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        os.chmod(tmp, _ordinary_mode(path))  # mkstemp makes 0600; an output is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def cmd_extract(args: argparse.Namespace) -> int:
    from .load import load_report
    previous = load_report(args.previous) if args.previous else None
    report = load_report(args.file, previous)
    if args.format == "json":
        from .report.jsonio import dumps
        _write(args.output, dumps(report) + "\n")
    else:
        from .render.terminal import render_terminal
        _write(args.output, render_terminal(report))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check one or more reports. Exit 0: no finding at the --fail-on level (error by
    default) or worse; 1: some; 2: unreadable."""
    import json

    from .checks import fails
    from .checks.output import to_json, to_text
    from .load import checked, load_report

    previous = load_report(args.previous) if args.previous else None
    results, texts, worst = [], [], 0
    for path in args.files:
        try:
            report = load_report(path, previous)
        except GongkaiError as err:
            print(f"gongkai: {path}: {err}", file=sys.stderr)
            worst = 2
            continue
        report, findings = checked(report, previous)
        if fails(findings, args.fail_on):
            worst = max(worst, 1)
        results.append(to_json(path, report, findings))
        texts.append(to_text(path, report, findings))
    if args.format == "json":
        data = results[0] if len(args.files) == 1 and results else results
        _write(args.output, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _write(args.output, "\n".join(texts))
    return worst


def cmd_new(args: argparse.Namespace) -> int:
    """Write an authoring file for a year's report — blank, carrying over from last
    year's report, or starting from this year's report compiled from the register."""
    from .files import safe_name
    from .load import load_report
    from .report.authoring import AuthoringError, new_authoring

    given = load_report(args.source) if args.source else None
    agency = args.agency or (given.agency if given else None)
    year = args.year or (given.year if given else None)
    if not agency or not year:
        print("gongkai: 请用 --agency 和 --year 写明机关和年度（或用 --from 给出含这些信息的报告）"
              "（agency and year needed）", file=sys.stderr)
        return 2
    previous = start = None
    if given is not None:
        if given.year == year:
            start = given  # this year's compiled tables: every cell carried
        elif given.year == year - 1:
            previous = given
        else:
            print(f"gongkai: --from 的报告是 {given.year} 年度的，既不是 {year} 年度（本年汇总），也不是 {year - 1} 年度"
                  "（上年报告）（--from is neither this year's nor last year's）", file=sys.stderr)
            return 2
    # the agency's name comes from a report: a file name of its own, in this folder, never a path
    out = args.output or safe_name(f"{agency}{year}年度政府信息公开工作年度报告") + ".yaml"
    if os.path.exists(out) and not args.overwrite:
        print(f"gongkai: {out} 已存在，未覆盖（加 --overwrite 覆盖）（exists, not overwritten）", file=sys.stderr)
        return 2
    try:
        text = new_authoring(agency, year, previous, start)
    except AuthoringError as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return 2
    _write(out, text)
    carried = ("，已带入本年度汇总的全部表格数据" + ("和正文" if start.texts else "") if start is not None else
               "，已带入上年度的联系方式、现行有效件数和结转数据" if previous is not None else "")
    print(f"已生成编写文件：{out}{carried}。填写后运行：gongkai render {out} --to docx")
    return 0


RENDER_SUFFIX = {"docx": ".docx", "html": ".html", "md": ".md", "pdf": ".pdf", "ofd": ".ofd"}


def cmd_render(args: argparse.Namespace) -> int:
    """Render a report (authoring file, JSON model or any readable report) after checking it."""
    from .checks import check, has_errors
    from .checks.output import to_text
    from .load import as_published, in_authoring_file, load_report

    report = load_report(args.file)
    view = as_published(report) if report.source.get("form") in ("authoring", None) else report
    findings = in_authoring_file(check(view), view)
    unwritten = [f for f in findings if f.severity == "error" and f.rule in ("EMPTY-SECTION", "PLACEHOLDER-TEXT")]
    if unwritten and not args.draft:
        sys.stderr.write(to_text(args.file, view, unwritten))
        print("gongkai: 有部分尚未撰写，未生成（--force 也不会代写正文）。请写好后重试，或加 --draft 生成标明“草稿”的文稿"
              "（unwritten sections: not rendered; --draft for a draft marked as such）", file=sys.stderr)
        return 1
    if has_errors(findings) and not (args.force or args.draft):
        sys.stderr.write(to_text(args.file, view, findings))
        print("gongkai: 存在错误级问题，未生成。请修正后重试，或加 --force 强制生成"
              "（error-level findings: not rendered; --force to render anyway）", file=sys.stderr)
        return 1
    if args.to in ("docx", "pdf", "ofd"):
        from .render.docx import DocxStyle, render_docx
        data: str | bytes = render_docx(report, style=DocxStyle(draft=args.draft))
        if args.to in ("pdf", "ofd"):
            from .render.pdf import docx_to_pdf
            data = docx_to_pdf(data)
        if args.to == "ofd":
            from .render.ofd import pdf_to_ofd
            data = pdf_to_ofd(data)
    elif args.to == "html":
        from .render.html import render_html
        data = render_html(report, draft=args.draft)
    else:
        from .render.markdown import render_markdown
        data = render_markdown(report, draft=args.draft)
    out = args.output or os.path.splitext(str(args.file))[0] + RENDER_SUFFIX[args.to]
    if os.path.abspath(out) == os.path.abspath(str(args.file)):
        out = os.path.splitext(out)[0] + ".rendered" + RENDER_SUFFIX[args.to]
    _write(out, data)
    warnings = sum(1 for f in findings if f.severity != "error")
    print(f"已生成：{out}" + (f"（另有 {warnings} 项警告或提示，可用 gongkai check 查看）" if warnings else ""))
    return 0


def _date(text: str):
    from datetime import date
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 YYYY-MM-DD：{text}") from None


def _bounded(low: int, high: int | None = None, what: str = "数"):
    """An argparse type: a whole number from `low` (to `high`), else a clear message."""
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"应为整数：{text}") from None
        if n < low or high is not None and n > high:
            span = f"{low} 至 {high}" if high is not None else f"不小于 {low}"
            raise argparse.ArgumentTypeError(f"{what}应为{span}的整数：{text}")
        return n
    return parse


YEAR = _bounded(2000, 2100, "年度")


def _period(text: str):
    first, sep, last = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"期间应写作 开始:结束，如 2026-03-02:2026-03-06：{text}")
    return _date(first), _date(last)


def cmd_deadline(args: argparse.Namespace) -> int:
    """The reply due date of a request and why."""
    import json

    from .cases.calendar import provisional
    from .cases.clocks import due_date
    cal = provisional()  # past the announced schedules: the earliest plausible date, marked 暂定
    clock = due_date(args.received, corrected=args.corrected, calendar=cal,
                     suspensions=[(a, b, "暂停计时") for a, b in args.suspend], extension=args.extend or 0)
    note = cal.note()
    if args.format == "json":
        data = {"received": str(clock.received), "start": str(clock.start), "due": str(clock.due),
                "provisional": bool(note), "why_provisional": note or None,
                "steps": [{"what": s.what, "date": str(s.date) if s.date else None, "explanation": s.explanation}
                          for s in clock.steps],
                "counted": [str(d) for d in clock.counted],
                "skipped": [{"date": str(d), "reason": why} for d, why in clock.skipped]}
        _write(None, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _write(None, f"答复期限{'（暂定）' if note else ''}：{clock.due}\n" + clock.explain() + "\n"
               + (note + "\n" if note else ""))
    return 0


def cmd_fee(args: argparse.Namespace) -> int:
    """信息处理费 for a month's requests (按件) or a number of pages (按量)."""
    import json

    from .cases.fees import per_page, per_request
    fee = per_request(args.requests) if args.requests is not None else per_page(args.pages)
    if args.format == "json":
        data = {"method": fee.method, "quantity": fee.quantity, "amount_yuan": fee.amount_yuan,
                "tiers": [{"first": t.first, "last": t.last, "count": t.count, "rate_yuan": t.rate,
                           "amount_yuan": t.amount} for t in fee.tiers]}
        _write(None, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _write(None, f"信息处理费：{fee.amount_yuan} 元\n{fee.explain()}\n")
    return 0


def cmd_compile(args: argparse.Namespace) -> int:
    """Compile an agency's year from the register in the database."""
    from .web import setup
    setup()
    from .report.jsonio import dumps
    from .web.agencies.services import named
    from .web.builder.services import compile_report
    report, members = compile_report(named(args.agency), args.year)
    if args.output:
        _write(args.output, dumps(report) + "\n")
        print(f"已生成：{args.output}（{args.agency} {args.year} 年度，来自台账）")
    else:
        from .render.terminal import render_terminal
        _write(None, render_terminal(report))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import a request register kept in Excel or CSV (all rows, or none)."""
    from .web import setup
    setup()
    from .web.agencies.services import match, named
    from .web.audit.services import acting_as
    from .web.register.imports import import_cases, load_mapping
    agency, m = match(args.agency)
    if agency is None and m.candidates:  # a misspelt agency is never created
        listed = "；".join(f"{c.name}（{c.why}）" for c in m.candidates)
        raise GongkaiError(f"不能确定“{args.agency}”是哪个机关，未导入。您指的可能是：{listed}。请用台账中的名称再试")
    if agency is None and not args.create:
        raise GongkaiError(f"台账中没有机关“{args.agency}”，未导入。如确为新机关，请加 --create")
    if agency is not None and agency.name != args.agency:
        print(f"“{args.agency}”即“{agency.name}”（{m.why}）")
    with acting_as(args.user):
        agency = agency or named(args.agency, create=True)
        n = import_cases(args.file, agency, load_mapping(args.mapping))
    print(f"已导入 {n} 件申请到“{agency.name}”的台账")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The web platform, on 127.0.0.1 by default."""
    from .web.serve import prepare, serve
    password = prepare(args.data)
    from django.conf import settings
    if args.demo:
        from .web.demo import load_demo
        users = load_demo()
        if users:
            print("已载入演示数据。演示账号（密码相同）：" + "、".join(users) + f"，密码：{next(iter(users.values()))}")
    print(f"数据目录：{settings.DATA_DIR}（数据库：{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}）")
    if password:
        print(f"已创建管理员账号 admin，初始密码：{password}\n（只显示这一次，请登录后修改；"
              "无人值守部署可预先设置 GONGKAI_ADMIN_PASSWORD）")
    if args.host in ("0.0.0.0", "::", ""):
        hosts = [h for h in os.environ.get("GONGKAI_HOSTS", "").split(",") if h]
        print(f"正在所有网络接口上监听。本机请打开 http://127.0.0.1:{args.port}/ ；"
              + ("其他电脑请打开 " + "、".join(f"http://{h}:{args.port}/" for h in hosts) if hosts else
                 "其他电脑访问前，请把本机的地址或域名写入环境变量 GONGKAI_HOSTS（逗号分隔），否则会被拒绝")
              + "（按 Ctrl+C 停止）", flush=True)
    else:
        print(f"请用浏览器打开 http://{args.host}:{args.port}/ （按 Ctrl+C 停止）", flush=True)
    serve(args.host, args.port, args.workers)
    return 0


def cmd_remind(args: argparse.Namespace) -> int:
    """E-mail each member of staff the cases overdue and due today or this week, and the
    replies waiting for their signature (run daily, e.g. from cron)."""
    from .web.serve import open_data
    open_data(args.data)
    from django.conf import settings
    from django.utils import timezone

    from .web.register.services import send_reminders
    sent = send_reminders(timezone.localdate(), args.site or os.environ.get("GONGKAI_SITE_URL", ""))
    where = f"邮件服务器 {settings.EMAIL_HOST}" if getattr(settings, "EMAIL_HOST", "") and \
        settings.EMAIL_BACKEND.endswith("smtp.EmailBackend") else f"{settings.EMAIL_FILE_PATH}（未设置 GONGKAI_EMAIL_HOST）"
    print(f"已发送待办提醒 {sent} 封，经由{where}" if sent else "今天没有需要提醒的待办事项")
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    """Issue an API token for a user (shown once; only its hash is kept)."""
    from .web.serve import open_data
    open_data(args.data)
    from django.contrib.auth.models import User

    from .web.accounts.services import issue_token, revoke_tokens
    from .web.audit.services import acting_as
    user = User.objects.filter(username=args.user).first()
    if user is None:
        raise GongkaiError(f"没有用户“{args.user}”（no such user）")
    if not user.is_active and not args.revoke:  # an inactive user's tokens may still be revoked
        raise GongkaiError(f"用户“{args.user}”已停用，不能签发令牌（inactive user）")
    if args.revoke:
        with acting_as(args.user):
            n = revoke_tokens(user)
        print(f"已撤销 {args.user} 的 API 令牌 {n} 个")
        return 0
    if len(args.name) > 100:
        raise GongkaiError(f"令牌用途最多 100 个字符（现有 {len(args.name)} 个）（name too long）")
    with acting_as(args.user):
        token = issue_token(user, args.name)
    print(f"已为 {args.user} 签发 API 令牌（只显示这一次）：\n{token}\n"
          f"用法：curl -H 'Authorization: Bearer {token[:6]}…' http://127.0.0.1:8000/api/reports")
    return 0


def _duration(seconds: float) -> str:
    m, s = divmod(round(seconds), 60)
    h, m = divmod(m, 60)
    return f"{h} 小时 {m} 分 {s} 秒" if h else f"{m} 分 {s} 秒" if m else f"{seconds:.1f} 秒"


def _register(path: str | None):
    """The register of agencies a command was given (--agencies FILE), or None."""
    if not path:
        return None
    from .agencies import Register
    return Register.load(path)


def cmd_agencies(args: argparse.Namespace) -> int:
    """The register of agencies: which agency a name means; a name confirmed as an alias."""
    from .agencies import Agency, Register
    if args.action == "init":
        if os.path.exists(args.register):
            raise GongkaiError(f"机关台账已存在，不覆盖（the register exists）：{args.register}")
        register = Register()
        if args.batch:
            import pyarrow.parquet as pq

            from .batch.agencies import FILE
            con = _batch_output(args.batch)
            for (name,) in con.execute("select distinct agency from reports where agency is not null order by 1").fetchall():
                register.add(Agency(name))
            con.close()
            path = os.path.join(args.batch, FILE)
            if os.path.exists(path):
                for row in pq.read_table(path).to_pylist():
                    agency = register.get(row["agency"])
                    if agency and row["printed"] != agency.name and register.match(row["printed"]).agency is not agency:
                        register.confirm(row["printed"], agency)
        register.save(args.register)
        print(f"已写入机关台账：{args.register}（{len(register)} 个机关；可在 Excel 中补充行政区划代码、上级机关与别名）")
        return 0
    register = Register.load(args.register)
    if args.action == "confirm":
        if not args.as_ or len(args.names) != 1:
            raise GongkaiError("用法：gongkai agencies confirm 名称 --as 台账中的机关 --register 台账.csv")
        agency = register.get(args.as_)
        if agency is None:
            raise GongkaiError(f"台账中没有机关“{args.as_}”：{args.register}")
        register.confirm(args.names[0], agency)
        register.save(args.register)
        print(f"已确认：“{args.names[0]}”即“{agency.name}”，已作为别名写入 {args.register}")
        return 0
    for name in args.names:
        m = register.match(name)
        if m.sure:
            a = m.agency
            parent = register.parent_of(a)
            print(f"{name} → {a.name}（{m.score:.2f}，{m.why}；{a.code or '无区划代码'} {a.region or ''} {a.level or ''} "
                  f"{a.kind or ''}{'；上级：' + parent.name if parent else ''}）")
        else:
            print(f"{name} → 未确定（{m.why}）")
            for c in m.candidates:
                print(f"    {c.name}（{c.score:.2f}，{c.why}）")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """Read and check many reports. Exit 0: all read, no error-level finding; 1: some
    report has errors; 2: some file could not be read."""
    from .batch import Options, run_batch
    from .batch.database import build, connect
    from .batch.store import WORKBOOK_NAME
    from .batch.workbook import write

    if args.workers < 1:
        raise GongkaiError("--workers 至少为 1（at least one worker）")
    options = Options(workers=args.workers, scheduler=args.scheduler, progress=False if args.quiet else None,
                      register=_register(args.agencies))
    try:
        summary = run_batch(args.inputs, args.out, options)
    except KeyboardInterrupt:
        print("gongkai: 已中断；已完成的结果已保存，再次运行同一命令将从中断处继续（interrupted; run again to resume）",
              file=sys.stderr)
        return 130
    print(f"读取与检查：共 {summary.total} 份，本次读取 {summary.read} 份，无法读取 {summary.failed} 份"
          + (f"，此前已完成 {summary.skipped} 份（跳过）" if summary.skipped else "")
          + (f"，与其他文件内容相同 {summary.duplicates} 份" if summary.duplicates else "")
          + (f"，其中 {summary.year_on_year} 份有粘连数字，已按同一机关上年度报告重读" if summary.year_on_year else "")
          + f"；用时 {_duration(summary.seconds)}"
          + (f"（{summary.processed / summary.seconds:.0f} 份/秒）" if summary.processed and summary.seconds else ""))
    if summary.unsure:
        print(f"机关名称：{summary.unsure} 个可能与另一机关相同，未合并，请人工确认：{os.path.join(args.out, '待确认机关.csv')}"
              f"（确认后：gongkai agencies confirm 名称 --as 机关 --register 台账.csv，再以 --agencies 台账.csv 运行）")
    if summary.failures:
        print("无法读取的文件：")
        for path, reason in summary.failures[:20]:
            print(f"  {path}：{reason}")
        if len(summary.failures) > 20:
            print(f"  ……另有 {len(summary.failures) - 20} 份，见 {os.path.join(args.out, WORKBOOK_NAME)}“无法读取”表")
    import duckdb

    from .batch import explore
    try:
        build(args.out)
        write(args.out)
        explore.write(args.out, progress=not args.quiet and sys.stderr.isatty())
    except (OSError, duckdb.Error, sqlite3.Error) as err:
        raise GongkaiError(f"结果已保存为 Parquet，但无法生成数据库或汇总表（{err}）：{args.out}") from err
    con = connect(args.out)
    reports, with_errors, failed = con.execute(
        "select count(*), count(*) filter (errors > 0), count(*) filter (status = 'failed') from reports").fetchone()
    con.close()
    print(f"输出目录 {args.out} 共 {reports} 份：有错误 {with_errors} 份，无法读取 {failed} 份")
    print(f"  汇总表：{os.path.join(args.out, WORKBOOK_NAME)}")
    print(f"  数据库：{os.path.join(args.out, 'gongkai.duckdb')}（表 reports、cells、findings，视图 rates）")
    print(f"  Parquet：{os.path.join(args.out, '{reports,cells,findings,models}')}/part-*.parquet")
    print(f"  浏览、分面、搜索与导出：gongkai explore {args.out}（{os.path.join(args.out, explore.SQLITE_NAME)}）")
    # the output as a whole decides, also when this run only resumed it
    return 2 if failed else 1 if with_errors else 0


def cmd_explore(args: argparse.Namespace) -> int:
    """A batch's results in Datasette, served on this machine, read-only."""
    import socket
    import time

    import uvicorn

    from .batch import explore
    _batch_output(args.out).close()
    with socket.socket() as probe:  # said before anything is written or served
        try:
            probe.bind((args.host, args.port))
        except OSError as err:
            raise GongkaiError(f"无法在 {args.host}:{args.port} 上提供浏览（{err.strerror}），请用 --port 换一个端口") from None
    try:
        ds = explore.datasette(args.out, progress=sys.stderr.isatty())
    except (OSError, sqlite3.Error) as err:
        raise GongkaiError(f"无法写入浏览用数据库（{err}）：{os.path.join(args.out, explore.SQLITE_NAME)}") from err
    print(f"[{time.strftime('%H:%M:%S')}] 浏览批处理结果：http://{args.host}:{args.port}/{explore.DATABASE}"
          "（只读；Ctrl-C 停止）", flush=True)
    uvicorn.run(ds.app(), host=args.host, port=args.port, log_level="warning")
    return 0


def _batch_output(out: str):
    from .batch.database import connect
    if not os.path.isdir(os.path.join(out, "reports")):
        raise GongkaiError(f"不是批处理输出目录（not a batch output: run gongkai batch … --out {out} first）：{out}")
    return connect(out)


def _pct(x) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _num(x) -> str:
    from .checks.evidence import number
    return "—" if x is None else number(int(x) if float(x).is_integer() else x)


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare a batch's reports across years (one agency) or across agencies (one year)."""
    from .batch import compare
    from .batch.workbook import write_sheets
    from .checks.rules import SEVERITY_ZH
    from .render.terminal import grid

    con = _batch_output(args.out)
    lines, sheets = [], []
    if args.agency:
        years, changes = compare.cell_changes(con, args.out, args.agency)
        if not years:  # the agency by another spelling, or the names a person may have meant
            from .agencies import Register
            from .agencies.names import candidates
            known = [n for (n,) in con.execute("select distinct agency from reports where agency is not null").fetchall()]
            m = Register.from_names(known)[0].match(args.agency)
            if m.sure:
                lines.append(f"“{args.agency}”即“{m.agency.name}”（{m.why}，{m.score:.2f}）")
                args.agency = m.agency.name
                years, changes = compare.cell_changes(con, args.out, args.agency)
            else:
                found = list(dict((c.name, c) for c in (*candidates(args.agency, known), *m.candidates)).values())
                listed = "；".join(f"{c.name}（{c.why}）" for c in found[:10])
                raise GongkaiError(f"批处理输出中没有该机关的报告（no report of this agency）：{args.agency}"
                                   + (f"。您指的可能是：{listed}。请用完整名称再试" if found else "，也没有名称相近的机关"))
        lines.append(f"{args.agency}：{'、'.join(map(str, years))} 年度报告，逐项对比（仅列出有数或有变化的单元格）")
        shown = [c for c in changes if args.all_cells or any(v not in (None, 0) for v in c.values)
                 or len(set(c.values)) > 1]
        rows = []
        for c in shown:
            last, before = (c.values[-1], c.values[-2]) if len(c.values) > 1 else (None, None)
            change = "" if last is None or before is None or last == before else f"{last - before:+g}"
            rows.append([c.label] + [_num(v) for v in c.values] + [change])
        lines += grid(["单元格"] + [f"{y}" for y in years] + ["最近变化"], rows)
        sheets.append(("逐项变化", ["单元格", "路径"] + [f"{y} 年度" for y in years], [40, 28] + [10] * len(years),
                       [[c.label, c.cell] + c.values for c in changes]))
    if args.agency or args.cross_year:
        found = list(compare.cross_year(con, args.out, args.agency))
        lines.append(f"\n跨年度核对（上年结转、现行有效件数、正文雷同）：{len(found)} 项问题")
        for x in found[:200] if not args.agency else found:
            lines.append(f"  {x.agency} {x.year} 年度（对比 {x.year - 1} 年度）：[{SEVERITY_ZH[x.finding.severity]}] "
                         f"{x.finding.rule} {x.finding.message}")
        if len(found) > 200 and not args.agency:
            lines.append(f"  ……另有 {len(found) - 200} 项，见 --xlsx 输出")
        sheets.append(("跨年度问题", ["机关", "年度", "规则", "级别", "说明", "本年度文件", "上年度文件"],
                       [30, 7, 14, 7, 80, 40, 40],
                       [[x.agency, x.year, x.finding.rule, SEVERITY_ZH[x.finding.severity], x.finding.message, x.path,
                         x.previous_path] for x in found]))
    if args.year:
        peers = compare.peers(con, args.year, args.region)
        scope = f"（{args.region}）" if args.region else ""
        lines.append(f"\n{args.year} 年度{scope}各机关对比：{len(peers)} 个机关，按本年新收申请数排序")
        head = ["本年新收", "办理总计", "予以公开率", "公开率(含部分)", "复议纠正率", "诉讼纠正率", "争议/申请", "错误", "警告"]
        fields = ("applications", "handled", "grant_rate", "disclosed_rate", "review_correction_rate",
                  "lawsuit_correction_rate", "disputes_per_application", "errors", "warnings")

        def shown(values) -> list[str]:
            n, h, grant, disclosed, review, lawsuit, disputes, errors, warnings = values
            return [_num(n), _num(h), _pct(grant), _pct(disclosed), _pct(review), _pct(lawsuit),
                    "—" if disputes is None else f"{disputes:.2f}", _num(errors), _num(warnings)]

        table = [[p.agency] + shown([getattr(p, f) for f in fields]) for p in peers]
        middle = ["中位数"] + shown([compare.median([getattr(p, f) for p in peers]) for f in fields])
        lines += grid(["机关"] + head, table[:args.limit] + [middle])
        if len(peers) > args.limit:
            lines.append(f"……另有 {len(peers) - args.limit} 个机关，见 --xlsx 输出")
        percent = {"grant_rate", "disclosed_rate", "review_correction_rate", "lawsuit_correction_rate"}
        sheets.append((f"{args.year}年度机关对比", ["机关", "地区", "文件"] + [h + ("%" if f in percent else "")
                                                                      for h, f in zip(head, fields)],
                       [30, 14, 40] + [11] * len(head),
                       [[p.agency, p.region, p.path] + [None if (v := getattr(p, f)) is None else
                                                        round(100 * v, 1) if f in percent else v for f in fields]
                        for p in peers]))
    con.close()
    if not sheets:
        raise GongkaiError("请指定 --agency 机关、--year 年度 或 --cross-year（say what to compare）")
    _write(None, "\n".join(lines).lstrip("\n") + "\n")
    if args.xlsx:
        write_sheets(args.xlsx, sheets)
        print(f"已写入：{args.xlsx}")
    return 0


def cmd_aggregate(args: argparse.Namespace) -> int:
    """Sum subordinate agencies' reports into a consolidated report for a region."""
    from .batch.aggregate import Member, against_parent, aggregate, from_batch
    from .batch.workbook import write_sheets
    from .checks.evidence import label
    from .checks.rules import SEVERITY_ZH
    from .load import load_report
    from .render.terminal import render_terminal
    from .report.jsonio import dumps
    from .report.model import number_text

    candidates: list[Member] = []
    load = None  # a batch's reports are read as they are summed, one at a time
    if len(args.inputs) == 1 and os.path.isdir(os.path.join(args.inputs[0], "reports")):
        con = _batch_output(args.inputs[0])
        candidates, load = from_batch(con, args.inputs[0], args.year, args.region)
    else:
        from .batch.inputs import check_inputs, expand
        from .load import as_checked
        check_inputs(args.inputs)
        for path in expand(args.inputs):
            try:
                report = as_checked(load_report(path))
            except GongkaiError as err:
                print(f"gongkai: {path}: {err}", file=sys.stderr)
                continue
            candidates.append(Member(report.agency or os.path.basename(path), path, report))
    expected = None
    if args.expect:
        with open(args.expect, encoding="utf-8-sig") as fh:
            expected = [line.strip() for line in fh if line.strip()]
    name = args.name or (f"{args.region}所属机关汇总" if args.region else "所属机关汇总")
    result = aggregate(candidates, name, args.year, expected, args.format, args.leave_out_failing, load)
    if not result.members:
        raise GongkaiError(f"没有可汇总的 {args.year} 年度报告（nothing to sum）")
    lines = [render_terminal(result.report).rstrip("\n"), "",
             f"汇总 {len(result.members)} 个机关的报告（{result.report.format_version} 格式）"]
    if result.findings:
        lines.append(f"汇总表检查：{len(result.findings)} 项问题")
        lines += [f"  [{SEVERITY_ZH[f.severity]}] {f.rule} {f.message}" for f in result.findings]
    else:
        lines.append("汇总表检查：勾稽关系全部成立")
    blanks = sum(1 for _, v in result.report.cells() if v.note and "空白" in v.note)
    if blanks:
        lines.append(f"有 {blanks} 个单元格中部分机关空白，未计入（各单元格的说明见 -o 输出的 JSON 或 --xlsx）")
    if result.failing:
        lines.append(f"检查有错误的机关（已计入汇总）：{len(result.failing)} 个")
        lines += [f"  {n}：{e} 个错误" for n, e in result.failing]
    if result.excluded:
        lines.append(f"未计入汇总：{len(result.excluded)} 份")
        lines += [f"  {n}：{why}" for n, why in result.excluded]
    if expected is not None:
        lines.append(f"应报未报的机关：{len(result.missing)} 个" + ("" if result.missing else "（无）"))
        lines += [f"  {n}" for n in result.missing]
    differences = None
    if args.parent:
        from .load import as_checked
        parent = as_checked(load_report(args.parent))
        try:
            differences = against_parent(parent, result, load)
        except ValueError as err:
            raise GongkaiError(str(err)) from None
        lines.append(f"与本级报告（{parent.agency or args.parent}）逐格对比：" +
                     (f"{len(differences)} 个单元格不一致" if differences else "全部一致"))
        for d in differences[:args.limit]:
            behind = "、".join(f"{n} {'空白' if v is None else number_text(v)}" for n, v in d.parts[:8]) or "各下级均为 0"
            lines.append(f"  {d.label}：本级报告 {number_text(d.parent)}，下级合计 {number_text(d.total)}"
                         f"（{behind}{'等' if len(d.parts) > 8 else ''}）")
        if len(differences) > args.limit:
            lines.append(f"  ……另有 {len(differences) - args.limit} 个单元格")
    _write(None, "\n".join(lines) + "\n")
    if args.output:
        _write(args.output, dumps(result.report) + "\n")
        print(f"汇总报告（JSON 模型）已写入：{args.output}；生成文档：gongkai render {args.output} --to docx --force")
    if args.xlsx:
        sheets = [("汇总表", ["单元格", "路径", "合计", "说明"], [40, 28, 12, 60],
                   [[label(result.report, p), p, v.value, v.note] for p, v in result.report.cells()]),
                  ("成员", ["机关", "文件", "错误"], [30, 50, 8],
                   [[m.name, m.path, m.errors] for m in result.members]),
                  ("未计入", ["机关或文件", "原因"], [40, 60], [list(x) for x in result.excluded]),
                  ("应报未报", ["机关"], [40], [[n] for n in result.missing])]
        if differences is not None:
            sheets.append(("与本级报告对比", ["单元格", "路径", "本级报告", "下级合计", "各下级（非 0）"], [40, 28, 12, 12, 80],
                           [[d.label, d.path, d.parent, d.total,
                             "、".join(f"{n} {'空白' if v is None else number_text(v)}" for n, v in d.parts)]
                            for d in differences]))
        write_sheets(args.xlsx, sheets)
        print(f"已写入：{args.xlsx}")
    return 1 if any(f.severity == "error" for f in result.findings) or differences else 0


def cmd_collect(args: argparse.Namespace) -> int:
    """Download the reports a government site's listing pages link to."""
    from .batch.collect import collect

    print(f"从 {args.url} 收集年报到 {args.out}（每次请求间隔至少 {args.delay:g} 秒，遵守 robots.txt）")
    result = collect(args.url, args.out, args.delay, args.max_pages)
    print(f"列表页 {result.listing_pages} 页；新下载 {len(result.downloaded)} 份"
          + (f"，此前已下载 {result.known} 份" if result.known else "")
          + (f"；robots.txt 不允许 {len(result.refused)} 个" if result.refused else "")
          + (f"；失败 {len(result.failed)} 个" if result.failed else ""))
    for url, why in result.failed:
        print(f"  失败：{url}：{why}")
    print(f"下一步：gongkai batch {args.out} --out {args.out.rstrip('/')}-结果")
    return 2 if result.failed and not result.downloaded else 0


def cmd_rules(args: argparse.Namespace) -> int:
    """List the rules `check` applies."""
    from .checks.rules import RULES, SEVERITY_ZH
    lines = []
    for rule in RULES.values():
        lines.append(f"{rule.id:22} {SEVERITY_ZH[rule.severity]}  {rule.title}（{rule.gloss}）")
        lines.append(f"{'':22}       依据：{rule.basis}")
    _write(None, "\n".join(lines) + "\n")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Generate a report, write it as copied text, then read it back and show it."""
    from .load import load_report
    from .render.terminal import render_terminal
    from .render.text import TextStyle, render_text
    from .report.sample import sample_report

    report = sample_report(args.seed, args.version)
    text = render_text(report, TextStyle(shape=args.shape))
    _write(args.out, text)
    print(f"已生成示例年报：{args.out}（{args.shape} 形态的复制文本，{len(text.splitlines())} 行）")
    print(f"读取示例年报：gongkai extract {args.out}\n")
    sys.stdout.write(render_terminal(load_report(args.out)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gongkai", description="政府信息公开工作年度报告：读取、检查、编写与统计。")
    p.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = p.add_subparsers(dest="command", metavar="命令")

    e = sub.add_parser("extract", help="读取一份年报，显示或输出为 JSON（read a report）")
    e.add_argument("file", help="年报文件（PDF、扫描件或图片、OFD、DOCX、.doc/.wps、.xls/.et/.xlsx、网页或文本；格式与编码按内容自动识别）")
    e.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text 供阅读，json 供程序")
    e.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")
    e.add_argument("--previous", metavar="LAST_YEAR", help="上年度报告：其“结转下年度继续办理”帮助拆分本年粘连的“上年结转”")
    e.set_defaults(func=cmd_extract)

    c = sub.add_parser("check", help="按评估者的规则检查年报（check reports: identities, completeness, facts…）")
    c.add_argument("files", nargs="+", metavar="FILE", help="一份或多份年报")
    c.add_argument("--previous", metavar="FILE", help="同一机关上一年度的年报，用于跨年度核对")
    c.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    c.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")
    c.add_argument("--fail-on", choices=("error", "warning", "notice"), default="error",
                   help="有此级别或更严重的问题时退出码为 1（默认 error；评估时可用 warning）")
    c.set_defaults(func=cmd_check)

    n = sub.add_parser("new", help="生成年报编写文件（write an authoring file for a year's report）")
    n.add_argument("--agency", help="机关规范全称，如 台州市科学技术局（用 --from 时可省略）")
    n.add_argument("--year", type=YEAR, help="报告年度（用 --from 时可省略）")
    n.add_argument("--from", dest="source", metavar="REPORT",
                   help="本年度汇总（gongkai compile 的 JSON）：带入全部表格；或上年度年报：带入可沿用的数据")
    n.add_argument("-o", "--output", help="编写文件路径（默认 机关年度政府信息公开工作年度报告.yaml）")
    n.add_argument("--overwrite", action="store_true", help="覆盖已存在的文件")
    n.set_defaults(func=cmd_new)

    rd = sub.add_parser("render", help="先检查，再生成 DOCX/PDF/OFD/HTML/Markdown（check, then render）")
    rd.add_argument("file", help="编写文件（YAML）、JSON 模型或任何可读的年报")
    rd.add_argument("--to", choices=("docx", "pdf", "ofd", "html", "md"), required=True, help="输出形式")
    rd.add_argument("-o", "--output", help="输出文件（默认与输入同名）")
    rd.add_argument("--force", action="store_true", help="即使存在错误级问题也生成（不代写未撰写的正文）")
    rd.add_argument("--draft", action="store_true", help="生成每页标明“草稿”的文稿，未撰写的部分留空")
    rd.set_defaults(func=cmd_render)

    dl = sub.add_parser("deadline", help="计算依申请公开的答复期限及其理由（reply due date, explained）")
    dl.add_argument("received", type=_date, help="收到申请之日 YYYY-MM-DD（条例第三十一条）")
    dl.add_argument("--corrected", type=_date, help="收到补正之日：答复期限自此重新起算")
    dl.add_argument("--suspend", type=_period, action="append", default=[], metavar="FROM:TO",
                    help="不计入期限的期间（征求意见、缴费），可多次给出")
    dl.add_argument("--extend", type=_bounded(1, 20, "延长的工作日数"), help="经批准延长的工作日数（最多 20）")
    dl.add_argument("--format", choices=("text", "json"), default="text")
    dl.set_defaults(func=cmd_deadline)

    fe = sub.add_parser("fee", help="计算信息处理费（国办函〔2020〕109号）（information processing fee）")
    how = fe.add_mutually_exclusive_group(required=True)
    how.add_argument("--requests", type=_bounded(1, 1_000_000, "申请件数"), help="按件：该申请人本自然月内的申请件数（含本件）")
    how.add_argument("--pages", type=_bounded(0, 100_000_000, "页数"), help="按量：页数")
    fe.add_argument("--format", choices=("text", "json"), default="text")
    fe.set_defaults(func=cmd_fee)

    co = sub.add_parser("compile", help="由台账数据库生成年度报表（compile a year from the register）")
    co.add_argument("--agency", required=True, help="机关名称")
    co.add_argument("--year", required=True, type=YEAR, help="报告年度")
    co.add_argument("-o", "--output", help="写出 JSON 模型（可用 gongkai render 生成正式文本）")
    co.set_defaults(func=cmd_compile)

    im = sub.add_parser("import", help="从 Excel/CSV 导入依申请公开台账（全部导入或全部不导入）")
    im.add_argument("file", help=".xlsx 或 .csv")
    im.add_argument("--agency", required=True, help="机关名称")
    im.add_argument("--mapping", help="列名映射 JSON，如 {\"number\": \"受理编号\"}")
    im.add_argument("--create", action="store_true", help="台账中没有此机关时新建（防止名称写错时误建机关）")
    im.add_argument("--user", default="导入", help="记入审计日志的操作人")
    im.set_defaults(func=cmd_import)

    sv = sub.add_parser("serve", help="启动网页平台（serve the web platform）")
    sv.add_argument("--port", type=_bounded(1, 65535, "端口"), default=8000, help="端口（默认 8000）")
    sv.add_argument("--host", default="127.0.0.1", help="监听地址（默认只在本机 127.0.0.1）")
    sv.add_argument("--data", help="数据目录（默认 ./gongkai-data 或 GONGKAI_DATA）")
    sv.add_argument("--workers", type=_bounded(1, 64, "进程数"), default=2, help="gunicorn 进程数")
    sv.add_argument("--demo", action="store_true", help="载入演示数据：示例年报、一年的依申请公开案件、各角色账号")
    sv.set_defaults(func=cmd_serve)

    rm = sub.add_parser("remind", help="向工作人员发送待办提醒邮件：逾期、今日和本周到期、待审核（send reminders）")
    rm.add_argument("--data", help="数据目录（默认 ./gongkai-data，或 GONGKAI_DATA）")
    rm.add_argument("--site", help="平台地址，写入邮件中的链接（或 GONGKAI_SITE_URL）")
    rm.set_defaults(func=cmd_remind)
    tk = sub.add_parser("token", help="为用户签发 API 令牌（issue an API token）")
    tk.add_argument("user", help="用户名")
    tk.add_argument("--name", default="", help="用途，如“数据报送脚本”")
    tk.add_argument("--revoke", action="store_true", help="撤销该用户的全部令牌（令牌在修改密码时、签发 180 天后也失效）")
    tk.add_argument("--data", help="数据目录（默认 ./gongkai-data 或 GONGKAI_DATA）")
    tk.set_defaults(func=cmd_token)

    ba = sub.add_parser("batch", help="批量读取并检查年报：文件、文件夹、通配符、zip 压缩包（read and check many reports）")
    ba.add_argument("inputs", nargs="+", metavar="INPUT", help="文件、文件夹、通配符（如 '年报/**/*.pdf'）或 zip 压缩包")
    ba.add_argument("--out", required=True, help="输出目录：Parquet、DuckDB 数据库与汇总表；再次运行时跳过已完成的文件")
    where = ba.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_bounded(1, 256, "进程数"), default=max(1, min(os.cpu_count() or 1, 8)),
                       help="本机进程数（默认为 CPU 核数，至多 8）")
    where.add_argument("--scheduler", metavar="ADDRESS", help="Dask 调度器地址（如 tcp://10.0.0.1:8786），在集群上运行")
    ba.add_argument("--quiet", action="store_true", help="不显示进度条")
    ba.add_argument("--agencies", metavar="REGISTER.csv",
                    help="机关台账（名称、行政区划代码、层级、类别、上级机关、别名）：报告所载名称按台账归并为机关")
    ba.set_defaults(func=cmd_batch)

    cp = sub.add_parser("compare", help="对比批处理结果：同一机关跨年度、同一年度各机关（compare reports）")
    cp.add_argument("out", metavar="BATCH_OUT", help="gongkai batch 的输出目录")
    cp.add_argument("--agency", help="机关名称：逐年对比每个单元格，并做跨年度核对")
    cp.add_argument("--year", type=YEAR, help="年度：各机关的公开率、纠正率、问题数对比")
    cp.add_argument("--region", help="与 --year 同用：只比较地区或机关名称含此文字的机关")
    cp.add_argument("--cross-year", action="store_true", help="所有机关的跨年度核对（上年结转、现行有效、正文雷同）")
    cp.add_argument("--all-cells", action="store_true", help="与 --agency 同用：列出全部单元格，包括始终为 0 的")
    cp.add_argument("--limit", type=_bounded(1, None, "机关数"), default=50, help="屏幕上最多列出的机关数（默认 50）")
    cp.add_argument("--xlsx", metavar="FILE", help="同时写入 Excel 工作簿")
    cp.set_defaults(func=cmd_compare)

    ag = sub.add_parser("aggregate", help="汇总下级机关的年报为地区汇总表，并检查（sum subordinate reports）")
    ag.add_argument("inputs", nargs="+", metavar="INPUT", help="gongkai batch 的输出目录，或年报文件、文件夹")
    ag.add_argument("--year", type=YEAR, required=True, help="汇总的年度")
    ag.add_argument("--region", help="只汇总地区或机关名称含此文字的报告（批处理输出目录）")
    ag.add_argument("--name", help="汇总报告的名称（默认 地区+年度）")
    ag.add_argument("--expect", metavar="FILE", help="应报机关名单（每行一个），列出应报未报的机关")
    ag.add_argument("--format", choices=tuple(FORMATS), help="汇总格式（默认为多数报告的格式）")
    ag.add_argument("--leave-out-failing", action="store_true", help="检查有错误的报告不计入汇总")
    ag.add_argument("--parent", metavar="REPORT", help="本级机关自己的年报：与下级合计逐格对比，列出每处差异背后的下级")
    ag.add_argument("--limit", type=_bounded(1, None, "单元格数"), default=50, help="屏幕上最多列出的差异数（默认 50）")
    ag.add_argument("-o", "--output", metavar="FILE.json", help="汇总报告写为 JSON 模型（可用 gongkai render 生成文档）")
    ag.add_argument("--xlsx", metavar="FILE", help="汇总表、成员、未计入与应报未报名单写入 Excel 工作簿")
    ag.set_defaults(func=cmd_aggregate)

    ex = sub.add_parser("explore", help="在浏览器中浏览批处理结果：分面、全文搜索、导出 CSV/JSON（Datasette，只读）")
    ex.add_argument("out", metavar="BATCH_OUT", help="gongkai batch 的输出目录")
    ex.add_argument("--host", default="127.0.0.1", help="监听地址（默认仅本机 127.0.0.1）")
    ex.add_argument("--port", type=_bounded(1, 65535, "端口"), default=8001, help="端口（默认 8001）")
    ex.set_defaults(func=cmd_explore)

    ac = sub.add_parser("agencies", help="机关台账：名称对应哪个机关（得分与理由），确认别名（the register of agencies）")
    ac.add_argument("action", choices=("match", "confirm", "init"),
                    help="match：查名称对应的机关；confirm：确认名称为某机关的别名；init：新建台账（可从批处理输出）")
    ac.add_argument("names", nargs="*", metavar="NAME", help="机关名称（如报告所载）")
    ac.add_argument("--register", required=True, metavar="REGISTER.csv", help="机关台账（CSV，可用 Excel 编辑）")
    ac.add_argument("--as", dest="as_", metavar="AGENCY", help="与 confirm 同用：台账中的机关名称")
    ac.add_argument("--batch", metavar="BATCH_OUT", help="与 init 同用：以批处理输出中的机关及其已归并的名称建台账")
    ac.set_defaults(func=cmd_agencies)

    cl = sub.add_parser("collect", help="从政府网站的年报栏目下载年报，供 batch 使用（download reports a site lists）")
    cl.add_argument("url", help="年报栏目（列表页）的网址")
    cl.add_argument("--out", required=True, help="下载到哪个文件夹；再次运行只下载新的")
    cl.add_argument("--delay", type=float, default=1.0, help="两次请求之间至少间隔的秒数（默认 1；robots.txt 要求更长时从之）")
    cl.add_argument("--max-pages", type=_bounded(1, None, "页数"), default=100, help="最多读取的列表页数（默认 100）")
    cl.set_defaults(func=cmd_collect)

    r = sub.add_parser("rules", help="列出检查规则及其依据（list the rules check applies）")
    r.set_defaults(func=cmd_rules)

    d = sub.add_parser("demo", help="生成一份示例年报并读取显示（generate and read a demo report）")
    d.add_argument("--out", default="示例年报.txt", help="示例年报写到哪里（默认 示例年报.txt）")
    d.add_argument("--shape", choices=("plain", "pdf", "docx", "tabbed"), default="pdf", help="复制文本的形态")
    d.add_argument("--version", dest="version", choices=tuple(FORMATS), default=DEFAULT.name, help="年报格式")
    d.add_argument("--seed", type=int, default=2024, help="随机种子（相同种子生成相同年报）")
    d.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except GongkaiError as err:
        print(f"gongkai: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gongkai: 已中断（interrupted）", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
