"""`skillmarket ingest <source> --from-dir`: hostile folders (a gzip bomb, a FIFO, a link to
/dev/zero) import their good files, name each refused file with its reason and exit 1, and the
build quarantines the refused files and loads the rest; capture dates older than what the
store holds warn; a home holds the sample or real postings, never both."""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skillmarket.cli import cli
from skillmarket.config import Settings
from skillmarket.stages.common import BuildReport
from skillmarket.stages.imports import load_refused_imports
from skillmarket.stages.postings import load_raw_postings
from warehouse.migrate import connect

ROOT = Path(__file__).resolve().parents[2]
BOARD = ROOT / "tests" / "fixtures" / "sources" / "online" / "ashby" / "south.json"


def run(home: Path, *args: str) -> tuple[int, str]:
    """Exit code and what the user reads (output, or the error `run_cli` prints as a line),
    without whitespace: rich wraps long paths anywhere."""
    result = CliRunner().invoke(cli, list(args), env={"SKILLMARKET_HOME": str(home)})
    error = "" if isinstance(result.exception, SystemExit | None) else str(result.exception)
    return result.exit_code, squeezed(f"{result.output} {error}")


def squeezed(text: str) -> str:
    return "".join(text.split())


def bomb(n_bytes: int) -> bytes:
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [deflate.compress(bytes(1 << 20)) for _ in range(n_bytes >> 20)]
    return b"".join([*parts, deflate.flush()])


def test_hostile_folder_imports_the_rest_and_the_build_quarantines_the_refused(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "good.json").write_bytes(BOARD.read_bytes())
    (folder / "bomb.json.gz").write_bytes(bomb(300 << 20))  # past the 256 MiB cap
    os.mkfifo(folder / "pipe.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    home = tmp_path / "home"
    code, output = run(home, "ingest", "ashby", "--from-dir", str(folder))
    assert code == 1, output
    assert squeezed("imported 1 files") in output
    assert squeezed("bomb.json.gz: decompresses to more than the cap") in output
    assert squeezed("pipe.json: a FIFO (named pipe), not a regular file") in output
    assert squeezed("zero.json: a link to /dev/zero, outside the folder") in output
    snapshot = next((home / "raw" / "ashby").iterdir())
    manifest = json.loads((snapshot / "manifest.json").read_text())
    assert [Path(e["path"]).name for e in manifest["files"]] == ["good.json"]
    assert sorted(Path(e["name"]).name for e in manifest["refused"]) == [
        "bomb.json.gz",
        "pipe.json",
        "zero.json",
    ]
    assert not (snapshot / "bomb.json.gz").exists()

    # the build's load stage: the good file's postings load, the refused files are quarantined
    settings = Settings(home=home)
    for _ in range(2):  # again: the import quarantine is rebuilt, not doubled
        con = connect(settings.warehouse_path)
        try:
            load_raw_postings(con, settings.raw_root, BuildReport())
            load_refused_imports(con, settings.raw_root)
            quarantined = con.execute(
                "SELECT file, reason FROM quarantine WHERE stage = 'import' ORDER BY file"
            ).fetchall()
            loaded = con.execute("SELECT count(*) FROM raw_ashby_postings").fetchall()[0][0]
        finally:
            con.close()
        assert [Path(f).name for f, _ in quarantined] == ["bomb.json.gz", "pipe.json", "zero.json"]
        assert all(reason.startswith("refused at import: ") for _, reason in quarantined)
        assert loaded == 2  # south.json's two postings


def test_older_captured_date_warns(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "south.json").write_bytes(BOARD.read_bytes())
    home = tmp_path / "home"
    code, output = run(home, "ingest", "ashby", "--from-dir", str(folder))
    assert code == 0 and "warning" not in output, output
    newest = next((home / "raw" / "ashby").iterdir()).name
    code, output = run(
        home, "ingest", "ashby", "--from-dir", str(folder), "--captured", "2020-01-01"
    )
    assert code == 0, output
    assert (
        squeezed(f"--captured 2020-01-01 is older than the newest ashby snapshot ({newest})")
        in output
    )
    assert (
        squeezed(f"--captured 2020-01-01 is before the newest record in the files ({newest})")
        in output
    )


def _fake_sample(home: Path) -> None:
    truth = home / "raw" / "sample" / "truth"
    truth.mkdir(parents=True)
    (truth / "params.json").write_text(json.dumps({"n_postings": 6000, "seed": 7}))


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "ashby", "--from-dir", "DIR"],
        ["ingest", "greenhouse", "--board", "acme", "--base-url", "http://127.0.0.1:9"],
        ["ingest", "talent-pool", "--from-file", "DIR/south.json"],
    ],
    ids=["import", "online", "talent-pool"],
)
def test_real_data_into_a_sample_home_is_refused(tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "south.json").write_bytes(BOARD.read_bytes())
    home = tmp_path / "home"
    _fake_sample(home)
    args = [a.replace("DIR", str(folder)) for a in args]
    code, output = run(home, *args)
    assert code == 1
    assert (
        squeezed(f"this home ({home}) holds the simulated sample market (6,000 postings, seed 7")
        in output
    )
    assert squeezed(f"SKILLMARKET_HOME={home}-real skillmarket ingest") in output
    assert sorted(p.name for p in (home / "raw").iterdir()) == ["sample"]  # nothing stored


def test_sample_into_a_home_with_real_postings_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "south.json").write_bytes(BOARD.read_bytes())
    home = tmp_path / "home"
    assert run(home, "ingest", "ashby", "--from-dir", str(folder))[0] == 0
    for args in (["ingest", "sample", "--postings", "500"], ["demo", "--no-app"]):
        code, output = run(home, *args)
        assert code == 1
        assert squeezed(f"this home ({home}) holds real data ({home / 'raw' / 'ashby'})") in output
        assert squeezed(f"SKILLMARKET_HOME={home}-sample skillmarket demo") in output
    assert not (home / "raw" / "sample").exists()
