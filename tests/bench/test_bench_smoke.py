"""The benchmark keeps working: `bench/run.py --smoke` starts its servers and prints the table."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")).exists(),
    reason="the benchmark's browser part needs Chromium",
)


@pytest.fixture(scope="module")
def smoke_run():
    """Run the smoke benchmark once (tiny sizes, one run of each figure); return the result."""
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,  # ~4.5 min on a busy 2-core VM
        env={key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
    )


def test_the_smoke_benchmark_exits_successfully(smoke_run):
    assert smoke_run.returncode == 0, smoke_run.stdout[-3000:] + smoke_run.stderr[-3000:]


def test_the_smoke_benchmark_prints_one_row_per_measured_figure(smoke_run):
    rows = [line for line in smoke_run.stdout.splitlines() if line.startswith("| ")]
    measures = [row.split("|")[1].strip() for row in rows]
    assert measures[0] == "measure"  # the header
    for expected in ("page: dashboard, counts block", "page: recordings list (100 rows)",
                     "page: recording detail (1,500 dialogues), first view",
                     "page: recording detail (1,500 dialogues), repeat views", "page: numbers list",
                     "page: operators list", "browser: detail domInteractive",
                     "browser: CSS+JS sent (compressed)",
                     "fan-out: long call (~1,500 dialogues), first view",
                     "fan-out: long call (~1,500 dialogues), repeat views",
                     "load: recordings list, 16 clients", "upload: 5 MB",
                     "batch: 5 × 1 MB through the queue", "batch: worker peak RSS, 2 vs 5 files",
                     "queue: enqueue to start, idle worker polling every 1 s",
                     "queue: enqueue to start, idle worker polling every 0.5 s"):
        assert expected in measures, smoke_run.stdout


def test_the_smoke_benchmark_counts_upstream_calls_and_says_which_budgets_hold(smoke_run):
    dashboard = next(line for line in smoke_run.stdout.splitlines() if "page: dashboard" in line)
    assert re.search(r"\| [1-9]\d* calls +\|", dashboard), dashboard
    assert any(line.startswith("budgets: ") for line in smoke_run.stdout.splitlines())


def test_a_keys_first_view_of_a_recording_asks_four_calls_and_its_repeat_views_one(smoke_run):
    def calls(label):
        line = next(line for line in smoke_run.stdout.splitlines() if label in line)
        return int(re.search(r"\| (\d+) calls +\|", line).group(1))

    assert calls("page: recording detail (1,500 dialogues), first view") == 4
    assert calls("page: recording detail (1,500 dialogues), repeat views") == 1


def test_the_smoke_batch_reaches_the_sandbox_and_the_worker_stays_flat(smoke_run):
    lines = smoke_run.stdout.splitlines()
    batch = next(line for line in lines if "batch: 5 × 1 MB through the queue" in line)
    assert re.search(r"all accepted \d+\.\d\ds", batch) and "direct one by one" in batch, batch
    memory = next(line for line in lines if "batch: worker peak RSS" in line)
    assert memory.rstrip(" |").endswith(": met") and "NOT met" not in memory, memory


def test_the_smoke_benchmark_measures_the_index_and_its_sync_keeps_the_budget(smoke_run):
    lines = smoke_run.stdout.splitlines()
    measures = [line.split("|")[1].strip() for line in lines if line.startswith("| ")]
    for expected in ("index: search (SQLite, 100 calls), one common word",
                     "index: search (SQLite, 100 calls), a rare word (a reference code)",
                     "index: size (SQLite, 100 calls)", "index: insights page (SQLite, 100 calls)",
                     "index: sync of 10 sandbox recordings"):
        assert expected in measures, smoke_run.stdout
    rare = next(line for line in lines if "a rare word" in line)
    assert "| 1 found;" in rare, rare  # the reference code is said in one call
    sync = next(line for line in lines if "index: sync of" in line)
    assert sync.rstrip(" |").endswith(": met"), sync
