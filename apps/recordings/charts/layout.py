"""What the charts share: a frame narrow enough to read on a phone, rounding and shares.

The charts scale with their container (`viewBox`, no fixed width, no sideways scrolling): drawn
340 units wide, their 13-unit labels stay about 11 px on a 390 px phone, and the stylesheet caps
how wide they grow on a desktop. Names sit above each bar or band, not in a column beside it,
so the plot keeps the whole width.
"""

WIDTH = 340
PLOT_X = 4
PLOT_WIDTH = WIDTH - 2 * PLOT_X
MIN_BAR_WIDTH = 0.6
MAX_NAME = 34


def rounded(value):
    """Return a coordinate rounded to one decimal, without a trailing `.0`."""
    value = round(value, 1)
    return int(value) if value == int(value) else value


def short_name(name):
    """Return `name` cut to fit one line of a chart (the full name is in the chart's table)."""
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


def whole_percentages(values):
    """Return whole percentages of `values` that add up to exactly 100 (largest remainder)."""
    total = sum(values)
    if total <= 0:
        return [0 for _ in values]
    exact = [value * 100 / total for value in values]
    whole = [int(share) for share in exact]
    by_remainder = sorted(range(len(values)), key=lambda i: exact[i] - whole[i], reverse=True)
    for index in by_remainder[: 100 - sum(whole)]:
        whole[index] += 1
    return whole
