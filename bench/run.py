"""`make bench`: what the console adds to IdentityCall's own time, as one table with budgets.

Starts, in a private scratch directory, the standalone sandbox (gunicorn, console.settings.sandbox,
a request log written by bench/gunicorn_sandbox.conf.py) and the console production-like (gunicorn
gthread, DEBUG off, console.settings.development pointed at that sandbox, a user holding the
sandbox's full key). The sandbox is restarted on the same port with a fixed injected latency for
each part, so the console keeps running (and keeps its connection pool) throughout:

* page overhead (50 ms): each page's median time, the median time of the same upstream calls sent
  straight to the sandbox all at once (the floor any client meets), their difference and ratio, and
  how many upstream calls the page made (counted from the sandbox's request log); the recording
  detail twice: a key's first view (four calls, everything parsed and rendered) and repeat views
  (the analysis kept per key: one call);
* fan-out (200 ms): the detail page against one upstream call (bench/detail_fanout.py), ≤ 1.5×,
  for a key's first view of a recording and for its repeat views (the analysis then kept);
* throughput (0 ms): recordings list pages per second with 16 concurrent clients, against the same
  upstream calls made straight by 16 clients, and TCP connections the console opened to the
  sandbox per 1,000 page views (distinct peer ports in the log), ≤ the console's server threads;
* browser (50 ms): Chromium's domInteractive and the time until the transcript panel is in the
  DOM on the long recording's page, and the CSS/JS bytes a production server (collectstatic,
  CompressedManifestStaticFilesStorage) sends compressed, with its Cache-Control header;
* uploads: bench/upload_memory.py (its own servers): peak RSS at two sizes and throughput ratio;
* batch: bench/batch_upload.py (its own servers and a worker): 50 × 5 MB through the queue against
  sending them straight to the sandbox one after another (the time until all are accepted, and
  when the tab may close), the worker's peak RSS for 10 and 50 files, and the queue's
  enqueue-to-start latency with an idle worker.
* S3 audio: bench/s3_audio_memory.py (moto's S3 server): peak RSS keeping, serving and reading
  kept audio on S3-compatible storage at three sizes, against django-storages' own S3File.
* index: bench/index_search.py over 10,000 synthetic indexed calls (--index-calls, or
  BENCH_INDEX_CALLS=100000: 10–15 minutes a database on 2 quiet cores) on SQLite, and on PostgreSQL
  too with --index-postgres URL (or BENCH_INDEX_POSTGRES; a database of that name is created and
  dropped): search p50/p95 per query shape (p50 < 100 ms at 100,000 on PostgreSQL), index size per
  call, the insights page's render p50; bench/index_sync.py: the sync of 1,000 sandbox recordings
  at the default rate budget on a simulated clock, and its busiest minute (≤ the budget).

    .venv/bin/python bench/run.py [--smoke] [--runs N] [--strict] [--index-calls N]
        [--index-postgres postgres://postgres@127.0.0.1:5432/bench_index]

--smoke uses tiny sizes and few repetitions (the CI run). Exit status 0 when the table was printed
(with --strict: and every budget was met).
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from cryptography.fernet import Fernet
from requests.adapters import HTTPAdapter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import detail_fanout as fanout  # noqa: E402  (bench/ is not a package)
import review_browser  # noqa: E402
import servers  # noqa: E402

CONSOLE_WORKERS, CONSOLE_THREADS = 2, 4
CLIENTS = 16
PAGE_LATENCY_MS, FANOUT_LATENCY_MS = 50, 200
FANOUT_BUDGET, CONNECTION_BUDGET = 1.5, CONSOLE_WORKERS * CONSOLE_THREADS
UPLOAD_RSS_BUDGET_MIB, UPLOAD_THROUGHPUT_BUDGET = 150, 0.8
BATCH_RSS_GROWTH_MIB = 10  # the worker's peak may not grow with the batch's size
SEARCH_BUDGET_MS, SEARCH_BUDGET_CALLS = 100, 100_000  # p50 on PostgreSQL at 100,000 calls


class Bench:
    """The two servers and what the measurements need from them."""

    def __init__(self, scratch, log):
        self.scratch, self.log = scratch, log
        self.request_log = scratch / "sandbox-requests.log"
        self.sandbox_port = servers.free_port()
        self.sandbox = f"http://127.0.0.1:{self.sandbox_port}/api/v1/public"
        self.sandbox_process = None
        self.processes = []
        self.direct = requests.Session()  # the "straight to the sandbox" client, pooled too
        self.direct.mount("http://", HTTPAdapter(pool_maxsize=CLIENTS))

    # -- servers ------------------------------------------------------------------------------

    def sandbox_env(self):
        return servers.sandbox_env(self.scratch, BENCH_REQUEST_LOG=str(self.request_log))

    def seed_sandbox(self):
        self.key = servers.seed_sandbox(self.sandbox_env())["full"]
        self.direct.headers["Authorization"] = f"Bearer {self.key}"

    def start_sandbox(self, latency_ms):
        """(Re)start the sandbox on its port with latency_ms added to every request."""
        self.stop_sandbox()
        env = {**self.sandbox_env(), "SANDBOX_LATENCY_MS": str(latency_ms)}
        self.sandbox_process = servers.gunicorn(
            env, self.sandbox_port, self.log, workers=2, threads=16,
            extra=("--config", str(servers.ROOT / "bench" / "gunicorn_sandbox.conf.py")),
        )
        servers.wait_until_up(self.sandbox + "/projects")
        self.latency_ms = latency_ms

    def stop_sandbox(self):
        if self.sandbox_process is not None:
            self.sandbox_process.send_signal(signal.SIGTERM)
            self.sandbox_process.wait(timeout=30)
            self.sandbox_process = None

    def start_console(self):
        port = servers.free_port()
        self.console_env = servers.console_env(self.scratch, self.sandbox, port, DEBUG="false")
        servers.prepare_console(self.console_env, self.key)
        self.processes.append(servers.gunicorn(self.console_env, port, self.log,
                                       workers=CONSOLE_WORKERS, threads=CONSOLE_THREADS))
        self.console = f"http://127.0.0.1:{port}"
        servers.wait_until_up(self.console + "/accounts/login/")
        self.session = servers.logged_in_session(self.console)

    def stop(self):
        self.stop_sandbox()
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=30)

    # -- the request log ----------------------------------------------------------------------

    def log_size(self):
        return self.request_log.stat().st_size if self.request_log.exists() else 0

    def log_since(self, offset):
        """Return [(method, target, peer port)] logged since offset."""
        with self.request_log.open("rb") as file:
            file.seek(offset)
            lines = file.read().decode().splitlines()
        return [tuple(line.split(" ", 2)) for line in lines if line.count(" ") >= 2]

    def upstream(self, target):
        """Return the absolute URL of a logged target (a path under the sandbox's root)."""
        return f"http://127.0.0.1:{self.sandbox_port}{target}"


def timed_get(session, url):
    started = time.perf_counter()
    response = session.get(url, timeout=120)
    response.raise_for_status()
    _ = response.content
    return time.perf_counter() - started


def page_overhead(bench, pages, runs, newcomers=()):
    """Return rows (label, console s, upstream s, calls) at the current latency.

    `pages` holds (label, path, first_view); a first-view page is asked by a new session from
    `newcomers` in each run (see detail_fanout.first_view_sessions), after that user opened the
    recordings list, so nothing but the project names is kept for its key."""
    rows = []
    newcomers = list(newcomers)
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        for label, path, first_view in pages:
            url = bench.console + path
            timed_get(bench.session, url)  # warm: templates, pools, caches a page may keep
            consoles, directs, calls = [], [], []
            for _ in range(runs):
                session = bench.session
                if first_view:
                    session = newcomers.pop()
                    timed_get(session, bench.console + "/recordings/")
                offset = bench.log_size()
                consoles.append(timed_get(session, url))
                made = [target for method, target, _ in bench.log_since(offset) if method == "GET"]
                calls.append(len(made))
                started = time.perf_counter()
                list(pool.map(lambda target: timed_get(bench.direct, bench.upstream(target)), made))
                directs.append(time.perf_counter() - started)
            rows.append((label, statistics.median(consoles), statistics.median(directs),
                         statistics.median(calls)))
    return rows


def throughput(bench, path, views):
    """Return (console pages/s, direct pages/s, connections the console used for the views).

    Connections are the distinct peer ports of the console's calls during the timed views: every
    connection counted was opened once, during or before them (a reused pool shows as few)."""
    cookies = bench.session.cookies.get_dict()
    made = None
    for _ in range(3):  # the usual view's calls: a view may also fill a worker's empty cache
        offset = bench.log_size()
        timed_get(bench.session, bench.console + path)
        calls = [target for method, target, _ in bench.log_since(offset) if method == "GET"]
        made = calls if made is None or len(calls) < len(made) else made

    def console_client(count):
        session = requests.Session()
        session.cookies.update(cookies)
        for _ in range(count):
            timed_get(session, bench.console + path)

    def direct_client(count):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {bench.key}"
        for _ in range(count):
            for target in made:
                timed_get(session, bench.upstream(target))

    def run(client):
        per_client = [views // CLIENTS + (i < views % CLIENTS) for i in range(CLIENTS)]
        threads = [threading.Thread(target=client, args=(n,)) for n in per_client]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return views / (time.perf_counter() - started)

    offset = bench.log_size()
    console_rps = run(console_client)
    ports = {port for _, _, port in bench.log_since(offset)}
    direct_rps = run(direct_client)
    return console_rps, direct_rps, len(ports)


def browser_timings(bench, ref, runs):
    """Return median (domInteractive s, transcript present s) of the detail page in Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = servers.launch_chromium(playwright)
        context = browser.new_context()
        context.add_cookies([{"name": name, "value": value, "url": bench.console}
                             for name, value in bench.session.cookies.get_dict().items()])
        page = context.new_page()
        url = f"{bench.console}/recordings/{ref}/"
        page.goto(url)  # warm the HTTP cache: later runs are what a returning user sees
        interactive, panels = [], []
        for _ in range(runs):
            page.goto(url, wait_until="commit", timeout=120_000)
            page.wait_for_selector("#transcript", state="attached", timeout=120_000)
            panels.append(page.evaluate("performance.now()") / 1000)
            page.wait_for_load_state("domcontentloaded")
            interactive.append(page.evaluate(
                "performance.getEntriesByType('navigation')[0].domInteractive") / 1000)
        browser.close()
    return statistics.median(interactive), statistics.median(panels)


def static_bytes(bench, ref):
    """Return (compressed bytes, plain bytes, files, every file far-future cached) of the detail
    page's CSS and JS, served by a production-settings console after collectstatic."""
    html = bench.session.get(f"{bench.console}/recordings/{ref}/", timeout=120).text
    assets = sorted(set(re.findall(r'(?:href|src)="/static/([^"?]+\.(?:css|js))"', html)))
    static_root = bench.scratch / "staticfiles"
    env = {
        **bench.console_env,
        "DJANGO_SETTINGS_MODULE": "console.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": f"sqlite:///{bench.scratch / 'console' / 'console.sqlite3'}",
    }
    env.pop("IDENTITYCALL_BASE_URL")
    servers.manage(env, "collectstatic", "--noinput", "-v0")
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    port = servers.free_port()
    process = servers.gunicorn(env, port, bench.log, threads=1)
    try:
        servers.wait_until_up(f"http://127.0.0.1:{port}/healthz")
        compressed = plain = 0
        cached = True
        for asset in assets:
            url = f"http://127.0.0.1:{port}/static/{manifest.get(asset, asset)}"
            response = requests.get(url, headers={"Accept-Encoding": "br, gzip"}, stream=True,
                                    timeout=30)
            response.raise_for_status()
            compressed += len(response.raw.read(decode_content=False))
            plain += (static_root / manifest.get(asset, asset)).stat().st_size
            cached = cached and "immutable" in response.headers.get("Cache-Control", "") \
                and "max-age=315360000" in response.headers.get("Cache-Control", "")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    return compressed, plain, len(assets), cached


UPLOAD_ROW = re.compile(
    r"^\s*(\d+) MB\s+([\d.]+) MiB\s+(-?[\d.]+) MiB\s+([\d.]+)s\s+([\d.]+)s\s+([\d.]+)×")


def uploads(sizes, repeat):
    """Run bench/upload_memory.py; return ([(MB, peak MiB, direct s, console s, ratio)], output)."""
    result = subprocess.run(
        [str(servers.BIN / "python"), str(servers.ROOT / "bench" / "upload_memory.py"),
         "--sizes", sizes, "--repeat", str(repeat)],
        cwd=servers.ROOT, capture_output=True, text=True, timeout=3600,
    )
    rows = []
    for line in result.stdout.splitlines():
        match = UPLOAD_ROW.match(line)
        if match:
            mb, peak, _growth, direct, console, ratio = match.groups()
            rows.append((int(mb), float(peak), float(direct), float(console), float(ratio)))
    return rows, result.stdout + result.stderr[-2000:]


S3_ROW = re.compile(r"^\s*(\d+) MB\s+([\d.]+) MiB\s+([\d.]+) MiB\s+([\d.]+) MiB\s+([\d.]+) MiB"
                    r"\s+([\d.]+) MiB")


def s3_audio(sizes):
    """Run bench/s3_audio_memory.py; return ([(MB, peak MiB of store/serve/read, plain S3File
    MiB)], output)."""
    result = subprocess.run(
        [str(servers.BIN / "python"), str(servers.ROOT / "bench" / "s3_audio_memory.py"),
         "--sizes", sizes], cwd=servers.ROOT, capture_output=True, text=True, timeout=3600,
    )
    rows = [(int(match[1]), max(map(float, match.groups()[2:5])), float(match[6]))
            for match in map(S3_ROW.match, result.stdout.splitlines()) if match]
    return rows, result.stdout + result.stderr[-2000:]


BATCH_RESULT = "BATCH_RESULT "


def batch(files, size, small, repeat, probes):
    """Run bench/batch_upload.py; return (its figures as a dict or None, output)."""
    result = subprocess.run(
        [str(servers.BIN / "python"), str(servers.ROOT / "bench" / "batch_upload.py"),
         "--files", str(files), "--size", size, "--small", str(small), "--repeat", str(repeat),
         "--probes", str(probes)],
        cwd=servers.ROOT, capture_output=True, text=True, timeout=3600,
    )
    for line in result.stdout.splitlines():
        if line.startswith(BATCH_RESULT):
            return json.loads(line[len(BATCH_RESULT):]), result.stdout
    return None, result.stdout + result.stderr[-2000:]


def batch_rows(figures):
    """Return the table's rows and budgets for bench/batch_upload.py's figures."""
    label = f"{figures['files']} × {figures['size_mb']:g} MB"
    direct, queued, tab = figures["direct"], figures["queued"], figures["tab"]
    rows = [(f"batch: {label} through the queue", f"all accepted {queued:.2f}s",
             f"direct one by one {direct:.2f}s", f"{direct / queued:.2f}×",
             f"tab free after {tab:.2f}s ({direct / tab:.2f}×), last byte to all accepted "
             f"{queued - tab:.2f}s; relayed one by one {figures['relayed']:.2f}s", "")]
    (small, low), (large, high) = sorted((int(count), peak)
                                         for count, peak in figures["peaks"].items())
    flat = high < UPLOAD_RSS_BUDGET_MIB and high - low < BATCH_RSS_GROWTH_MIB
    rows.append((f"batch: worker peak RSS, {small} vs {large} files", f"{high:.1f} MiB",
                 f"{low:.1f} MiB with {small}", "", f"growth {high - low:.1f} MiB",
                 f"< {UPLOAD_RSS_BUDGET_MIB} MiB, growth < {BATCH_RSS_GROWTH_MIB} MiB: "
                 f"{verdict(flat)}"))
    for interval, latency in sorted(figures["latency"].items(), key=lambda item: -float(item[0])):
        rows.append((f"queue: enqueue to start, idle worker polling every {float(interval):g} s",
                     f"p50 {ms(latency['p50'])}", f"p95 {ms(latency['p95'])}", "",
                     f"{latency['n']} tasks", ""))
    return rows, [("batch worker RSS flat", flat, f"{low:.1f} → {high:.1f} MiB")]


def marked_json(output, mark):
    """Return the JSON of the line starting with `mark` in output, or None."""
    for line in output.splitlines():
        if line.startswith(mark):
            return json.loads(line[len(mark):])
    return None


def index_search(calls, database_url, runs, insights_runs):
    """Run bench/index_search.py; return (its figures or None, output)."""
    command = [str(servers.BIN / "python"), str(servers.ROOT / "bench" / "index_search.py"),
               "--calls", str(calls), "--runs", str(runs), "--insights-runs", str(insights_runs)]
    if database_url:
        command += ["--database-url", database_url]
    result = subprocess.run(command, cwd=servers.ROOT, capture_output=True, text=True,
                            timeout=3 * 3600)
    output = result.stdout + result.stderr[-3000:]
    return marked_json(result.stdout, "INDEX_RESULT "), output


def index_search_rows(figures):
    """Return the table's rows and budgets for bench/index_search.py's figures."""
    where = f"{figures['database']}, {figures['calls']:,} calls"
    postgres = figures["database"] == "PostgreSQL"
    judged = postgres and figures["calls"] >= SEARCH_BUDGET_CALLS
    rows, budgets = [], []
    for shape in figures["searches"]:
        ok = shape["p50"] < SEARCH_BUDGET_MS
        rows.append((f"index: search ({where}), {shape['label']}", f"p50 {shape['p50']:.0f} ms",
                     f"p95 {shape['p95']:.0f} ms", "", f"{shape['found']:,} found; page p50 "
                     f"{shape['page_p50']:.0f} ms, p95 {shape['page_p95']:.0f} ms",
                     f"p50 < {SEARCH_BUDGET_MS} ms: {verdict(ok)}" if judged else ""))
        if judged:
            budgets.append((f"search p50 {shape['label']}", ok, f"{shape['p50']:.0f} ms"))
    rows.append((f"index: size ({where})", f"{figures['kib_per_call']:.1f} KiB per call",
                 f"{figures['bytes'] / 1e6:.0f} MB in all", "",
                 f"{figures['lines'] / figures['calls']:.0f} lines a call, loaded in "
                 f"{figures['fill_s']:.0f} s", ""))
    rows.append((f"index: insights page ({where})", f"p50 {figures['insights_p50']:.0f} ms",
                 "", "", "every table, rendered", ""))
    return rows, budgets


def index_sync(recordings):
    """Run bench/index_sync.py; return (its figures or None, output)."""
    result = subprocess.run(
        [str(servers.BIN / "python"), str(servers.ROOT / "bench" / "index_sync.py"),
         "--recordings", str(recordings)],
        cwd=servers.ROOT, capture_output=True, text=True, timeout=3600,
    )
    return marked_json(result.stdout, "SYNC_RESULT "), result.stdout + result.stderr[-3000:]


def index_sync_rows(figures):
    ok = figures["busiest_minute"] <= figures["per_minute"]
    minutes = figures["simulated_minutes"]
    return [(f"index: sync of {figures['recordings']:,} sandbox recordings",
             f"{minutes:.0f} min wall time", f"busiest minute {figures['busiest_minute']} "
             f"requests", "", f"{figures['requests']:,} requests, console CPU "
             f"{figures['cpu_ms_per_recording']:.0f} ms a recording",
             f"≤ {figures['per_minute']}/min: {verdict(ok)}")], [
        ("index sync within the rate budget", ok, f"{figures['busiest_minute']} in 60 s")]


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def verdict(ok):
    return "met" if ok else "NOT met"


def main():
    # Benchmarks run on their own SQLite files in a scratch folder, whatever database the calling
    # shell (or CI's PostgreSQL run) points DATABASE_URL at.
    os.environ.pop("DATABASE_URL", None)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, few runs (CI)")
    parser.add_argument("--runs", type=int, help="timed runs per figure (default 7; smoke 1)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument("--skip", default="", help="comma list of parts to skip: "
                        "pages,fanout,throughput,browser,static,uploads,batch,s3,index")
    parser.add_argument("--index-calls", type=int, default=int(os.environ.get(
        "BENCH_INDEX_CALLS", 0)), help="synthetic calls indexed for the search figures (default "
        "10,000; smoke 100; 100,000 takes 25-40 minutes a database)")
    parser.add_argument("--index-postgres", default=os.environ.get("BENCH_INDEX_POSTGRES", ""),
                        help="also measure the index on PostgreSQL: a database URL to create "
                        "and drop (e.g. postgres://postgres@127.0.0.1:5432/bench_index)")
    args = parser.parse_args()
    index_calls = args.index_calls or (100 if args.smoke else 10_000)
    sync_recordings = 10 if args.smoke else 1000
    runs = args.runs or (1 if args.smoke else 7)
    views = 32 if args.smoke else 1000
    upload_sizes, upload_repeat = ("5M", 1) if args.smoke else ("100M,500M", 3)
    # files, size, the smaller batch (memory), repeats, queue probes
    batch_args = (5, "1M", 2, 1, 5) if args.smoke else (50, "5M", 10, 3, 40)
    skip = set(filter(None, args.skip.split(",")))
    scratch = Path(tempfile.mkdtemp(prefix="console-bench-"))
    log = (scratch / "servers.log").open("w")
    bench = Bench(scratch, log)
    table, budgets = [], []
    started = last = time.monotonic()

    def progress(part):
        nonlocal last
        now = time.monotonic()
        print(f"[bench] {part}: {now - last:.1f} s", file=sys.stderr, flush=True)
        last = now
    try:
        bench.seed_sandbox()
        bench.start_sandbox(PAGE_LATENCY_MS)
        bench.start_console()
        progress("servers")
        recordings = fanout.pick_recordings(bench.sandbox, bench.key)
        long_ref = recordings["long call (~1,500 dialogues)"]
        if "pages" not in skip:
            detail = f"/recordings/{long_ref}/"
            # The overview's frame asks IdentityCall nothing; its counts block asks the most.
            pages = [("dashboard, counts block", "/overview/counts/", False),
                     ("recordings list (100 rows)", "/recordings/?per_page=100", False),
                     ("recording detail (1,500 dialogues), first view", detail, True),
                     ("recording detail (1,500 dialogues), repeat views", detail, False),
                     ("numbers list", "/numbers/", False), ("operators list", "/operators/", False)]
            newcomers = fanout.first_view_sessions(bench.sandbox_env(), bench.console_env,
                                                   bench.console, runs, prefix="page-first")
            for label, console, direct, calls in page_overhead(bench, pages, runs, newcomers):
                table.append((f"page: {label}", f"{ms(console - direct)} over",
                              f"console {ms(console)}, upstream {ms(direct)}",
                              f"{console / direct:.2f}×", f"{calls:g} calls", ""))
        progress("pages")
        chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        if "browser" not in skip and not Path(chromium).exists():
            table.append(("browser: detail domInteractive", f"skipped: no {chromium}", "", "",
                          "", ""))
        elif "browser" not in skip:
            interactive, panels = browser_timings(bench, long_ref, runs)
            table.append(("browser: detail domInteractive", ms(interactive), "", "", "", ""))
            table.append(("browser: detail transcript in DOM", ms(panels), "", "", "", ""))
            review_browser.add_rows(bench, long_ref, runs, table, budgets)
        progress("browser")
        if "static" not in skip:
            compressed, plain, files, cached = static_bytes(bench, long_ref)
            table.append(("browser: CSS+JS sent (compressed)", f"{compressed / 1024:.1f} KiB",
                          f"{plain / 1024:.1f} KiB plain, {files} files",
                          f"{compressed / plain:.2f}×", "",
                          "far-future immutable" if cached else "NOT far-future cached"))
            budgets.append(("static files far-future cached", cached, str(cached)))
        progress("static")
        if "fanout" not in skip:
            bench.start_sandbox(FANOUT_LATENCY_MS)
            # A key's first view of a recording does all the work; later views reuse its analysis
            # (apps/recordings/analysis_cache.py): each first view is made by a new key's user.
            first_views = fanout.first_view_sessions(bench.sandbox_env(), bench.console_env,
                                                     bench.console, runs * len(recordings))
            for label, ref in recordings.items():
                figures = fanout.measure(bench.session, bench.console, bench.sandbox, bench.key,
                                         ref, runs, first_views)
                for view, seconds in (("first view", figures.first),
                                      ("repeat views", figures.repeat)):
                    ratio = seconds / figures.direct
                    table.append((f"fan-out: {label}, {view}", ms(seconds),
                                  f"one call {ms(figures.direct)}", f"{ratio:.2f}×",
                                  f"4 at once {ms(figures.together)}",
                                  f"≤ {FANOUT_BUDGET}×: {verdict(ratio <= FANOUT_BUDGET)}"))
                    budgets.append((f"fan-out {label}, {view}", ratio <= FANOUT_BUDGET,
                                    f"{ratio:.2f}×"))
        progress("fan-out")
        if "throughput" not in skip:
            bench.start_sandbox(0)
            path = "/recordings/?per_page=100"
            throughput(bench, path, CLIENTS)  # warm: every console thread's connections
            console_rps, direct_rps, connections = throughput(bench, path, views)
            # The budget is per 1,000 views; a shorter run that opens no more already meets it.
            per_thousand = connections * 1000 / views if views > 1000 else connections
            ok = per_thousand <= CONNECTION_BUDGET
            table.append((f"load: recordings list, {CLIENTS} clients", f"{console_rps:.1f} pages/s",
                          f"direct {direct_rps:.1f}/s", f"{console_rps / direct_rps:.2f}×",
                          f"{connections} conns for {views} views",
                          f"≤ {CONNECTION_BUDGET} conns/1,000 views: {verdict(ok)}"))
            budgets.append(("connections per 1,000 views", ok, f"{connections} for {views}"))
        progress("load")
        bench.stop()
        if "uploads" not in skip:
            rows, output = uploads(upload_sizes, upload_repeat)
            if not rows:
                print(output)
                raise RuntimeError("bench/upload_memory.py printed no figures")
            for mb, peak, direct, console, ratio in rows:
                ok = peak < UPLOAD_RSS_BUDGET_MIB and ratio >= UPLOAD_THROUGHPUT_BUDGET
                table.append((f"upload: {mb} MB", f"peak RSS {peak:.1f} MiB",
                              f"console {console:.2f}s, direct {direct:.2f}s", f"{ratio:.2f}×",
                              "", f"< {UPLOAD_RSS_BUDGET_MIB} MiB, ≥ {UPLOAD_THROUGHPUT_BUDGET}×: "
                              f"{verdict(ok)}"))
                budgets.append((f"upload {mb} MB", ok, f"{peak:.1f} MiB, {ratio:.2f}×"))
            progress("uploads")
            peaks = [row[1] for row in rows]
            if len(peaks) > 1:
                table.append(("upload: peak RSS growth across sizes",
                              f"{max(peaks) - min(peaks):.1f} MiB", "", "", "", ""))
        if "batch" not in skip:
            figures, output = batch(*batch_args)
            if figures is None:
                print(output)
                raise RuntimeError("bench/batch_upload.py printed no figures")
            rows, met = batch_rows(figures)
            table.extend(rows)
            budgets.extend(met)
            progress("batch")
        if "s3" not in skip:  # kept audio on S3-compatible storage (moto's server)
            rows, output = s3_audio("5M,20M" if args.smoke else "10M,100M,500M")
            if not rows:
                print(output)
                raise RuntimeError("bench/s3_audio_memory.py printed no figures")
            growth = max(row[1] for row in rows) - min(row[1] for row in rows)
            for mb, peak, plain in rows:
                ok = peak < UPLOAD_RSS_BUDGET_MIB and growth < 16
                table.append((f"S3 audio: {mb} MB store+serve+read", f"peak RSS {peak:.1f} MiB",
                              f"django-storages S3File {plain:.1f} MiB", "", f"growth "
                              f"{growth:.1f} MiB", f"< {UPLOAD_RSS_BUDGET_MIB} MiB, growth < 16 "
                              f"MiB: {verdict(ok)}"))
                budgets.append((f"S3 audio {mb} MB", ok, f"{peak:.1f} MiB, +{growth:.1f} MiB"))
            progress("s3 audio")
        if "index" not in skip:  # the index: search, its size, the insights page, the sync
            for database_url in ["", *filter(None, [args.index_postgres])]:  # "": SQLite
                figures, output = index_search(index_calls, database_url, 1 if args.smoke else 20,
                                               1 if args.smoke else 5)
                if figures is None:
                    print(output)
                    raise RuntimeError("bench/index_search.py printed no figures")
                rows, met = index_search_rows(figures)
                table.extend(rows)
                budgets.extend(met)
                progress(f"index search, {figures['database']}")
            figures, output = index_sync(sync_recordings)
            if figures is None:
                print(output)
                raise RuntimeError("bench/index_sync.py printed no figures")
            rows, met = index_sync_rows(figures)
            table.extend(rows)
            budgets.extend(met)
            progress("index sync")
    finally:
        bench.stop()
        log.close()
        if os.environ.get("BENCH_KEEP"):
            print(f"scratch kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print_table(table, runs, views, args.smoke, time.monotonic() - started)
    missed = [name for name, ok, _ in budgets if not ok]
    print("budgets: " + ("all met" if not missed else "NOT met: " + "; ".join(
        f"{name} ({figure})" for name, ok, figure in budgets if not ok)))
    return 1 if args.strict and missed else 0


def print_table(table, runs, views, smoke, elapsed):
    load = os.getloadavg()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"IdentityCall Console benchmark{' (smoke)' if smoke else ''}: {when}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load {load[0]:.2f} "
          f"{load[1]:.2f} {load[2]:.2f}, medians of {runs} runs, {views} views under load, "
          f"{elapsed:.0f} s")
    print(f"console: gunicorn gthread {CONSOLE_WORKERS}×{CONSOLE_THREADS}, DEBUG off; sandbox "
          f"latency {PAGE_LATENCY_MS} ms (pages, browser), {FANOUT_LATENCY_MS} ms (fan-out), "
          "0 ms (load)")
    header = ("measure", "figure", "against", "ratio", "calls / other", "budget")
    widths = [max(len(str(row[i])) for row in [header, *table]) for i in range(len(header))]
    line = "| " + " | ".join(f"{{:<{w}}}" for w in widths) + " |"
    print(line.format(*header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in table:
        print(line.format(*row))


if __name__ == "__main__":
    sys.exit(main())
