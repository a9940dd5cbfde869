"""What a batch reads: files, folders (walked, in name order), globs, and zip archives
(their members, and archives inside them). Everything is listed lazily, so the
input can be as large as the disk; a file's bytes are read only when its turn comes.

A source's name is its path; a member of an archive is named `archive.zip!member`.
"""

from __future__ import annotations

import glob
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import UnreadableInput
from ..ingest import MAX_BYTES

# what a folder is searched for: the forms gongkai reads (a file's form is then told by its
# content, never by this name)
REPORT_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".shtml", ".xhtml", ".js", ".txt", ".text", ".md", ".json",
                   ".yaml", ".yml", ".doc", ".wps", ".rtf", ".xls", ".xlsx", ".et", ".ods", ".odt", ".ofd",
                   ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")
ARCHIVE_SUFFIXES = (".zip",)
MAX_SIZE = max(MAX_BYTES.values())
MAX_DEPTH = 3  # archives inside archives


@dataclass
class Source:
    name: str
    size: int
    read: object  # () -> bytes, raising UnreadableInput


class MissingInput(UnreadableInput):
    code = "missing"


def _wanted(name: str) -> bool:
    return name.lower().endswith(REPORT_SUFFIXES + ARCHIVE_SUFFIXES)


def expand(inputs: list[str]) -> Iterator[str]:
    """Paths of files, from files, folders and globs as given."""
    for given in inputs:
        if os.path.isdir(given):
            for root, dirs, files in os.walk(given):
                dirs.sort()
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in sorted(files):
                    if _wanted(name) and not name.startswith("."):
                        yield os.path.join(root, name)
        elif os.path.exists(given):
            yield given
        elif glob.has_magic(given):
            yield from (p for p in sorted(glob.glob(given, recursive=True)) if os.path.isfile(p))
        else:  # gone since check_inputs
            raise _missing(given)


def _missing(given: str) -> MissingInput:
    return MissingInput(f"找不到输入（no such file or folder）：{given}")


def check_inputs(inputs: list[str]) -> None:
    """Refuse at once an input that names nothing, before any work is done."""
    for given in inputs:
        if not os.path.exists(given) and not (glob.has_magic(given) and glob.glob(given, recursive=True)):
            raise _missing(given)


def _read_file(path: str, size: int):
    def read() -> bytes:
        if size > MAX_SIZE:
            raise UnreadableInput(f"文件过大：{size / 1048576:.1f} MB（file too large）")
        try:
            with open(path, "rb") as fh:
                return fh.read(MAX_SIZE + 1)
        except PermissionError as err:
            raise UnreadableInput("没有读取权限（permission denied）") from err
        except OSError as err:
            raise UnreadableInput(f"无法读取文件（{err.strerror}）") from err
    return read


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its maker wrote it: Chinese Windows tools store GBK names
    without the UTF-8 flag, which Python reads as CP437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _members(archive: zipfile.ZipFile, name: str, depth: int) -> Iterator[Source]:
    for info in archive.infolist():
        if info.is_dir():
            continue
        inner = member_name(info)
        base = inner.rsplit("/", 1)[-1]
        if base.startswith(".") or inner.startswith("__MACOSX/") or not _wanted(base):
            continue
        full = f"{name}!{inner}"
        if base.lower().endswith(ARCHIVE_SUFFIXES) and depth < MAX_DEPTH and info.file_size <= MAX_SIZE:
            try:
                data = _read_member(archive, info)()
            except UnreadableInput as err:
                yield Source(full, info.file_size, _fail(str(err)))
                continue
            yield from _archive(full, lambda data=data: io.BytesIO(data), depth + 1)
            continue
        yield Source(full, info.file_size, _read_member(archive, info))


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    def read() -> bytes:
        if info.file_size > MAX_SIZE:
            raise UnreadableInput(f"文件过大：{info.file_size / 1048576:.1f} MB（file too large）")
        try:
            with archive.open(info) as fh:
                data = fh.read(MAX_SIZE + 1)  # the declared size may lie (zip bomb)
        except RuntimeError as err:  # encrypted member
            raise UnreadableInput("压缩包内文件已加密（encrypted archive member）") from err
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError) as err:
            raise UnreadableInput(f"压缩包内文件损坏（damaged archive member: {err}）") from err
        if len(data) > MAX_SIZE:
            raise UnreadableInput("解压后文件过大（file too large once unpacked）")
        return data
    return read


def _fail(reason: str):
    def read() -> bytes:
        raise UnreadableInput(reason)
    return read


def _archive(name: str, opener, depth: int) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(opener())
    except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, ValueError) as err:
        # NotImplementedError: a header that declares a zip version Python cannot read
        yield Source(name, 0, _fail(f"压缩包损坏，无法打开（damaged zip archive: {err}）"))
        return
    with archive:
        yield from _members(archive, name, depth)


def archive_sources(name: str, data: bytes) -> Iterator[Source]:
    """The report files in a zip archive held in memory (an upload), archives inside opened."""
    yield from _archive(name, lambda: io.BytesIO(data), 1)


def sources(inputs: list[str]) -> Iterator[Source]:
    """Every source in the inputs, archives opened, in a stable order."""
    for path in expand(inputs):
        try:
            size = os.path.getsize(path)
        except OSError as err:
            yield Source(path, 0, _fail(f"无法读取文件（{err.strerror}）"))
            continue
        if path.lower().endswith(ARCHIVE_SUFFIXES):
            yield from _archive(path, lambda path=path: path, 1)
        else:
            yield Source(path, size, _read_file(path, size))


def count(inputs: list[str]) -> int:
    """How many sources there are (archives listed, not read)."""
    return sum(1 for _ in sources(inputs))
