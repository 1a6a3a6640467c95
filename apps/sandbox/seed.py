"""Demo data and keys: `seed_demo()`, `ensure_keys()`, `create_key()`, and `seed_many()`.

The demo account is generated from a fixed RNG seed, so two fresh databases hold the same projects,
recordings, operators, numbers, calls and inventory (only timestamps move with the clock). Keys are
random, but `seed_demo(reset=True)` keeps the strings of the named keys so a console that stored
them keeps working. `seed_demo(other_account=True)` adds a second, smaller account, Globex, with a
key of its own ("other_account"), from a second fixed seed.
"""

import random
import secrets
import string
from datetime import timedelta

import phonenumbers
from django.db import transaction
from django.utils import timezone

from .demo_data import (
    CALL_SUMMARIES,
    CALLER_NAMES,
    CALLER_TEMPLATES,
    INVENTORY,
    NUMBERS,
    OPERATORS,
    OTHER_ACCOUNT_NAME,
    OTHER_NUMBERS,
    OTHER_OPERATORS,
    OTHER_PROJECTS,
    PER_KIND,
    PROJECTS,
    RECORDING_NAMES,
    REGIONS,
    REQUIREMENT_GROUPS,
    SURNAMES,
)
from .ids import uuid7
from .models import (
    DEMO_ACCOUNT,
    Account,
    ApiKey,
    AvailableNumber,
    Call,
    Fault,
    NumberOperator,
    Operator,
    OperatorProject,
    Project,
    Recording,
    RequirementGroup,
    VirtualNumber,
    demo_account,
)

DEMO_SEED = 20260415
OTHER_SEED = 20260416
OTHER_ACCOUNT = "globex"
OTHER_KEY = "other_account"  # the name of Globex's key in seed_demo()'s answer
KEY_ALPHABET = string.ascii_letters + string.digits
NAMED_KEYS = {
    "full": {"can_read": True, "can_write": True, "can_delete": True},
    "read_only": {"can_read": True, "can_write": False, "can_delete": False},
    "project_scoped": {"can_read": True, "can_write": True, "can_delete": True},
}
BENCHMARK_RECORDING = "Escalation marathon – benchmark (2 h)"


def new_key_string():
    """Return a random key shaped like a real one: `idc_` + 32 alphanumerics."""
    return "idc_" + "".join(secrets.choice(KEY_ALPHABET) for _ in range(32))


def create_key(
    *,
    read=True,
    write=True,
    delete=True,
    project=None,
    account=None,
    label="test",
    revoked=False,
    expired=False,
):
    """Create a key with these flags (project = scope) and return its string.

    The key belongs to `account` (an Account), else to its project's account, else to the demo
    account.
    """
    if account is None:
        account_id = project.account_id if project is not None else demo_account()
    else:
        account_id = account.pk
    key = ApiKey.objects.create(
        key=new_key_string(),
        account_id=account_id,
        label=label,
        can_read=read,
        can_write=write,
        can_delete=delete,
        project=project,
        revoked=revoked,
        expires_at=timezone.now() - timedelta(days=1) if expired else None,
    )
    return key.key


def ensure_keys(preserve=None):
    """Create the named keys that are missing and return `{"full", "read_only", "project_scoped"}`.

    The project-scoped key is bound to the first demo project; with no project at all, the demo
    data is seeded first so the key has something to see.
    """
    preserve = preserve or {}
    with transaction.atomic():
        if not Project.objects.exists():
            _seed_data(random.Random(DEMO_SEED))
        account_id = demo_account()
        projects = Project.objects.filter(account_id=account_id)
        first = (
            projects.filter(name=PROJECTS[0]["name"]).first() or projects.order_by("id").first()
        )
        keys = {}
        for label, flags in NAMED_KEYS.items():
            key = ApiKey.objects.filter(account_id=account_id, label=label).order_by("id").first()
            if key is None:
                key = ApiKey.objects.create(
                    key=preserve.get(label) or new_key_string(),
                    account_id=account_id,
                    label=label,
                    project=first if label == "project_scoped" else None,
                    **flags,
                )
            keys[label] = key.key
    return keys


