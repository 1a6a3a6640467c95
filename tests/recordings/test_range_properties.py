"""Properties of the Range header parser (apps/recordings/ranges.py) over arbitrary headers."""

from hypothesis import example, given
from hypothesis import strategies as st

from apps.recordings.ranges import Unsatisfiable, parse_range

# The bounds the parser promises (apps/recordings/ranges.py): longer numbers or headers are ignored.
MAX_DIGITS = 20
MAX_HEADER_LENGTH = 200

SIZES = st.integers(min_value=0, max_value=10**15)
POSITIONS = st.integers(min_value=0, max_value=10**MAX_DIGITS - 1)

# Pieces a hostile or confused client might put in a header: every Unicode digit and number
# character (which str.isdigit() or int() may accept), long runs of ASCII digits, separators.
DIGITS = st.one_of(
    st.text(st.characters(categories=("Nd", "No")), max_size=4),
    st.text("0123456789", max_size=40),
    st.integers(min_value=0, max_value=10**30).map(str),
    st.integers(min_value=4000, max_value=6000).map(lambda n: "9" * n),
)
SPEC = st.builds(lambda first, dash, last: first + dash + last,
                 DIGITS, st.sampled_from(["-", " - ", "--", ""]), DIGITS)
PIECES = st.one_of(SPEC, DIGITS,
                   st.sampled_from(["-", ",", " ", "\t", "=", "_", "+", "\u00a0", "\x00"]))
RANGE_LIKE = st.builds(
    lambda unit, pieces: unit + "".join(pieces),
    st.sampled_from(["bytes=", "BYTES=", " bytes = ", "items=", "bytes", ""]),
    st.lists(PIECES, min_size=1, max_size=6),
)
HEADERS = st.one_of(st.none(), st.text(), RANGE_LIKE)


def outcome(header, size):
    """Return parse_range's answer, or "416" when it raised Unsatisfiable."""
    try:
        return parse_range(header, size)
    except Unsatisfiable:
        return "416"


@given(header=HEADERS, size=SIZES)
@example(header="bytes=²-", size=100)
@example(header="bytes=0-¹", size=100)
@example(header="bytes=" + "1" * 5000 + "-", size=100)
def test_any_header_gives_the_whole_file_a_range_inside_it_or_unsatisfiable(header, size):
    result = outcome(header, size)

    if result not in (None, "416"):
        first, last = result
        assert type(first) is int and type(last) is int
        assert 0 <= first <= last < size


@given(header=HEADERS, size=SIZES)
@example(header="bytes=٣-٩", size=100)
def test_a_range_is_only_read_from_ascii_digits_of_bounded_length(header, size):
    if outcome(header, size) is None:
        return
    assert len(header) <= MAX_HEADER_LENGTH
    assert all(char.isascii() for char in header)
    assert "," not in header  # several ranges always get the whole file


@given(header=st.text(min_size=MAX_HEADER_LENGTH + 1), size=SIZES)
def test_a_header_longer_than_the_bound_is_ignored(header, size):
    assert parse_range("bytes=0-0" + header, size) is None


@given(size=st.integers(min_value=1, max_value=10**15), data=st.data())
def test_a_range_inside_the_file_round_trips(size, data):
    first = data.draw(st.integers(min_value=0, max_value=size - 1))
    last = data.draw(st.integers(min_value=first, max_value=10**MAX_DIGITS - 1))
    unit = data.draw(st.sampled_from(["bytes", "Bytes", "BYTES"]))

    assert parse_range(f"{unit}={first}-{last}", size) == (first, min(last, size - 1))
    assert parse_range(f"{unit}={first}-", size) == (first, size - 1)


@given(size=st.integers(min_value=1, max_value=10**15), suffix=POSITIONS.filter(bool))
def test_a_suffix_range_round_trips(size, suffix):
    assert parse_range(f"bytes=-{suffix}", size) == (max(0, size - suffix), size - 1)


@given(size=SIZES, data=st.data())
def test_a_start_at_or_past_the_end_is_unsatisfiable(size, data):
    first = data.draw(st.integers(min_value=size, max_value=10**MAX_DIGITS - 1))

    assert outcome(f"bytes={first}-", size) == "416"
    assert outcome(f"bytes={first}-{10**MAX_DIGITS - 1}", size) == "416"


@given(size=SIZES, data=st.data())
def test_an_end_before_the_start_is_ignored(size, data):
    first = data.draw(st.integers(min_value=1, max_value=10**MAX_DIGITS - 1))
    last = data.draw(st.integers(min_value=0, max_value=first - 1))

    assert parse_range(f"bytes={first}-{last}", size) is None


@given(size=SIZES, first=POSITIONS, extra=st.integers(min_value=1, max_value=30))
def test_a_number_longer_than_the_bound_is_ignored(size, first, extra):
    digits = str(first).zfill(MAX_DIGITS + extra)

    assert parse_range(f"bytes={digits}-", size) is None
    assert parse_range(f"bytes=0-{digits}", size) is None
    assert parse_range(f"bytes=-{digits}", size) is None
