"""The review of a long call in Chromium: how soon the transcript pane shows, and whether
scrolling through the whole two-hour transcript ever blocks the page (used by run.py).

* **Transcript pane shown**: from navigation to the first transcript line laid out and visible
  in its pane (`performance.now()` then, polled every frame), median of `runs` warm views.
* **Scroll**: with a PerformanceObserver for `longtask` entries running, the transcript pane is
  scrolled from its first line to its last one viewport per animation frame (about 150 frames
  for the 1,500 lines); the longest task seen and how many there were over 50 ms.

    .venv/bin/python bench/review_browser.py --console URL --ref REF --cookie sessionid=…
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import servers  # noqa: E402  (bench/ is not a package)

PANE_BUDGET_MS = 400
LONG_TASK_BUDGET_MS = 200
VIEWPORT = {"width": 1440, "height": 900}

SHOWN = """() => {
  const line = document.querySelector('[data-transcript] .line');
  if (!line) return false;
  const box = line.getBoundingClientRect();
  return box.height > 0 && box.bottom > 0 && box.top < innerHeight ? performance.now() : false;
}"""

SCROLL = """async () => {
  const tasks = [];
  const observer = new PerformanceObserver(
    list => list.getEntries().forEach(entry => tasks.push(entry.duration)));
  observer.observe({type: 'longtask'});
  const pane = document.querySelector('[data-transcript]');
  const frame = () => new Promise(done => requestAnimationFrame(() => done()));
  let frames = 0;
  while (pane.scrollTop + pane.clientHeight < pane.scrollHeight - 2 && frames < 2000) {
    pane.scrollTop += pane.clientHeight;
    await frame();
    frames += 1;
  }
  await new Promise(done => setTimeout(done, 300));
  observer.disconnect();
  return {frames, tasks, lines: pane.querySelectorAll('.line').length};
}"""


def measure(console, cookies, ref, runs):
    """Return (median ms until the transcript pane shows, longest task ms while scrolling the
    whole transcript, tasks over 50 ms, frames scrolled)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = servers.launch_chromium(playwright)
        context = browser.new_context(viewport=VIEWPORT)
        context.add_cookies([{"name": name, "value": value, "url": console}
                             for name, value in cookies.items()])
        page = context.new_page()
        url = f"{console}/recordings/{ref}/"
        page.goto(url)  # warm the HTTP cache: later runs are what a returning user sees
        shown = []
        for _ in range(runs):
            page.goto(url, wait_until="commit", timeout=120_000)
            shown.append(page.wait_for_function(SHOWN, polling="raf", timeout=120_000).json_value())
        page.wait_for_load_state("load")
        scrolled = page.evaluate(SCROLL)
        browser.close()
    tasks = scrolled["tasks"]
    return statistics.median(shown), max(tasks, default=0), len(tasks), scrolled["frames"]


def add_rows(bench, ref, runs, table, budgets):
    """Add the review's rows and budgets to run.py's table."""
    shown, longest, count, frames = measure(bench.console, bench.session.cookies.get_dict(), ref,
                                            runs)
    pane_ok, scroll_ok = shown <= PANE_BUDGET_MS, longest <= LONG_TASK_BUDGET_MS
    table.append(("browser: review, transcript pane shown", f"{shown:.0f} ms", "", "", "",
                  f"≤ {PANE_BUDGET_MS} ms: {'met' if pane_ok else 'NOT met'}"))
    table.append(("browser: review, scroll whole transcript", f"longest task {longest:.0f} ms",
                  f"{frames} frames", "", f"{count} long tasks",
                  f"≤ {LONG_TASK_BUDGET_MS} ms: {'met' if scroll_ok else 'NOT met'}"))
    budgets.append(("transcript pane shown", pane_ok, f"{shown:.0f} ms"))
    budgets.append(("longest task scrolling the transcript", scroll_ok, f"{longest:.0f} ms"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--console", required=True)
    parser.add_argument("--ref", required=True)
    parser.add_argument("--cookie", action="append", default=[], help="name=value")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    cookies = dict(cookie.split("=", 1) for cookie in args.cookie)
    shown, longest, count, frames = measure(args.console, cookies, args.ref, args.runs)
    print(f"transcript pane shown: {shown:.0f} ms (budget {PANE_BUDGET_MS} ms)")
    print(f"scrolling the whole transcript ({frames} frames): longest task {longest:.0f} ms, "
          f"{count} long tasks (budget {LONG_TASK_BUDGET_MS} ms)")


if __name__ == "__main__":
    main()
