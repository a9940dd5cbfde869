"""The batch output folder:

    OUT/reports/part-000001.parquet   one dataset per table (schema.py), written part
    OUT/cells/part-000001.parquet     by part as results come in: each part whole or
    OUT/findings/…  OUT/models/…      not at all, the reports part last
    OUT/gongkai.duckdb                the tables over all parts (rebuilt at the end)
    OUT/汇总.xlsx                     the summary workbook

A part's reports dataset is what marks its files done: a part whose reports file is
missing (the run was stopped while writing it) is removed and its files read again.
"""

from __future__ import annotations

import fcntl
import os
import re

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import GongkaiError
from ..ingest.ocr import NeedsOcr
from .schema import DATASETS

PART = re.compile(r"^part-(\d{6})\.parquet$")
DB_NAME = "gongkai.duckdb"
WORKBOOK_NAME = "汇总.xlsx"


class OutputBusy(GongkaiError):
    code = "busy"


class OutputError(GongkaiError):
    code = "output"


class Store:
    def __init__(self, out: str):
        self.out = out
        if os.path.exists(out) and not os.path.isdir(out):
            raise OutputError(f"输出位置是一个文件，不是文件夹（the output is a file, not a folder）：{out}")
        try:
            for name in DATASETS:
                os.makedirs(os.path.join(out, name), exist_ok=True)
        except OSError as err:
            raise OutputError(f"无法创建输出目录（cannot create the output folder: {err.strerror}）：{out}") from err
        self._lock = open(os.path.join(out, ".lock"), "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            self._lock.close()
            raise OutputBusy(f"另一个批处理正在写入此目录（another batch is writing to {out}）") from err
        done = self._parts("reports")
        for name in DATASETS:  # parts of a write that did not finish
            for number in set(self._parts(name)) - set(done):
                os.unlink(self.part_path(name, number))
        for name in DATASETS:
            for entry in os.scandir(os.path.join(out, name)):
                if entry.name.startswith(".tmp-"):
                    os.unlink(entry.path)
        self.next_part = max(done, default=0) + 1
        self.buffer: list[dict[str, pa.Table]] = []

    def _parts(self, name: str) -> list[int]:
        return sorted(int(m.group(1)) for e in os.scandir(os.path.join(self.out, name)) if (m := PART.match(e.name)))

    def part_path(self, name: str, number: int) -> str:
        return os.path.join(self.out, name, f"part-{number:06d}.parquet")

    def done(self) -> set[str]:
        """Report ids already in the output (a scan a stopped run had not yet recognised is
        not done)."""
        ids: set[str] = set()
        for number in self._parts("reports"):
            table = pq.read_table(self.part_path("reports", number), columns=["report_id", "error_code"])
            ids.update(rid for rid, code in zip(table.column("report_id").to_pylist(),
                                                table.column("error_code").to_pylist()) if code != NeedsOcr.code)
        return ids

    def table(self, name: str, columns: list[str] | None = None, filters=None) -> pa.Table:
        """A dataset's rows over every part written: only `columns`, only the rows that pass
        `filters` (pyarrow's, applied while reading — a country's cells are never all held)."""
        schema = DATASETS[name] if columns is None else pa.schema([DATASETS[name].field(c) for c in columns])
        parts = []
        for n in self._parts(name):
            path = self.part_path(name, n)
            have = set(pq.read_schema(path).names)
            table = pq.read_table(path, columns=[c for c in schema.names if c in have], filters=filters)
            for f in schema:  # a column added since this part was written: empty
                if f.name not in have:
                    table = table.append_column(f, pa.nulls(table.num_rows, f.type))
            parts.append(table.select(schema.names).cast(schema))
        return pa.concat_tables(parts) if parts else schema.empty_table()

    def forget(self, ids: set[str]) -> None:
        """Remove these reports' rows from every part (each part rewritten whole, its reports
        file last): they are about to be written again. Stopped midway, a report is either
        still there or gone — and a report gone is read again by the next run."""
        for number in self._parts("reports"):
            for name in ("reports", "cells", "findings", "models"):  # reports first: the report is undone first
                path = self.part_path(name, number)
                if not os.path.exists(path):
                    continue
                table = pq.read_table(path)
                keep = pa.array([rid not in ids for rid in table.column("report_id").to_pylist()], type=pa.bool_())
                if keep.true_count == table.num_rows:
                    continue
                tmp = os.path.join(os.path.dirname(path), f".tmp-{os.path.basename(path)}")
                try:
                    pq.write_table(table.filter(keep), tmp, compression="zstd")
                    os.replace(tmp, path)
                except OSError as err:
                    if os.path.exists(tmp):
                        os.unlink(tmp)
                    raise OutputError(f"无法写入输出目录（cannot write the output: {err.strerror or err}）：{self.out}") from err

    def add(self, tables: dict[str, pa.Table]) -> None:
        """Keep a chunk's tables (work.tables) until the next flush."""
        self.buffer.append(tables)

    @property
    def buffered(self) -> int:
        """Reports waiting for the next flush."""
        return sum(t["reports"].num_rows for t in self.buffer)

    def flush(self) -> None:
        """Write the buffered results as one part of every dataset (also when there are
        none, so that an empty run still leaves tables with their columns)."""
        if not self.buffer and self._parts("reports"):
            return
        number = self.next_part
        for name in ("cells", "findings", "models", "reports"):  # reports last: it marks the part done
            schema = DATASETS[name]
            table = pa.concat_tables([t[name] for t in self.buffer]) if self.buffer else schema.empty_table()
            path = self.part_path(name, number)
            tmp = os.path.join(os.path.dirname(path), f".tmp-{os.path.basename(path)}")
            try:
                pq.write_table(table, tmp, compression="zstd")
                os.replace(tmp, path)
            except OSError as err:  # a disk full: what was written before stays whole
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise OutputError(f"无法写入输出目录（cannot write the output: {err.strerror or err}）：{self.out}") from err
        self.next_part += 1
        self.buffer = []

    def close(self) -> None:
        self._lock.close()

