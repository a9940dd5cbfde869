"""The agencies a batch's reports name, as one register.

A register given to the batch (`--agencies FILE`) is matched in every worker (`work.py`).
The names it does not make certain — all of them, when none is given — are then put
together here: a name certain to be an agency already met (台州市科技局 and
台州市科学技术局) is that agency, so that its years are compared and it is summed once;
any other is an agency of its own, and where it may mean another (朝阳区教育局 beside
北京市朝阳区教育局) it is listed in OUT/待确认机关.csv with its candidates — never taken
by a guess. A name confirmed there goes into the register file as an alias
(`gongkai agencies confirm`), and the next run takes it.

    OUT/agencies.parquet   printed name → the agency, its division, level, kind, score, why
"""

from __future__ import annotations

import csv
import os
from dataclasses import replace

import pyarrow as pa
import pyarrow.parquet as pq

from ..agencies import THRESHOLD, Register

FILE = "agencies.parquet"
UNSURE_FILE = "待确认机关.csv"
SCHEMA = pa.schema([("printed", pa.string()), ("agency", pa.string()), ("agency_code", pa.string()),
                    ("region", pa.string()), ("agency_level", pa.string()), ("agency_kind", pa.string()),
                    ("agency_score", pa.float64()), ("agency_why", pa.string())])


def resolve(store, register: Register | None = None) -> tuple[dict[str, str], int]:
    """Put the names the workers left open together; write OUT/agencies.parquet and the list
    to confirm: ({printed name: the agency's name}, how many names are to confirm)."""
    rows = store.table("reports", ["status", "agency", "agency_as_printed", "agency_score"]).to_pylist()
    names = [r["agency_as_printed"] or r["agency"] for r in rows if r["status"] == "read"
             and (r["agency_as_printed"] or r["agency"]) and (r["agency_score"] or 0) < THRESHOLD]
    known = Register([replace(a, aliases=list(a.aliases)) for a in register]) if register is not None else None
    grouped, unsure = Register.from_names(names, known)
    open_ = dict(unsure)
    out, meant = [], {}
    for name in dict.fromkeys(names):
        agency = grouped.get(name)
        m = open_.get(name)
        if m is not None:
            score, why = m.score, "需人工确认：" + "；".join(f"{c.name}（{c.score:.2f}，{c.why}）" for c in m.candidates)
        elif agency.name != name or name in agency.aliases:
            score, why = grouped.match(name).score, "与 " + agency.name + " 为同一机关：" + grouped.match(name).why
        else:
            score, why = None, "台账中没有此机关" if register is not None else "没有与之相同的其他名称"
        meant[name] = agency.name
        out.append({"printed": name, "agency": agency.name, "agency_code": agency.code, "region": agency.region,
                    "agency_level": agency.level, "agency_kind": agency.kind, "agency_score": score,
                    "agency_why": why})
    path = os.path.join(store.out, FILE)
    pq.write_table(pa.Table.from_pylist(out, schema=SCHEMA), path + ".tmp")
    os.replace(path + ".tmp", path)
    _write_unsure(os.path.join(store.out, UNSURE_FILE), unsure)
    return meant, len(unsure)


def _write_unsure(path: str, unsure) -> None:
    if not unsure:
        if os.path.exists(path):
            os.unlink(path)
        return
    with open(path + ".tmp", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(("报告所载机关名称", "可能是", "得分", "理由", "其他候选"))
        for name, m in unsure:
            best, *rest = m.candidates
            w.writerow((name, best.name, f"{best.score:.2f}", best.why,
                        "；".join(f"{c.name}（{c.score:.2f}）" for c in rest)))
    os.replace(path + ".tmp", path)


__all__ = ["FILE", "UNSURE_FILE", "resolve"]
