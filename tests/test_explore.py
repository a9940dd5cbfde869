"""`gongkai explore`: a batch's results in Datasette — tables named in Chinese, facets, search
over findings and agency names, CSV per query — from OUT/gongkai.sqlite, read-only."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

from gongkai.batch import explore
from gongkai.cli import main
from test_batch_agencies import corpus  # noqa: F401  (the fixture)


@pytest.fixture
def out(corpus, tmp_path):  # noqa: F811
    out = tmp_path / "out"
    assert main(["batch", str(corpus), "--out", str(out), "--quiet"]) in (0, 1)
    return out


def get(ds, path):
    return asyncio.run(ds.client.get(path))


def test_the_batch_writes_its_results_beside_its_database_for_exploring(out):
    db = sqlite3.connect(out / explore.SQLITE_NAME)
    assert db.execute("select count(*) from reports").fetchone() == (4,)
    assert db.execute("select agency, province, city, agency_level from reports where agency_code = '331000'"
                      ).fetchall() == [("台州市财政局", "浙江省", "台州市", "市"), ("台州市财政局", "浙江省", "台州市", "市")]
    assert db.execute("select count(*) from findings").fetchone() == db.execute(
        "select count(*) from findings f join reports r using (report_id)").fetchone()
    assert db.execute("select printed, agency from agencies order by printed").fetchall() == [
        ("北京市朝阳区教育局", "北京市朝阳区教育局"), ("台州市财政局", "台州市财政局"),
        ("朝阳区教育局", "朝阳区教育局"), ("浙江省台州市财政局", "台州市财政局")]
    meta = json.loads((out / explore.METADATA_NAME).read_text(encoding="utf-8"))
    reports = meta["databases"]["gongkai"]["tables"]["reports"]
    assert reports["title"] == "报告"
    assert reports["columns"]["agency_code"] == "行政区划代码（GB/T 2260）"
    every = {t: {c for c, *_ in cols} for t, cols in explore.COLUMNS.items()}
    assert all(set(meta["databases"]["gongkai"]["tables"][t]["columns"]) == cols for t, cols in every.items())


def test_facets_search_and_csv_from_datasette(out):
    ds = explore.datasette(str(out))
    page = get(ds, "/gongkai/reports")
    assert page.status_code == 200 and "<h1>报告</h1>" in page.text
    faceted = get(ds, "/gongkai/reports.json?_facet=year&_facet=province&_shape=objects").json()
    years = {f["value"]: f["count"] for f in faceted["facet_results"]["year"]["results"]}
    assert years == {2024: 3, 2023: 1}
    provinces = {f["value"]: f["count"] for f in faceted["facet_results"]["province"]["results"]}
    assert provinces == {"浙江省": 2, "北京市": 1}  # 朝阳区教育局: no province until confirmed
    found = get(ds, "/gongkai/reports.json?_search=朝阳区教育&_shape=array").json()
    assert sorted(r["agency"] for r in found) == ["北京市朝阳区教育局", "朝阳区教育局"]
    csv = get(ds, "/gongkai/reports.csv?agency__contains=台州&_col=agency")
    lines = csv.text.splitlines()
    assert lines[0] == "report_id,agency" and [line.split(",")[1] for line in lines[1:]] == ["台州市财政局"] * 2
    rule = get(ds, "/gongkai/findings.json?_facet=rule&_facet=agency_level&_shape=objects").json()
    assert {f["value"]: f["count"] for f in rule["facet_results"]["rule"]["results"]} == {"B-ROW-TOTAL": 2}
    assert get(ds, "/gongkai/reports.json?_search=朝阳&_shape=array").json() == []  # two characters: no trigram
    refused = asyncio.run(ds.client.post("/gongkai/-/query", data={"sql": "delete from reports"}))
    assert refused.status_code in (403, 404, 405)
    assert sqlite3.connect(out / explore.SQLITE_NAME).execute("select count(*) from reports").fetchone() == (4,)


def test_a_port_in_use_is_said_before_anything_is_served(out, capsys):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["explore", str(out), "--port", str(port)]) == 2
    assert f"无法在 127.0.0.1:{port} 上提供浏览" in capsys.readouterr().err
