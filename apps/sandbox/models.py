"""The emulator's own state, in tables prefixed `sandbox_` and never shared with the console."""

from django.db import models
from django.utils import timezone

from .ids import uuid7
from .processing import status_of

STATUSES = ("pending", "processing", "completed", "failed")
NUMBER_TYPES = ("mobile", "local", "toll-free", "national")
ROUTING_STRATEGIES = ("priority", "round_robin", "simultaneous")
DEMO_ACCOUNT = "demo"


class Account(models.Model):
    """An IdentityCall account: its keys see its own projects, recordings, operators, numbers."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "sandbox_account"
        ordering = ["id"]


def demo_account():
    """Return the id of the demo account (creating it): where rows made without one belong."""
    # Only the id is read, so this keeps working in migration 0003 whatever fields come later.
    found = Account.objects.filter(slug=DEMO_ACCOUNT).values_list("pk", flat=True).first()
    if found is not None:
        return found
    return Account.objects.get_or_create(slug=DEMO_ACCOUNT, defaults={"name": "Demo account"})[0].pk


def _account_field():
    return models.ForeignKey(Account, models.CASCADE, default=demo_account, related_name="+")


class ApiKey(models.Model):
    """A sandbox key shaped like a real one (`idc_` + 32 alphanumerics)."""

    key = models.CharField(max_length=64, unique=True)
    account = _account_field()
    label = models.CharField(max_length=100, blank=True)
    can_read = models.BooleanField(default=True)
    can_write = models.BooleanField(default=True)
    can_delete = models.BooleanField(default=True)
    # A key bound to a project dies with it, like a real project-scoped key would stop working.
    project = models.ForeignKey(
        "Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    revoked = models.BooleanField(default=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "sandbox_api_key"

    def __str__(self):
        return f"{self.label or 'key'} …{self.key[-4:]}"

    def save(self, *args, **kwargs):
        # A project-scoped key belongs to its project's account, whatever it was created with.
        if self.project_id is not None:
            self.account_id = self.project.account_id
        super().save(*args, **kwargs)

    @property
    def usable(self):
        """Return whether the key may authenticate now (not revoked, not expired)."""
        return not self.revoked and (self.expires_at is None or self.expires_at > timezone.now())


class Project(models.Model):
    account = _account_field()
    name = models.CharField(max_length=255)
    language = models.CharField(max_length=8, null=True, blank=True)
    industry = models.CharField(max_length=100, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    goal_language = models.CharField(max_length=8, null=True, blank=True)
    summary_language = models.CharField(max_length=8, null=True, blank=True)
    long_pause_threshold_seconds = models.PositiveIntegerField(null=True, blank=True, default=5)
    transcription_hints = models.TextField(null=True, blank=True)
    retention_days = models.PositiveIntegerField(null=True, blank=True)
    quality_baseline_enabled = models.BooleanField(default=False)
    quality_baseline_pct = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "sandbox_project"
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Recording(models.Model):
    public_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="recordings")
    external_id = models.CharField(max_length=255, null=True, blank=True)
    name = models.CharField(max_length=255)
    language = models.CharField(max_length=8, default="en")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField()
    # Everything generated for the recording (transcript, results, summary) derives from this.
    seed = models.BigIntegerField()
    # Whether processing ends in `failed` instead of `completed`.
    fails = models.BooleanField(default=False)
    # Seeded rows that must stay in one status whatever the clock says; null = derive from time.
    status_override = models.CharField(max_length=16, null=True, blank=True)
    # Until when the override holds (null: for ever); then the recording finishes like a new
    # upload made at that moment (processing.py).
    override_until = models.DateTimeField(null=True, blank=True)
    # What was uploaded; the audio itself is never kept.
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.BigIntegerField(default=0)

    class Meta:
        db_table = "sandbox_recording"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="sandbox_recording_unique_external_id",
            )
        ]
        indexes = [models.Index(fields=["-created_at", "-id"], name="sandbox_rec_newest")]

    def __str__(self):
        return self.name

    def status(self, now=None):
        """Return the status the clock gives this recording now (see `processing`)."""
        return status_of(self, now)


class Operator(models.Model):
    account = _account_field()
    name = models.CharField(max_length=255)
    # Unique within the account: the same person may answer calls for two accounts.
    phone_number = models.CharField(max_length=32)
    email = models.CharField(max_length=254, null=True, blank=True)
    active = models.BooleanField(default=True)
    projects = models.ManyToManyField(Project, through="OperatorProject", related_name="operators")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "sandbox_operator"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "phone_number"], name="sandbox_operator_unique_phone"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def initials(self):
        """Return the upper-cased first letters of the first and last words of the name."""
        # IdentityCall docs gap: the rule is inferred from "Aldona Petrauskaitė" → "AP".
        words = [word for word in self.name.split() if word[:1].isalnum()]
        if not words:
            return ""
        if len(words) == 1:
            return words[0][0].upper()
        return (words[0][0] + words[-1][0]).upper()


class OperatorProject(models.Model):
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE)
    project = models.ForeignKey(Project, on_delete=models.CASCADE)

    class Meta:
        db_table = "sandbox_operator_project"
        constraints = [
            models.UniqueConstraint(fields=["operator", "project"], name="sandbox_operator_project_unique")
        ]


class VirtualNumber(models.Model):
    account = _account_field()
    # A phone line belongs to one account only: unique across the sandbox.
    phone_number = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=255, null=True, blank=True)
    country_code = models.CharField(max_length=2)
    number_type = models.CharField(max_length=16, default="mobile")
    # Deleting a project cascades to its numbers, as the docs say.
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="virtual_numbers"
    )
    active = models.BooleanField(default=True)
    ai_receptionist_enabled = models.BooleanField(default=False)
    recording = models.BooleanField(default=True)
    routing_strategy = models.CharField(max_length=16, default="priority")
    requirement_group = models.ForeignKey(
        "RequirementGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    upfront_cost = models.CharField(max_length=16, null=True, blank=True)
    monthly_cost = models.CharField(max_length=16, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "sandbox_virtual_number"
        ordering = ["id"]

    def __str__(self):
        return self.phone_number


class NumberOperator(models.Model):
    """An operator on a number's routing list; priorities stay dense and 0-based."""

    number = models.ForeignKey(VirtualNumber, on_delete=models.CASCADE, related_name="links")
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="number_links")
    priority = models.PositiveIntegerField()

    class Meta:
        db_table = "sandbox_number_operator"
        ordering = ["priority", "id"]
        constraints = [
            models.UniqueConstraint(fields=["number", "operator"], name="sandbox_number_operator_unique")
        ]


