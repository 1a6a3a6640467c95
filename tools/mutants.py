"""`make mutants`: mutation testing of the critical modules with mutmut, and its table.

mutmut 3 copies the source into `mutants/`, rewrites each function of the files listed in
pyproject.toml's [tool.mutmut] `only_mutate` into its mutants, runs the selected tests once to
learn which tests reach which function, then runs, for each mutant, only those tests. That copy is
made here in a scratch tree (var/mutants/ unless --work says otherwise), never in the checkout, so
no mutated file is ever seen by the project's own tests or linters. It holds the committed
project (HEAD) unless --worktree asks for the checkout as it is.

Only the functions named in MODULES are run (client.py's retry loop, not the whole client); the
table lists them per module with killed / survived / timeout / no tests, and every survivor. A
survivor listed in docs/mutants-equivalent.md is counted as equivalent (a change no behaviour can
show) and shown apart. Exit status 1 when a module is under the target.

    python tools/mutants.py                       # everything (make mutants)
    python tools/mutants.py --only throttle       # the modules whose label contains "throttle"
    python tools/mutants.py --report              # the table of the last run, nothing re-run
"""

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 90.0
# What the work tree needs besides what mutmut copies itself (tests/, pyproject.toml).
COPIED = ["apps", "console", "templates", "static", "manage.py"]
EQUIVALENT_FILE = ROOT / "docs" / "mutants-equivalent.md"

# (label, mutant-name globs): the critical code, function by function where a file holds more.
MODULES = [
    ("identitycall/errors.py (error mapping)", ["apps.identitycall.errors.*"]),
    ("identitycall/transport.py", ["apps.identitycall.transport.*"]),
    ("identitycall/client.py (retry policy)", ["apps.identitycall.client.xǁIdentityCallClientǁ_request__mutmut_*"]),
    ("accounts/crypto.py (key encryption)", ["apps.accounts.crypto.*"]),
    ("accounts/throttle.py (login throttle)", ["apps.accounts.throttle.*"]),
    ("virtual_numbers/purchase_tokens.py", ["apps.virtual_numbers.purchase_tokens.*"]),
    ("recordings/ranges.py (Range parsing)", ["apps.recordings.ranges.*"]),
    ("recordings/ingest (upload identity)", [
        "apps.recordings.ingest.rules.x_external_id_for__mutmut_*",
        "apps.recordings.ingest.rules.x_chosen_external_id__mutmut_*",
        "apps.recordings.ingest.receiving.xǁHashingWriterǁ*",
    ]),
    ("audit hook (writes.py, recorder.py)", [
        "apps.identitycall.writes.*",
        "apps.audit.recorder.*",
    ]),
    # The role check: the functions that decide (the refusal page's wording is tested, not mutated).
    ("accounts/roles.py (role checks)", [
        "apps.accounts.roles.x_needed_role__mutmut_*",
        "apps.accounts.roles.x_at_least__mutmut_*",
        "apps.accounts.roles.x_action_refusal__mutmut_*",
        "apps.accounts.roles.x_is_unchecked__mutmut_*",
        "apps.accounts.roles.xǁRoleRequiredMiddlewareǁprocess_view__mutmut_*",
    ]),
    ("index/visibility.py (index visibility)", ["apps.index.visibility.*"]),
]

_RESULT_LINE = re.compile(r"^\s*(\S+): (\S.*)$")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "mutants")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="mutants at once")
    parser.add_argument("--only", action="append", default=[], help="modules whose label has it")
    parser.add_argument("--report", action="store_true", help="print the last run's table only")
    parser.add_argument("--worktree", action="store_true",
                        help="mutate the checkout as it is (uncommitted changes too), not HEAD")
    args = parser.parse_args(argv)
    modules = [m for m in MODULES if not args.only or any(o in m[0] for o in args.only)]
    if not modules:
        parser.error("no module label contains " + ", ".join(args.only))
    started = time.monotonic()
    if not args.report:
        prepare(args.work, args.worktree)
        globs = [pattern for _label, patterns in modules for pattern in patterns]
        run = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.jobs), *globs],
            cwd=args.work, env=_environment(), check=False,
        )
        if run.returncode != 0:
            print(f"mutmut stopped with exit status {run.returncode}", file=sys.stderr)
            return run.returncode
    results = read_results(args.work)
    below = print_table(modules, results, equivalent_names())
    if not args.report:
        print(f"\nmake mutants took {time.monotonic() - started:.0f} s with {args.jobs} at once.")
    return 1 if below else 0