def seed_demo(*, reset=False, other_account=False):
    """Seed the demo account unless it exists (or wipe and reseed with reset); return the keys.

    With `other_account`, also the Globex account (unless it exists), and its key under
    "other_account" in the answer.
    """
    with transaction.atomic():
        preserve = {}
        if reset:
            named = [*NAMED_KEYS, OTHER_KEY]
            preserve = dict(ApiKey.objects.filter(label__in=named).values_list("label", "key"))
            wipe()
        if not Project.objects.exists():
            _seed_data(random.Random(DEMO_SEED))
        keys = ensure_keys(preserve)
        if other_account:
            keys[OTHER_KEY] = _ensure_other_account(preserve.get(OTHER_KEY))
        return keys


def _ensure_other_account(preserved_key=None):
    """Seed Globex unless it exists and give it a full key; return the key's string."""
    account, created = Account.objects.get_or_create(
        slug=OTHER_ACCOUNT, defaults={"name": OTHER_ACCOUNT_NAME}
    )
    if created or not Project.objects.filter(account=account).exists():
        _seed_account(random.Random(OTHER_SEED), account.pk)
    key = ApiKey.objects.filter(account=account, label=OTHER_KEY).order_by("id").first()
    if key is None:
        key = ApiKey.objects.create(
            key=preserved_key or new_key_string(),
            account=account,
            label=OTHER_KEY,
            **NAMED_KEYS["full"],
        )
    return key.key


def seed_many(count):
    """Add `count` more projects, operators, virtual numbers and GB local numbers for sale.

    Long lists for SANDBOX_PAGINATE_LISTS (which pages them by 20): names sort after the demo's,
    phone numbers come from Ofcom's ranges reserved for drama (0113/0117/0131 496 0xxx).
    """
    if not 0 <= count <= 1000:
        raise ValueError("seed_many() adds 0 to 1,000 of each.")
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        start = Project.objects.filter(name__startswith="Extra project").count() + 1
        numbers = range(start, start + count)
        Project.objects.bulk_create(
            Project(name=f"Extra project {n:03d}", language="en", created_at=now, updated_at=now)
            for n in numbers
        )
        Operator.objects.bulk_create(
            Operator(name=f"Extra operator {n:03d}", phone_number=f"+441134960{n - 1:03d}",
                     created_at=now, updated_at=now)
            for n in numbers
        )
        VirtualNumber.objects.bulk_create(
            VirtualNumber(phone_number=f"+441174960{n - 1:03d}", name=f"Extra line {n:03d}",
                          country_code="GB", number_type="local", created_at=now, updated_at=now)
            for n in numbers
        )
        AvailableNumber.objects.bulk_create(
            AvailableNumber(phone_number=f"+441314960{n - 1:03d}", country_code="GB",
                            number_type="local", upfront_cost="1.00", monthly_cost="1.00",
                            features=["sms", "voice"],
                            region_information=_regions(f"+441314960{n - 1:03d}", "GB"))
            for n in numbers
        )


def wipe():
    """Delete every sandbox row: keys, data, inventory and faults."""
    for model in (
        Fault,
        ApiKey,
        Call,
        NumberOperator,
        VirtualNumber,
        OperatorProject,
        Operator,
        Recording,
        Project,
        AvailableNumber,
        RequirementGroup,
        Account,
    ):
        model.objects.all().delete()


def _seed_data(rng):
    now = timezone.now().replace(microsecond=0)
    account_id = demo_account()
    groups = [
        RequirementGroup(pk=pk, country_code=country, name=name)
        for pk, country, name in REQUIREMENT_GROUPS
    ]
    RequirementGroup.objects.bulk_create(groups)
    projects = _seed_projects(rng, now, account_id, PROJECTS)
    _seed_recordings(rng, now, projects)
    operators = _seed_operators(now, projects, account_id, OPERATORS)
    _seed_numbers(rng, now, projects, operators, groups, account_id, NUMBERS)
    _seed_inventory(rng)


