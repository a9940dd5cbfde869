"""Run a batch: list the inputs, skip what is done, send chunks of files to workers
(this process, local processes, or a Dask cluster), and write the results in input
order — so that every way of running gives the same output.

Memory stays bounded: files are listed lazily and read when their turn comes, and
only `window` chunks (each at most `chunk_bytes`) are in flight at a time.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import deque
from dataclasses import dataclass, field, replace
from functools import partial

from .. import __version__, sandbox
from ..errors import GongkaiError, UnreadableInput
from ..ingest.ocr import wall_for
from . import inputs
from .agencies import resolve
from .store import Store
from .work import FILE_SECONDS, SCAN, Item, Result, failed, process, process_chunk, tables


class ClusterError(GongkaiError):
    code = "cluster"


@dataclass
class Options:
    workers: int = 1
    scheduler: str | None = None  # a Dask scheduler's address: tcp://host:8786
    chunk: int = 32  # files per task
    chunk_bytes: int = 16 * 1024 * 1024
    flush_every: int = 1000  # reports per Parquet part: what a stop can lose, and what memory holds
    progress: bool | None = None  # None: when stderr is a terminal
    register: object = None  # the register of agencies (gongkai.agencies.Register): sent to every worker


@dataclass
class Summary:
    total: int = 0  # sources found in the inputs
    read: int = 0
    failed: int = 0
    skipped: int = 0  # done in an earlier run
    duplicates: int = 0  # same content as another file of this run
    year_on_year: int = 0  # read again with the same agency's report of the year before
    unsure: int = 0  # agency names that may mean an agency of the register: for a person to confirm
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), this run

    @property
    def processed(self) -> int:
        return self.read + self.failed


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def opened_id(path: str) -> str:
    """The id of a file that could not be opened at all: its name stands for its content."""
    return "path:" + digest(path.encode("utf-8", "surrogatepass"))


class Executor:
    """Where chunks run: in the sandbox's workers on this machine (`sandbox.Pool`, under
    its limits: a file that exceeds one fails alone, naming it), or on a Dask cluster."""

    def __init__(self, options: Options):
        self.options = options
        self.pool = self.client = None
        self.register = options.register
        if options.scheduler:
            self.client = _connect(options.scheduler)
            self.slots = max(1, sum(self.client.nthreads().values()))
            if self.register is not None:  # sent once to every worker, not with every chunk
                self.register = self.client.scatter(self.register, broadcast=True, hash=False)
        else:
            self.pool = sandbox.Pool(options.workers)
            self.slots = options.workers

    def submit(self, items: list[Item]):
        if self.client is not None:
            return self.client.submit(process_chunk, items, self.register, pure=False)
        return self.pool.submit(process_chunk, items, self.register, wall=FILE_SECONDS * len(items))

    def alone(self, item: Item) -> Result:
        """One file on its own, after its chunk was lost with a worker (a limit exceeded,
        a crash in a native library, a killed process): the file that did it is failed,
        with the reason, not the run."""
        try:
            if self.client is not None:
                return self.client.submit(process, *item, register=self.register, pure=False, retries=0).result()
            return self.pool.call(partial(process, register=self.register), *item, wall=FILE_SECONDS)
        except sandbox.LimitExceeded as err:
            return failed(item[0], item[1], len(item[2]), err.code, str(err))
        except Exception as err:
            return failed(item[0], item[1], len(item[2]), "crash",
                          f"读取此文件时工作进程异常退出（the worker stopped while reading it: {type(err).__name__}）")

    def scan(self, item: Item, pages: int) -> Result:
        """A scan, in the sandbox's worker for scans (the OCR engine's address space), with
        the time its pages need; failed alone, with the reason, where it cannot be read."""
        seconds = wall_for(pages, FILE_SECONDS)
        report_id, path, data, *last = item
        try:
            return sandbox.ocr_pool().call(partial(process, register=self.options.register), report_id, path, data,
                                           last[0] if last else None, seconds, wall=seconds + 10)
        except sandbox.LimitExceeded as err:
            return failed(item[0], item[1], len(item[2]), err.code, str(err))
        except Exception as err:
            return failed(item[0], item[1], len(item[2]), "crash",
                          f"识别扫描件时工作进程异常退出（the worker stopped while reading it: {type(err).__name__}）")

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        if self.client is not None:
            self.client.close()


def _connect(address: str):
    try:
        from distributed import Client
        client = Client(address, timeout=10, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise ClusterError(f"无法连接 Dask 调度器（cannot reach the Dask scheduler）：{address}（{err}）") from err
    versions = client.run(_version)
    wrong = {w: v for w, v in versions.items() if v != __version__}
    if not versions:
        client.close()
        raise ClusterError(f"Dask 集群没有工作节点（the cluster has no workers）：{address}")
    if wrong:
        client.close()
        raise ClusterError(f"工作节点的 gongkai 版本与本机（{__version__}）不同（workers run another version）：{wrong}")
    return client


def _version() -> str:
    try:
        from gongkai import __version__
        return __version__
    except ImportError:
        return "未安装 gongkai（not installed）"


def run_batch(given: list[str], out: str, options: Options | None = None) -> Summary:
    options = options or Options()
    inputs.check_inputs(given)
    total = inputs.count(given)
    if total == 0:
        raise inputs.MissingInput("输入中没有年报文件（PDF、DOCX、HTML、文本、zip 压缩包等）"
                                  "（no report files in the input）：" + "、".join(given))
    if total <= options.chunk and not options.scheduler:
        options = replace(options, workers=1)  # one chunk: one worker
    executor = Executor(options)  # a cluster that cannot be reached stops the run before anything is written
    try:
        store = Store(out)
        try:
            return _run(given, store, executor, options, total)
        finally:
            store.close()
    finally:
        executor.close()


def _year_on_year(store: Store, fresh: set[str], meant: dict[str, str]) -> dict[str, str]:
    """The reports with cells left undecided whose agency's report of the year before is in
    the output, each with that report's model JSON: read again with it, the relations across
    years choose among the splits the identities allow. Only pairs with a report read in
    this run (`fresh`): a stopped run resumed does not read again what an earlier run did.
    Only the flagged cells' rows and the models wanted are read from the output. An agency
    is as `meant` (agencies.resolve) says, whatever name it printed."""
    reports = store.table("reports", ["report_id", "status", "agency", "agency_as_printed", "year"]).to_pylist()
    for r in reports:
        r["agency"] = meant.get(r["agency_as_printed"] or "", r["agency"])
    undecided = set(store.table("cells", ["report_id"], filters=[("ambiguous", "==", True)])
                    .column("report_id").to_pylist())
    by_year = {(r["agency"], r["year"]): r["report_id"] for r in reports
               if r["status"] == "read" and r["agency"] and r["year"]}
    wanted = {r["report_id"]: by_year[r["agency"], r["year"] - 1] for r in reports
              if r["report_id"] in undecided and (r["agency"], (r["year"] or 0) - 1) in by_year}
    wanted = {rid: last for rid, last in wanted.items() if rid in fresh or last in fresh}
    if not wanted:
        return {}
    models = store.table("models", filters=[("report_id", "in", sorted(set(wanted.values())))])
    by_id = dict(zip(models.column("report_id").to_pylist(), models.column("model").to_pylist()))
    return {rid: by_id[last] for rid, last in wanted.items() if last in by_id}


def _items(given: list[str], ids: set[str]):
    """The inputs' files whose report ids are among `ids`, read again one at a time."""
    ids = set(ids)
    for source in inputs.sources(given):
        if not ids:
            return
        try:
            data = source.read()
        except UnreadableInput:
            continue
        report_id = digest(data)
        if report_id in ids:
            ids.discard(report_id)
            yield report_id, source.name, data


