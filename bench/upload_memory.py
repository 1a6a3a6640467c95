"""Upload 100 MB and 500 MB files through the console: its peak memory and relative throughput.

Starts the standalone sandbox (console.settings.sandbox) and the console
(console.settings.development, pointed at that sandbox with IDENTITYCALL_BASE_URL) under gunicorn,
each with one worker, in a private scratch directory (bench/servers.py). Then, for each size, it
uploads a sparse .wav made with `truncate` (1) straight to the sandbox's POST /recordings
(multipart, sent in 1 MiB chunks by the console's own encoder, the cheapest client at hand) and
(2) through the console's `recordings:upload_file` endpoint the way upload.js sends it (the file
as the raw body, the fields in X-Upload-Fields, logged in with a requests.Session, CSRF token and
all), three times each, alternating. It prints, per size:

* the console worker's peak RSS (VmHWM) while handling that size's uploads (the peak is reset
  between sizes through /proc/<pid>/clear_refs), which must not grow with the file size (budget
  150 MiB);
* the median time of each path and the console's throughput relative to the direct upload
  (direct time / console time; target at least 0.8).

    .venv/bin/python bench/upload_memory.py [--sizes 100M,500M] [--repeat 3]

Exit status 0 when both budgets hold, 1 otherwise.
"""

import argparse
import os
import shutil
import signal
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
    console_env,
    free_port,
    gunicorn,
    logged_in_session,
    prepare_console,
    sandbox_env,
    seed_sandbox,
    wait_until_up,
    worker_pid,
)

from apps.identitycall.multipart import MultipartBody, file_chunks  # noqa: E402  (no Django)

MIB = 1024 * 1024
PEAK_BUDGET_MIB = 150
THROUGHPUT_TARGET = 0.8


def status_mib(pid, field):
    """Return a memory field of /proc/<pid>/status (VmHWM, VmRSS) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


def peak_rss_mib(pid):
    """Return the process's peak resident memory (VmHWM) in MiB."""
    return status_mib(pid, "VmHWM")


def current_rss_mib(pid):
    """Return the process's resident memory now (VmRSS) in MiB."""
    return status_mib(pid, "VmRSS")