def _seed_account(rng, account_id):
    """Seed the small second account: projects, completed recordings, operators, numbers, calls."""
    now = timezone.now().replace(microsecond=0)
    projects = _seed_projects(rng, now, account_id, OTHER_PROJECTS)
    rows = [
        _recording(rng, now, project)
        for project, spec in zip(projects, OTHER_PROJECTS)
        for _ in range(spec["recordings"])
    ]
    for row in rows:
        row.updated_at = row.created_at
        row.public_id = uuid7(int(row.created_at.timestamp() * 1000), rng.randbytes(10))
    Recording.objects.bulk_create(rows)
    operators = _seed_operators(now, projects, account_id, OTHER_OPERATORS)
    _seed_numbers(rng, now, projects, operators, [], account_id, OTHER_NUMBERS)


def _seed_projects(rng, now, account_id, specs):
    projects = []
    for spec in specs:
        fields = {key: value for key, value in spec.items() if key != "recordings"}
        created = now - timedelta(days=rng.randint(120, 400), minutes=rng.randint(0, 1440))
        projects.append(
            Project(
                account_id=account_id,
                **fields,
                goal_language=spec["language"],
                summary_language="en",
                created_at=created,
                updated_at=created + timedelta(days=rng.randint(0, 60)),
            )
        )
    return Project.objects.bulk_create(projects)


def _seed_recordings(rng, now, projects):
    """About a hundred recordings: most completed, a few pending, processing and failed."""
    rows = []
    for project, spec in zip(projects, PROJECTS):
        for _ in range(spec["recordings"]):
            rows.append(_recording(rng, now, project))
    # A few in each unfinished status for the first minutes, then finishing like new uploads
    # (processing.py: override_until); a few that failed.
    candidates = rng.sample(range(len(rows)), 14)
    for index in candidates[:4]:
        rows[index].status_override = "pending"
        rows[index].created_at = now - timedelta(seconds=rng.randint(20, 240))
        rows[index].override_until = now + timedelta(seconds=rng.randint(60, 180))
    for index in candidates[4:8]:
        rows[index].status_override = "processing"
        rows[index].created_at = now - timedelta(seconds=rng.randint(60, 600))
        rows[index].override_until = now + timedelta(seconds=rng.randint(90, 300))
    for index in candidates[8:]:
        rows[index].fails = True
        rows[index].file_name = rows[index].file_name.replace(".", "-failed.", 1)
    for row in rows:
        row.updated_at = row.created_at
        row.public_id = uuid7(int(row.created_at.timestamp() * 1000), rng.randbytes(10))
    # The transcript benchmarks read: two hours of audio, about 1,500 dialogues.
    benchmark = _recording(rng, now, projects[0])
    benchmark.name = BENCHMARK_RECORDING
    benchmark.duration_ms = 7_200_000
    benchmark.file_size = 7_200 * 176_000
    benchmark.file_name = "escalation-marathon.wav"
    benchmark.external_id = "bench-long-transcript"
    benchmark.created_at = benchmark.updated_at = now - timedelta(days=2)
    benchmark.public_id = uuid7(int(benchmark.created_at.timestamp() * 1000), rng.randbytes(10))
    rows.append(benchmark)
    Recording.objects.bulk_create(rows)


def _recording(rng, now, project):
    created = now - timedelta(
        days=rng.randint(1, 45), hours=rng.randint(0, 9), minutes=rng.randint(0, 59)
    )
    duration = max(20_000, min(2_400_000, int(rng.lognormvariate(12.2, 0.6))))
    name = rng.choice(RECORDING_NAMES[project.name]).format(
        n=rng.randint(10000, 99999), surname=rng.choice(SURNAMES)
    )
    wav = rng.random() < 0.2
    stamp = created.strftime("%Y%m%d-%H%M")
    return Recording(
        project=project,
        external_id=f"crm-call-{rng.getrandbits(32):08x}" if rng.random() < 0.6 else None,
        name=name,
        language=project.language or "en",
        created_at=created,
        duration_ms=duration,
        seed=rng.getrandbits(31),
        # A few older imports whose audio was never attached.
        file_name=f"call-{stamp}.{'wav' if wav else 'mp3'}",
        file_size=0 if rng.random() < 0.05 else duration * (176 if wav else 16),
    )


