"""Check that a 500 MB WAV upload keeps the sandbox's memory flat.

Starts the standalone sandbox (console.settings.sandbox) under gunicorn with 1 worker and 4
threads on a free loopback port, uploads a sparse 500 MB .wav made with `truncate` (streamed by
requests_toolbelt's MultipartEncoder, so the client holds no copy either), and prints the worker's
peak resident memory (VmHWM in /proc/<pid>/status) before and after.

    .venv/bin/python bench/sandbox_upload_memory.py [--size 500M]
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from requests_toolbelt import MultipartEncoder

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import free_port, gunicorn, sandbox_env, seed_sandbox, wait_until_up, worker_pid  # noqa: E402


def memory_kib(pid):
    """Return {"VmHWM": peak RSS, "VmRSS": current RSS} in KiB for the process."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            values[name] = int(rest.split()[0])
    return values


def main():
    # Benchmarks run on their own SQLite files in a scratch folder, whatever database the calling
    # shell (or CI's PostgreSQL run) points DATABASE_URL at.
    os.environ.pop("DATABASE_URL", None)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="500M", help="size for truncate (default 500M = 500 MiB)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sandbox-bench-") as scratch:
        scratch = Path(scratch)
        env = sandbox_env(scratch)
        keys = seed_sandbox(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}/api/v1/public"
        server = gunicorn(env, port, None, timeout=300)
        try:
            wait_until_up(f"{base}/projects")
            worker = worker_pid(server.pid)
            before = memory_kib(worker)

            audio = scratch / "large.wav"
            subprocess.run(["truncate", "-s", args.size, str(audio)], check=True)
            size = audio.stat().st_size
            with audio.open("rb") as handle:
                body = MultipartEncoder(
                    {"name": "Memory check", "file": ("large.wav", handle, "audio/wav")}
                )
                started = time.perf_counter()
                response = requests.post(
                    f"{base}/recordings",
                    data=body,
                    headers={
                        "Authorization": f"Bearer {keys['project_scoped']}",
                        "Content-Type": body.content_type,
                    },
                    timeout=(5, 600),
                )
                elapsed = time.perf_counter() - started
            after = memory_kib(worker)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    mib = 1024 * 1024
    print(f"upload: {size / mib:.0f} MiB WAV -> HTTP {response.status_code} in {elapsed:.1f} s")
    if response.ok:
        data = response.json()["data"]
        print(f"recording {data['public_id']}: {data['status']}, duration_ms {data['duration_ms']}")
    else:
        print(response.text[:500])
    print(f"worker pid {worker}")
    for field, label in (("VmHWM", "peak RSS (VmHWM)"), ("VmRSS", "current RSS (VmRSS)")):
        print(
            f"{label} before: {before[field] / 1024:.1f} MiB, after: {after[field] / 1024:.1f} MiB"
        )
    growth = (after["VmHWM"] - before["VmHWM"]) / 1024
    print(f"peak grew by {growth:.1f} MiB while receiving {size / mib:.0f} MiB")
    return 0 if response.status_code == 201 and growth < 64 else 1


if __name__ == "__main__":
    sys.exit(main())
