"""Delete the console's audio copies older than AUDIO_RETENTION_DAYS (file and row)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from apps.recordings.ingest import storage


class Command(BaseCommand):
    help = (
        "Delete the audio copies kept for playback that are older than AUDIO_RETENTION_DAYS "
        "(file and database row). Does nothing while the setting is unset, unless --days says "
        "how old. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=str, default=None,
            help="Delete copies older than this many days instead of AUDIO_RETENTION_DAYS.",
        )
        parser.add_argument(
            "--dry-run", action="store_true",
            help="List what would be deleted and delete nothing.",
        )

    def handle(self, *args, days=None, dry_run=False, verbosity=1, **options):
        days = _days(days) if days is not None else settings.AUDIO_RETENTION_DAYS
        if days is None:
            self.stdout.write(
                "AUDIO_RETENTION_DAYS is not set, so audio copies are kept: nothing was deleted."
            )
            return
        count = size = 0
        old = storage.older_than(days)  # a list: rows are deleted as the loop goes
        for position, copy in enumerate(old):
            if verbosity >= 2:
                self.stdout.write(
                    f"{copy.original_name} (recording {copy.recording_key}, "
                    f"{_size(copy.size)}, kept since {copy.created_at:%Y-%m-%d})"
                )
            try:
                if not dry_run and not self._delete(copy):
                    continue
            except _StorageDown as down:
                if count:
                    self.stdout.write(_summary(count, size, days, dry_run))
                left = len(old) - position
                raise CommandError(
                    f"{down} Nothing more was deleted: {left} "
                    f"{'audio copy is' if left == 1 else 'audio copies are'} left for the next run."
                ) from None
            count, size = count + 1, size + copy.size
        self.stdout.write(_summary(count, size, days, dry_run))

    def _delete(self, copy):
        """Delete one copy's file, then its row; return False (keeping the row) when that failed;
        raise _StorageDown when the storage itself failed (every other copy would too)."""
        try:
            storage.delete_copy(copy)
        except OSError as exc:
            # The row stays, so the next run tries again.
            if storage.unavailable(exc):
                raise _StorageDown(exc.strerror or str(exc)) from None
            self.stderr.write(f"Could not delete {copy.file.name}: {exc.strerror or exc}")
            return False
        return True


class _StorageDown(Exception):
    """The audio storage could not be used at all (a bucket not answering, a disk failing)."""


def _days(raw):
    """Return --days as a whole number of days; raise CommandError otherwise."""
    if not (raw.isascii() and raw.isdigit()):
        raise CommandError(f"--days takes a whole number of days (0 or more), not {raw!r}.")
    return int(raw)


def _size(size):
    return filesizeformat(size).replace("\xa0", " ")


def _summary(count, size, days, dry_run):
    """Return the line saying what was (or would be) freed."""
    age = f"older than {days} day{'' if days == 1 else 's'}"
    if not count:
        return f"No audio copies are {age}."
    copies = "audio copy" if count == 1 else "audio copies"
    if dry_run:
        return (
            f"Would delete {count} {copies} {age}, freeing {_size(size)} "
            "(dry run: nothing was deleted)."
        )
    return f"Deleted {count} {copies} {age}, freeing {_size(size)}."
