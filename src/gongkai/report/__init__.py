"""The report model, its catalog of statutory labels, identities and JSON form."""

from .model import AnnualReport, ExtraRow, Figure, LegacyItem, Problem, Section, Source, Value

__all__ = ["AnnualReport", "ExtraRow", "Figure", "LegacyItem", "Problem", "Section", "Source", "Value"]
