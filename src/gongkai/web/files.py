"""The data directory's files: readable by the platform's own user only (the database
holds sessions and password hashes; uploads are agencies' documents), and written
whole — a file is never left half-written, and a stored one is never rewritten."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def private_dir(path: Path) -> Path:
    """`path` created if need be, open to its owner only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def private_file(path: Path) -> None:
    """An existing file made readable by its owner only (0600)."""
    if path.exists():
        os.chmod(path, 0o600)


def store(directory: Path, name: str, data: bytes) -> Path:
    """`data` saved as directory/name, whole (a temporary file renamed into place) and
    0600. A file already there with this content's size is kept: the name is the
    content's hash, so it is the same content, and rewriting it could only lose it."""
    private_dir(directory)
    path = directory / name
    if path.exists() and path.stat().st_size == len(data):
        return path
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".upload-")  # created 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
