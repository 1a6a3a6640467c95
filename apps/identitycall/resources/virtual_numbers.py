"""Virtual numbers, the operators and calls embedded in them, and numbers for sale."""

from dataclasses import dataclass
from datetime import datetime

from ._fields import as_bool, as_datetime, as_dict, as_int, as_many, as_str, as_strs, count_of


@dataclass(frozen=True, slots=True)
class OperatorRef:
    """An operator as embedded in a virtual number; priority only on attached operators."""

    id: int | None = None
    name: str | None = None
    initials: str | None = None
    phone_number: str | None = None
    priority: int | None = None

    @classmethod
    def from_api(cls, data: dict) -> "OperatorRef":
        """Return an OperatorRef from an item of `operators` or `available_operators`."""
        data = as_dict(data)
        return cls(
            id=as_int(data.get("id")),
            name=as_str(data.get("name")),
            initials=as_str(data.get("initials")),
            phone_number=as_str(data.get("phone_number")),
            priority=as_int(data.get("priority")),
        )


@dataclass(frozen=True, slots=True)
class Call:
    """One of a virtual number's recent calls."""

    id: int | None = None
    phone_number: str | None = None
    caller_name: str | None = None
    call_status: str | None = None
    # IdentityCall docs gap: the unit is not stated; the examples read as seconds.
    call_duration: int | None = None
    direction: str | None = None
    ai_handled: bool | None = None
    transcript_summary: str | None = None
    created_at: datetime | None = None

    @classmethod
    def from_api(cls, data: dict) -> "Call":
        """Return a Call from one item of `recent_calls`."""
        data = as_dict(data)
        return cls(
            id=as_int(data.get("id")),
            phone_number=as_str(data.get("phone_number")),
            caller_name=as_str(data.get("caller_name")),
            call_status=as_str(data.get("call_status")),
            call_duration=as_int(data.get("call_duration")),
            direction=as_str(data.get("direction")),
            ai_handled=as_bool(data.get("ai_handled")),
            transcript_summary=as_str(data.get("transcript_summary")),
            created_at=as_datetime(data.get("created_at")),
        )


@dataclass(frozen=True, slots=True)
class NumberStats:
    """Call counters of a virtual number."""

    total_calls: int | None = None
    answered_calls: int | None = None
    missed_calls: int | None = None
    average_duration_seconds: int | None = None

    @classmethod
    def from_api(cls, data: dict) -> "NumberStats":
        """Return NumberStats from a number's `stats` object."""
        data = as_dict(data)
        return cls(
            total_calls=as_int(data.get("total_calls")),
            answered_calls=as_int(data.get("answered_calls")),
            missed_calls=as_int(data.get("missed_calls")),
            average_duration_seconds=as_int(data.get("average_duration_seconds")),
        )


@dataclass(frozen=True, slots=True)
class VirtualNumber:
    """A rented phone number in short (list, purchase) or detail form."""

    id: int | None = None
    phone_number: str | None = None
    name: str | None = None
    country_code: str | None = None
    active: bool | None = None
    ai_receptionist_enabled: bool | None = None
    # The short form carries at most the first 3 operators; operators_count is the total.
    operators: tuple[OperatorRef, ...] = ()
    operators_count: int | None = None
    recording: bool | None = None
    routing_strategy: str | None = None
    stats: NumberStats | None = None
    available_operators: tuple[OperatorRef, ...] = ()
    recent_calls: tuple[Call, ...] = ()
    # IdentityCall docs gap: numbers "can belong to a project" but no form documents project_id.
    project_id: int | None = None

    @classmethod
    def from_api(cls, data: dict) -> "VirtualNumber":
        """Return a VirtualNumber from the short or the detail form."""
        data = as_dict(data)
        stats = data.get("stats")
        return cls(
            id=as_int(data.get("id")),
            phone_number=as_str(data.get("phone_number")),
            name=as_str(data.get("name")),
            country_code=as_str(data.get("country_code")),
            active=as_bool(data.get("active")),
            ai_receptionist_enabled=as_bool(data.get("ai_receptionist_enabled")),
            project_id=as_int(data.get("project_id")),
            operators=as_many(data.get("operators"), OperatorRef.from_api),
            # The detail form has no operators_count: its operators list is complete.
            operators_count=count_of(data, "operators_count", "operators"),
            recording=as_bool(data.get("recording")),
            routing_strategy=as_str(data.get("routing_strategy")),
            stats=NumberStats.from_api(stats) if isinstance(stats, dict) else None,
            available_operators=as_many(data.get("available_operators"), OperatorRef.from_api),
            recent_calls=as_many(data.get("recent_calls"), Call.from_api),
        )


@dataclass(frozen=True, slots=True)
class Region:
    """One `region_information` entry of an available number, e.g. ("state", "CA")."""

    region_type: str | None = None
    region_name: str | None = None

    @classmethod
    def from_api(cls, data: dict) -> "Region":
        """Return a Region from one `region_information` item."""
        data = as_dict(data)
        return cls(as_str(data.get("region_type")), as_str(data.get("region_name")))


@dataclass(frozen=True, slots=True)
class AvailableNumber:
    """A number offered by the phone provider; costs stay decimal strings as sent."""

    phone_number: str | None = None
    country_code: str | None = None
    number_type: str | None = None
    upfront_cost: str | None = None
    monthly_cost: str | None = None
    features: tuple[str, ...] = ()
    region_information: tuple[Region, ...] = ()

    @classmethod
    def from_api(cls, data: dict) -> "AvailableNumber":
        """Return an AvailableNumber from one search result."""
        # IdentityCall docs gap: the provider's entries pass through unchanged, so these are only
        # the "typical" fields; anything else is ignored.
        data = as_dict(data)
        return cls(
            phone_number=as_str(data.get("phone_number")),
            country_code=as_str(data.get("country_code")),
            number_type=as_str(data.get("number_type")),
            upfront_cost=as_str(data.get("upfront_cost")),
            monthly_cost=as_str(data.get("monthly_cost")),
            features=as_strs(data.get("features")),
            region_information=as_many(data.get("region_information"), Region.from_api),
        )
