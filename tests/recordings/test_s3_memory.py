"""Memory stays flat keeping, serving and reading kept audio on S3-compatible storage, whatever the
file's size: bench/s3_audio_memory.py run small (make bench runs it at 10, 100 and 500 MB)."""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^\s*(\d+) MB\s+([\d.]+) MiB\s+([\d.]+) MiB\s+([\d.]+) MiB\s+([\d.]+) MiB"
                 r"\s+([\d.]+) MiB")

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("moto") is None or not Path("/proc/self/clear_refs").exists(),
    reason="needs moto[server] (requirements-dev.txt) and Linux's /proc peak-memory reset",
)


def test_peak_memory_does_not_grow_with_the_files_size():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "s3_audio_memory.py"), "--sizes", "8M,64M"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
    )

    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    rows = {int(match[1]): [float(figure) for figure in match.groups()[1:]]
            for match in map(ROW.match, result.stdout.splitlines()) if match}
    (_, store8, serve8, read8, plain8), (_, store64, serve64, read64, plain64) = rows[8], rows[64]
    console8, console64 = max(store8, serve8, read8), max(store64, serve64, read64)
    assert console64 - console8 < 16, result.stdout
    # The measure sees a file held in memory: django-storages' own S3File downloads it whole.
    assert plain64 - plain8 > 50, result.stdout
