"""Helpers the tests share."""

from __future__ import annotations


def essentials(d: dict, figures: bool = True) -> dict:
    """What must survive a round trip: metadata, every table cell, the narrative figures."""
    out = {k: d[k] for k in ("format_version", "agency", "region", "year", "period", "table_a", "table_b", "table_c")}
    out["legacy"] = None if d["legacy"] is None else [(i["key"], i["label"], i["unit"], i["value"]) for i in d["legacy"]]
    if figures and d["format_version"] != "legacy":
        out["figures"] = sorted((f["kind"], f["value"]) for f in d["figures"])
    return out
