"""The console's index of recordings (docs/architecture.md, "The index"): what a key could read,
kept so the console can search across calls. Every row belongs to the key that synced it, by the
client's `fingerprint` (a hash of the base URL and the key, never the key): keys of different
IdentityCall accounts can share integer project and recording ids, so a row is shown only to
users whose current key has that fingerprint (apps/index/visibility.py)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone


class SyncState(models.Model):
    """Where one key's sync stands: the cursor a restarted worker resumes from."""

    class Phase(models.TextChoices):
        IDLE = "idle", "Idle"
        LISTING = "listing", "Listing recordings"
        FETCHING = "fetching", "Fetching analyses"

    key_fingerprint = models.CharField(max_length=64, unique=True)
    # Whose stored key is used to sync (any user holding the key with this fingerprint).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.IDLE)
    generation = models.PositiveIntegerField(default=0)  # one per sync walk; marks rows seen
    next_page = models.PositiveIntegerField(default=1)  # the list page the walk reads next
    upstream_total = models.PositiveIntegerField(null=True)  # what IdentityCall's list counts
    requested_at = models.DateTimeField(null=True)  # "Sync now", waiting for the next tick
    started_at = models.DateTimeField(null=True)
    synced_at = models.DateTimeField(null=True)  # the last walk that reached its end
    problem = models.CharField(max_length=255, blank=True)  # why the last try stopped

    class Meta:
        db_table = "insights_sync_state"


class WithoutSearchText(models.Manager):
    """Rows without their stored tsvector (`search_document`, `search_vector`): it is for the
    database to search, never for Python to read; and a row saved later does not write back a
    document refreshed in the meantime (a saved row with a deferred field saves the others)."""

    deferred = ()

    def get_queryset(self):
        return super().get_queryset().defer(*self.deferred)


class Recordings(WithoutSearchText):
    deferred = ("search_document",)


class Lines(WithoutSearchText):
    deferred = ("search_vector",)


class IndexedRecording(models.Model):
    key_fingerprint = models.CharField(max_length=64)
    ref = models.CharField(max_length=64)  # public_id, else the legacy id (Recording.ref)
    recording_id = models.BigIntegerField(null=True)
    project_id = models.BigIntegerField(null=True)
    external_id = models.CharField(max_length=255, blank=True)
    name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=20, blank=True)
    language = models.CharField(max_length=16, blank=True)
    duration_ms = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(null=True)
    updated_at = models.DateTimeField(null=True)
    goal_score = models.FloatField(null=True)  # goal_achievement, 0–100
    summary = models.TextField(blank=True)
    speakers = models.JSONField(default=list)
    long_pauses = models.PositiveIntegerField(default=0)  # pauses not compliant
    # Kept with the row so the search's filters need not look into its lines and goals: the
    # dominant emotions its lines show (" angry calm ", space around each), its goals and how
    # many of them were missed (store.py).
    emotions = models.TextField(blank=True, default="")
    goals_total = models.PositiveIntegerField(default=0)
    goals_missed = models.PositiveIntegerField(default=0)
    # The call's search document (fts.py, refresh_documents): every piece of it in one tsvector
    # on PostgreSQL (on SQLite an unused column: the FTS5 table insights_call_fts holds it).
    # `document_partial`: PostgreSQL dropped positions from it (a very long call), so a phrase
    # is checked in its lines instead.
    search_document = SearchVectorField(null=True, editable=False)
    document_partial = models.BooleanField(default=False)
    analysed_updated_at = models.DateTimeField(null=True)  # updated_at the analysis was read at
    needs_analysis = models.BooleanField(default=False)
    seen_generation = models.PositiveIntegerField(default=0)
    indexed_at = models.DateTimeField(default=timezone.now)

    objects = Recordings()

    class Meta:
        db_table = "insights_recording"
        constraints = [
            models.UniqueConstraint(fields=["key_fingerprint", "ref"], name="insights_rec_key_ref")
        ]
        indexes = [
            models.Index(fields=["key_fingerprint", "-created_at"], name="insights_rec_key_new"),
            models.Index(fields=["key_fingerprint", "needs_analysis"], name="insights_rec_todo"),
        ]

    def __str__(self):
        return self.name or self.ref


class Line(models.Model):
    """One searchable piece of a recording: a transcript line (`kind` "line", with times), or its
    name and external ID, keywords or summary (kinds "name", "keywords", "summary")."""

    # No index of its own: insights_line_pos starts with it (migration 0009).
    recording = models.ForeignKey(IndexedRecording, on_delete=models.CASCADE, related_name="lines",
                                  db_index=False)
    kind = models.CharField(max_length=10, default="line")
    position = models.PositiveIntegerField(default=0)
    speaker = models.CharField(max_length=100, blank=True)
    text = models.TextField()
    start_ms = models.BigIntegerField(null=True)
    end_ms = models.BigIntegerField(null=True)
    emotion = models.CharField(max_length=20, blank=True)  # the dominant one
    role = models.CharField(max_length=10, blank=True)  # "agent", "customer", "other" (roles.py)
    # PostgreSQL only: the text's tsvector, set by a trigger (migration 0004), for ranking a
    # page's lines (fts.py); on SQLite an unused column (fts.py ranks a page's lines in a
    # temporary FTS5 table).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = Lines()

    class Meta:
        db_table = "insights_line"
        indexes = [
            models.Index(fields=["recording", "position"], name="insights_line_pos"),
        ]


class Talk(models.Model):
    """A call's transcript lines rolled up per speaker, side and dominant emotion: how many lines
    and how long they spoke (ms; null when no line had times). Written with the lines (store.py),
    so the insights page sums a dozen rows a call instead of reading every line."""

    recording = models.ForeignKey(IndexedRecording, on_delete=models.CASCADE, related_name="talk")
    speaker = models.CharField(max_length=100, blank=True)
    role = models.CharField(max_length=10, blank=True)
    emotion = models.CharField(max_length=20, blank=True)
    lines = models.PositiveIntegerField(default=0)
    ms = models.BigIntegerField(null=True)

    class Meta:
        db_table = "insights_talk"


class Goal(models.Model):
    recording = models.ForeignKey(IndexedRecording, on_delete=models.CASCADE, related_name="goals")
    name = models.CharField(max_length=255)
    met = models.BooleanField(null=True)
    score = models.FloatField(null=True)

    class Meta:
        db_table = "insights_goal"


class Keyword(models.Model):
    recording = models.ForeignKey(
        IndexedRecording, on_delete=models.CASCADE, related_name="keywords"
    )
    name = models.CharField(max_length=255)
    sentiment = models.CharField(max_length=20, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "insights_keyword"


class Pause(models.Model):
    recording = models.ForeignKey(IndexedRecording, on_delete=models.CASCADE, related_name="pauses")
    start_ms = models.BigIntegerField(null=True)
    duration_ms = models.BigIntegerField(null=True)
    compliant = models.BooleanField(null=True)

    class Meta:
        db_table = "insights_pause"


class IndexedProject(models.Model):
    """A project's name as the key's project list gave it at the last walk (names only)."""

    key_fingerprint = models.CharField(max_length=64)
    project_id = models.BigIntegerField()
    name = models.CharField(max_length=255)

    class Meta:
        db_table = "insights_project"
        constraints = [
            models.UniqueConstraint(
                fields=["key_fingerprint", "project_id"], name="insights_project_key_id"
            )
        ]
