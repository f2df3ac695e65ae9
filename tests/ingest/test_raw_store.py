"""The raw store under concurrent writers and hostile names: two processes storing into one
snapshot keep every manifest entry; two `ingest --from-dir` runs for one date leave a readable
manifest and later ingests work; a board or imported file named `manifest` is stored beside
the manifest, not over it, and read back as board `manifest`; a manifest broken before these
rules is moved aside and the snapshot keeps working."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from pytest_httpserver import HTTPServer

from ingest.collect import collect_source
from ingest.discover import raw_posting_files
from ingest.http import HttpPolicy
from ingest.snapshots import raw_name, read_manifest, store_raw_file

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "sources" / "online"
DAY = date(2026, 11, 2)
STORE_MANY = """
import sys
from datetime import date
from pathlib import Path
from ingest.snapshots import store_raw_file
raw, tag, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for i in range(n):
    store_raw_file(raw, "ashby", date(2026, 11, 2), f"{tag}-{i}.json", b"{}" + tag.encode(),
                   fetched_at="2026-11-02T00:00:00+00:00")
"""


def test_two_processes_storing_into_one_snapshot_keep_every_entry(tmp_path: Path) -> None:
    writers = [
        subprocess.Popen([sys.executable, "-c", STORE_MANY, str(tmp_path), tag, "60"], cwd=ROOT)
        for tag in ("a", "b", "c")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0]
    day = tmp_path / "ashby" / DAY.isoformat()
    manifest = json.loads((day / "manifest.json").read_text())  # one JSON document
    names = sorted(Path(entry["path"]).name for entry in manifest["files"])
    assert names == sorted(f"{tag}-{i}.json" for tag in "abc" for i in range(60))
    assert not [p.name for p in day.iterdir() if ".tmp" in p.name or p.name.endswith(".part")]


def _ingest(home: Path, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "skillmarket.cli",
            "ingest",
            "ashby",
            "--from-dir",
            str(folder),
            "--captured",
            DAY.isoformat(),
        ],
        cwd=ROOT,
        env={**os.environ, "SKILLMARKET_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_ingests_of_one_date_leave_a_working_snapshot(tmp_path: Path) -> None:
    folders = []
    for tag in ("x", "y"):
        folder = tmp_path / tag
        folder.mkdir()
        for i in range(40):
            (folder / f"{tag}{i}.json").write_bytes(
                (FIXTURES / "ashby" / "south.json").read_bytes()
            )
        folders.append(folder)
    home = tmp_path / "home"
    runs = [_ingest(home, folder) for folder in folders]
    outcomes = [(run.wait(timeout=120), " ".join(run.communicate()[1].split())) for run in runs]
    for code, stderr in outcomes:  # each one imported, or was told who holds the home
        assert code == 0 or "holds this home" in stderr, stderr
    again = _ingest(home, folders[0])
    assert again.wait(timeout=120) == 0, again.communicate()[1]
    refused = [folder for (code, _), folder in zip(outcomes, folders, strict=True) if code]
    for folder in refused:  # the one refused can run now
        assert _ingest(home, folder).wait(timeout=120) == 0
    manifest = read_manifest(home / "raw" / "ashby" / DAY.isoformat())
    assert len(manifest) == 80


def test_imported_manifest_json_is_a_board_beside_the_manifest(tmp_path: Path) -> None:
    board = (FIXTURES / "ashby" / "south.json").read_bytes()
    for name in ("north.json", "manifest.json", "manifest.json.gz", "manifest.json.lock"):
        store_raw_file(tmp_path, "ashby", DAY, name, board, fetched_at="2026-11-02T00:00:00")
    day = tmp_path / "ashby" / DAY.isoformat()
    manifest = read_manifest(day)
    assert sorted(Path(p).name for p in manifest) == [
        "%6Danifest.json",
        "%6Danifest.json.lock",
        "manifest.json.gz",
        "north.json",
    ]
    assert (day / "%6Danifest.json").read_bytes() == board
    boards = sorted(f.board for f in raw_posting_files(tmp_path))
    assert boards == ["manifest", "manifest", "north"]  # .json and .json.gz of board manifest
    store_raw_file(tmp_path, "ashby", DAY, "later.json", board, fetched_at="2026-11-02T00:00:00")
    assert len(read_manifest(day)) == 5


def test_raw_name_escapes_only_the_stores_own_names() -> None:
    assert raw_name("manifest.json") == "%6Danifest.json"
    assert raw_name("manifest.json/123.json") == "%6Danifest.json/123.json"
    assert raw_name("b/manifest.json") == "b/%6Danifest.json"
    assert raw_name("manifest.json.tmp-77") == "%6Danifest.json.tmp-77"
    for name in ("north.json", "manifest.json.gz", "manifests.json", "%6Danifest.json"):
        assert raw_name(name) == name


def test_online_board_named_manifest_keeps_the_manifest(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    for name in ("manifest", "north"):
        httpserver.expect_request(f"/posting-api/job-board/{name}").respond_with_data(
            (FIXTURES / "ashby" / f"{'south' if name == 'manifest' else name}.json").read_bytes(),
            content_type="application/json",
        )
    policy = HttpPolicy(contact="t@example.org", min_interval_s=0, allow_private_hosts=True)
    base = httpserver.url_for("/").rstrip("/")
    summary = collect_source(
        "ashby", tmp_path, DAY, boards=["manifest", "north"], base_url=base, policy=policy
    )
    assert not summary.failed and summary.total("new") == 6
    day = tmp_path / "ashby" / DAY.isoformat()
    assert sorted(read_manifest(day)) == [
        "ashby/2026-11-02/%6Danifest.json",
        f"ashby/{DAY}/north.json",
    ]
    assert sorted(f.board for f in raw_posting_files(tmp_path)) == ["manifest", "north"]
    again = collect_source(
        "ashby", tmp_path, DAY, boards=["manifest"], base_url=base, policy=policy
    )
    assert again.n_skipped == 1  # already collected today: found under its escaped name


def test_broken_manifest_is_moved_aside_and_its_first_document_kept(tmp_path: Path) -> None:
    day = tmp_path / "ashby" / DAY.isoformat()
    store_raw_file(tmp_path, "ashby", DAY, "a.json", b"{}", fetched_at="2026-11-02T00:00:00")
    text = (day / "manifest.json").read_text()
    (day / "manifest.json").write_text(text + text[-40:])  # what two writers left: Extra data
    store_raw_file(tmp_path, "ashby", DAY, "b.json", b"[]", fetched_at="2026-11-02T00:00:00")
    assert sorted(read_manifest(day)) == [f"ashby/{DAY}/a.json", f"ashby/{DAY}/b.json"]
    kept = [p for p in day.iterdir() if p.name.startswith("manifest.json.unreadable-")]
    assert len(kept) == 1 and kept[0].read_text() == text + text[-40:]
    (day / "manifest.json").write_text('{"jobs": []}')  # a board's body where the manifest was
    store_raw_file(tmp_path, "ashby", DAY, "c.json", b"[]", fetched_at="2026-11-02T00:00:00")
    assert sorted(read_manifest(day)) == [f"ashby/{DAY}/c.json"]
