"""Reordering the operators of a priority-routed number with the only two calls IdentityCall has:
attach (which appends at the end) and detach (docs/api-decisions.md, "Reordering routing").

Operators never detached keep their relative order and stay ahead of every operator attached
again, so the longest start of the new order that already stands in the current order can stay;
each operator after it is detached and at once attached again, in the new order. That is the fewest
calls possible (each moved operator needs one detach and one attach), the new first operator is
never detached (calls never reach nobody), and at any moment at most one operator is off the
number, so a failure midway loses nobody for longer than one step.
"""

from dataclasses import dataclass, field

from apps.frame.errors import describe_error
from apps.identitycall import errors
from apps.reference.routing import ROUTING_ACTION, operator_name

DETACH, ATTACH = "detach", "attach"
DONE, FAILED, NOT_RUN = "done", "failed", "not run"


@dataclass(frozen=True, slots=True)
class Step:
    verb: str  # DETACH or ATTACH
    operator_id: int


@dataclass(slots=True)
class Outcome:
    """What a reorder did: each step's state, and the order IdentityCall reported at the end."""

    steps: list = field(default_factory=list)  # [(Step, DONE | FAILED | NOT_RUN)]
    number: object = None  # the number as re-read at the end; None when it could not be read
    target: tuple = ()
    error: str = ""
    put_back: int | None = None  # the operator attached again after a failure, if any

    @property
    def order(self) -> tuple:
        """Return the operator ids in the order IdentityCall reported, () when unknown."""
        return ordered_ids(self.number) if self.number is not None else ()

    @property
    def ok(self) -> bool:
        # Verified against IdentityCall's answer: a step whose answer was lost may have been
        # applied, so the order read at the end decides.
        return self.order == tuple(self.target)


def by_priority(number) -> list:
    """Return a number's operators in the order they are rung: by priority, then as listed."""
    ranked = sorted(
        enumerate(number.operators),
        key=lambda pair: (pair[1].priority is None, pair[1].priority or 0, pair[0]),
    )
    return [op for _, op in ranked]


def ordered_ids(number) -> tuple:
    """Return the ids of a number's operators in the order they are rung."""
    return tuple(op.id for op in by_priority(number))


def moved(ids, index, to) -> str:
    """Return the order "3,1,2" after swapping the operators at `index` and `to` in `ids`."""
    ids = list(ids)
    ids[index], ids[to] = ids[to], ids[index]
    return ",".join(str(op_id) for op_id in ids)


def plan(current, target) -> list:
    """Return the fewest steps turning the order `current` into `target` (the same operators).

    Raises ValueError when the two are not the same operators, each once.
    """
    current, target = list(current), list(target)
    if len(set(target)) != len(target) or sorted(current) != sorted(target):
        raise ValueError("A new order must list the number's operators, each once.")
    kept, position = 0, 0
    for operator_id in target:
        try:
            position = current.index(operator_id, position) + 1
        except ValueError:
            break
        kept += 1
    steps = []
    for operator_id in target[kept:]:
        steps += [Step(DETACH, operator_id), Step(ATTACH, operator_id)]
    return steps


def run(client, number, target) -> Outcome:
    """Return the Outcome of moving `number`'s operators into the order `target` (ids).

    Each step goes through the client (so it is in the activity trail). The number is read again
    at the end and its order compared with `target`; after a failure the operator taken off in
    that step is attached again if it is missing, and the order the number has then is reported.
    """
    steps = plan(ordered_ids(number), target)
    outcome = Outcome(steps=[(step, NOT_RUN) for step in steps], target=tuple(target))
    for index, step in enumerate(steps):
        try:
            if step.verb == DETACH:
                client.remove_operator(number.id, step.operator_id)
            else:
                client.add_operator(number.id, operator_id=step.operator_id)
        except errors.IdentityCallError as exc:
            outcome.steps[index] = (step, FAILED)
            outcome.error = describe_error(exc, writing=True, action=ROUTING_ACTION)
            recover(client, number, step, outcome)
            return outcome
        outcome.steps[index] = (step, DONE)
    outcome.number = read_again(client, number.id)
    if outcome.number is not None and outcome.order != outcome.target:
        outcome.error = "IdentityCall lists the operators in another order than the one asked for."
    return outcome


def recover(client, number, step, outcome):
    """After a failed `step`: attach its operator again if it is off the number, then re-read."""
    now = read_again(client, number.id)
    if now is not None and step.operator_id not in ordered_ids(now):
        try:
            client.add_operator(number.id, operator_id=step.operator_id)
            outcome.put_back = step.operator_id
        except errors.IdentityCallError:
            pass  # reported below: the re-read shows the operator missing
        now = read_again(client, number.id)
    outcome.number = now


def read_again(client, number_id):
    """Return the number as IdentityCall has it now, or None when it cannot be read."""
    try:
        return client.get_virtual_number(number_id)
    except errors.IdentityCallError:
        return None


def step_sentence(step, state, operators) -> str:
    """Return "Detached Jane Doe." / "Attaching Jane Doe again failed." / "Not run: …"."""
    name = operator_name(operators, step.operator_id)
    if step.verb == DETACH:
        text = {DONE: f"Detached {name}.", FAILED: f"Detaching {name} failed."}
        later = f"Detach {name}"
    else:
        text = {
            DONE: f"Attached {name} again, at the end.",
            FAILED: f"Attaching {name} again failed.",
        }
        later = f"Attach {name} again"
    return text.get(state, f"Not run: {later}.")