class Call(models.Model):
    number = models.ForeignKey(VirtualNumber, on_delete=models.CASCADE, related_name="calls")
    phone_number = models.CharField(max_length=32)
    caller_name = models.CharField(max_length=255, blank=True)
    call_status = models.CharField(max_length=16)
    call_duration = models.PositiveIntegerField(default=0)
    direction = models.CharField(max_length=16)
    ai_handled = models.BooleanField(default=False)
    transcript_summary = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "sandbox_call"
        indexes = [models.Index(fields=["number", "-created_at"], name="sandbox_call_recent")]


class RequirementGroup(models.Model):
    """An approved regulatory bundle that some countries need before a number can be bought."""

    country_code = models.CharField(max_length=2)
    name = models.CharField(max_length=255)

    class Meta:
        db_table = "sandbox_requirement_group"


class AvailableNumber(models.Model):
    """The provider's inventory that `GET /virtual_numbers/available` searches."""

    phone_number = models.CharField(max_length=32, unique=True)
    country_code = models.CharField(max_length=2)
    number_type = models.CharField(max_length=16)
    upfront_cost = models.CharField(max_length=16)
    monthly_cost = models.CharField(max_length=16)
    features = models.JSONField(default=list)
    region_information = models.JSONField(default=list)

    class Meta:
        db_table = "sandbox_available_number"
        ordering = ["id"]


class Fault(models.Model):
    """A test knob: what to do to API requests whose path and method match."""

    # Matched as a substring of the request path, or as a regular expression searched in the path
    # below the API root (e.g. `/recordings/12/transcription`) when `regex` is set. Blank = all.
    route = models.CharField(max_length=255, blank=True)
    regex = models.BooleanField(default=False)
    method = models.CharField(max_length=10, default="*")
    latency_ms = models.PositiveIntegerField(default=0)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    # Served verbatim as text/html with `status` (or 502), to imitate a proxy's error page.
    body = models.TextField(blank=True)
    drop_connection = models.BooleanField(default=False)
    malformed_json = models.BooleanField(default=False)
    retry_after = models.PositiveIntegerField(null=True, blank=True)
    # How many more requests it applies to; null = until removed.
    remaining = models.PositiveIntegerField(null=True, blank=True)
    hits = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "sandbox_fault"
        ordering = ["id"]

    def __str__(self):
        return f"{self.method} {self.route or '*'}"
