"""Hostile inputs for the readers: generated reports in every form gongkai reads,
mutated the way a fuzzer or an attacker would — bytes flipped, cut short, sections
repeated, huge runs of one character, deep nesting, numbers of thousands of digits,
models of the wrong shape. For the fuzz test (tests/test_fuzz.py) and the longer run in
bench/fuzz.py: whatever the input, the reader answers with a report or a one-line
error, never a traceback or a hang.
"""

from __future__ import annotations

import json
import random

from ..report.jsonio import dumps
from ..report.sample import sample_report
from .html import render_html
from .text import TextStyle, render_text

CLASSES = ("text", "html", "docx", "json", "yaml")


def base(kind: str, rng: random.Random) -> bytes:
    """A valid input of the class, from a generated report."""
    report = sample_report(rng, rng.choice(("2021", "2021", "2019", "legacy")))
    if kind == "text":
        return render_text(report, TextStyle.random(rng)).encode(rng.choice(("utf-8", "gb18030")))
    if kind == "html":
        return render_html(report).encode("utf-8")
    if kind == "docx":
        from .docx import render_docx
        return render_docx(report)
    if kind == "json":
        return dumps(report).encode("utf-8")
    from ..report.authoring import new_authoring
    return new_authoring(report.agency or "示例市科学技术局", report.year or 2024, report).encode("utf-8")


def _bytes_mutation(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    op = rng.randrange(6)
    if op == 0 and b:  # flip bytes
        for _ in range(rng.randint(1, 20)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif op == 1:  # cut short
        del b[rng.randrange(len(b) + 1):]
    elif op == 2 and b:  # a segment repeated
        i = rng.randrange(len(b))
        j = min(len(b), i + rng.randint(1, 2000))
        b[j:j] = b[i:j] * rng.randint(2, 50)
    elif op == 3:  # random bytes inserted
        i = rng.randrange(len(b) + 1)
        b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 500)))
    elif op == 4 and b:  # a segment removed
        i = rng.randrange(len(b))
        del b[i:i + rng.randint(1, 5000)]
    else:  # nothing: the clean input
        pass
    return bytes(b)


_TEXT_BOMBS = (
    lambda rng: "A" * rng.randint(10_000, 300_000),
    lambda rng: "1 " * rng.randint(10_000, 100_000),
    lambda rng: "1" * rng.randint(4_000, 20_000),
    lambda rng: "（" * rng.randint(1_000, 50_000),
    lambda rng: "a." * rng.randint(10_000, 100_000),
    lambda rng: "共1件，其中" * rng.randint(1_000, 20_000),
    lambda rng: "一、总体情况\n" * rng.randint(1_000, 20_000),
    lambda rng: "0" * rng.randint(100, 5_000) + "2.其他法律行政法规禁止公开",
)
_HTML_BOMBS = (
    lambda rng: "<div>" * rng.randint(500, 3_000),
    lambda rng: "<table><tr>" + "<td rowspan=1000 colspan=1000>1</td>" * rng.randint(10, 300) + "</tr></table>",
    lambda rng: "<script>var s='" + "\\u516c" * rng.randint(1_000, 20_000) + "';</script>",
    lambda rng: "<p>" + "&nbsp;" * rng.randint(10_000, 100_000) + "</p>",
)


def _text_bomb(data: bytes, rng: random.Random, bombs) -> bytes:
    text = data.decode("utf-8", errors="ignore")
    i = rng.randrange(len(text) + 1)
    return (text[:i] + rng.choice(bombs)(rng) + text[i:]).encode("utf-8")


def _json_mutation(data: bytes, rng: random.Random) -> bytes:
    model = json.loads(data)
    op = rng.randrange(4)
    if op == 0:  # a list where a mapping belongs, and the other way round
        key = rng.choice([k for k in model if k != "format_version"])
        model[key] = [] if isinstance(model[key], dict) else {"x": 1}
    elif op == 1:  # a number where text belongs
        model[rng.choice(["agency", "region", "published", "format_version"])] = rng.choice([12, 1e308, None, [1]])
    elif op == 2:  # nested beyond reason
        model["x"] = json.loads("[" * 500 + "]" * 500)
        return json.dumps(model).replace('"x": [', '"x": ' + "[" * rng.randint(500, 100_000), 1).encode()
    else:
        model["table_b"] = {"rows": {k: ["1" * 5000] * 7 for k in (model.get("table_b") or {}).get("rows", {})}}
    return json.dumps(model, ensure_ascii=False).encode("utf-8")


def _yaml_mutation(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    op = rng.randrange(3)
    if op == 0:  # an alias bomb
        lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
        lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
        return (text + "\n".join(lines) + "\n").encode("utf-8")
    if op == 1:  # a number or a list where text belongs
        return text.replace("机关名称:", "机关名称: 12 #", 1).replace("年度:", "年度: [2024] #", 1).encode("utf-8")
    return _bytes_mutation(data, rng)


def hostile(kind: str, rng: random.Random) -> bytes:
    """One hostile input of the class."""
    data = base(kind, rng)
    if kind in ("text", "html") and rng.random() < 0.5:
        return _text_bomb(data, rng, _TEXT_BOMBS + (_HTML_BOMBS if kind == "html" else ()))
    if kind == "json" and rng.random() < 0.7:
        return _json_mutation(data, rng)
    if kind == "yaml":
        return _yaml_mutation(data, rng)
    return _bytes_mutation(data, rng)


def read(data: bytes) -> str:
    """What the command line does with an input: load it (any form) and check it.
    Returns "read" or "refused" (a one-line error); anything else raised is a bug."""
    from ..checks import check
    from ..errors import GongkaiError
    from ..load import as_checked, load_bytes

    try:
        check(as_checked(load_bytes(data, "fuzz")))
    except GongkaiError:
        return "refused"
    return "read"


__all__ = ["CLASSES", "base", "hostile", "read"]
