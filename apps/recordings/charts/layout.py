"""What the three charts share: the plot's frame, the label column, rounding and shares."""

WIDTH = 960
LABEL_WIDTH = 170  # room for a speaker's name left of the plot
PLOT_X = LABEL_WIDTH + 10
PLOT_WIDTH = WIDTH - PLOT_X - 20
LANE_HEIGHT = 30
BAR_HEIGHT = 18
MIN_BAR_WIDTH = 0.6
LABEL_X = PLOT_X - 10
MAX_NAME = 22


def rounded(value):
    """Return a coordinate rounded to one decimal, without a trailing `.0`."""
    value = round(value, 1)
    return int(value) if value == int(value) else value


def short_name(name):
    """Return `name` cut to fit the label column (the full name is in the chart's table)."""
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
