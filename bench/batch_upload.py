"""A batch of files handed to the console's queue, against sending them one after another.

Starts, in a private scratch directory (bench/servers.py), the standalone sandbox and the console
under gunicorn and one `manage.py worker` beside them, sharing the console's SQLite database. Then:

* **batch**: `--files` files of `--size` each (distinct contents, so distinct external_ids), sent
  (1) straight to the sandbox one after another (multipart, the console's own encoder: what a
  client without the console would do), (2) through the console as upload.js sends a batch (each
  file the raw body of its own POST to /recordings/upload/queue/; the worker sends them on), and
  (3) through the console's relay endpoint one after another (upload.js's single-file path, which
  a batch used before the queue). For (2) it notes when the last byte left the client (the tab may
  close then) and when the worker had all of them accepted by the sandbox (201, read from the
  console's database every 10 ms); alternating, `--repeat` times; medians.
* **worker memory**: the worker's peak RSS (VmHWM, reset through /proc/<pid>/clear_refs) while it
  sends a batch of `--small` files, then one of `--files` files: it must not grow with the batch.
* **queue overhead**: with the worker idle, `--probes` tasks enqueued one at a time (each after
  the previous finished, at a random moment of the worker's polling interval); the time from
  enqueue to start (DBTaskResult.started_at - enqueued_at), p50 and p95, for the worker's default
  `--interval` (production's, 1 s) and make run's (0.5 s).

Prints a human summary and one `BATCH_RESULT {json}` line (read by bench/run.py).

    .venv/bin/python bench/batch_upload.py [--files 50] [--size 5M] [--small 10] [--repeat 3]
"""

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import (  # noqa: E402  (bench/ is not a package)
    BIN,
    ROOT,
    console_env,
    free_port,
    gunicorn,
    logged_in_session,
    prepare_console,
    sandbox_env,
    seed_sandbox,
    wait_until_up,
)
from upload_memory import peak_rss_mib, post_direct, reset_peak  # noqa: E402

MIB = 1024 * 1024


class Body:
    """A file as a request body that notes when its last byte was handed to the connection."""

    def __init__(self, path):
        self.handle, self.size, self.done_at = path.open("rb"), path.stat().st_size, None

    def __len__(self):
        return self.size  # requests sends Content-Length, as a browser does

    def read(self, amount=-1):
        data = self.handle.read(amount)
        if not data and self.done_at is None:
            self.done_at = time.perf_counter()
            self.handle.close()
        return data


class Servers:
    """The sandbox, the console and its worker, in one scratch directory."""

    def __init__(self, scratch, log):
        self.scratch, self.log, self.processes = scratch, log, []
        env = sandbox_env(scratch, TMPDIR=str(scratch / "tmp"))
        self.key = seed_sandbox(env)["full"]
        port = free_port()
        self.processes.append(gunicorn(env, port, log, workers=2, threads=8, timeout=900))
        self.sandbox = f"http://127.0.0.1:{port}/api/v1/public"
        wait_until_up(self.sandbox + "/projects")
        port = free_port()
        self.env = console_env(scratch, self.sandbox, port, FILE_UPLOAD_TEMP_DIR=str(scratch / "tmp"),
                               IDENTITYCALL_UPLOAD_READ_TIMEOUT="900", DEBUG="false")
        prepare_console(self.env, self.key)
        self.processes.append(gunicorn(self.env, port, log, workers=1, threads=4, timeout=900))
        self.console = f"http://127.0.0.1:{port}"
        wait_until_up(self.console + "/healthz")
        self.worker = None
        self.database = scratch / "console" / "console.sqlite3"
        self.session = logged_in_session(self.console)
        self.project_id = requests.get(f"{self.sandbox}/projects", timeout=10, headers={
            "Authorization": f"Bearer {self.key}"}).json()["data"][0]["id"]

    def start_worker(self, interval):
        """(Re)start `manage.py worker --interval`; return its pid once it beats."""
        self.stop_worker()
        self.worker = subprocess.Popen(
            [str(BIN / "python"), str(ROOT / "manage.py"), "worker", "--interval", str(interval),
             "--no-startup-delay"],
            cwd=ROOT, env={**self.env, "JOBS_BEAT_SECONDS": "5"}, stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while not self.query("SELECT count(*) FROM jobs_workerbeat WHERE pid = ?",
                             (self.worker.pid,)):
            if time.monotonic() > deadline or self.worker.poll() is not None:
                raise RuntimeError("the worker did not start")
            time.sleep(0.1)
        return self.worker.pid

    def stop_worker(self):
        if self.worker is not None:
            self.worker.send_signal(signal.SIGTERM)
            self.worker.wait(timeout=60)
            self.worker = None

    def query(self, sql, params=()):
        with sqlite3.connect(self.database, timeout=20) as connection:
            return connection.execute(sql, params).fetchone()[0]

    def stop(self):
        self.stop_worker()
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=30)


