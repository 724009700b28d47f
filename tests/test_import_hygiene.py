"""What may import what: the contracts in pyproject.toml hold, and the quick commands stay light.

`lint-imports` is the proof of the layering (cli -> app -> screens -> widgets -> service ->
domain -> routines, and no Textual or rich below the screens): it reads every import, lazy ones
and those behind TYPE_CHECKING too. The probe below checks what the contracts cannot see: that
`hiptimer list`, which lives beside the app in the cli, does not load Textual when it runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

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


def test_every_import_contract_is_kept() -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
    assert "Widgets import no screen KEPT" in result.stdout, "the contracts were read"


def test_listing_routines_never_imports_textual(hiptimer_home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "ID" in result.stdout, "the probe really ran `hiptimer list`"
    assert result.stdout.splitlines()[-1] == "textual not loaded"
