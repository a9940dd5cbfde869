"""Load a report from any file gongkai understands: an authoring file (YAML), a JSON
model written by `gongkai extract --format json`, or a published report (PDF, DOCX,
HTML, text)."""

from __future__ import annotations

import json
import math
import os

from . import sandbox
from .checks import check
from .errors import UnreadableInput
from .extract import extract, extract_file, extract_text
from .ingest import detect, read_bytes
from .ingest.ocr import NeedsOcr, ocr_allowed, wall_for
from .report.authoring import AuthoringError, is_authoring, read_authoring
from .report.jsonio import from_dict, schema
from .report.model import AnnualReport


def _head(path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(4096)
    except OSError:
        return b""  # extract_file reports the problem in full


def _model_form(head: bytes) -> str | None:
    """"authoring" or "json" when the file is one of gongkai's own, else None."""
    text = head.decode("utf-8", errors="ignore")
    if is_authoring(text):
        return "authoring"
    if text.lstrip().startswith("{") and '"format_version"' in text:
        return "json"
    return None


def file_form(data: bytes) -> str:
    """What a file is, by its content: "authoring", "json" (a model), or the form of a
    published report ("pdf", "docx", "html", "text"); raises UnreadableInput for forms
    gongkai does not read."""
    return _model_form(data[:4096]) or detect(data[:8192])


def _scans(fn, *args, wall: float | None, name: str, ocr_wall: float | None = None):
    """fn(*args) in the sandbox: first with scans refused, which costs nothing for the
    forms that have text; a scan is then read again with OCR, given the time its pages
    need (some seconds a page, far beyond a text's limit) — at most `ocr_wall` seconds
    where the caller has a limit of its own (the web's server)."""
    try:
        return sandbox.run(_with_ocr, False, fn, *args, wall=wall, name=name)
    except NeedsOcr as scan:
        if not sandbox.ocr_capable():
            raise  # in a worker for text (a batch's): its caller sends the scan to the worker for scans
        base = wall if wall is not None else sandbox.Limits.from_environment().wall_seconds
        limit = wall_for(scan.pages, base)
        return sandbox.run(_with_ocr, True, fn, *args, wall=min(limit, ocr_wall) if ocr_wall else limit, name=name,
                           ocr=True)


def _with_ocr(ocr: bool, fn, *args):
    """fn(*args) with scans recognised (True) or refused with NeedsOcr (False)."""
    with ocr_allowed(ocr):
        return fn(*args)


def load_report(path: str | os.PathLike, previous: AnnualReport | None = None) -> AnnualReport:
    """Any input as a report, read in the sandbox (`sandbox.py`). `previous` (last year's
    report) helps read a published report whose digits ran together."""
    return _scans(_load_report, os.fspath(path), previous, wall=None, name=os.fspath(path))


def _load_report(path: str, previous: AnnualReport | None) -> AnnualReport:
    if _model_form(_head(path)) is None:
        return extract_file(path, previous)  # a published report: its size is checked before it is read
    _not_too_large(_model_form(_head(path)), os.path.getsize(path), path)  # before it is read
    with open(path, "rb") as fh:
        return _load_bytes(fh.read(), path)


def load_bytes(data: bytes, name: str = "", wall: float | None = None,
               previous: AnnualReport | None = None, ocr_wall: float | None = None) -> AnnualReport:
    """The same, from bytes already read (`name` is shown in messages), within `wall`
    seconds (the sandbox's own limit when None; a scan's pages get their own time, at most
    `ocr_wall` seconds when given)."""
    return _scans(_load_bytes, data, name, previous, wall=wall, name=name, ocr_wall=ocr_wall)


def read_and_check(data: bytes, name: str = "", previous: AnnualReport | None = None,
                   wall: float | None = None, ocr_wall: float | None = None) -> tuple[AnnualReport, list]:
    """A file read and checked as `gongkai check` does it, both in the sandbox (within
    `wall` seconds; a scan's pages get their own time, at most `ocr_wall` seconds when
    given): (the report as read, its findings)."""
    return _scans(_read_and_check, data, name, previous, wall=wall, name=name, ocr_wall=ocr_wall)


def _read_and_check(data: bytes, name: str, previous: AnnualReport | None) -> tuple[AnnualReport, list]:
    report = _load_bytes(data, name, previous)
    return report, checked(report, previous)[1]


MAX_MODEL_BYTES = 5 * 1024 * 1024  # an authoring file is some 10 KB, a JSON model some 300 KB


def _not_too_large(form: str | None, size: int, name: str) -> None:
    if form is not None and size > MAX_MODEL_BYTES:
        raise UnreadableInput(f"{'编写文件' if form == 'authoring' else 'JSON 模型文件'}过大：{size / 1048576:.1f} MB，"
                              f"上限为 {MAX_MODEL_BYTES // 1048576} MB（model too large）：{name}")


def _load_bytes(data: bytes, name: str, previous: AnnualReport | None = None) -> AnnualReport:
    form = _model_form(data[:4096])
    _not_too_large(form, len(data), name)
    if form == "authoring":
        try:
            return read_authoring(data.decode("utf-8"))
        except (AuthoringError, UnicodeDecodeError) as err:
            raise UnreadableInput(f"{err}：{name}") from err
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
            # a value of the wrong kind where the file's structure wants another
            raise UnreadableInput(f"编写文件内容有误（{type(err).__name__}：{err}）：{name}") from err
    if form == "json":
        try:
            model = json.loads(data, parse_constant=_not_a_number, parse_float=_finite, parse_int=_bounded)
            _valid(model)
            return from_dict(model)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as err:
            # not JSON, nested beyond reason, or a list where a mapping belongs
            raise UnreadableInput(f"JSON 模型文件损坏（damaged JSON model: {type(err).__name__}: "
                                  f"{str(err)[:120]}）：{name}") from err
    return extract(read_bytes(data, name), previous)


_VALIDATOR = None


def _not_a_number(text: str):
    raise ValueError(f"“{text}”不是数")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) >= 1e15:
        raise ValueError(f"数值超出范围：{text[:40]}")
    return value