def make_files(folder, count, size, tag):
    """Write `count` sparse files of `size` bytes, each ending in its own bytes; return paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{tag}-{number:03}.wav"
        subprocess.run(["truncate", "-s", str(size - 32), str(path)], check=True)
        with path.open("ab") as handle:
            handle.write(uuid.uuid4().hex.encode())
        paths.append(path)
    return paths


def post_file(servers, url, path, batch_size):
    """POST one file to the console as upload.js does; return (status, the Body)."""
    fields = urlencode({"project": servers.project_id, "language": "", "name": "",
                        "external_id": "", "batch_size": str(batch_size), "filename": path.name})
    headers = {"X-CSRFToken": servers.session.cookies["csrftoken"], "X-Upload-Fields": fields,
               "Content-Type": "application/octet-stream"}
    body = Body(path)
    response = servers.session.post(f"{servers.console}{url}", data=body, headers=headers,
                                    timeout=(5, 900))
    return response.status_code, body, response.text


def direct(servers, paths):
    """Send the files straight to the sandbox one after another; return the seconds it took."""
    started = time.perf_counter()
    for path in paths:
        status, _, text = post_direct(servers.sandbox, servers.key, servers.project_id, path)
        if status != 201:
            raise RuntimeError(f"direct upload answered {status}: {text[:200]}")
    return time.perf_counter() - started


def relayed(servers, paths):
    """Send the files through the relay endpoint one after another; return the seconds."""
    started = time.perf_counter()
    for path in paths:
        status, _, text = post_file(servers, "/recordings/upload/file/", path, 1)
        if status != 201:
            raise RuntimeError(f"relayed upload answered {status}: {text[:200]}")
    return time.perf_counter() - started


def queued(servers, paths):
    """Queue the files as upload.js does; return (tab seconds, all accepted seconds) from the
    first byte: when the last byte left the client, and when the worker had all sent."""
    before = servers.query("SELECT count(*) FROM recordings_queued_upload WHERE status = 'sent'")
    started = time.perf_counter()
    last_byte = None
    for path in paths:
        status, body, text = post_file(servers, "/recordings/upload/queue/", path, len(paths))
        if status != 202:
            raise RuntimeError(f"queueing answered {status}: {text[:200]}")
        last_byte = body.done_at
    deadline = time.monotonic() + 900
    while True:
        sent = servers.query("SELECT count(*) FROM recordings_queued_upload WHERE status = 'sent'")
        if sent - before >= len(paths):
            break
        failed = servers.query(
            "SELECT count(*) FROM recordings_queued_upload WHERE status = 'failed'")
        if failed or time.monotonic() > deadline:
            raise RuntimeError(f"queued uploads did not all go: {sent - before} sent, {failed} failed")
        time.sleep(0.01)
    return last_byte - started, time.perf_counter() - started


def batch(servers, files, size, repeat):
    """Alternate the three ways `repeat` times; return their medians."""
    figures = {"direct": [], "tab": [], "queued": [], "relayed": []}
    servers.start_worker(0.5)
    for run in range(repeat):
        paths = make_files(servers.scratch / "batch", files, size, f"run{run}")
        figures["direct"].append(direct(servers, paths))
        shutil.rmtree(servers.scratch / "batch")
        paths = make_files(servers.scratch / "batch", files, size, f"queue{run}")
        tab, accepted = queued(servers, paths)
        figures["tab"].append(tab)
        figures["queued"].append(accepted)
        shutil.rmtree(servers.scratch / "batch")
        paths = make_files(servers.scratch / "batch", files, size, f"relay{run}")
        figures["relayed"].append(relayed(servers, paths))
        shutil.rmtree(servers.scratch / "batch")
        shutil.rmtree(servers.scratch / "media" / "audio", ignore_errors=True)  # the kept copies
    return {name: statistics.median(values) for name, values in figures.items()}


def worker_memory(servers, small, large, size):
    """Return the worker's peak RSS (MiB) while sending `small` files, then `large` files."""
    pid = servers.start_worker(0.5)
    paths = make_files(servers.scratch / "warm", 2, size, "warm")  # imports, pools: not measured
    queued(servers, paths)
    peaks = {}
    for count in (small, large):
        paths = make_files(servers.scratch / f"rss{count}", count, size, f"rss{count}")
        reset_peak(pid)
        queued(servers, paths)
        peaks[count] = peak_rss_mib(pid)
        shutil.rmtree(servers.scratch / f"rss{count}")
        shutil.rmtree(servers.scratch / "media" / "audio", ignore_errors=True)
    return peaks