def reset_peak(pid):
    """Reset VmHWM to the current RSS (Linux ≥ 4.0), so the next peak belongs to the next size."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def start_sandbox(scratch, log):
    """Migrate, seed and start the standalone sandbox; return (process, API base URL, full key)."""
    env = sandbox_env(scratch, TMPDIR=str(scratch / "tmp"))
    key = seed_sandbox(env)["full"]
    port = free_port()
    process = gunicorn(env, port, log, timeout=900)
    base = f"http://127.0.0.1:{port}/api/v1/public"
    wait_until_up(base + "/projects")
    return process, base, key


def start_console(scratch, sandbox_base, key, log):
    """Migrate the console, give a user the sandbox key, start it; return (process, base URL)."""
    port = free_port()
    env = console_env(scratch, sandbox_base, port, IDENTITYCALL_UPLOAD_READ_TIMEOUT="900",
                      FILE_UPLOAD_TEMP_DIR=str(scratch / "tmp"))
    prepare_console(env, key)
    process = gunicorn(env, port, log, timeout=900)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/healthz")
    return process, base


def main():
    # Benchmarks run on their own SQLite files in a scratch folder, whatever database the calling
    # shell (or CI's PostgreSQL run) points DATABASE_URL at.
    os.environ.pop("DATABASE_URL", None)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100M,500M", help="truncate sizes (default 100M,500M)")
    parser.add_argument("--repeat", type=int, default=3, help="uploads per path and size")
    args = parser.parse_args()
    return run(args.sizes.split(","), args.repeat)


def run(sizes, repeat):
    scratch = Path(tempfile.mkdtemp(prefix="upload-bench-"))
    (scratch / "tmp").mkdir()
    log = (scratch / "servers.log").open("w")
    processes = []
    try:
        sandbox_process, sandbox, key = start_sandbox(scratch, log)
        processes.append(sandbox_process)
        console_process, console = start_console(scratch, sandbox, key, log)
        processes.append(console_process)
        worker = worker_pid(console_process.pid)
        project_id = requests.get(
            f"{sandbox}/projects", headers={"Authorization": f"Bearer {key}"}, timeout=10
        ).json()["data"][0]["id"]
        session = logged_in_session(console)
        token = session.cookies["csrftoken"]
        # One small upload each way first, so imports and connection pools are not measured.
        measure("1M", 1, scratch, sandbox, key, console, session, token, project_id, worker)
        baseline = current_rss_mib(worker)
        results = [measure(size, repeat, scratch, sandbox, key, console, session, token,
                           project_id, worker) for size in sizes]
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        log.close()
        if os.environ.get("BENCH_KEEP_LOG"):
            print((scratch / "servers.log").read_text()[-3000:])
        shutil.rmtree(scratch, ignore_errors=True)
    return report(results, baseline)


def measure(size, repeat, scratch, sandbox, key, console, session, token, project_id, worker):
    """Upload one size `repeat` times each way; return what report() prints."""
    path = scratch / f"bench-{size}.wav"
    subprocess.run(["truncate", "-s", size, str(path)], check=True)
    reset_peak(worker)
    direct, through = [], []
    for attempt in range(repeat):
        status, seconds, text = post_direct(sandbox, key, project_id, path)
        check(status, 201, "direct", text)
        direct.append(seconds)
        status, seconds, text = post_console(console, session, token, project_id, path)
        check(status, 201, "console", text)
        through.append(seconds)
        # The console keeps a copy of every upload; drop it so the disk does not fill up.
        shutil.rmtree(scratch / "media", ignore_errors=True)
    size_bytes = path.stat().st_size
    path.unlink()
    return {
        "size": size_bytes,
        "peak": peak_rss_mib(worker),
        "direct": statistics.median(direct),
        "console": statistics.median(through),
    }


def post_direct(sandbox, key, project_id, path):
    """Upload straight to the sandbox, multipart in 1 MiB chunks (the console's own encoder)."""
    with path.open("rb") as handle:
        body = MultipartBody(
            boundary=uuid.uuid4().hex,
            fields={"project_id": str(project_id), "external_id": f"direct-{uuid.uuid4().hex}"},
            file_field="file", filename=path.name, content_type="audio/wav",
            size=path.stat().st_size, chunks=file_chunks(handle),
        )
        headers = {"Authorization": f"Bearer {key}", "Content-Type": body.content_type}
        return send(f"{sandbox}/recordings", body, headers)


def post_console(console, session, token, project_id, path):
    """Upload through the console as upload.js does: the file as the body, fields in a header."""
    fields = urlencode({
        "project": str(project_id),
        "language": "",
        "name": "",
        # A fresh id each time: a replay would skip work and flatter the console.
        "external_id": f"console-{uuid.uuid4().hex}",
        "batch_size": "1",
        "filename": path.name,
    })
    headers = {"X-CSRFToken": token, "X-Upload-Fields": fields,
               "Content-Type": "application/octet-stream"}
    with path.open("rb") as handle:
        return send(f"{console}/recordings/upload/file/", handle, headers, session)


def send(url, body, headers, session=None):
    started = time.perf_counter()
    response = (session or requests).post(url, data=body, headers=headers, timeout=(5, 900))
    return response.status_code, time.perf_counter() - started, response.text


def check(status, expected, path, text):
    if status != expected:
        raise RuntimeError(f"{path} upload answered {status}: {text[:300]}")


def report(results, baseline):
    ok = True
    print(f"console worker RSS before the measured uploads: {baseline:.1f} MiB")
    print(
        f"{'file':>9}  {'console peak RSS':>17}  {'growth':>10}  {'direct':>8}  {'console':>8}  "
        f"{'throughput':>10}"
    )
    for result in results:
        ratio = result["direct"] / result["console"]
        print(
            f"{result['size'] / MIB:>6.0f} MB  {result['peak']:>13.1f} MiB  "
            f"{result['peak'] - baseline:>6.1f} MiB  "
            f"{result['direct']:>7.2f}s  {result['console']:>7.2f}s  {ratio:>9.2f}×"
        )
        ok = ok and result["peak"] < PEAK_BUDGET_MIB and ratio >= THROUGHPUT_TARGET
    peaks = [result["peak"] for result in results]
    print(
        f"peak RSS spread across sizes: {max(peaks) - min(peaks):.1f} MiB "
        f"(budget {PEAK_BUDGET_MIB} MiB; throughput target {THROUGHPUT_TARGET}× of direct; "
        "times are medians)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
