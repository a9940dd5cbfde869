"""A batch's results to explore: OUT/gongkai.sqlite, written beside OUT/gongkai.duckdb at the end
of a run, opened read-only in Datasette by `gongkai explore OUT`.

Tables: reports (one row a file, with its agency as the register knows it, province and city),
findings (with their report's agency, year and region, to facet by), rates (the ratios
supervisors compare), cells (every table cell read, where it was printed), agencies (each
printed name and the agency it was taken as), divisions (the GB/T 2260 table). Full-text search
over findings and agency names (SQLite FTS5, by trigrams: any three characters or more; a
shorter word, 台州, by a column's 包含 filter); every column named in Chinese in the metadata
(OUT/datasette.json); the tables' row counts and the file's hash written once
(OUT/gongkai-inspect.json), so that a country's batch opens at once and is never counted again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3

from ..agencies import regions
from .database import connect
from .schema import HEADLINES

SQLITE_NAME = "gongkai.sqlite"
METADATA_NAME = "datasette.json"
INSPECT_NAME = "gongkai-inspect.json"
DATABASE = "gongkai"  # its name in Datasette's addresses: /gongkai/reports

# the columns of each table: (name, SQL type, what it is, in Chinese)
_HEAD = tuple((name, "REAL", label + "（总计列）") for name, _, label in HEADLINES)
COLUMNS = {
    "reports": (
        ("report_id", "TEXT PRIMARY KEY", "报告编号（文件内容摘要）"), ("path", "TEXT", "文件路径"),
        ("form", "TEXT", "文件形式"), ("status", "TEXT", "读取状态：read 已读取，failed 无法读取"),
        ("error_code", "TEXT", "无法读取的原因代码"), ("reason", "TEXT", "无法读取的原因"),
        ("agency", "TEXT", "机关（按机关台账归并后的名称）"), ("agency_as_printed", "TEXT", "报告所载机关名称"),
        ("agency_code", "TEXT", "行政区划代码（GB/T 2260）"), ("province", "TEXT", "省级行政区"),
        ("city", "TEXT", "地级行政区"), ("region", "TEXT", "行政区划"), ("agency_level", "TEXT", "层级（省/市/县/乡）"),
        ("agency_kind", "TEXT", "类别（政府/部门）"), ("agency_score", "REAL", "名称匹配得分（1 为名称相同）"),
        ("agency_why", "TEXT", "名称匹配理由"), ("year", "INTEGER", "年度"), ("format_version", "TEXT", "报表格式"),
        ("published", "TEXT", "发布日期"), ("errors", "INTEGER", "错误数"), ("warnings", "INTEGER", "警告数"),
        ("notices", "INTEGER", "提示数"), ("problems", "INTEGER", "读取时留待核对的问题数"), *_HEAD,
        ("gongkai_version", "TEXT", "读取所用 gongkai 版本")),
    "findings": (
        ("report_id", "TEXT REFERENCES reports(report_id)", "报告编号"), ("agency", "TEXT", "机关"),
        ("year", "INTEGER", "年度"), ("province", "TEXT", "省级行政区"), ("region", "TEXT", "行政区划"),
        ("agency_level", "TEXT", "层级"), ("rule", "TEXT", "规则"), ("severity", "TEXT", "级别：error 错误，warning 警告，notice 提示"),
        ("message", "TEXT", "说明"), ("table", "TEXT", "表格（A 表一，B 表二，C 表三）"), ("row", "TEXT", "行"),
        ("column", "TEXT", "列"), ("line", "INTEGER", "所在行号")),
    "rates": (
        ("report_id", "TEXT REFERENCES reports(report_id)", "报告编号"), ("agency", "TEXT", "机关"),
        ("province", "TEXT", "省级行政区"), ("region", "TEXT", "行政区划"), ("agency_level", "TEXT", "层级"),
        ("year", "INTEGER", "年度"), ("format_version", "TEXT", "报表格式"), ("applications", "REAL", "本年新收申请"),
        ("handled", "REAL", "办理结果总计"), ("grant_rate", "REAL", "予以公开率"),
        ("disclosed_rate", "REAL", "公开率（含部分公开）"), ("reviews", "REAL", "行政复议总计"),
        ("review_correction_rate", "REAL", "行政复议纠错率"), ("lawsuits", "REAL", "行政诉讼总计"),
        ("lawsuit_correction_rate", "REAL", "行政诉讼纠错率"), ("disputes_per_application", "REAL", "每件申请的复议诉讼数"),
        ("errors", "INTEGER", "错误数"), ("warnings", "INTEGER", "警告数")),
    "cells": (
        ("report_id", "TEXT REFERENCES reports(report_id)", "报告编号"), ("cell", "TEXT", "单元格路径"),
        ("table", "TEXT", "表格"), ("row", "TEXT", "行"), ("column", "TEXT", "列"), ("value", "REAL", "数值"),
        ("printed", "TEXT", "原文"), ("line", "INTEGER", "所在行号"), ("page", "INTEGER", "所在页"),
        ("ambiguous", "INTEGER", "未能确定（1：列出候选，待核对）"), ("note", "TEXT", "说明")),
    "agencies": (
        ("printed", "TEXT PRIMARY KEY", "报告所载机关名称"), ("agency", "TEXT", "归并为机关"),
        ("agency_code", "TEXT", "行政区划代码"), ("region", "TEXT", "行政区划"), ("agency_level", "TEXT", "层级"),
        ("agency_kind", "TEXT", "类别"), ("agency_score", "REAL", "匹配得分"), ("agency_why", "TEXT", "理由"),
        ("reports", "INTEGER", "报告数")),
    "divisions": (
        ("code", "TEXT PRIMARY KEY", "行政区划代码（GB/T 2260）"), ("name", "TEXT", "名称"), ("kind", "TEXT", "类型"),
        ("level", "TEXT", "层级"), ("parent", "TEXT REFERENCES divisions(code)", "上级区划代码"),
        ("full_name", "TEXT", "全称")),
}
TITLES = {"reports": "报告", "findings": "检查发现的问题", "rates": "比率（每份报告）", "cells": "单元格",
          "agencies": "机关名称归并", "divisions": "行政区划（GB/T 2260）"}
FACETS = {"reports": ["year", "province", "agency_level", "form", "status"],
          "findings": ["rule", "severity", "year", "province"], "rates": ["year", "province", "agency_level"],
          "agencies": ["agency_level", "agency_kind"], "divisions": ["level", "kind"]}
FTS = {"reports": ("agency", "agency_as_printed", "path"), "findings": ("message", "agency")}
INDEXES = {"reports": ("year", "province", "region", "agency_level", "agency", "form", "status"),
           "findings": ("rule", "severity", "year", "province", "report_id"), "rates": ("year", "province", "agency"),
           "cells": ("report_id",)}

# each table as selected from the batch's database (DuckDB); `divisions` is a table made here
_PLACE = "d.province, d.city"
SELECT = {
    "reports": f"""select r.report_id, r.path, r.form, r.status, r.error_code, r.reason, r.agency, r.agency_as_printed,
        r.agency_code, {_PLACE}, r.region, r.agency_level, r.agency_kind, r.agency_score, r.agency_why, r.year,
        r.format_version, r.published, r.errors, r.warnings, r.notices, r.problems,
        {", ".join("r." + n for n, _, _ in HEADLINES)}, r.gongkai_version
        from reports r left join places d on d.code = r.agency_code order by r.path""",
    "findings": """select f.report_id, r.agency, r.year, d.province, r.region, r.agency_level, f.rule, f.severity,
        f.message, f."table", f."row", f."column", f.line
        from findings f join reports r using (report_id) left join places d on d.code = r.agency_code""",
    "rates": """select t.report_id, t.agency, d.province, t.region, r.agency_level, t.year, t.format_version,
        t.applications, t.handled, t.grant_rate, t.disclosed_rate, t.reviews, t.review_correction_rate, t.lawsuits,
        t.lawsuit_correction_rate, t.disputes_per_application, t.errors, t.warnings
        from rates t join reports r using (report_id) left join places d on d.code = r.agency_code""",
    "cells": """select report_id, cell, "table", "row", "column", value, printed, line, page, ambiguous::int, note
        from cells""",
    "agencies": """select coalesce(agency_as_printed, agency) as printed, any_value(agency), any_value(agency_code),
        any_value(region), any_value(agency_level), any_value(agency_kind), any_value(agency_score),
        any_value(agency_why), count(*) from reports where status = 'read' and coalesce(agency_as_printed, agency)
        is not null group by 1 order by 1""",
}


def _places():
    """code → (province, city) of every division."""
    import pyarrow as pa
    codes, provinces, cities = [], [], []
    for division in regions.divisions():
        chain = regions.chain(division.code)
        codes.append(division.code)
        provinces.append(chain[0].name)
        cities.append(next((r.name for r in chain if r.level == "市"), chain[0].name if len(chain) > 1 else None))
    return pa.table({"code": codes, "province": provinces, "city": cities})


def write(out: str, progress: bool = False) -> str:
    """Write OUT/gongkai.sqlite (beside the old one, then swapped in), its metadata and its
    counts; returns its path."""
    from tqdm import tqdm

    path = os.path.join(out, SQLITE_NAME)
    tmp = os.path.join(out, f".tmp-{SQLITE_NAME}")
    if os.path.exists(tmp):
        os.unlink(tmp)
    con = connect(out)
    con.execute("set enable_progress_bar = false")  # the bar here is ours
    con.register("places", _places())
    db = sqlite3.connect(tmp)
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    counts = {}
    try:
        total = con.execute("select (select count(*) from reports) + (select count(*) from findings)"
                            " + (select count(*) from cells)").fetchall()[0][0]
        bar = tqdm(total=total, unit="行", desc="写入浏览用数据库", disable=not progress, mininterval=0.5)
        for table, columns in COLUMNS.items():
            db.execute(f"create table {table} ({', '.join(f'[{n}] {t}' for n, t, _ in columns)})")
            insert = f"insert into {table} values ({', '.join('?' * len(columns))})"
            if table == "divisions":
                rows = [(r.code, r.name, r.kind, r.level, r.parent, regions.full_name(r.code))
                        for r in regions.divisions()]
                db.executemany(insert, rows)
                counts[table] = len(rows)
                continue
            reader = con.sql(SELECT[table]).to_arrow_reader(50_000)
            n = 0
            for batch in reader:
                rows = list(zip(*(col.to_pylist() for col in batch.columns)))
                db.executemany(insert, rows)
                n += len(rows)
                if table in ("reports", "findings", "cells"):
                    bar.update(len(rows))
            counts[table] = n
        bar.close()
        for table, columns in INDEXES.items():
            for c in columns:
                db.execute(f"create index {table}_{c} on {table} ([{c}])")
        for table, columns in FTS.items():
            cols = ", ".join(columns)
            # trigrams: Chinese has no spaces between words, so any three characters are searched for
            db.execute(f"create virtual table {table}_fts using fts5({cols}, content='{table}', content_rowid='rowid', "
                       "tokenize='trigram')")
            db.execute(f"insert into {table}_fts (rowid, {cols}) select rowid, {cols} from {table}")
            counts[f"{table}_fts"] = counts[table]
        db.execute("analyze")
        db.commit()
    finally:
        db.close()
        con.close()
    os.replace(tmp, path)
    _write_json(os.path.join(out, METADATA_NAME), metadata(out))
    _write_json(os.path.join(out, INSPECT_NAME), {DATABASE: {
        "hash": _hash(path), "size": os.path.getsize(path), "file": SQLITE_NAME,
        "tables": {t: {"count": n} for t, n in counts.items()}}})
    return path


def _hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _write_json(path: str, data) -> None:
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
    os.replace(path + ".tmp", path)


def metadata(out: str) -> dict:
    """Datasette's metadata: every table and column named in Chinese, the facets a table opens
    with, its full-text search, and how a report is labelled where another table points to it."""
    tables = {}
    for table, columns in COLUMNS.items():
        described = {n: zh for n, _, zh in columns}
        listing = "；".join(f"{n}：{zh}" for n, _, zh in columns)
        spec = {"title": TITLES[table], "description": f"各列：{listing}", "columns": described,
                "facets": FACETS.get(table, []), "sortable_columns": [n for n, _, _ in columns]}
        if table in FTS:
            spec.update(fts_table=f"{table}_fts", fts_pk="rowid")
        if table == "reports":
            spec["label_column"] = "agency"
        tables[table] = spec
    return {
        "title": "gongkai 批处理结果",
        "description": f"政府信息公开工作年度报告的读取与检查结果（{os.path.abspath(out)}）。"
                       "按年度、省份、层级、形式分面浏览，搜索机关名称与问题说明，每个查询可导出 CSV/JSON，地址可分享。",
        "databases": {DATABASE: {"title": "年报读取与检查结果", "tables": tables}},
    }


def datasette(out: str, progress: bool = False):
    """Datasette over OUT/gongkai.sqlite, read-only (written first when missing or older than
    the batch's results), started and ready to serve."""
    import asyncio

    from datasette.app import Datasette

    path = os.path.join(out, SQLITE_NAME)
    newest = max((e.stat().st_mtime for e in os.scandir(os.path.join(out, "reports"))), default=0)
    if not os.path.exists(path) or not os.path.exists(os.path.join(out, INSPECT_NAME)) \
            or os.path.getmtime(path) < newest:
        write(out, progress)
    with open(os.path.join(out, INSPECT_NAME), encoding="utf-8") as f:
        inspected = json.load(f)
    inspected[DATABASE]["file"] = path
    ds = Datasette(immutables=[path], inspect_data=inspected, metadata=metadata(out),
                   settings={"default_page_size": 50, "sql_time_limit_ms": 5000, "facet_time_limit_ms": 2000,
                             "max_csv_mb": 0, "allow_download": False, "suggest_facets": False})
    asyncio.run(ds.invoke_startup())
    return ds


__all__ = ["datasette", "write", "metadata", "SQLITE_NAME", "METADATA_NAME", "INSPECT_NAME", "DATABASE"]
