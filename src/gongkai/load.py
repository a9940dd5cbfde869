"""Load a report from any file gongkai understands: an authoring file (YAML), a JSON
model written by `gongkai extract --format json`, or a published report (PDF, DOCX,
HTML, text)."""

from __future__ import annotations

import json
import os

from .errors import UnreadableInput
from .extract import extract, extract_file, extract_text
from .ingest import read_bytes
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


def load_report(path: str | os.PathLike, previous: AnnualReport | None = None) -> AnnualReport:
    """Any input as a report. `previous` (last year's report) helps read a published
    report whose digits ran together."""
    if _model_form(_head(path)) is None:
        return extract_file(path, previous)  # a published report: its size is checked before it is read
    with open(path, "rb") as fh:
        return load_bytes(fh.read(), os.fspath(path))


def load_bytes(data: bytes, name: str = "") -> AnnualReport:
    """The same, from bytes already read (`name` is shown in messages)."""
    form = _model_form(data[:4096])
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
            model = json.loads(data)
            _valid(model)
            return from_dict(model)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as err:
            # not JSON, nested beyond reason, or a list where a mapping belongs
            raise UnreadableInput(f"JSON 模型文件损坏（damaged JSON model: {type(err).__name__}: "
                                  f"{str(err)[:120]}）：{name}") from err
    return extract(read_bytes(data, name))


_VALIDATOR = None


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
    return view


def as_checked(report: AnnualReport) -> AnnualReport:
    """What checks read: an authoring file as it will be published, anything else as read."""
    return as_published(report) if report.source.get("form") == "authoring" else report


__all__ = ["as_checked", "load_report", "load_bytes", "as_published", "extract"]
