"""Hostile inputs for the readers: generated reports in every form gongkai reads,
mutated the way a fuzzer or an attacker would — bytes flipped, cut short, sections
repeated, huge runs of one character, deep nesting, numbers of thousands of digits,
models of the wrong shape. For the fuzz test (tests/test_fuzz.py) and the longer run in
bench/fuzz.py: whatever the input, the reader answers with a report or a one-line
error, never a traceback or a hang — also for PDFs whose forms draw themselves or whose
pages share one long stream, DOCX packing hundreds of MB of XML, processing instructions
in HTML, and models that are huge or of the wrong kind.
"""

from __future__ import annotations

import json
import random

from ..report.jsonio import dumps
from ..report.sample import sample_report
from .html import render_html
from .text import TextStyle, render_text

CLASSES = ("text", "html", "docx", "json", "yaml", "pdf")


def base(kind: str, rng: random.Random) -> bytes:
    """A valid input of the class, from a generated report."""
    if kind == "pdf":
        return _pdf([_page_text(rng)])
    # an authoring file is written for the formats from 2019 on; the others come in every format
    report = sample_report(rng, rng.choice(("2021", "2021", "2019") + (() if kind == "yaml" else ("legacy",))))
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


# --- PDF, written by hand: small, and shaped as an attacker shapes it ----------------------

def _pdf(pages: list[bytes], forms: dict[int, bytes] | None = None, share: bool = False) -> bytes:
    """A PDF of pages with these content streams (`share`: every page draws the first
    page's one stream), and form XObjects /X1… drawn by name where the content says so."""
    forms = forms or {}
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects.append(font)  # 3
    resources = b"/Font << /F1 3 0 R >>"
    if forms:
        first = len(objects) + 1
        names = " ".join(f"/X{k} {first + i} 0 R" for i, k in enumerate(forms))
        resources += b" /XObject << " + names.encode() + b" >>"
        for body in forms.values():
            objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << " + resources
                           + b" >> /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    contents = []
    for body in pages[:1] if share else pages:
        objects.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
        contents.append(len(objects))
    kids = []
    for i in range(len(pages)):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << "
                       % contents[0 if share else i] + resources + b" >> >>")
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _page_text(rng: random.Random, lines: int = 20) -> bytes:
    return b"BT /F1 10 Tf 40 750 Td 12 TL " + b" ".join(
        b"(Row %d: %d %d %d) '" % (i, rng.randrange(99), rng.randrange(99), rng.randrange(99))
        for i in range(lines)) + b" ET"


def recursive_pdf(depth_draws: int = 2) -> bytes:
    """A page that draws a form which draws itself `depth_draws` times: a reader that
    follows it expands it draws^depth times (2 KB that takes all the memory there is)."""
    body = b"BT /F1 12 Tf 10 10 Td (abc) Tj ET " + b" ".join(
        b"q 0.5 0 0 0.5 %d %d cm /X1 Do Q" % (40 * i, 40 * i) for i in range(depth_draws))
    return _pdf([b"/X1 Do"], {1: body})


def shared_stream_pdf(pages: int = 1999, lines: int = 2000) -> bytes:
    """Every page draws one long content stream (a few hundred KB of file, pages × lines
    of text to read)."""
    return _pdf([_page_text(random.Random(pages), lines)] * pages, share=True)


def xml_heavy_docx(megabytes: int = 185) -> bytes:
    """A report's DOCX whose document.xml unpacks to `megabytes` more of paragraphs (a few
    MB packed): a valid package a Word reader would parse whole."""
    import io
    import zipfile

    from .docx import render_docx

    rng = random.Random(megabytes)  # a number in each paragraph: it packs as real text does, to a few MB
    count = megabytes * 1024 * 1024 // 40
    extra = b"".join(b"<w:p><w:r><w:t>%03d</w:t></w:r></w:p>" % rng.randrange(1000) for _ in range(count))
    source = zipfile.ZipFile(io.BytesIO(render_docx(sample_report(rng))))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", extra + b"</w:body>", 1)
            zf.writestr(info.filename, data)
    return buf.getvalue()


def _pdf_bomb(rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        return recursive_pdf(rng.randint(2, 4))
    return shared_stream_pdf(rng.randint(100, 1999), rng.randint(50, 2000))


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
    lambda rng: "<?php echo $x; ?>" * rng.randint(1, 1_000) + "<?xml-stylesheet href='a'?>",
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
    else:  # numbers of hundreds of digits, infinities, years no report has, an agency that is no name
        value = rng.choice(["1" * rng.randint(300, 5000), "Infinity", "NaN", "-1e400", "1e999"])
        rows = (model.get("table_b") or {}).get("rows") or {}
        text = json.dumps({**model, "year": rng.choice([0, -5, 10000, 99999999999]), "agency": rng.choice([12, [], {}]),
                           "table_b": {"rows": {k: [0] * 7 for k in rows}}}, ensure_ascii=False)
        return text.replace("[0, 0, 0, 0, 0, 0, 0]", f"[{value}, 0, 0, 0, 0, 0, 0]", 1).encode("utf-8")
    return json.dumps(model, ensure_ascii=False).encode("utf-8")


def _yaml_mutation(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8")
    op = rng.randrange(5)
    if op == 3:  # a huge model: megabytes of paragraphs
        return (text + "\n# " + "很长的注释" * rng.randint(100_000, 1_500_000) + "\n").encode("utf-8")
    if op == 4:  # dates and names of the wrong kind
        return text.replace("发布日期:", rng.choice(["发布日期: 2024年1月20日 #", "发布日期: 2024/01/20 #",
                                                 "发布日期: [2024] #"]), 1).replace(
            "机关名称:", rng.choice(["机关名称: [甲, 乙] #", "机关名称: {a: 1} #", "机关名称: .inf #"]), 1).encode("utf-8")
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
    if kind == "pdf" and rng.random() < 0.5:
        return _pdf_bomb(rng)
    if kind == "docx" and rng.random() < 0.1:
        return xml_heavy_docx(rng.randint(20, 185))
    return _bytes_mutation(data, rng)


def read(data: bytes) -> str:
    """What the command line does with an input: load it (any form, in the sandbox) and
    check it. Returns "read", "refused" (a one-line error) or "limit" (refused by a limit
    of the sandbox, in one line too); anything else raised is a bug."""
    from ..checks import check
    from ..errors import GongkaiError
    from ..load import as_checked, load_bytes
    from ..sandbox import LimitExceeded

    try:
        check(as_checked(load_bytes(data, "fuzz")))
    except LimitExceeded:
        return "limit"
    except GongkaiError:
        return "refused"
    return "read"


__all__ = ["CLASSES", "base", "hostile", "read", "recursive_pdf", "shared_stream_pdf", "xml_heavy_docx"]