def _run(given: list[str], store: Store, executor: Executor, options: Options, total: int) -> Summary:
    from tqdm import tqdm

    summary = Summary()
    started = time.perf_counter()
    done = store.done()
    summary.total = total
    bar = tqdm(total=summary.total, unit="份", desc="读取与检查", file=sys.stderr, mininterval=0.5,
               disable=not sys.stderr.isatty() if options.progress is None else not options.progress,
               bar_format="{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                          "[{elapsed}<{remaining}, {rate_fmt}{postfix}]")
    window = executor.slots * 3
    pending: deque[tuple[list[Item], object]] = deque()
    seen_now: set[str] = set()

    def take(items: list[Item], future) -> None:
        try:
            done_tables = future.result()
        except Exception:
            done_tables = tables([executor.alone(item) for item in items])
        keep(done_tables)

    scans: dict[str, int] = {}  # report id → pages: scans to read in the worker for scans

    def keep(done_tables: dict) -> None:
        reports = done_tables["reports"]
        for report_id, path, status, code, reason in zip(*(reports.column(c).to_pylist() for c in (
                "report_id", "path", "status", "error_code", "reason"))):
            if status == "failed" and code == SCAN:
                scans[report_id] = int(reason)
                continue
            if status == "failed":
                summary.failed += 1
                summary.failures.append((path, reason))
            else:
                summary.read += 1
        store.add(done_tables)
        if store.buffered >= options.flush_every:
            store.flush()
        bar.update(reports.num_rows)
        bar.set_postfix_str(f"失败 {summary.failed}" + (f"，跳过 {summary.skipped}" if summary.skipped else ""),
                            refresh=False)

    def send(chunk: list[Item]) -> None:
        pending.append((chunk, executor.submit(chunk)))
        while len(pending) >= window:
            take(*pending.popleft())

    try:
        chunk: list[Item] = []
        size = 0
        for source in inputs.sources(given):
            try:
                data = source.read()
            except UnreadableInput as err:
                report_id = opened_id(source.name)
                if report_id in done:
                    summary.skipped += 1
                    bar.update(1)
                    continue
                done.add(report_id)
                if chunk:  # keep the input order
                    send(chunk)
                    chunk, size = [], 0
                while pending:
                    take(*pending.popleft())
                keep(tables([failed(report_id, source.name, source.size, err.code, str(err))]))
                continue
            report_id = digest(data)
            if report_id in done:
                if report_id in seen_now:
                    summary.duplicates += 1
                else:
                    summary.skipped += 1
                bar.update(1)
                continue
            done.add(report_id)
            seen_now.add(report_id)
            chunk.append((report_id, source.name, data))
            size += len(data)
            if len(chunk) >= options.chunk or size >= options.chunk_bytes:
                send(chunk)
                chunk, size = [], 0
        if chunk:
            send(chunk)
        while pending:
            take(*pending.popleft())
        store.flush()
        if scans:  # recognised one at a time, each with the time its pages need
            bar.set_description_str("识别扫描件")
            store.forget(set(scans))
            for item in _items(given, set(scans)):
                keep(tables([executor.scan(item, scans[item[0]])]))
            store.flush()
        meant, summary.unsure = resolve(store, options.register)
        again = _year_on_year(store, seen_now, meant)
        if again:
            bar.set_description_str("按上年度报告重读")
            store.forget(set(again))
            chunk = []
            for item in _items(given, set(again)):
                item = (*item, again[item[0]])
                if item[0] in scans:
                    keep(tables([executor.scan(item, scans[item[0]])]))
                    continue
                chunk.append(item)
                if len(chunk) >= options.chunk:
                    send(chunk)
                    chunk = []
            if chunk:
                send(chunk)
            while pending:
                take(*pending.popleft())
            summary.read -= len(again)  # counted once, as read again
            summary.year_on_year = len(again)
    finally:
        store.flush()  # what is done stays done, also when stopped (Ctrl-C)
        bar.close()
        summary.seconds = time.perf_counter() - started
    return summary
