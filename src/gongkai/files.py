"""File names made from text a report or a site supplies (an agency's name, a link's
title): never a path, never a control character, never longer than a file system takes."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r'[\x00-\x1f\x7f\s/\\:*?"<>|]+')
MAX_NAME_BYTES = 200  # ext4 and most file systems take 255 bytes; room for "-2" and a suffix


def safe_name(text: str, fallback: str = "report") -> str:
    """`text` as one file name (no folder, no ".." or hidden-file prefix), at most
    MAX_NAME_BYTES in UTF-8, cut at a character boundary."""
    name = _UNSAFE.sub("_", text).strip(" ._")
    encoded = name.encode("utf-8")[:MAX_NAME_BYTES]
    name = encoded.decode("utf-8", errors="ignore").strip(" ._")
    return name or fallback
