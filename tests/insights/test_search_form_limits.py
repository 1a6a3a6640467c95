"""Search and Insights answer out-of-range dates, durations and pause lengths with the form's
message (200), never an error page: a day in the year 9999 has no next day to end the range on."""

import pytest


@pytest.mark.parametrize("page", ["/search/", "/insights/"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_to=9999-12-31", "Choose a day between 1 Jan 1970 and 31 Dec 2099."),
        ("date_from=0001-01-01", "Choose a day between 1 Jan 1970 and 31 Dec 2099."),
        ("min_minutes=1e306", "Ensure this value is less than or equal to 10080."),
        ("max_minutes=1e306", "Ensure this value is less than or equal to 10080."),
        ("pause_from=10&pause_to=5", "The longest pause must be longer than the shortest."),
        ("pause_from=-1", "Ensure this value is greater than or equal to 0."),
        ("pause_to=99999999999999999999", "Ensure this value is less than or equal to 604800."),
    ],
)
def test_out_of_range_filters_are_explained_on_the_form(keyed, page, query, message):
    response = keyed.get(f"{page}?{query}")

    assert response.status_code == 200
    assert message in response.content.decode()
