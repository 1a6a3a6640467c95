"""The detail page's time to fully rendered, relative to one upstream call, at 200 ms per request.

Starts the standalone sandbox (console.settings.sandbox) with SANDBOX_LATENCY_MS=200 and the
console (console.settings.development, IDENTITYCALL_BASE_URL pointing at that sandbox) under
gunicorn, each in a private scratch directory. A user signed in with the sandbox's full key then
asks for the detail page of completed recordings — the seeded ~1,500-dialogue "benchmark" call and
an ordinary few-minute call — and, alternating with it, the one upstream call a page needs at the
very least (`GET /recordings/<id>` straight to the sandbox). The page is server-rendered in one
response (all four panels inline, no follow-up requests), so "fully rendered" is its last byte.

It prints the medians over --runs (default 9) of both times and their ratio (and, for context, how
long the sandbox takes to answer the page's four calls sent together by a bare client: the floor
before the console does any work); the budget is 1.5×,
which only holds when the page's four upstream calls (recording, transcription, results, summary)
go out at the same time. With --browser it also times Chromium's `load` event for the same page.

    .venv/bin/python bench/detail_fanout.py [--latency-ms 200] [--runs 9] [--browser]

Exit status 0 when every ratio is within budget, 1 otherwise.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BUDGET = 1.5
USERNAME, PASSWORD = "bench", "bench-password-1"
LONG_CALL_EXTERNAL_ID = "bench-long-transcript"  # apps.sandbox.seed: 2 h, ~1,500 dialogues


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=10)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered at {url}")


def manage(env, *args):
    """Run manage.py with env; return its stdout."""
    return subprocess.run(
        [str(BIN / "python"), str(ROOT / "manage.py"), *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout


def gunicorn(env, port, log, *, workers, threads):
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"), "console.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--threads", str(threads), "--log-level", "warning",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )


def start_sandbox(scratch, log, latency_ms):
    """Migrate, seed and start the standalone sandbox; return (process, API base, full key)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "console.settings.sandbox",
        "CONSOLE_VAR_DIR": str(scratch / "sandbox"),
        "SANDBOX_DATABASE_URL": f"sqlite:///{scratch / 'sandbox.sqlite3'}",
        "SANDBOX_RATE_LIMIT_PER_MINUTE": "0",
        "SANDBOX_LATENCY_MS": "0",  # none while seeding and starting
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "sandbox_seed")
    keys = json.loads(manage(env, "sandbox_keys"))
    port = free_port()
    # Threads, so that the console's concurrent calls are each served (and delayed) at once.
    process = gunicorn({**env, "SANDBOX_LATENCY_MS": str(latency_ms)}, port, log,
                       workers=2, threads=8)
    base = f"http://127.0.0.1:{port}/api/v1/public"
    wait_until_up(base + "/projects")
    return process, base, keys["full"]


def start_console(scratch, sandbox_base, key, log):
    """Migrate the console, give a user the sandbox key, start it; return (process, base URL)."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "console.settings.development",
        "CONSOLE_VAR_DIR": str(scratch / "console"),
        "PORT": str(port),
        "IDENTITYCALL_BASE_URL": sandbox_base,
        "MEDIA_ROOT": str(scratch / "media"),
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(
        env, "shell", "-c",
        "from django.contrib.auth import get_user_model; "
        "from apps.accounts.models import save_api_key; "
        f"user = get_user_model().objects.create_user({USERNAME!r}, password={PASSWORD!r}); "
        f"save_api_key(user, {key!r}, 1)",
    )
    process = gunicorn(env, port, log, workers=1, threads=4)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/accounts/login/")
    return process, base


def logged_in_session(console):
    """Return a requests.Session signed in to the console."""
    session = requests.Session()
    session.get(f"{console}/accounts/login/", timeout=10)
    answer = session.post(
        f"{console}/accounts/login/",
        data={"username": USERNAME, "password": PASSWORD,
              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        timeout=10, allow_redirects=False,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError("logging in to the console failed")
    return session


def pick_recordings(sandbox, key):
    """Return {label: public_id} for the long benchmark call and an ordinary completed call."""
    headers = {"Authorization": f"Bearer {key}"}
    found, page = {}, 1
    while len(found) < 2:
        body = requests.get(f"{sandbox}/recordings", headers=headers, timeout=30,
                            params={"status": "completed", "per_page": 100, "page": page}).json()
        for item in body["data"]:
            if item.get("external_id") == LONG_CALL_EXTERNAL_ID:
                found["long call (~1,500 dialogues)"] = item["public_id"]
            elif 180_000 <= (item.get("duration_ms") or 0) <= 600_000:
                found.setdefault("ordinary call (3–10 min)", item["public_id"])
        if page >= body["meta"]["total_pages"]:
            break
        page += 1
    return found


def timed(get, url, **kwargs):
    started = time.perf_counter()
    response = get(url, timeout=60, **kwargs)
    response.raise_for_status()
    _ = response.content  # the last byte
    return time.perf_counter() - started, response


def all_four_at_once(pool, direct_url, headers):
    """Return the seconds the sandbox takes to answer the page's four calls sent together."""
    urls = [direct_url] + [f"{direct_url}/{part}" for part in ("transcription", "results",
                                                                "summary")]
    started = time.perf_counter()
    list(pool.map(lambda url: timed(requests.get, url, headers=headers), urls))
    return time.perf_counter() - started


