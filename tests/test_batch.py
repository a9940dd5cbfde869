"""gongkai batch: inputs of every kind, failure isolation, resumption, identical
results on one process, local processes and a local Dask cluster, and its outputs."""

from __future__ import annotations

import glob
import io
import zipfile

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from gongkai.batch import Options, run_batch
from gongkai.batch.database import build
from gongkai.batch.run import digest
from gongkai.batch.store import Store
from gongkai.batch.workbook import write
from gongkai.cli import main
from gongkai.render.text import TextStyle, render_text
from gongkai.report.sample import sample_report

NOT_A_REPORT = "会议纪要\n一、会议议题\n关于办公用房调整的事项。\n".encode()


def report_text(seed: int, **kw) -> bytes:
    return render_text(sample_report(seed, **kw), TextStyle(shape="tabbed")).encode("utf-8")


@pytest.fixture
def corpus(tmp_path):
    """8 reports in two folders, 3 bad files, and a zip of 3 more reports (one of them
    under a GBK name without the UTF-8 flag, as Chinese Windows tools write)."""
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    (root / "b" / "c").mkdir(parents=True)
    for i in range(4):
        (root / "a" / f"r{i}.txt").write_bytes(report_text(i))
        (root / "b" / "c" / f"s{i}.txt").write_bytes(report_text(100 + i))
    (root / "a" / "empty.txt").write_bytes(b"")
    (root / "a" / "binary.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (root / "b" / "minutes.txt").write_bytes(NOT_A_REPORT)
    (root / "b" / "photo.heic").write_bytes(b"\x00\x00\x00\x18ftypheic")  # not looked for in a folder
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("x/t0.txt", report_text(200))
        z.writestr("x/t1.txt", report_text(201))
        z.writestr("abcd.txt", report_text(202))
    # the name as GBK bytes, without the UTF-8 flag
    (root / "archive.zip").write_bytes(buf.getvalue().replace(b"abcd.txt", "年报.txt".encode("gb18030")))
    return root


def rows(out, name: str) -> list[dict]:
    parts = sorted(glob.glob(str(out / name / "part-*.parquet")))
    return pa.concat_tables([pq.read_table(p) for p in parts]).to_pylist() if parts else []


def test_batch_reads_folders_globs_and_archives_and_lists_each_failure_with_its_reason(corpus, tmp_path):
    out = tmp_path / "out"
    summary = run_batch([str(corpus / "a"), str(corpus / "b"), str(corpus / "archive.zip")], str(out))
    assert (summary.total, summary.read, summary.failed, summary.skipped) == (14, 11, 3, 0)
    reports = rows(out, "reports")
    assert [r["path"].replace(str(corpus) + "/", "") for r in reports] == [
        "a/binary.pdf", "a/empty.txt", "a/r0.txt", "a/r1.txt", "a/r2.txt", "a/r3.txt",
        "b/minutes.txt", "b/c/s0.txt", "b/c/s1.txt", "b/c/s2.txt", "b/c/s3.txt",
        "archive.zip!x/t0.txt", "archive.zip!x/t1.txt", "archive.zip!年报.txt"]
    failed = {r["path"].rsplit("/", 1)[-1]: (r["error_code"], r["reason"]) for r in reports if r["status"] == "failed"}
    assert failed["empty.txt"] == ("unreadable", "文件为空（empty file）")
    assert failed["minutes.txt"][0] == "not_a_report"
    assert failed["binary.pdf"][0] == "unreadable"
    assert [r["report_id"] for r in reports[2:3]] == [digest((corpus / "a" / "r0.txt").read_bytes())]
    # a glob names the same files
    again = run_batch([str(corpus / "b" / "**" / "*.txt")], str(tmp_path / "out2"))
    assert (again.total, again.read, again.failed) == (5, 4, 1)


def test_archives_inside_archives_and_a_damaged_archive(corpus, tmp_path):
    inner = (corpus / "archive.zip").read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("2023/县区.zip", inner)
        z.writestr("2023/说明.docx", b"PK\x03\x04 not really a document")
    (tmp_path / "outer.zip").write_bytes(buf.getvalue())
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04" + bytes(100))
    summary = run_batch([str(tmp_path / "outer.zip"), str(tmp_path / "broken.zip")], str(tmp_path / "out"))
    reports = rows(tmp_path / "out", "reports")
    assert [r["path"].replace(str(tmp_path) + "/", "") for r in reports] == [
        "outer.zip!2023/县区.zip!x/t0.txt", "outer.zip!2023/县区.zip!x/t1.txt", "outer.zip!2023/县区.zip!年报.txt",
        "outer.zip!2023/说明.docx", "broken.zip"]
    assert (summary.read, summary.failed) == (3, 2)
    assert reports[-1]["reason"].startswith("压缩包损坏，无法打开（damaged zip archive")


def test_cells_carry_values_and_provenance_of_each_report(corpus, tmp_path):
    out = tmp_path / "out"
    run_batch([str(corpus / "a" / "r0.txt")], str(out))
    model = sample_report(0)
    cells = {c["cell"]: c for c in rows(out, "cells")}
    assert len(cells) == sum(1 for _ in model.cells())
    total = cells["table_b.total.6"]
    assert (total["table"], total["row"], total["column"], total["value"]) == ("B", "total", "total", model.b("total")[6])
    assert total["printed"] == str(model.b("total")[6]) and total["line"] > 0
    report = rows(out, "reports")[0]
    assert (report["agency"], report["year"], report["applications"]) == (model.agency, model.year,
                                                                         model.b("new_received")[6])


def test_a_file_that_breaks_the_reader_fails_alone(corpus, tmp_path, monkeypatch):
    import gongkai.batch.work as work
    real = work.load_bytes

    def flaky(data, name=""):
        if name.endswith("r1.txt"):
            raise ValueError("boom")
        return real(data, name)
    monkeypatch.setattr(work, "load_bytes", flaky)
    summary = run_batch([str(corpus / "a")], str(tmp_path / "out"))
    assert (summary.read, summary.failed) == (3, 3)
    assert [(p.rsplit("/", 1)[-1], why) for p, why in summary.failures if p.endswith("r1.txt")] == [
        ("r1.txt", "读取时出错（internal error: ValueError: boom）")]


def crashing_chunk(items, register=None):
    """A worker that dies the way a crash in a native library kills it."""
    import os

    from gongkai.batch.work import process_chunk
    if any(path.endswith("r1.txt") for _, path, _ in items):
        os._exit(1)
    return process_chunk(items, register)


def crashing_process(report_id, path, data, register=None):
    import os

    from gongkai.batch.work import process
    if path.endswith("r1.txt"):
        os._exit(1)
    return process(report_id, path, data, register=register)


def test_a_file_that_kills_its_worker_process_fails_alone(corpus, tmp_path, monkeypatch):
    import gongkai.batch.run as run
    monkeypatch.setattr(run, "process_chunk", crashing_chunk)
    monkeypatch.setattr(run, "process", crashing_process)
    summary = run_batch([str(corpus)], str(tmp_path / "out"), Options(workers=2, chunk=2))
    assert (summary.read, summary.failed) == (10, 4)
    crashed = [(p.rsplit("/", 1)[-1], why) for p, why in summary.failures if p.endswith("r1.txt")]
    assert crashed == [("r1.txt", "读取此文件时读取进程异常退出，已拒绝（the reading process stopped）")]
    assert len(rows(tmp_path / "out", "reports")) == 14


def test_a_stopped_batch_resumes_where_it_stopped_and_skips_what_is_done(corpus, tmp_path, monkeypatch):
    """Stopped (Ctrl-C) after six files were read: those six are kept — four in the part
    written on the way, two flushed on stopping — and the next run reads the other eight."""
    from gongkai.batch.store import Store
    whole = tmp_path / "whole"
    run_batch([str(corpus)], str(whole))
    out = tmp_path / "out"
    real, calls = Store.add, []

    def stop_at_seventh(self, tables):
        calls.append(1)
        if len(calls) == 7:
            raise KeyboardInterrupt
        return real(self, tables)
    monkeypatch.setattr(Store, "add", stop_at_seventh)
    with pytest.raises(KeyboardInterrupt):
        run_batch([str(corpus)], str(out), Options(chunk=1, flush_every=4))
    monkeypatch.setattr(Store, "add", real)
    assert len(rows(out, "reports")) == 6
    summary = run_batch([str(corpus)], str(out), Options(chunk=1, flush_every=4))
    assert (summary.skipped, summary.read + summary.failed) == (6, 8)
    for name in ("reports", "cells", "findings", "models"):
        assert sorted(map(repr, rows(out, name))) == sorted(map(repr, rows(whole, name)))
    third = run_batch([str(corpus)], str(out))
    assert (third.skipped, third.read, third.failed) == (14, 0, 0)


def test_a_part_left_half_written_is_removed_and_its_files_read_again(corpus, tmp_path):
    out = tmp_path / "out"
    run_batch([str(corpus / "a")], str(out))
    orphan = out / "cells" / "part-000002.parquet"
    orphan.write_bytes((out / "cells" / "part-000001.parquet").read_bytes())
    Store(str(out)).close()
    assert not orphan.exists()


def test_same_content_twice_is_read_once(corpus, tmp_path):
    (corpus / "a" / "copy.txt").write_bytes((corpus / "a" / "r0.txt").read_bytes())
    summary = run_batch([str(corpus / "a")], str(tmp_path / "out"))
    assert (summary.total, summary.read, summary.failed, summary.duplicates) == (7, 4, 2, 1)
    reports = rows(tmp_path / "out", "reports")
    assert len(reports) == len({r["report_id"] for r in reports}) == 6


def rows_of_run(corpus, out) -> list[dict]:
    run_batch([str(corpus)], str(out))
    return rows(out, "reports")


def dataset(out) -> dict[str, list]:
    return {name: rows(out, name) for name in ("reports", "cells", "findings", "models")}


def test_local_processes_and_a_dask_cluster_give_identical_results(corpus, tmp_path):
    """— with the register of agencies sent to every worker: each report's agency as it says."""
    from distributed import LocalCluster

    from gongkai.agencies import Agency, Register
    names = sorted({r["agency"] for r in rows_of_run(corpus, tmp_path / "plain") if r["agency"]})
    register = Register(Agency(n + "（台账）", aliases=[n]) for n in names)
    one = run_batch([str(corpus)], str(tmp_path / "one"), Options(chunk=2, register=register))
    two = run_batch([str(corpus)], str(tmp_path / "two"), Options(workers=2, chunk=2, register=register))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dask = run_batch([str(corpus)], str(tmp_path / "dask"),
                         Options(scheduler=cluster.scheduler_address, chunk=2, register=register))
    assert (one.read, one.failed) == (two.read, two.failed) == (dask.read, dask.failed) == (11, 3)
    expected = dataset(tmp_path / "one")
    assert sum(len(v) for v in expected.values()) > 1000
    assert sorted({r["agency"] for r in expected["reports"] if r["agency"]}) == [n + "（台账）" for n in names]
    assert dataset(tmp_path / "two") == expected
    assert dataset(tmp_path / "dask") == expected


def test_an_unreachable_scheduler_is_a_clear_error(corpus, tmp_path, capsys):
    assert main(["batch", str(corpus / "a"), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "无法连接 Dask 调度器" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_missing_input_stops_before_any_work(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.strip() == f"gongkai: 找不到输入（no such file or folder）：{tmp_path / 'nowhere'}"
    assert not (tmp_path / "o").exists()
    (tmp_path / "empty").mkdir()
    assert main(["batch", str(tmp_path / "empty"), "--out", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.strip() == ("gongkai: 输入中没有年报文件（PDF、DOCX、HTML、文本、zip 压缩包等）"
                                               f"（no report files in the input）：{tmp_path / 'empty'}")
    assert not (tmp_path / "o").exists()


def test_database_and_workbook_over_the_parts(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["batch", str(corpus), "--out", str(out), "--workers", "1"]) == 2  # some files cannot be read
    printed = capsys.readouterr().out
    assert printed.startswith("读取与检查：共 14 份，本次读取 11 份，无法读取 3 份；")
    con = duckdb.connect(str(out / "gongkai.duckdb"), read_only=True)
    assert con.execute("select count(*) from reports").fetchone()[0] == 14
    assert con.execute("select count(*) from cells").fetchone()[0] == len(rows(out, "cells"))
    model = sample_report(0)
    grant, handled = con.execute("select grant_rate, handled from rates where path like '%a/r0.txt'").fetchone()
    b = model.b("total")[6]
    assert handled == b and grant == (model.b("granted")[6] / b if b else None)
    wb = load_workbook(out / "汇总.xlsx", read_only=True)
    assert wb.sheetnames == ["概况", "报告", "问题", "问题明细", "无法读取"]
    overview = {r[0]: r[1] for r in wb["概况"].iter_rows(min_row=2, values_only=True)}
    assert (overview["文件（份）"], overview["读取成功"], overview["无法读取"]) == (14, 11, 3)
    failed = [r for r in wb["无法读取"].iter_rows(min_row=2, values_only=True)]
    assert [p.rsplit("/", 1)[-1] for p, _ in failed] == ["binary.pdf", "empty.txt", "minutes.txt"]
    assert len(list(wb["报告"].iter_rows(min_row=2))) == 14
    # findings in words first: the severity and the message, the rule code last
    assert next(wb["问题明细"].iter_rows(max_row=1, values_only=True)) == ("文件", "机关", "年度", "级别", "说明", "规则代码")
    assert next(wb["问题"].iter_rows(max_row=1, values_only=True)) == ("问题", "级别", "涉及报告数", "次数", "规则代码")


def test_outputs_are_rebuilt_whole_after_a_resumed_run(corpus, tmp_path):
    out = tmp_path / "out"
    run_batch([str(corpus / "a")], str(out))
    run_batch([str(corpus / "b")], str(out))
    con = duckdb.connect(build(str(out)), read_only=True)
    assert con.execute("select count(*) from reports").fetchone()[0] == 11
    con.close()
    write(str(out))
    assert len(list(load_workbook(out / "汇总.xlsx", read_only=True)["报告"].iter_rows(min_row=2))) == 11


def test_an_output_that_is_a_file_or_busy_is_refused(corpus, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["batch", str(corpus / "a"), "--out", str(tmp_path / "file")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"gongkai: 输出位置是一个文件，不是文件夹（the output is a file, not a folder）：{tmp_path / 'file'}")
    holder = Store(str(tmp_path / "out"))
    try:
        assert main(["batch", str(corpus / "a"), "--out", str(tmp_path / "out")]) == 2
        assert "另一个批处理正在写入此目录" in capsys.readouterr().err
    finally:
        holder.close()


def test_names_that_look_like_formulas_stay_text_in_workbooks(tmp_path):
    import openpyxl

    from gongkai.batch.workbook import write_sheets

    path = tmp_path / "汇总.xlsx"
    name = '=HYPERLINK("http://127.0.0.1/x","打开")'
    write_sheets(str(path), [("报告", ["文件", "机关", "份数"], [20, 20, 8], [[name, "=1+1", 3]])])
    row = [(c.value, c.data_type) for c in next(openpyxl.load_workbook(path).active.iter_rows(min_row=2))]
    assert row == [(name, "s"), ("=1+1", "s"), (3, "n")]


def test_a_file_that_takes_too_long_fails_alone(monkeypatch):
    import time

    from gongkai.batch import work

    def slow(data, name=""):
        if b"slow" in data:
            time.sleep(30)
        return real(data, name)

    real = work.load_bytes
    monkeypatch.setattr(work, "load_bytes", slow)
    monkeypatch.setattr(work, "FILE_SECONDS", 1)
    text = "示例市科学技术局2023年度政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n".encode()
    results = [work.process("a", "slow.txt", b"slow " + text), work.process("b", "ok.txt", text)]
    assert [(r[0]["status"], r[0].get("error_code")) for r in results] == [("failed", "timeout"), ("read", None)]
    assert results[0][0]["reason"] == "读取超过 1 秒，已放弃（timed out）"


def _declare_zip_version(data: bytes, version: int) -> bytes:
    """The archive with every header declaring it needs zip `version` (e.g. 84 = 8.4)."""
    import struct

    out = bytearray(data)
    for sig, at in ((b"PK\x03\x04", 4), (b"PK\x01\x02", 6)):
        i = out.find(sig)
        while i >= 0:
            out[i + at:i + at + 2] = struct.pack("<H", version)
            i = out.find(sig, i + 4)
    return bytes(out)


def test_an_archive_of_a_zip_version_python_cannot_read_fails_alone(tmp_path, capsys):
    import io
    import zipfile

    from gongkai.cli import main

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "一、总体情况\n二、主动公开政府信息情况\n")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "v84.zip").write_bytes(_declare_zip_version(buf.getvalue(), 84))
    (tmp_path / "in" / "v84.docx").write_bytes(_declare_zip_version(buf.getvalue(), 84))
    code = main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet", "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 2
    assert "v84.zip：压缩包损坏，无法打开（damaged zip archive: zip file version 8.4）" in out
    assert "v84.docx：DOCX 文件损坏：不是有效的压缩包（damaged DOCX: zip file version 8.4）" in out


def test_a_resumed_batch_exits_as_its_whole_output(tmp_path, capsys):
    from gongkai.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "a.txt").write_text(render_text(sample_report(1), TextStyle(shape="plain")), "utf-8")
    out = str(tmp_path / "out")
    assert main(["batch", str(folder), "--out", out, "--quiet", "--workers", "1"]) == 2
    capsys.readouterr()
    # nothing new to read: the output still holds an unreadable file
    assert main(["batch", str(folder), "--out", out, "--quiet", "--workers", "1"]) == 2
    assert "无法读取 1 份" in capsys.readouterr().out


def test_a_report_whose_digits_ran_together_is_read_again_with_its_agencys_year_before(tmp_path, capsys):
    """In a batch, last year's report of the same agency decides what this year's text
    cannot (上一年项目数量 = last year's 上一年项目数量 + 本年增/减), and the note says so."""
    import pathlib
    import shutil

    from gongkai.extract import extract_file
    from gongkai.report.jsonio import dumps
    from gongkai.report.model import Value

    real = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus" / "raw" / "040.txt"
    if not real.exists():
        pytest.skip("../shared/corpus is not beside the checkout")
    (tmp_path / "in").mkdir()
    shutil.copy(real, tmp_path / "in" / "2019.txt")
    last = extract_file(real)
    last.year -= 1
    for row, items in (("licensing", 51), ("other_services", 6), ("penalty", 534), ("coercion", 31)):
        last.table_a[row]["previous_items"] = Value(items - 2, str(items - 2))
        last.table_a[row]["change"] = Value(2, "2")
    (tmp_path / "in" / "2018.json").write_text(dumps(last), "utf-8")
    assert main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet", "--workers", "1"]) == 1
    assert "读取与检查：共 2 份，本次读取 2 份，无法读取 0 份，其中 1 份有粘连数字，已按同一机关上年度报告重读" in capsys.readouterr().out
    con = duckdb.connect(str(tmp_path / "out" / "gongkai.duckdb"), read_only=True)
    assert con.execute("select count(*) from reports").fetchone() == (2,)  # read again, kept once
    rows = con.execute("select c.row, c.column, c.value, c.ambiguous from cells c join reports r using (report_id) "
                   "where r.year = 2019 and c.row in ('licensing', 'penalty') order by c.row, c.column").fetchall()
    assert rows == [("licensing", "change", 0.0, False), ("licensing", "decisions", 37.0, False),
                    ("licensing", "previous_items", 51.0, False), ("penalty", "change", 0.0, False),
                    ("penalty", "decisions", 103.0, False), ("penalty", "previous_items", 534.0, False)]
    note = con.execute("select note from cells c join reports r using (report_id) where r.year = 2019 "
                   "and c.row = 'licensing' and c.column = 'previous_items'").fetchone()[0]
    assert note == "由粘连数字“51037”按勾稽关系拆分，并据上年度报告上一年项目数量 49 + 本年增/减 2确定"
    # run again: nothing new, nothing read again
    assert main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet", "--workers", "1"]) == 1
    assert "重读" not in capsys.readouterr().out


@pytest.mark.skipif(__import__("shutil").which("soffice") is None, reason="LibreOffice not installed")
def test_a_scan_in_a_batch_is_recognised_in_the_worker_for_scans(tmp_path, capsys):
    """The workers for text meet a scan and pass it on; it is recognised where the OCR
    engine may run, and kept once, read, beside the text reports."""
    from PIL import Image

    from gongkai.render.pdf import render_pdf
    from gongkai.render.scan import rasterise

    report = sample_report(11, "2021")  # its third page holds the whole of 表二 and 表三
    (tmp_path / "in").mkdir()
    Image.fromarray(rasterise(render_pdf(report), 200)[2]).save(tmp_path / "in" / "表二表三.jpg", quality=85)
    (tmp_path / "in" / "text.txt").write_text(render_text(sample_report(45)), "utf-8")
    assert main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet", "--workers", "1"]) in (0, 1)
    assert "读取与检查：共 2 份，本次读取 2 份，无法读取 0 份" in capsys.readouterr().out
    con = duckdb.connect(str(tmp_path / "out" / "gongkai.duckdb"), read_only=True)
    assert con.execute("select form, status from reports order by form").fetchall() == [("image", "read"),
                                                                                      ("text", "read")]
    got = dict(con.execute("select c.cell, c.value from cells c join reports r using (report_id) "
                           "where r.form = 'image' and c.table = 'B'").fetchall())
    assert got == {path: float(v.value) for path, v in report.cells() if path.startswith("table_b.")}
