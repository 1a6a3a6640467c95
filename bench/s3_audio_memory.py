"""Kept audio on S3-compatible storage: the console's peak memory storing and serving big files.

Starts moto's S3 server on loopback (tests/s3_server.py, as the tests do). For each size, a fresh
Python process set up as the console (console.settings.development, AUDIO_STORAGE_URL naming a
new bucket, its own scratch folder) makes a sparse file of that size with `truncate`, then:

1. store: keeps it the way ingest/storage.py's keep_copy does (FieldFile.save → the storage's
   save of an uploaded temp file: sent in 8 MiB parts read from its path);
2. serve: answers it the way views/audio.py does (ingest/storage.open_copy, ranges.serve), the
   whole file (200) read to the end by the "browser", then a 1 MiB Range from the middle (206);
3. read: default_storage.open(name, "rb").chunks() to the end, the generic read that files staged
   for the background queue use;
4. for contrast (not the console's path): django-storages' own S3Storage.open(name).read(1 MiB),
   whose S3File downloads the whole object into memory first.

Each step's figure is the process's peak RSS (VmHWM, reset to the current RSS before the step),
in MiB. Budgets: every console step stays under 150 MiB, and its peak grows by less than 16 MiB
from the smallest size to the largest (flat: no part of the console holds the file).

    .venv/bin/python bench/s3_audio_memory.py [--sizes 10M,100M,500M]

Exit status 0 when the budgets hold, 1 otherwise.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIB = 1024 * 1024
PEAK_BUDGET_MIB, GROWTH_BUDGET_MIB = 150, 16
STEPS = ("store", "serve", "read")


def status_mib(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak():
    """Reset VmHWM to the current RSS (Linux ≥ 4.0), so the next peak belongs to the next step."""
    Path("/proc/self/clear_refs").write_text("5")


def child(size, scratch):
    """Run the steps in this (fresh) process; print one JSON line of figures."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.base import ContentFile, File
    from django.core.files.storage import default_storage
    from django.test import RequestFactory
    from storages.backends.s3 import S3Storage

    from apps.recordings import ranges

    class Uploaded(File):
        def temporary_file_path(self):
            return self.name

    source = Path(scratch) / "call.wav"
    subprocess.run(["truncate", "-s", str(size), str(source)], check=True)
    warm = default_storage.save("warm/up.wav", ContentFile(b"warm"))  # clients made, code loaded
    default_storage.open(warm, "rb").read()
    figures = {"baseline": status_mib("VmRSS")}

    reset_peak()
    with open(source, "rb") as handle:
        name = default_storage.save("audio/bench/call.wav", Uploaded(handle, name=str(source)))
    figures["store"] = status_mib("VmHWM")

    reset_peak()
    factory = RequestFactory()
    for header in ({}, {"HTTP_RANGE": f"bytes={size // 2}-{size // 2 + MIB - 1}"}):
        handle = default_storage.open(name, "rb")
        response = ranges.serve(factory.get("/audio", **header), handle, size=handle.size,
                                content_type="audio/x-wav")
        received = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        assert received == (size if not header else MIB), received
    figures["serve"] = status_mib("VmHWM")

    reset_peak()
    with default_storage.open(name, "rb") as handle:
        assert sum(len(chunk) for chunk in handle.chunks(MIB)) == size
    figures["read"] = status_mib("VmHWM")

    reset_peak()
    plain = S3Storage(**settings.STORAGES["default"]["OPTIONS"])
    with plain.open(name, "rb") as handle:
        handle.read(MIB)
    figures["plain S3File"] = status_mib("VmHWM")
    print(json.dumps(figures))


def run_size(size, url, env, scratch):
    folder = Path(scratch) / str(size)
    folder.mkdir()
    child_env = {**os.environ, **env, "AUDIO_STORAGE_URL": url,
                 "DJANGO_SETTINGS_MODULE": "console.settings.development",
                 "CONSOLE_VAR_DIR": str(folder), "FILE_UPLOAD_TEMP_DIR": str(folder)}
    child_env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(size), str(folder)],
        cwd=ROOT, env=child_env, capture_output=True, text=True, timeout=1800,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the {size // MIB} MB run failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def parse_size(text):
    text = text.strip().upper()
    return int(float(text[:-1]) * MIB) if text.endswith("M") else int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10M,100M,500M")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1])
        return 0
    from tests.s3_server import S3Server

    sizes = [parse_size(size) for size in args.sizes.split(",")]
    scratch = tempfile.mkdtemp(prefix="console-s3-bench-")
    server = S3Server()
    try:
        rows = [(size, run_size(size, server.create_bucket(), server.env, scratch))
                for size in sizes]
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{'size':>8}  {'baseline':>9}  " + "  ".join(f"{step:>13}" for step in STEPS)
          + f"  {'plain S3File':>13}")
    for size, figures in rows:
        print(f"{size // MIB:>5} MB  {figures['baseline']:>5.1f} MiB  "
              + "  ".join(f"{figures[step]:>9.1f} MiB" for step in STEPS)
              + f"  {figures['plain S3File']:>9.1f} MiB")
    peaks = [max(figures[step] for step in STEPS) for _, figures in rows]
    growth = max(peaks) - min(peaks)
    ok = max(peaks) < PEAK_BUDGET_MIB and growth < GROWTH_BUDGET_MIB
    print(f"peak RSS growth across sizes: {growth:.1f} MiB; budgets (< {PEAK_BUDGET_MIB} MiB, "
          f"growth < {GROWTH_BUDGET_MIB} MiB): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
