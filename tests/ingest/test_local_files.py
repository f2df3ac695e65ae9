"""Reading files to import: regular files only (a FIFO, `/dev/zero` behind a link, a folder are
refused without being read), links followed only inside the imported folder, and a size cap on
the file and on what a gzip file decompresses to (a gzip bomb costs one chunk of memory)."""

from __future__ import annotations

import gzip
import os
import threading
import time
import zlib
from pathlib import Path

import pytest

from ingest.local_files import RefusedFile, gzip_size_within, read_local_file


def gzip_of_zeros(n_bytes: int) -> bytes:
    """A gzip member of `n_bytes` zero bytes, compressed a MiB at a time (~1000:1)."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [deflate.compress(block) for _ in range(n_bytes >> 20)]
    parts.append(deflate.compress(bytes(n_bytes % (1 << 20))))
    parts.append(deflate.flush())
    return b"".join(parts)


def test_regular_file_and_a_link_inside_the_folder_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(b'{"jobs": []}')
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    assert read_local_file(tmp_path / "a.json", tmp_path) == b'{"jobs": []}'
    assert read_local_file(tmp_path / "b.json", tmp_path) == b'{"jobs": []}'


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "board.json"
    os.mkfifo(fifo)
    done: list[str] = []

    def read() -> None:
        try:
            read_local_file(fifo, tmp_path)
        except RefusedFile as error:
            done.append(error.reason)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert done and "FIFO" in done[0] and "not read" in done[0]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_link_to_dev_zero_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    with pytest.raises(RefusedFile, match="outside the folder"):
        read_local_file(tmp_path / "zero.json", tmp_path)
    start = time.monotonic()
    with pytest.raises(RefusedFile, match="character device, not a regular file"):
        read_local_file(Path("/dev/zero"))  # given directly (--from-file): still not read
    assert time.monotonic() - start < 1


def test_link_out_of_the_folder_and_broken_links_and_folders_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_bytes(b"{}")
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "out.json").symlink_to(outside)
    (folder / "broken.json").symlink_to(folder / "missing.json")
    (folder / "dir.json").mkdir()
    with pytest.raises(RefusedFile, match="outside the folder"):
        read_local_file(folder / "out.json", folder)
    with pytest.raises(RefusedFile, match="cannot be resolved"):
        read_local_file(folder / "broken.json", folder)
    with pytest.raises(RefusedFile, match="a folder, not a regular file"):
        read_local_file(folder / "dir.json", folder)


def test_size_caps_on_the_file_and_on_its_decompressed_size(tmp_path: Path) -> None:
    cap = 4 << 20
    (tmp_path / "big.json").write_bytes(b" " * (cap + 1))
    with pytest.raises(RefusedFile, match="exceeds the cap"):
        read_local_file(tmp_path / "big.json", tmp_path, max_bytes=cap)
    bomb = gzip_of_zeros(64 << 20)
    assert len(bomb) < cap // 10
    (tmp_path / "bomb.json.gz").write_bytes(bomb)
    with pytest.raises(RefusedFile, match="decompresses to more than the cap"):
        read_local_file(tmp_path / "bomb.json.gz", tmp_path, max_bytes=cap)
    fine = gzip.compress(b"x" * (cap - 10))
    (tmp_path / "fine.json.gz").write_bytes(fine)
    assert read_local_file(tmp_path / "fine.json.gz", tmp_path, max_bytes=cap) == fine


def test_gzip_size_counts_every_member_and_stops_at_the_cap() -> None:
    two = gzip.compress(b"a" * 1000) + gzip.compress(b"b" * 3000)
    assert gzip_size_within(two, 10_000) == 4000
    assert gzip_size_within(two, 3999) is None
    assert gzip_size_within(gzip_of_zeros(50 << 20), 10 << 20) is None
    truncated = gzip.compress(bytes(range(256)) * 40)[:-200]
    assert 0 < gzip_size_within(truncated, 100_000) < 256 * 40  # what came before the damage
