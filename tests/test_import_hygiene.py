"""The domain, the routines and the routine commands never load Textual: start-up stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
import hiptimer.cli
import hiptimer.domain
import hiptimer.routines
import hiptimer.routines.dose  # the editor flow and today's dose too
import hiptimer.routines.editor
import hiptimer.routines.own

code = hiptimer.cli.main(["list"])
print("textual loaded" if "textual" in sys.modules else "textual not loaded")
sys.exit(code)
"""


def test_listing_routines_never_imports_textual(hiptimer_home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "ID" in result.stdout, "the probe really ran `hiptimer list`"
    assert result.stdout.splitlines()[-1] == "textual not loaded"
