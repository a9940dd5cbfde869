"""AnnualReport → PDF: the DOCX rendering converted by LibreOffice (headless,
`libreoffice.py`), which falls back to an installed CJK font for the official font names."""

from __future__ import annotations

from ..errors import GongkaiError
from ..libreoffice import convert
from ..report.model import AnnualReport
from .docx import DocxStyle, render_docx


class RenderError(GongkaiError):
    code = "render"


def docx_to_pdf(docx: bytes, timeout: int = 120) -> bytes:
    return convert(docx, ".docx", "pdf", timeout, RenderError)


def render_pdf(report: AnnualReport, style: DocxStyle | None = None) -> bytes:
    return docx_to_pdf(render_docx(report, style=style))
