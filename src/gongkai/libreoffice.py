"""LibreOffice (headless) as a converter: the project's DOCX to PDF, and the office forms
reports are published in that gongkai does not parse itself (.doc, .wps, .xls, .et, RTF)
to forms it does. One LibreOffice profile per process, so that parallel conversions do
not collide: in a private temporary folder (0700, a name no one can guess), removed when
the process ends."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile

from .errors import GongkaiError


class ConversionError(GongkaiError):
    code = "convert"


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        raise ConversionError("需要 LibreOffice：请安装 libreoffice-writer-nogui、libreoffice-calc-nogui 和中文字体"
                              "（运行 scripts/system-deps）（LibreOffice is needed）")
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


def convert(data: bytes, suffix: str, to: str, timeout: int = 120, error=ConversionError,
            infilter: str | None = None) -> bytes:
    """`data` (a file ending in `suffix`) converted by LibreOffice to `to` ("pdf",
    "docx", "html", or a filter such as "html:HTML (StarCalc)"), read with `infilter`
    when given; `error` is raised with a message naming the problem."""
    out_suffix = to.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="gongkai-convert-") as tmp:
        src = os.path.join(tmp, "input" + suffix)
        with open(src, "wb") as fh:
            fh.write(data)
        try:
            proc = subprocess.run([soffice(), "--headless", f"-env:UserInstallation=file://{_profile()}",
                                   *([f"--infilter={infilter}"] if infilter else []),
                                   "--convert-to", to, "--outdir", os.path.join(tmp, "out"), src],
                                  capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as err:
            raise error(f"LibreOffice 转换超时（{timeout} 秒）（conversion timed out）") from err
        out = os.path.join(tmp, "out", "input." + out_suffix)
        if proc.returncode or not os.path.exists(out):
            raise error(f"LibreOffice 无法转换此文件（conversion failed）：{proc.stderr.decode(errors='replace')[:200]}")
        with open(out, "rb") as fh:
            return fh.read()


__all__ = ["ConversionError", "convert", "soffice"]
