"""The detail page's time to fully rendered, relative to one upstream call, at 200 ms per request.

Starts the standalone sandbox (console.settings.sandbox) with SANDBOX_LATENCY_MS=200 and the
console (console.settings.development, IDENTITYCALL_BASE_URL pointing at that sandbox) under
gunicorn, each in a private scratch directory. A user signed in with the sandbox's full key then
asks for the detail page of completed recordings — the seeded ~1,500-dialogue "benchmark" call and
an ordinary few-minute call — and, alternating with it, the one upstream call a page needs at the
very least (`GET /recordings/<id>` straight to the sandbox). The page is server-rendered in one
response (all four panels inline, no follow-up requests), so "fully rendered" is its last byte.

The console keeps a completed recording's analysis per API key (apps/recordings/analysis_cache.py),
so each recording gets two figures, from views interleaved in the same runs:

* first view: the page as a key sees it the first time — all four upstream calls, parsing and
  rendering everything. Each first view is made by its own user holding its own new sandbox key
  (created before the runs): nothing is cached for that key, while the console process, its
  templates and its connection pool are as warm as in the repeat views. Just before it, that user
  opens the recordings list, as a person would, so the project names are cached as usual;
* repeat views: the same page again for the key that has seen it — the recording itself is the
  only upstream call.

It prints the medians over --runs (default 9) of the first view, the repeat views and the one call,
and their ratios (and, for context, how long the sandbox takes to answer the page's four calls sent
together by a bare client: the floor of a first view before the console does any work); the budget
is 1.5× for both. With --browser it also times Chromium's `load` event for a repeat view.

    .venv/bin/python bench/detail_fanout.py [--latency-ms 200] [--runs 9] [--browser]

Exit status 0 when every ratio is within budget, 1 otherwise.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import (  # noqa: E402  (bench/ is not a package)
    PASSWORD,
    USERNAME,
    add_users,
    console_env,
    free_port,
    gunicorn,
    launch_chromium,
    logged_in_session,
    manage,
    prepare_console,
    sandbox_env,
    seed_sandbox,
    wait_until_up,
)

BUDGET = 1.5
LONG_CALL_EXTERNAL_ID = "bench-long-transcript"  # apps.sandbox.seed: 2 h, ~1,500 dialogues


def start_sandbox(scratch, log, latency_ms):
    """Migrate, seed and start the standalone sandbox; return (process, API base, full key, env)."""
    env = sandbox_env(scratch)  # no latency while seeding and starting
    keys = seed_sandbox(env)
    port = free_port()
    # Threads, so that the console's concurrent calls are each served (and delayed) at once.
    process = gunicorn({**env, "SANDBOX_LATENCY_MS": str(latency_ms)}, port, log,
                       workers=2, threads=8)
    base = f"http://127.0.0.1:{port}/api/v1/public"
    wait_until_up(base + "/projects")
    return process, base, keys["full"], env


def start_console(scratch, sandbox_base, key, log):
    """Migrate the console, give a user the sandbox key, start it; return (process, URL, env)."""
    port = free_port()
    env = console_env(scratch, sandbox_base, port)
    prepare_console(env, key)
    process = gunicorn(env, port, log, workers=1, threads=4)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/accounts/login/")
    return process, base, env


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


def first_view_sessions(sandbox_vars, console_vars, console, count, prefix="first-view"):
    """Return `count` sessions, each signed in as a new user holding a new sandbox key of its own:
    the console has kept nothing for those keys, so each one's first detail view is a cold one.
    `sandbox_vars` and `console_vars` are the two servers' environments."""
    keys = json.loads(manage(
        sandbox_vars, "shell", "-v0", "-c",
        "import json; from apps.sandbox.seed import create_key; "
        f"print(json.dumps([create_key(label='bench first view') for _ in range({count})]))",
    ))
    names = [f"{prefix}-{n}" for n in range(count)]
    add_users(console_vars, zip(names, keys))
    return [logged_in_session(console, name) for name in names]


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


@dataclass(frozen=True)
class Fanout:
    """Median seconds of one recording's detail page, first and repeated, against the API."""

    first: float  # a key's first view: four upstream calls and all the work
    repeat: float  # later views by the same key: the recording's call, the rest kept
    direct: float  # one `GET /recordings/:id` straight to the sandbox
    together: float  # the page's four calls sent straight to the sandbox at once
    size: int  # bytes of the page


def check_page(response):
    if 'id="transcript"' not in response.text:
        raise RuntimeError("the detail page came back without its transcript")
    return response


def measure(session, console, sandbox, key, ref, runs, first_views):
    """Return the Fanout of `ref`; `first_views` gives one unused session per run (and is used
    up): see first_view_sessions()."""
    page_url, direct_url = f"{console}/recordings/{ref}/", f"{sandbox}/recordings/{ref}"
    headers = {"Authorization": f"Bearer {key}"}
    # Warm: templates, the connection pool, and this key's project names and analysis.
    timed(session.get, page_url)
    timed(requests.get, direct_url, headers=headers)
    firsts, repeats, directs, together, size = [], [], [], [], 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(runs):
            newcomer = first_views.pop()
            timed(newcomer.get, f"{console}/recordings/")  # where a person opens a recording from
            seconds, response = timed(newcomer.get, page_url)
            firsts.append(seconds)
            check_page(response)
            seconds, response = timed(session.get, page_url)
            repeats.append(seconds)
            size = len(check_page(response).content)
            directs.append(timed(requests.get, direct_url, headers=headers)[0])
            # For context: the floor any client of this sandbox meets, before the console's work.
            together.append(all_four_at_once(pool, direct_url, headers))
    median = statistics.median
    return Fanout(median(firsts), median(repeats), median(directs), median(together), size)


def browser_load(console, ref, runs):
    """Return the median seconds from navigation start to Chromium's load event."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
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
        sandbox_process, sandbox, key, sandbox_env = start_sandbox(scratch, log, args.latency_ms)
        processes.append(sandbox_process)
        console_process, console, console_env = start_console(scratch, sandbox, key, log)
        processes.append(console_process)
        session = logged_in_session(console)
        recordings = pick_recordings(sandbox, key)
        first_views = first_view_sessions(sandbox_env, console_env, console,
                                          args.runs * len(recordings))
        ok = True
        print(f"sandbox latency {args.latency_ms} ms per request; medians of {args.runs} runs")
        print(f"{'recording':<30} {'one call':>9} {'4 at once':>10} {'first view':>11} "
              f"{'ratio':>7} {'repeat views':>13} {'ratio':>7} {'page size':>10}")
        for label, ref in recordings.items():
            figures = measure(session, console, sandbox, key, ref, args.runs, first_views)
            first, repeat = figures.first / figures.direct, figures.repeat / figures.direct
            ok = ok and first <= BUDGET and repeat <= BUDGET
            print(f"{label:<30} {figures.direct * 1000:>7.0f}ms {figures.together * 1000:>8.0f}ms "
                  f"{figures.first * 1000:>9.0f}ms {first:>6.2f}× "
                  f"{figures.repeat * 1000:>11.0f}ms {repeat:>6.2f}× "
                  f"{figures.size / 1024:>7.0f} KiB")
            if args.browser:
                loaded = browser_load(console, ref, args.runs)
                print(f"{'':<30} Chromium load event (repeat view) {loaded * 1000:.0f} ms "
                      f"({loaded / figures.direct:.2f}× one call)")
        print(f"budget: the page within {BUDGET}× one upstream call, first and repeat views")
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
