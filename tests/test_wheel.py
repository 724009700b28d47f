"""The wheel a runner installs carries the built-in routines and assets, and `hiptimer list` works."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def uv(*arguments: str, cwd: Path = REPO) -> None:
    subprocess.run(["uv", *arguments], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.mark.slow
def test_the_installed_wheel_lists_the_built_in_routines(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    uv("build", "--wheel", "-o", str(dist))
    (wheel,) = dist.glob("hiptimer-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(name.startswith("hiptimer/assets/") for name in names)
    builtins = [
        name
        for name in names
        if name.startswith("hiptimer/routines/builtin/") and name.endswith(".toml")
    ]
    assert builtins, "the built-in routines are packaged"

    venv = tmp_path / "venv"
    uv("venv", "--python", sys.executable, str(venv))
    uv("pip", "install", "--python", str(venv), str(wheel))
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    home = tmp_path / "home"
    result = subprocess.run(
        [str(scripts / "hiptimer"), "list"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,  # away from the source tree, so only the installed package can be found
        env={**os.environ, "HIPTIMER_HOME": str(home), "COLUMNS": "250"},
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.rstrip().endswith("built-in")]
    assert len(rows) == len(builtins)
