"""Bytes → Document. The form (PDF, DOCX, OFD, .doc/.wps/.xls/.xlsx/.et, an image, HTML
or text) is detected from the content, not the file name."""

from __future__ import annotations

import os
import re

from ..errors import UnreadableInput
from .document import Cell, Document, Row
from .ocr import image_kind
from .text import decode, read_text

MAX_BYTES = {"pdf": 200 * 1024 * 1024, "docx": 200 * 1024 * 1024, "html": 30 * 1024 * 1024,
             "text": 20 * 1024 * 1024, "image": 100 * 1024 * 1024, "office": 100 * 1024 * 1024}
_MARKUP = re.compile(rb"(?:<|\\u003c|\\x3c)/?(?:p|div|span|table|tbody|tr|td|br)\b").search
MAX_LINES = 200_000  # a 2,000-page report has some 100,000 lines; reading grows faster than them


def detect(head: bytes) -> str:
    """'pdf', 'docx' (any zip: DOCX, XLSX, OFD), 'office' (.doc, .wps, .xls, .et, RTF),
    'image', 'html', 'text' — or raise for forms gongkai cannot read."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # a zip: `read_zip` tells DOCX, XLSX and OFD apart, and refuses any other
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or head.lstrip().startswith(b"{\\rtf"):
        return "office"  # converted by LibreOffice (`office.py`)
    if image_kind(head):
        return "image"
    probe = head[:4096].lower()
    for bom in (b"\xef\xbb\xbf",):
        if probe.startswith(bom):
            probe = probe[len(bom):]
    if probe.lstrip().startswith((b"<!doctype html", b"<html", b"<?xml")) or \
            (b"<html" in probe or b"<body" in probe or b"<table" in probe or b"<meta" in probe) or \
            ((b"<" in probe or b"\\u003c" in probe or b"\\x3c" in probe) and _MARKUP(probe)):
        # markup in a script's string: a portal's data script (.js)
        return "html"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = head.decode("utf-16")[:2048].lower()
        except UnicodeDecodeError:
            return "text"
        if "<html" in text or "<table" in text:
            return "html"
    return "text"


def read_bytes(data: bytes, name: str = "") -> Document:
    form = detect(data[:8192])
    if len(data) > MAX_BYTES[form]:
        raise UnreadableInput(f"文件过大：{len(data) / 1048576:.1f} MB，{form.upper()} 上限为 "
                              f"{MAX_BYTES[form] / 1048576:.0f} MB（file too large）")
    if form == "pdf":
        from .pdf import read_pdf
        doc = read_pdf(data, name)
    elif form == "docx":
        from .office import read_zip
        doc = read_zip(data)
    elif form == "office":
        from .office import read_office
        doc = read_office(data)
    elif form == "image":
        from .ocr import read_image
        doc = read_image(data)
    elif form == "html":
        from .html import read_html
        doc = read_html(data)
    else:
        doc = read_text(data)
    if len(doc.lines) > MAX_LINES:
        raise UnreadableInput(f"文件有 {len(doc.lines)} 行，超过 {MAX_LINES} 行的上限，不像一份年报，已拒绝"
                              "（too many lines for an annual report）")
    if name:
        doc.source["file"] = name
    return doc


def read_file(path: str | os.PathLike) -> Document:
    """Read a report file of any form gongkai understands."""
    try:
        if os.path.isdir(path):
            raise UnreadableInput(f"这是一个文件夹，不是文件（a folder, not a file）：{path}")
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(8192)
            form = detect(head)
            if size > MAX_BYTES[form]:
                limit = MAX_BYTES[form] / 1048576
                kind, gloss = ("文本报告", "a report's text") if form == "text" else (form.upper() + " ", form.upper())
                raise UnreadableInput(f"文件过大：{size / 1048576:.1f} MB，{kind}上限为 {limit:.0f} MB"
                                      f"（file too large for {gloss}）：{path}")
            data = head + fh.read()
    except FileNotFoundError as err:
        raise UnreadableInput(f"文件不存在（no such file）：{path}") from err
    except PermissionError as err:
        raise UnreadableInput(f"没有读取权限（permission denied）：{path}") from err
    except IsADirectoryError as err:
        raise UnreadableInput(f"这是一个文件夹，不是文件（a folder, not a file）：{path}") from err
    except OSError as err:
        raise UnreadableInput(f"无法读取文件（{err.strerror}）：{path}") from err
    return read_bytes(data, os.fspath(path))


__all__ = ["Cell", "Document", "Row", "decode", "detect", "read_bytes", "read_file", "read_text"]
