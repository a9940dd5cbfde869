"""AnnualReport → PDF: the DOCX rendering converted by LibreOffice (headless), which
falls back to an installed CJK font for the official font names. One LibreOffice
profile per process, so that parallel conversions do not collide: in a private
temporary folder (0700, a name no one can guess), removed when the process ends."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile

from ..errors import GongkaiError
from ..report.model import AnnualReport
from .docx import DocxStyle, render_docx


class RenderError(GongkaiError):
    code = "render"


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        raise RenderError("生成 PDF 需要 LibreOffice：请安装 libreoffice-writer-nogui 和中文字体"
                          "（运行 scripts/system-deps）（LibreOffice is needed for PDF）")
    return path


_PROFILE: str | None = None


def _profile() -> str:
    """This process's LibreOffice profile (made on first use; a folder another user made
    first is never used, since its name is not known in advance)."""
    global _PROFILE
    if _PROFILE is None or not os.path.isdir(_PROFILE):
        _PROFILE = tempfile.mkdtemp(prefix="gongkai-libreoffice-")  # 0700
        atexit.register(shutil.rmtree, _PROFILE, True)
    return _PROFILE


def docx_to_pdf(docx: bytes, timeout: int = 120) -> bytes:
    profile = _profile()
    with tempfile.TemporaryDirectory(prefix="gongkai-pdf-") as tmp:
        src = os.path.join(tmp, "report.docx")
        with open(src, "wb") as fh:
            fh.write(docx)
        try:
            proc = subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{profile}",
                                   "--convert-to", "pdf", "--outdir", tmp, src],
                                  capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as err:
            raise RenderError(f"LibreOffice 转换 PDF 超时（{timeout} 秒）（conversion timed out）") from err
        out = os.path.join(tmp, "report.pdf")
        if proc.returncode or not os.path.exists(out):
            raise RenderError(f"LibreOffice 转换 PDF 失败（conversion failed）：{proc.stderr.decode(errors='replace')[:200]}")
        with open(out, "rb") as fh:
            return fh.read()


def render_pdf(report: AnnualReport, style: DocxStyle | None = None) -> bytes:
    return docx_to_pdf(render_docx(report, style=style))
