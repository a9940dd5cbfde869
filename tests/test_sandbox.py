"""Untrusted documents read in the sandbox: each limit exceeded is refused by name and
its worker replaced, nothing else affected — on the command line, in a batch (the file
fails alone) and on the web (tests/web/test_reports.py)."""

from __future__ import annotations

import time

import pytest

from gongkai.render.hostile import recursive_pdf, shared_stream_pdf, xml_heavy_docx
from gongkai.sandbox import LimitExceeded, Limits, Pool


def burn():
    while True:
        pass


def wait():
    time.sleep(60)


def hog():
    return b"x" * (300 * 1024 * 1024)


def echo(value):
    return value


def fail():
    raise ValueError("读不出来")


def test_each_limit_is_named_and_its_worker_replaced():
    pool = Pool(1, Limits(memory_mb=200, cpu_seconds=1, wall_seconds=3))
    first = pool._idle[0].process.pid
    with pytest.raises(LimitExceeded, match=r"^读取此文件所需计算时间超过上限（1 秒），已拒绝（exceeds the CPU time limit）$"):
        pool.call(burn)
    assert pool.call(echo, 5) == 5  # a new worker
    assert pool._idle[0].process.pid != first
    with pytest.raises(LimitExceeded, match=r"^读取此文件超过时间上限（3 秒），已拒绝（exceeds the time limit）$"):
        pool.call(wait)
    with pytest.raises(LimitExceeded, match=r"^读取此文件所需内存超过上限（200 MB），已拒绝（exceeds the memory limit）$"):
        pool.call(hog)
    with pytest.raises(ValueError, match="读不出来"):  # an error of the task is the task's, the worker stays
        pool.call(fail)
    assert pool.call(echo, "还在") == "还在"
    pool.close()


def spend(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return seconds


def test_each_document_has_its_own_cpu_time():
    """A warm worker reads one document after another: the CPU limit is each one's, not
    the worker's whole life's."""
    pool = Pool(1, Limits(cpu_seconds=2))
    assert [pool.call(spend, 0.8) for _ in range(4)] == [0.8] * 4  # 3.2 s in all, under 2 s each
    pool.close()


@pytest.mark.parametrize("name, make, message", [
    ("recursive.pdf", recursive_pdf, "读取此文件所需内存超过上限（1024 MB），已拒绝（exceeds the memory limit）"),
    ("shared.pdf", shared_stream_pdf, "PDF 的文字超过 500 万字（读到第 131 页），不像一份年报，已拒绝（too much text for an annual report）"),
    ("heavy.docx", lambda: xml_heavy_docx(40),
     "DOCX 文件异常：正文部分解压后达 36 MB，超过 10 MB 的上限，不像一份年报，已拒绝（document too large）"),
])
def test_documents_that_would_take_the_machine_are_refused_by_name(tmp_path, capsys, name, make, message):
    from gongkai.cli import main

    path = tmp_path / name
    path.write_bytes(make())
    assert main(["extract", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"gongkai: {message}"), err


def test_in_a_batch_the_file_that_exceeds_a_limit_fails_alone(seed, tmp_path):
    from gongkai.batch import Options, run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.pdf").write_bytes(recursive_pdf())
    for prefix in ("000", "002"):
        (folder / f"{prefix}.txt").write_bytes(seed(prefix).read_bytes())
    summary = run_batch([str(folder)], str(tmp_path / "out"), Options(workers=2, chunk=1))
    assert (summary.read, summary.failed) == (2, 1)
    assert [(p.rsplit("/", 1)[-1], why) for p, why in summary.failures] == [
        ("bomb.pdf", "读取此文件所需内存超过上限（1024 MB），已拒绝（exceeds the memory limit）")]


def ignore_sigterm():
    import signal
    signal.signal(signal.SIGTERM, lambda *_: None)  # as a server's worker does: "stop when idle"


def test_a_worker_ends_when_told_whatever_its_parent_does_with_sigterm():
    """A gunicorn worker turns SIGTERM into "stop when idle"; its sandbox workers must not
    inherit that, or the server cannot stop them."""
    import signal
    old = signal.getsignal(signal.SIGTERM)
    ignore_sigterm()
    try:
        pool = Pool(1)
        assert pool.call(echo, 1) == 1  # working: its own handlers are in place
        worker = pool._idle[0].process
        worker.terminate()
        worker.join(5)
        assert worker.exitcode == -signal.SIGTERM
    finally:
        signal.signal(signal.SIGTERM, old)
