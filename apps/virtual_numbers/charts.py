"""The small answered-versus-missed bar on a number's page, as SVG geometry."""

from dataclasses import dataclass

WIDTH = 300


@dataclass(frozen=True)
class CallBar:
    answered: int
    missed: int
    answered_width: float
    missed_width: float
    answered_percent: int

    @property
    def missed_x(self) -> float:
        return self.answered_width


def call_bar(stats):
    """Return CallBar for a number's stats, or None when there is nothing to draw."""
    if stats is None:
        return None
    answered = max(stats.answered_calls or 0, 0)
    missed = max(stats.missed_calls or 0, 0)
    total = answered + missed
    if total == 0:
        return None
    answered_width = round(WIDTH * answered / total, 1)
    return CallBar(
        answered=answered,
        missed=missed,
        answered_width=answered_width,
        missed_width=round(WIDTH - answered_width, 1),
        answered_percent=round(100 * answered / total),
    )