PROBE = """
import json, sys, time, uuid
from django_tasks_db.models import DBTaskResult
from apps.recordings.tasks import send_queued_upload
import random
delays = []
for _ in range({probes}):
    time.sleep(random.uniform(0, {interval}))  # a random moment of the worker's idle loop
    result = send_queued_upload.enqueue(str(uuid.uuid4()))  # no such upload: starts and ends
    while True:
        row = DBTaskResult.objects.get(pk=result.id)
        if row.finished_at:
            break
        time.sleep(0.005)
    delays.append((row.started_at - row.enqueued_at).total_seconds())
print("PROBE " + json.dumps(delays))
"""


def queue_latency(servers, probes, interval):
    """Return the enqueue-to-start delays (s) of `probes` tasks with an idle worker."""
    servers.start_worker(interval)
    code = PROBE.format(probes=probes, interval=interval)
    output = subprocess.run([str(BIN / "python"), str(ROOT / "manage.py"), "shell", "-c", code],
                            cwd=ROOT, env=servers.env, capture_output=True, text=True, check=True,
                            timeout=600).stdout
    line = next(line for line in output.splitlines() if line.startswith("PROBE "))
    return json.loads(line[len("PROBE "):])


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def parse_size(text):
    units = {"K": 1024, "M": MIB, "G": 1024 * MIB}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].isalpha() else int(text)


def main():
    os.environ.pop("DATABASE_URL", None)  # its own SQLite files, whatever the shell points at
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--size", default="5M")
    parser.add_argument("--small", type=int, default=10, help="the smaller batch for memory")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--probes", type=int, default=40)
    args = parser.parse_args()
    size = parse_size(args.size)
    scratch = Path(tempfile.mkdtemp(prefix="batch-bench-"))
    (scratch / "tmp").mkdir()
    log = (scratch / "servers.log").open("w")
    servers = None
    try:
        servers = Servers(scratch, log)
        times = batch(servers, args.files, size, args.repeat)
        peaks = worker_memory(servers, args.small, args.files, size)
        latency = {interval: queue_latency(servers, args.probes, interval)
                   for interval in (1.0, 0.5)}
    finally:
        if servers is not None:
            servers.stop()
        log.close()
        if os.environ.get("BENCH_KEEP_LOG"):
            print((scratch / "servers.log").read_text()[-3000:])
        shutil.rmtree(scratch, ignore_errors=True)
    return report(args, times, peaks, latency)


def report(args, times, peaks, latency):
    result = {
        "files": args.files, "size_mb": parse_size(args.size) / MIB, "repeat": args.repeat,
        **times, "peaks": {str(count): peak for count, peak in peaks.items()},
        "latency": {str(interval): {"p50": percentile(values, 0.5), "p95": percentile(values, 0.95),
                                    "n": len(values)}
                    for interval, values in latency.items()},
    }
    print(f"batch of {args.files} × {args.size} (medians of {args.repeat}):")
    print(f"  direct to the sandbox, one after another: {times['direct']:.2f} s")
    print(f"  through the queue: tab free after {times['tab']:.2f} s, all accepted after "
          f"{times['queued']:.2f} s ({times['queued'] - times['tab']:.2f} s after the last byte)")
    print(f"  relayed one after another: {times['relayed']:.2f} s")
    print("worker peak RSS: " + ", ".join(f"{count} files {peak:.1f} MiB"
                                          for count, peak in peaks.items()))
    for interval, figures in result["latency"].items():
        print(f"enqueue-to-start, idle worker polling every {interval} s: p50 "
              f"{figures['p50'] * 1000:.0f} ms, p95 {figures['p95'] * 1000:.0f} ms "
              f"({figures['n']} tasks)")
    print("BATCH_RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    random.seed()
    sys.exit(main())