def measure(session, console, sandbox, key, ref, runs):
    """Return median seconds of the page, of one call and of the four calls at once; page bytes."""
    page_url, direct_url = f"{console}/recordings/{ref}/", f"{sandbox}/recordings/{ref}"
    headers = {"Authorization": f"Bearer {key}"}
    timed(session.get, page_url)  # warm: templates, connection pool, the project names cache
    timed(requests.get, direct_url, headers=headers)
    pages, directs, together, size = [], [], [], 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(runs):
            seconds, response = timed(session.get, page_url)
            if 'id="transcript"' not in response.text:
                raise RuntimeError("the detail page came back without its transcript")
            pages.append(seconds)
            size = len(response.content)
            directs.append(timed(requests.get, direct_url, headers=headers)[0])
            # For context: the floor any client of this sandbox meets, before the console's work.
            together.append(all_four_at_once(pool, direct_url, headers))
    return (statistics.median(pages), statistics.median(directs), statistics.median(together),
            size)


def browser_load(console, ref, runs):
    """Return the median seconds from navigation start to Chromium's load event."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page()
        page.goto(f"{console}/accounts/login/")
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        times = []
        for _ in range(runs):
            page.goto(f"{console}/recordings/{ref}/", wait_until="load", timeout=60_000)
            times.append(page.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000)
        browser.close()
    return statistics.median(times)


def main():
    # Benchmarks run on their own SQLite files in a scratch folder, whatever database the calling
    # shell (or CI's PostgreSQL run) points DATABASE_URL at.
    os.environ.pop("DATABASE_URL", None)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=200, help="sandbox latency per request")
    parser.add_argument("--runs", type=int, default=9, help="timed runs per recording (≥ 7)")
    parser.add_argument("--browser", action="store_true", help="also time Chromium's load event")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="detail-bench-"))
    log = (scratch / "servers.log").open("w")
    processes = []
    try:
        sandbox_process, sandbox, key = start_sandbox(scratch, log, args.latency_ms)
        processes.append(sandbox_process)
        console_process, console = start_console(scratch, sandbox, key, log)
        processes.append(console_process)
        session = logged_in_session(console)
        ok = True
        print(f"sandbox latency {args.latency_ms} ms per request; medians of {args.runs} runs")
        print(f"{'recording':<30} {'one call':>9} {'4 at once':>10} {'page':>8} {'ratio':>7} "
              f"{'page size':>10}")
        for label, ref in pick_recordings(sandbox, key).items():
            page, direct, together, size = measure(session, console, sandbox, key, ref, args.runs)
            ratio = page / direct
            ok = ok and ratio <= BUDGET
            print(f"{label:<30} {direct * 1000:>7.0f}ms {together * 1000:>8.0f}ms "
                  f"{page * 1000:>6.0f}ms {ratio:>6.2f}× {size / 1024:>7.0f} KiB")
            if args.browser:
                loaded = browser_load(console, ref, args.runs)
                print(f"{'':<30} Chromium load event {loaded * 1000:.0f} ms "
                      f"({loaded / direct:.2f}× one call)")
        print(f"budget: the page within {BUDGET}× one upstream call")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
