"""Operators, in list and detail form."""

from dataclasses import dataclass

from ._fields import as_bool, as_dict, as_int, as_many, as_str, count_of


@dataclass(frozen=True, slots=True)
class NumberRef:
    """A virtual number as embedded in an operator's detail form."""

    id: int | None = None
    phone_number: str | None = None
    name: str | None = None
    active: bool | None = None

    @classmethod
    def from_api(cls, data: dict) -> "NumberRef":
        """Return a NumberRef from one item of an operator's `virtual_numbers`."""
        data = as_dict(data)
        return cls(
            id=as_int(data.get("id")),
            phone_number=as_str(data.get("phone_number")),
            name=as_str(data.get("name")),
            active=as_bool(data.get("active")),
        )


@dataclass(frozen=True, slots=True)
class Operator:
    """An operator in list form (with a count) or detail form (with the numbers themselves)."""

    id: int | None = None
    name: str | None = None
    phone_number: str | None = None
    email: str | None = None
    active: bool | None = None
    initials: str | None = None
    virtual_numbers_count: int | None = None
    virtual_numbers: tuple[NumberRef, ...] = ()

    @classmethod
    def from_api(cls, data: dict) -> "Operator":
        """Return an Operator from the list or the detail form."""
        data = as_dict(data)
        return cls(
            id=as_int(data.get("id")),
            name=as_str(data.get("name")),
            phone_number=as_str(data.get("phone_number")),
            email=as_str(data.get("email")),
            active=as_bool(data.get("active")),
            initials=as_str(data.get("initials")),
            virtual_numbers_count=count_of(data, "virtual_numbers_count", "virtual_numbers"),
            virtual_numbers=as_many(data.get("virtual_numbers"), NumberRef.from_api),
        )