def _bounded(text: str) -> int:
    if len(text.lstrip("-")) > 15:
        raise ValueError(f"数值超出范围：{text[:40]}…")
    return int(text)


def _valid(model) -> None:
    """A JSON model from outside is checked against the model's schema first: a list
    where a mapping belongs, text where a number belongs, is refused, not read."""
    global _VALIDATOR
    if _VALIDATOR is None:
        import jsonschema

        _VALIDATOR = jsonschema.Draft202012Validator(schema())
    error = next(iter(_VALIDATOR.iter_errors(model)), None)
    if error is not None:
        where = "/".join(map(str, error.absolute_path)) or "（顶层）"
        raise ValueError(f"{where}：{error.message[:120]}")


def as_published(report: AnnualReport) -> AnnualReport:
    """The report as it will read once published: rendered to text and read back, so
    that checks see its narrative and figures the way a reader does."""
    from .render.text import TextStyle, render_text
    view = extract_text(render_text(report, TextStyle(shape="tabbed")))  # cells kept, blanks too
    view.source["written_as"] = report.source.get("form") or "model"  # being written, not a publication read
    if report.source.get("form") == "authoring":
        # the tables as written, each cell with its place in the YAML file, and where each
        # paragraph was written: findings point at the author's own file
        view.table_a, view.table_b, view.table_c = report.table_a, report.table_b, report.table_c
        view.meta_sources.update({k: v for k, v in report.meta_sources.items() if k.startswith("texts.")})
    return view


def in_authoring_file(findings: list, view: AnnualReport) -> list:
    """Findings on an authoring file with every place given as the YAML file's line and
    column (the checks read the report as it will be published; the author edits YAML)."""
    if view.source.get("written_as") != "authoring":
        return findings
    for f in findings:
        for e in f.evidence:
            value = view.value_at(e["path"]) if e.get("path") else None
            if value is not None and value.source is not None:
                e["line"], e["column"] = value.source.line, value.source.column
            elif e.get("line"):
                place = _written_at(view, e["line"], e.get("text") or "")
                e.update({"line": place["line"], "column": place["column"]} if place else {"line": None})
        if not f.evidence and f.line:  # a whole section: point at where its text is written
            place = _written_at(view, f.line, "")
            if place:
                f.evidence.append(place)
    return findings


def _written_at(view: AnnualReport, line: int | None, text: str) -> dict | None:
    """Where a line of the published text was written in the authoring file: the
    paragraph holding the text, else the start of its section's text."""
    section = view.section_at(line)
    key = section.canonical if section is not None else "intro"
    paragraphs = [src for k, src in view.meta_sources.items() if k.startswith(f"texts.{key}.")]
    for src in paragraphs:
        at = src.text.find(text) if text else -1
        if at >= 0:
            return {"line": src.line, "column": src.column + at}
    start = paragraphs[0] if paragraphs else view.meta_sources.get(f"texts.{key}")
    return {"line": start.line, "column": start.column, "text": start.text} if start is not None else None


def as_checked(report: AnnualReport) -> AnnualReport:
    """What checks read: an authoring file as it will be published, anything else as read."""
    return as_published(report) if report.source.get("form") == "authoring" else report


def checked(report: AnnualReport, previous: AnnualReport | None = None) -> tuple[AnnualReport, list]:
    """A loaded report as `gongkai check` checks it, and the findings: an authoring file
    checked as it will be published, every place given in the file as written."""
    view = as_checked(report)
    return view, in_authoring_file(check(view, previous), view)


def source_lines(data: bytes, name: str = "", wall: float | None = None) -> list[str]:
    """The lines of a file as the places in its model count them (line N is [N - 1])."""
    if _model_form(data[:4096]) is not None:
        return data.decode("utf-8", errors="replace").splitlines()
    return _scans(_lines, data, name, wall=wall, name=name)


def _lines(data: bytes, name: str) -> list[str]:
    return read_bytes(data, name).lines


__all__ = ["as_checked", "checked", "file_form", "load_report", "load_bytes", "read_and_check", "as_published",
           "extract", "in_authoring_file", "source_lines"]
