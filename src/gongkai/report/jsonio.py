"""AnnualReport ⇄ JSON, in the output contract other tools depend on
(schema: `schema/extract.schema.json`).

Values are plain numbers or null; what was printed and where lives in
`provenance`, keyed by the value's path ("table_b.total.6", "table_a.fees.amount_10k_yuan",
"table_c.3", "legacy.4.value", "agency").
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .catalog import TABLE_B_KEYS, TABLE_C_KEYS
from .model import AnnualReport, ExtraRow, Figure, LegacyItem, Problem, Section, Source, Value

SCHEMA_VERSION = 1


def _src(src: Source | None) -> dict[str, Any] | None:
    if src is None:
        return None
    out: dict[str, Any] = {"line": src.line, "column": src.column, "text": src.text}
    if src.page is not None:
        out["page"] = src.page
    if src.bbox is not None:
        out["bbox"] = [round(x, 2) for x in src.bbox]
    return out


def _prov(prov: dict, path: str, v: Value) -> Any:
    entry = _src(v.source) or {}
    if v.raw is not None and v.source is None:
        entry["text"] = v.raw
    if v.ambiguous:
        entry["ambiguous"] = True
        if v.candidates:
            entry["candidates"] = list(v.candidates)
    if v.note:
        entry["note"] = v.note
    if entry:
        prov[path] = entry
    return v.value


def to_dict(report: AnnualReport) -> dict[str, Any]:
    prov: dict[str, Any] = {}
    for key, src in report.meta_sources.items():
        prov[key] = _src(src)
    table_a = None
    if report.table_a is not None:
        table_a = {row: {col: _prov(prov, f"table_a.{row}.{col}", v) for col, v in cells.items()}
                   for row, cells in report.table_a.items()}
    table_b = None
    if report.table_b is not None:
        table_b = {"rows": {key: (None if report.table_b.get(key) is None else
                                  [_prov(prov, f"table_b.{key}.{i}", v) for i, v in enumerate(report.table_b[key])])
                            for key in TABLE_B_KEYS}}
    table_c = None
    if report.table_c is not None:
        table_c = [_prov(prov, f"table_c.{i}", v) for i, v in enumerate(report.table_c)]
    legacy = None
    if report.legacy is not None:
        legacy = []
        for i, item in enumerate(report.legacy):
            legacy.append({
                "key": item.key, "label": item.label, "unit": item.unit,
                "value": _prov(prov, f"legacy.{i}.value", item.value),
                "cumulative": None if item.cumulative is None else _prov(prov, f"legacy.{i}.cumulative", item.cumulative),
            })
    return {
        "schema": SCHEMA_VERSION,
        "format_version": report.format_version,
        "agency": report.agency,
        "region": report.region,
        "year": report.year,
        "period": None if report.period is None else {"start": report.period[0], "end": report.period[1]},
        "published": report.published,
        "contact": dict(report.contact),
        "sections": [{"number": s.number, "ordinal": s.ordinal, "title": s.title, "canonical": s.canonical,
                      "lines": [s.start_line, s.end_line]} for s in report.sections],
        "table_a": table_a,
        "table_b": table_b,
        "table_c": table_c,
        "legacy": legacy,
        "extra_rows": [{"table": e.table, "label": e.label, "values": [v.value for v in e.values], "line": e.line}
                       for e in report.extra_rows],
        "figures": [{"kind": f.kind, "value": f.value, "unit": f.unit, "line": f.line, "text": f.text,
                     "approximate": f.approximate} for f in report.figures],
        "texts": dict(report.texts),
        "prose": [[line, text] for line, text in report.prose],
        "labels": dict(report.labels),
        "provenance": prov,
        "problems": [{"code": p.code, "message": p.message, "path": p.path, "line": p.line} for p in report.problems],
        "reading": dict(report.reading),
        "source": dict(report.source),
    }


def dumps(report: AnnualReport, indent: int | None = 2) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)


def _value(prov: dict, path: str, number: Any) -> Value:
    p = prov.get(path) or {}
    src = None
    if "line" in p or "page" in p:
        bbox = p.get("bbox")
        src = Source(p.get("line"), p.get("column"), p.get("text"), p.get("page"), tuple(bbox) if bbox else None)
    raw = p.get("text") if p else (None if number is None else str(number))
    return Value(number, raw, src, bool(p.get("ambiguous")), p.get("note"), p.get("candidates"))


def from_dict(data: dict[str, Any]) -> AnnualReport:
    prov = data.get("provenance") or {}
    r = AnnualReport(
        format_version=data.get("format_version"), agency=data.get("agency"), region=data.get("region"),
        year=data.get("year"), published=data.get("published"), contact=dict(data.get("contact") or {}),
        source=dict(data.get("source") or {}),
    )
    if data.get("period"):
        r.period = (data["period"]["start"], data["period"]["end"])
    for s in data.get("sections") or []:
        r.sections.append(Section(s["number"], s["ordinal"], s["title"], s.get("canonical"), *s["lines"]))
    if data.get("table_a") is not None:
        r.table_a = {row: {col: _value(prov, f"table_a.{row}.{col}", n) for col, n in cells.items()}
                     for row, cells in data["table_a"].items()}
    if data.get("table_b") is not None:
        rows = data["table_b"]["rows"]
        r.table_b = {key: (None if rows.get(key) is None else
                           [_value(prov, f"table_b.{key}.{i}", n) for i, n in enumerate(rows[key])])
                     for key in TABLE_B_KEYS}
    if data.get("table_c") is not None:
        r.table_c = [_value(prov, f"table_c.{i}", n) for i, n in enumerate(data["table_c"])]
    if data.get("legacy") is not None:
        r.legacy = [LegacyItem(it.get("key"), it["label"], it.get("unit"), _value(prov, f"legacy.{i}.value", it["value"]),
                               None if it.get("cumulative") is None and f"legacy.{i}.cumulative" not in prov
                               else _value(prov, f"legacy.{i}.cumulative", it.get("cumulative")))
                    for i, it in enumerate(data["legacy"])]
    for e in data.get("extra_rows") or []:
        r.extra_rows.append(ExtraRow(e["table"], e["label"], [Value(v, None if v is None else str(v)) for v in e["values"]],
                                     e.get("line")))
    for f in data.get("figures") or []:
        r.figures.append(Figure(f["kind"], f["value"], f["unit"], f["line"], f["text"], f.get("approximate", False)))
    r.prose = [(line, text) for line, text in data.get("prose") or []]
    r.texts = dict(data.get("texts") or {})
    r.labels = dict(data.get("labels") or {})
    r.reading = dict(data.get("reading") or {})
    for p in data.get("problems") or []:
        r.problems.append(Problem(p["code"], p["message"], p.get("path"), p.get("line")))
    for key, p in prov.items():
        if not key.startswith(("table_", "legacy.")) and p:
            bbox = p.get("bbox")
            r.meta_sources[key] = Source(p.get("line"), p.get("column"), p.get("text"), p.get("page"),
                                         tuple(bbox) if bbox else None)
    return r


def loads(text: str) -> AnnualReport:
    return from_dict(json.loads(text))


def schema() -> dict[str, Any]:
    """The JSON Schema of `to_dict`'s output."""
    return json.loads(resources.files(__package__).joinpath("schema/extract.schema.json").read_text("utf-8"))


__all__ = ["to_dict", "from_dict", "dumps", "loads", "schema", "TABLE_C_KEYS"]
