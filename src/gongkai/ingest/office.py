"""The office forms a report comes in besides DOCX: told apart by content, never by the
file name.

- A zip is a DOCX (word/document.xml), an OFD (OFD.xml: read natively, `ofd.py`), or a
  spreadsheet (XLSX, ODS); anything else is refused.
- An OLE2 compound file is a .doc or .wps (a word processor's streams) or a .xls or .et
  (a workbook stream); RTF is text with markup. LibreOffice converts these — a document
  to DOCX, a spreadsheet to an HTML page with its merged cells — and the converted file
  is read as any DOCX or page is. The converted form is kept in the source
  (`source["converted_from"]`).
"""

from __future__ import annotations

import io
import zipfile

from ..errors import UnreadableInput
from .document import Document

_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))


def zip_names(data: bytes) -> list[str]:
    """The package's part names ([] when it does not open: the DOCX reader says why)."""
    try:
        return zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return []


def zip_kind(names: list[str]) -> str | None:
    lower = {n.lower() for n in names}
    if "word/document.xml" in lower:
        return "docx"
    if "ofd.xml" in lower:
        return "ofd"
    if "xl/workbook.xml" in lower:
        return "xlsx"
    if "content.xml" in lower and "mimetype" in lower:
        return "odf"
    return None


def read_zip(data: bytes) -> Document:
    from .docx import check_package, read_docx

    kind = zip_kind(zip_names(data))
    if kind == "ofd":
        check_package(data, None, "OFD")
        from .ofd import read_ofd
        return read_ofd(data)
    if kind == "xlsx":
        check_package(data, None, "XLSX")
        return _converted(data, ".xlsx", "xlsx")
    if kind == "odf":
        check_package(data, None, "ODF")
        mimetype = zipfile.ZipFile(io.BytesIO(data)).read("mimetype")[:100]
        return _converted(data, ".ods", "ods") if b"spreadsheet" in mimetype else _converted(data, ".odt", "odt")
    return read_docx(data)  # a DOCX, or refused as no Word document


def ole_kind(data: bytes) -> str:
    """"spreadsheet" (.xls, .et) or "document" (.doc, .wps, RTF)."""
    if data.startswith(b"\xd0\xcf\x11\xe0") and any(name in data[:1 << 20] or name in data[-(1 << 16):]
                                                      for name in _WORKBOOK):
        return "spreadsheet"
    return "document"


def read_office(data: bytes) -> Document:
    """A .doc, .wps, .xls, .et or RTF file, through LibreOffice."""
    if ole_kind(data) == "spreadsheet":
        return _converted(data, ".xls", "xls")
    if data.lstrip().startswith(b"{\\rtf"):
        return _converted(data, ".rtf", "rtf")
    return _converted(data, ".doc", "doc")


NAMES = {"xls": "Excel 或 WPS 表格（.xls/.et）", "xlsx": "Excel（.xlsx）", "ods": "OpenDocument 表格",
         "doc": "旧版 Word 或 WPS 文字（.doc/.wps）", "rtf": "RTF", "odt": "OpenDocument 文档"}


def _converted(data: bytes, suffix: str, kind: str) -> Document:
    from ..errors import GongkaiError
    from ..libreoffice import ConversionError, convert

    spreadsheet = kind in ("xls", "xlsx", "ods")
    try:
        out = convert(data, suffix, "html:HTML (StarCalc)" if spreadsheet else "docx:MS Word 2007 XML", timeout=60)
    except ConversionError as err:
        if "超时" in str(err) or "LibreOffice is needed" in str(err):
            raise UnreadableInput(str(err)) from err
        raise UnreadableInput(f"{NAMES[kind]}文件损坏或无法打开（damaged {kind} file）") from err
    try:
        if spreadsheet:
            from .html import read_html
            doc = read_html(out)
        else:
            from .docx import read_docx
            doc = read_docx(out)
    except GongkaiError as err:
        raise UnreadableInput(f"{NAMES[kind]}文件中没有可读的文字（{kind} file without text）") from err
    doc.source["converted_from"] = kind
    return doc


__all__ = ["ole_kind", "read_office", "read_zip", "zip_kind", "zip_names"]
