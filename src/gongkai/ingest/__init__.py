"""Bytes → Document. Readers detect the form from content, not the file name."""

from .document import Cell, Document, Row
from .text import decode, read_text, read_text_file

__all__ = ["Cell", "Document", "Row", "decode", "read_text", "read_text_file"]
