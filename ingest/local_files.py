"""What may enter the raw store from the user's disk: regular files only, within the size cap.

`read_local_file` opens a file without following it anywhere unexpected and without blocking:
a link is followed only when it resolves inside the folder being imported, anything that is not
a regular file (a FIFO, a device such as `/dev/zero`, a socket, a folder) is refused after an
`fstat`, never read; a file larger than `MAX_DECOMPRESSED_BYTES`, or a gzip file that
decompresses past it (counted while streaming, nothing kept), is refused. A refusal is a
`RefusedFile` naming the file and the reason; callers import the other files and record it.

May import: the standard library, `ingest.snapshots`.
"""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path

from ingest.snapshots import MAX_DECOMPRESSED_BYTES

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class RefusedFile(ValueError):
    """A local file that is not imported; `reason` says why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _resolved(path: Path, folder: Path | None) -> Path:
    """The file `path` stands for; a link must resolve inside `folder` (when given)."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # broken link, loop
        raise RefusedFile(path, f"cannot be resolved ({error})") from None
    if folder is not None and path.is_symlink():
        inside = folder.resolve()
        if not target.is_relative_to(inside):
            raise RefusedFile(path, f"a link to {target}, outside the folder {inside}")
    return target


def gzip_size_within(data: bytes, cap: int) -> int | None:
    """The decompressed size of gzip `data` (every member), or None when it passes `cap`;
    memory stays at one chunk. Corrupt data counts what decompressed before the damage (the
    parser reports the damage itself)."""
    total = 0
    rest = data
    while rest[:2] == GZIP_MAGIC:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = rest
        try:
            while pending and not inflater.eof:
                piece = inflater.decompress(pending, _CHUNK)
                total += len(piece)
                if total > cap:
                    return None
                pending = inflater.unconsumed_tail
            while not inflater.eof:  # output still buffered inside the inflater
                piece = inflater.decompress(b"", _CHUNK)
                if not piece:
                    break
                total += len(piece)
                if total > cap:
                    return None
        except zlib.error:
            return total
        rest = inflater.unused_data
    return total


def read_local_file(
    path: Path, folder: Path | None = None, max_bytes: int = MAX_DECOMPRESSED_BYTES
) -> bytes:
    """The bytes of a file to import, checked as the module docstring says; RefusedFile
    otherwise."""
    target = _resolved(path, folder)
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as error:
        raise RefusedFile(path, f"cannot be opened ({error.strerror})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise RefusedFile(path, f"{_kind(info.st_mode)}, not a regular file; not read")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > max_bytes:
            raise RefusedFile(
                path, f"{info.st_size:,} bytes exceeds the cap of {max_bytes:,} bytes"
            )
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while being read
        raise RefusedFile(path, f"more than the cap of {max_bytes:,} bytes")
    if data[:2] == GZIP_MAGIC and gzip_size_within(data, max_bytes) is None:
        raise RefusedFile(
            path, f"decompresses to more than the cap of {max_bytes:,} bytes (a gzip bomb?)"
        )
    return data
