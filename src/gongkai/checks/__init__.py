"""Check a report the way an evaluator does: every rule, with evidence.

    findings = check(report, previous=last_years_report)

Families (one module each): arithmetic identities, completeness, format and facts,
narrative against table, across years, outline and wording, extraction confidence. Rules and their
bases are listed in `rules.RULES`.
"""

from __future__ import annotations

from ..report.model import AnnualReport
from . import arithmetic, completeness, confidence, facts, narrative, wording, years
from .rules import ERROR, NOTICE, RULES, SEVERITY_RANK, WARNING, Finding, Rule

FAMILIES = (arithmetic, completeness, facts, narrative, years, wording, confidence)


def check(report: AnnualReport, previous: AnnualReport | None = None) -> list[Finding]:
    """All findings for `report`, worst first, then in the order of the report."""
    findings: list[Finding] = []
    for family in FAMILIES:
        findings += family.check(report, previous)
    return sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], f.line or 0))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def fails(findings: list[Finding], level: str = ERROR) -> bool:
    """Whether any finding is at `level` or worse (`gongkai check --fail-on`)."""
    return any(SEVERITY_RANK[f.severity] <= SEVERITY_RANK[level] for f in findings)


__all__ = ["check", "has_errors", "fails", "Finding", "Rule", "RULES", "ERROR", "WARNING", "NOTICE"]
