"""Names to offer for the agent's side of a call: the operators of the virtual numbers it may
have come in on.

IdentityCall docs gap: a recording says nothing of the number a call came in on, and a number
"can belong to a project" (docs/api-decisions.md, "Speaker names"). The console takes the numbers
of the recording's project as the lines its calls come in on, and offers their operators.
"""

from dataclasses import dataclass

from apps.identitycall import errors

MAX_NUMBERS = 5  # reading each number's full operator list costs a call


@dataclass(frozen=True)
class Candidate:
    name: str
    line: str  # the number it answers, in words: "+1 555 0100 (Support line)"


def agent_candidates(client, recording):
    """Return the Candidates for `recording`'s agent side, or () when there are none or
    IdentityCall cannot say: offering names is never worth an error on the page."""
    if recording.project_id is None:
        return ()
    try:
        numbers = [number for number in client.list_virtual_numbers()
                   if number.project_id == recording.project_id][:MAX_NUMBERS]
        found = {}
        for number in numbers:
            operators = number.operators
            if (number.operators_count or 0) > len(operators):
                # The short form lists at most the first three operators.
                operators = client.get_virtual_number(number.id).operators
            line = f"{number.phone_number}{f' ({number.name})' if number.name else ''}"
            for operator in operators:
                if operator.name and operator.name not in found:
                    found[operator.name] = Candidate(operator.name, line)
    except errors.IdentityCallError:
        return ()
    return tuple(found.values())
