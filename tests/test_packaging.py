"""The installed package carries its grammar files: built as a wheel (not editable),
installed into its own folder, and run from another directory."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT, SAMPLES


def test_wheel_install_parses_from_another_directory(tmp_path):
    pytest.importorskip("hatchling")
    site = tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                            "--target", str(site), str(ROOT)], capture_output=True, timeout=300)
    assert build.returncode == 0, build.stderr.decode()[-2000:]
    grammars = sorted(p.name for p in (site / "gongkai_parse" / "grammars").glob("*.toml"))
    assert grammars == sorted(p.name for p in (ROOT / "grammars").glob("*.toml"))

    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(SAMPLES / "text" / "002_04b061482e0d1150.txt", work / "notice.txt")
    code = ("import gongkai_parse, gongkai_parse.grammars as g; from pathlib import Path;"
            "assert Path(gongkai_parse.__file__).is_relative_to(Path(r'%s')), gongkai_parse.__file__;"
            "assert g.grammar_dir().is_relative_to(Path(r'%s'));"
            "d = gongkai_parse.parse('notice.txt'); print(len(d.tasks), d.tasks[11].deadline)") % (site, site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    assert run.stdout.split() == [b"53", b"2022-08-31"]