def _seed_operators(now, projects, account_id, specs):
    operators = Operator.objects.bulk_create(
        [
            Operator(
                account_id=account_id,
                name=name,
                phone_number=phone,
                email=email,
                active=active,
                created_at=now,
                updated_at=now,
            )
            for name, phone, email, active, _ in specs
        ]
    )
    OperatorProject.objects.bulk_create(
        [
            OperatorProject(operator=operator, project=projects[index])
            for operator, spec in zip(operators, specs)
            for index in spec[4]
        ]
    )
    return operators


def _seed_numbers(rng, now, projects, operators, groups, account_id, specs):
    numbers = []
    for phone, name, country, number_type, project_index, _, options in specs:
        created = now - timedelta(days=rng.randint(30, 200))
        numbers.append(
            VirtualNumber(
                account_id=account_id,
                phone_number=phone,
                name=name,
                country_code=country,
                number_type=number_type,
                project=projects[project_index] if project_index is not None else None,
                requirement_group=next((g for g in groups if g.country_code == country), None),
                upfront_cost="1.00",
                monthly_cost="1.15",
                created_at=created,
                updated_at=created,
                **options,
            )
        )
    numbers = VirtualNumber.objects.bulk_create(numbers)
    NumberOperator.objects.bulk_create(
        [
            NumberOperator(number=number, operator=operators[index], priority=priority)
            for number, spec in zip(numbers, specs)
            for priority, index in enumerate(spec[5])
        ]
    )
    calls = []
    for number in numbers:
        for _ in range(rng.randint(12, 40)):
            calls.append(_call(rng, now, number))
    Call.objects.bulk_create(calls)


# IdentityCall docs gap: only "answered" and "inbound" appear in the docs; "missed" and
# "outbound" are inferred, as is `call_duration` being seconds.
def _call(rng, now, number):
    answered = rng.random() < 0.78
    ai_handled = rng.random() < (0.6 if number.ai_receptionist_enabled else 0.05)
    return Call(
        number=number,
        phone_number=_fill(rng, rng.choice(CALLER_TEMPLATES[number.country_code])),
        caller_name=rng.choice(CALLER_NAMES),
        call_status="answered" if answered else "missed",
        call_duration=rng.randint(25, 900) if answered else 0,
        direction="inbound" if rng.random() < 0.8 else "outbound",
        ai_handled=ai_handled,
        transcript_summary=rng.choice(CALL_SUMMARIES) if answered and rng.random() < 0.7 else None,
        created_at=now - timedelta(minutes=rng.randint(5, 30 * 24 * 60)),
    )


def _seed_inventory(rng):
    entries, seen = [], {spec[0] for spec in NUMBERS}
    for (country, number_type), (templates, costs, features) in INVENTORY.items():
        phones = []
        for attempt in range(PER_KIND * 3):
            if len(phones) == PER_KIND:
                break
            phone = _fill(rng, templates[attempt % len(templates)])
            if phone not in seen:
                seen.add(phone)
                phones.append(phone)
        entries.extend(
            AvailableNumber(
                phone_number=phone,
                country_code=country,
                number_type=number_type,
                upfront_cost=costs[0],
                monthly_cost=costs[1],
                features=features,
                region_information=_regions(phone, country),
            )
            for phone in phones
        )
    AvailableNumber.objects.bulk_create(entries)


def _fill(rng, template):
    """Return a valid E.164 number from the template, `#` replaced by random digits."""
    for _ in range(50):
        candidate = "".join(str(rng.randint(0, 9)) if char == "#" else char for char in template)
        # 555-01xx is the fictional range in North America; elsewhere any valid number will do.
        if candidate.startswith("+1"):
            candidate = candidate[:8] + "01" + candidate[10:]
        if phonenumbers.is_valid_number(phonenumbers.parse(candidate)):
            return candidate
    raise RuntimeError(f"no valid number for {template}")


def _regions(phone, country):
    for prefix in sorted(REGIONS, key=len, reverse=True):
        if phone.startswith(prefix):
            region_type, name, rate_center = REGIONS[prefix]
            return [
                {"region_type": region_type, "region_name": name},
                {"region_type": "rate_center", "region_name": rate_center},
                {"region_type": "country", "region_name": country},
            ]
    return [{"region_type": "country", "region_name": country}]
