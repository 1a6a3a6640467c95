"""The insights page's inline SVG charts, their geometry computed on the server from the rows of
apps/index/figures.py; every bar, point and segment carries the URL of the calls behind it.

Drawn like the recording page's charts (apps/recordings/charts/, re-stated here since sections
import no other section): 340 units wide in a viewBox that scales with its container, never
scrolling sideways, 11–13-unit labels that stay legible on a 390 px phone, names above bars, and
axis labels kept inside the frame. Colours are presentation attributes (the CSP forbids style
attributes); each chart has a title, a description and the table beside it for screen readers.
"""

from dataclasses import dataclass
from datetime import date, timedelta

WIDTH = 340
LEFT = 30  # room for the y axis' numbers
RIGHT = 22  # half a date label past the last point
PLOT_WIDTH = WIDTH - LEFT - RIGHT
LABEL_SPACING = 46  # the least room between two date labels (a "28 Dec" is ~36 units)
MAX_SERIES = 6
MAX_WEEKS = 26
MAX_DAYS = 92  # about three months of columns, each still ~3 units wide
MAX_NAME = 34
# Series colours, each with at least 3:1 contrast on white (WCAG non-text contrast).
SERIES_COLOURS = ("#3447c9", "#c2410c", "#1f7a4a", "#7e57c2", "#b42318", "#0e7490")


def rounded(value):
    """Return a coordinate rounded to one decimal, without a trailing `.0`."""
    value = round(value, 1)
    return int(value) if value == int(value) else value


def short(name, limit=MAX_NAME):
    return name if len(name) <= limit else name[: limit - 1] + "…"


def day_label(day):
    return f"{day.day} {day:%b}"