def prepare(work, worktree=False):
    """Make a fresh work tree: the committed project (HEAD), or the checkout as it is now."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    if worktree:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for name in COPIED + ["tests", "pyproject.toml"]:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, work / name, ignore=ignore)
            else:
                shutil.copy2(source, work / name)
    else:
        archive = subprocess.run(["git", "archive", "HEAD", *COPIED, "tests", "pyproject.toml"],
                                 cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
    shutil.copy2(ROOT / "tools" / "mutants_conftest.py", work / "conftest.py")


def _environment():
    env = dict(os.environ)
    # The work tree's own var/ (test databases per worker slot), not the developer's.
    env.pop("CONSOLE_VAR_DIR", None)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def read_results(work):
    """Return {mutant name: status} from mutmut's results for the work tree."""
    if not (work / "mutants").is_dir():
        sys.exit(f"No mutmut run in {work}: run `make mutants` first.")
    listing = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=work, env=_environment(), capture_output=True, text=True, check=True,
    ).stdout
    return {
        match[1]: match[2].strip()
        for line in listing.splitlines()
        if (match := _RESULT_LINE.match(line))
    }


def equivalent_names():
    """Return the mutant names docs/mutants-equivalent.md explains (each in `backticks`)."""
    if not EQUIVALENT_FILE.exists():
        return set()
    return set(re.findall(r"`([^`\s]+__mutmut_\d+)`", EQUIVALENT_FILE.read_text()))


def print_table(modules, results, equivalent):
    """Print the table and the survivors; return the labels below the target."""
    rows, survivors, below = [], [], []
    for label, patterns in modules:
        mine = {
            name: status for name, status in results.items()
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)
        }
        count = {key: 0 for key in
                 ("killed", "survived", "timeout", "no tests", "not run", "equivalent")}
        for name, status in sorted(mine.items()):
            if status == "survived" and name in equivalent:
                count["equivalent"] += 1
            elif status in ("killed", "caught by type check", "segfault", "suspicious"):
                count["killed"] += 1
            elif status == "timeout":
                count["timeout"] += 1
            elif status == "no tests":
                count["no tests"] += 1
                survivors.append((label, name, status))
            elif status == "not checked":  # the run stopped before reaching it
                count["not run"] += 1
            else:
                count["survived"] += 1
                survivors.append((label, name, status))
        # Timeouts count as detected (the mutant made the tests hang); equivalents are left out.
        judged = len(mine) - count["equivalent"] - count["not run"]
        score = 100.0 * (count["killed"] + count["timeout"]) / judged if judged else 0.0
        if score < TARGET or count["not run"]:
            below.append(label)
        rows.append((label, len(mine), count, score))
    header = f"{'module':44} | {'mutants':>7} | {'killed':>6} | {'survived':>8} | {'timeout':>7} | " \
             f"{'no tests':>8} | {'not run':>7} | {'equiv.':>6} | {'% killed':>8}"
    print(header)
    print("-" * len(header))
    for label, total, count, score in rows:
        print(f"{label:44} | {total:7} | {count['killed']:6} | {count['survived']:8} | "
              f"{count['timeout']:7} | {count['no tests']:8} | {count['not run']:7} | "
              f"{count['equivalent']:6} | "
              f"{score:7.1f}%")
    if survivors:
        print(f"\nSurviving mutants ({len(survivors)}; `mutmut show NAME` in the work tree):")
        for label, name, status in survivors:
            print(f"  {name}  [{status}]")
    if below:
        print(f"\nUnder {TARGET:.0f} % killed: " + "; ".join(below))
    return below


if __name__ == "__main__":
    sys.exit(main())
