"""The `gongkai` command.

Exit codes: 0 done (a report was read, perhaps with problems listed); 2 the input
could not be read or is not an annual report. Errors are one line, never a
traceback; output files are written whole or not at all.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from . import __version__
from .errors import GongkaiError


def _write(path: str | None, text: str) -> None:
    """Write to stdout, or atomically to `path` (a reader never sees half a file)."""
    if path in (None, "-"):
        sys.stdout.write(text)
        return
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".gongkai-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def cmd_extract(args: argparse.Namespace) -> int:
    from .extract import extract_file
    report = extract_file(args.file)
    if args.format == "json":
        from .report.jsonio import dumps
        _write(args.output, dumps(report) + "\n")
    else:
        from .render.terminal import render_terminal
        _write(args.output, render_terminal(report))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check one or more reports. Exit 0: no error-level finding; 1: some; 2: unreadable."""
    import json

    from .checks import check, has_errors
    from .checks.output import to_json, to_text
    from .extract import extract_file

    previous = extract_file(args.previous) if args.previous else None
    results, texts, worst = [], [], 0
    for path in args.files:
        try:
            report = extract_file(path)
        except GongkaiError as err:
            print(f"gongkai: {path}: {err}", file=sys.stderr)
            worst = 2
            continue
        findings = check(report, previous)
        if has_errors(findings):
            worst = max(worst, 1)
        results.append(to_json(path, report, findings))
        texts.append(to_text(path, report, findings))
    if args.format == "json":
        data = results[0] if len(args.files) == 1 and results else results
        _write(args.output, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _write(args.output, "\n".join(texts))
    return worst


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
    from .extract import extract_file
    from .render.terminal import render_terminal
    from .render.text import TextStyle, render_text
    from .report.sample import sample_report

    report = sample_report(args.seed, args.version)
    text = render_text(report, TextStyle(shape=args.shape))
    _write(args.out, text)
    print(f"已生成示例年报：{args.out}（{args.shape} 形态的复制文本，{len(text.splitlines())} 行）")
    print(f"读取示例年报：gongkai extract {args.out}\n")
    sys.stdout.write(render_terminal(extract_file(args.out)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gongkai", description="政府信息公开工作年度报告：读取、检查、编写与统计。")
    p.add_argument("--version", action="version", version=f"gongkai {__version__}")
    sub = p.add_subparsers(dest="command", metavar="命令")

    e = sub.add_parser("extract", help="读取一份年报，显示或输出为 JSON（read a report）")
    e.add_argument("file", help="年报文件（文本；编码自动识别）")
    e.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text 供阅读，json 供程序")
    e.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")
    e.set_defaults(func=cmd_extract)

    c = sub.add_parser("check", help="按评估者的规则检查年报（check reports: identities, completeness, facts…）")
    c.add_argument("files", nargs="+", metavar="FILE", help="一份或多份年报")
    c.add_argument("--previous", metavar="FILE", help="同一机关上一年度的年报，用于跨年度核对")
    c.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    c.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")
    c.set_defaults(func=cmd_check)

    r = sub.add_parser("rules", help="列出检查规则及其依据（list the rules check applies）")
    r.set_defaults(func=cmd_rules)

    d = sub.add_parser("demo", help="生成一份示例年报并读取显示（generate and read a demo report）")
    d.add_argument("--out", default="示例年报.txt", help="示例年报写到哪里（默认 示例年报.txt）")
    d.add_argument("--shape", choices=("plain", "pdf", "docx", "tabbed"), default="pdf", help="复制文本的形态")
    d.add_argument("--version", dest="version", choices=("2021", "2019", "legacy"), default="2021", help="年报格式")
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
