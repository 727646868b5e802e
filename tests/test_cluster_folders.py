"""Where the scaled-out set-up keeps PostgreSQL's and Redis's data (they run as their own users)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from scripts.cluster.cluster import remove_run_dir, service_home

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="services run as their own users only as root")


def test_a_reachable_run_folder_keeps_the_services_data() -> None:
    with tempfile.TemporaryDirectory(dir="/var/tmp") as parent:
        Path(parent).chmod(0o755)
        run_dir = Path(parent) / "run"
        assert service_home(run_dir) == run_dir


def test_a_private_folder_above_sends_the_services_data_to_a_folder_of_its_own(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    run_dir = private / "run"
    home = service_home(run_dir)
    assert home.parent == Path("/var/tmp") and home.name.startswith("myoclonus-")
    assert service_home(run_dir) == home, "the same folder on every start, so the data is kept"
    assert service_home(private / "other") != home

    run_dir.mkdir()
    home.mkdir()
    remove_run_dir(run_dir)
    assert not home.exists() and not run_dir.exists()