def week_axis(weeks, limit=MAX_WEEKS):
    """Return the Mondays from the earliest of `weeks` to the latest, at most the `limit` most
    recent, every week listed (a week without calls too)."""
    if not weeks:
        return []
    last, first = max(weeks), min(weeks)
    count = min(limit, (last - first).days // 7 + 1)
    return [last - timedelta(weeks=count - 1 - i) for i in range(count)]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    anchor: str = "middle"


def _x_ticks(days, xs):
    """Return the date labels under the x axis, as many as fit without overlapping."""
    if not days:
        return ()
    step = 1
    if len(days) > 1:
        room = xs[1] - xs[0]
        step = max(1, -(-LABEL_SPACING // max(room, 0.1)))
    picked = list(range(len(days) - 1, -1, -int(step)))[::-1]  # the latest always labelled
    return tuple(Tick(xs[i], day_label(days[i])) for i in picked)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str
    url: str


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    path: str
    points: tuple


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: int
    grid: tuple  # (y, label)
    ticks: tuple
    series: tuple
    description: str
    clipped: bool = False  # older weeks are in the table only


def attainment_lines(rows):
    """Return the average goal score per project over the weeks, a line per project (the
    MAX_SERIES with most calls); `rows` are figures.attainment's (cells, url)."""
    top, bottom, height = 10, 170, 196
    by_project, calls = {}, {}
    for (week, project, count, score), url in rows:
        day = date.fromisoformat(week)
        by_project.setdefault(project, {})[day] = (score, count, url)
        calls[project] = calls.get(project, 0) + count
    chosen = sorted(calls, key=lambda p: (-calls[p], p))[:MAX_SERIES]
    every = {day for p in chosen for day in by_project[p]}
    weeks = week_axis(every)
    xs = _xs(len(weeks))
    place = {day: x for day, x in zip(weeks, xs, strict=True)}
    series = []
    for index, project in enumerate(chosen):
        points, path, pen_up = [], [], True
        for day in weeks:
            if day not in by_project[project]:
                pen_up = True
                continue
            score, count, url = by_project[project][day]
            x, y = place[day], rounded(bottom - (bottom - top) * min(100, max(0, score)) / 100)
            path.append(f"{'M' if pen_up else 'L'}{x} {y}")
            pen_up = False
            points.append(Point(x, y, f"{project}, week of {day_label(day)} {day.year}: "
                                      f"{score} average over {count} call{'s' * (count != 1)}",
                                url))
        series.append(Series(short(project), SERIES_COLOURS[index], " ".join(path),
                             tuple(points)))
    grid = tuple(_grid(bottom - (bottom - top) * v / 100, str(v)) for v in (0, 50, 100))
    latest = ", ".join(f"{s.name} {s.points[-1].title.rsplit(': ', 1)[1]}"
                       for s in series if s.points)
    return LineChart(WIDTH, height, LEFT, WIDTH - RIGHT, top, bottom, grid,
                     _x_ticks(weeks, xs), tuple(series),
                     f"Average goal score (0–100) per project and week, {len(weeks)} weeks. "
                     f"Latest: {latest}." if series else "", clipped=min(every) < weeks[0])


def _grid(y, label):
    """Return (y, the y of its label, label) of a horizontal grid line."""
    return rounded(y), rounded(y + 4), label


def _xs(count):
    if count == 1:
        return [rounded(LEFT + PLOT_WIDTH / 2)]
    return [rounded(LEFT + PLOT_WIDTH * i / (count - 1)) for i in range(count)]


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    title: str
    url: str


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: int
    grid: tuple
    ticks: tuple
    columns: tuple
    description: str


def day_columns(rows):
    """Return a column per day from the first day of `rows` to the last (figures.days's rows,
    newest first), a day without recordings as an empty slot."""
    top, bottom, height = 12, 150, 176
    found = {date.fromisoformat(day): (count, url) for (day, count), url in rows}
    if not found:
        return None
    last = max(found)
    first = max(min(found), last - timedelta(days=MAX_DAYS - 1))
    found = {day: value for day, value in found.items() if day >= first}
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    most = max(count for count, _ in found.values())
    slot = PLOT_WIDTH / len(days)
    width = rounded(max(1.0, slot * 0.7))
    columns, xs = [], []
    for index, day in enumerate(days):
        middle = LEFT + slot * (index + 0.5)
        xs.append(rounded(middle))
        count, url = found.get(day, (0, None))
        if not count:
            continue
        tall = (bottom - top) * count / most
        columns.append(Column(rounded(middle - width / 2), rounded(bottom - tall), width,
                              rounded(tall), f"{day.day} {day:%b %Y}: {count} recording"
                                             f"{'s' * (count != 1)}", url))
    grid = (_grid(bottom, "0"), _grid(top, str(most)))
    busiest = max(found, key=lambda d: (found[d][0], d))
    return ColumnChart(WIDTH, height, LEFT, WIDTH - RIGHT, top, bottom, grid,
                       _x_ticks(days, xs), tuple(columns),
                       f"Recordings per day from {day_label(first)} {first.year} to "
                       f"{day_label(last)} {last.year}; the busiest day, {day_label(busiest)}, "
                       f"had {found[busiest][0]}.")


@dataclass(frozen=True)
class Trend:
    keyword: str
    label_y: float
    points: str
    dots: tuple  # Points of the weeks with mentions, each a link
    total: int


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int
    right: float
    bottom: float
    ticks: tuple
    trends: tuple
    description: str


def keyword_trends(keywords, rows, limit=5):
    """Return a line of mentions per week for each of the first `limit` of `keywords` (the
    keywords table's order), from figures.keyword_weeks's rows; each week with mentions a link to
    that keyword's calls of that week."""
    band, height_of_line = 44, 22
    chosen = list(keywords[:limit])
    counts = {keyword: {} for keyword in chosen}
    for (keyword, week, calls, mentions), url in rows:
        if keyword in counts:
            counts[keyword][date.fromisoformat(week)] = (mentions, calls, url)
    weeks = week_axis({day for found in counts.values() for day in found})
    if not weeks:
        return None
    xs = _xs(len(weeks))
    trends, said = [], []
    for index, keyword in enumerate(chosen):
        found = counts[keyword]
        most = max((m for m, _, _ in found.values()), default=0) or 1
        base = index * band + 18 + height_of_line
        ys = [rounded(base - height_of_line * found.get(day, (0,))[0] / most) for day in weeks]
        xy = list(zip(xs, ys, strict=True))
        if len(xy) == 1:
            xy = [(LEFT, ys[0]), (WIDTH - RIGHT, ys[0])]
        dots = tuple(
            Point(x, y, f"“{keyword}”, week of {day_label(day)} {day.year}: {found[day][0]} "
                        f"mention{'s' * (found[day][0] != 1)} in {found[day][1]} "
                        f"call{'s' * (found[day][1] != 1)}", found[day][2])
            for x, y, day in zip(xs, ys, weeks, strict=True) if day in found
        )
        total = sum(m for m, _, _ in found.values())
        trends.append(Trend(short(keyword), index * band + 13,
                            " ".join(f"{x},{y}" for x, y in xy), dots, total))
        said.append(f"{keyword}: " + ", ".join(str(found.get(day, (0,))[0]) for day in weeks))
    bottom = len(chosen) * band + 2
    return TrendChart(WIDTH, bottom + 18, LEFT, WIDTH - RIGHT, bottom, _x_ticks(weeks, xs),
                      tuple(trends),
                      f"Mentions per week from {day_label(weeks[0])} {weeks[0].year} to "
                      f"{day_label(weeks[-1])} {weeks[-1].year}. " + "; ".join(said) + ".")
