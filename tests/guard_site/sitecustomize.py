"""Install the loopback-only network guard in every Python process the tests start.

The test suite puts this folder on PYTHONPATH, so Voilà, its kernels, the
papermill kernels and multiprocessing workers import this module at start-up
and refuse connections outside the machine, as the test process itself does.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import network_guard  # noqa: E402

network_guard.install()
