"""`python -m hiptimer`."""

import sys

from hiptimer.cli import main

sys.exit(main())
