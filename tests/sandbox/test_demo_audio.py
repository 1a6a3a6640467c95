"""Demo audio you can listen to: every demo recording that completes gets a WAV following its
transcript (apps/sandbox/demo_audio.py), kept by `make run` as the demo user's copy; and the
seeded unfinished recordings finish like new uploads do."""

import io
import wave
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.recordings.models import StoredAudio
from apps.sandbox import demo_audio, generate
from apps.sandbox.management.commands.bootstrap_demo import keep_demo_audio
from apps.sandbox.models import Recording
from apps.sandbox.processing import status_filter, status_of
from apps.sandbox.seed import seed_demo
from tests.sandbox.builders import make_recording


def wav_of(recording):
    buffer = io.BytesIO()
    digest = demo_audio.write_wav(recording, buffer)
    return buffer.getvalue(), digest


def crossings(samples):
    """Return how often the signal crosses its middle: a rough pitch."""
    middle = demo_audio.SILENCE
    return sum(1 for a, b in zip(samples, samples[1:]) if (a - middle) * (b - middle) < 0)


def test_a_recordings_audio_is_a_wav_as_long_as_the_call(project):
    recording = make_recording(project, duration_ms=95_500)

    data, _ = wav_of(recording)

    with wave.open(io.BytesIO(data)) as parsed:
        assert (parsed.getnchannels(), parsed.getsampwidth()) == (1, 1)
        assert parsed.getframerate() == demo_audio.RATE
        assert parsed.getnframes() == 95_500 * demo_audio.RATE // 1000
        assert parsed.readframes(parsed.getnframes()) == data[44:]


def test_the_same_recording_always_sounds_the_same(project):
    recording = make_recording(project, seed=77)

    first, digest = wav_of(recording)
    again, digest_again = wav_of(Recording.objects.get(pk=recording.pk))

    assert first == again and digest == digest_again
    assert digest != wav_of(make_recording(project, seed=78))[1]


def test_speakers_murmur_in_their_turns_at_their_own_pitch_and_pauses_are_silent(project):
    recording = make_recording(project, duration_ms=240_000, seed=5)
    data, _ = wav_of(recording)
    samples = data[44:]
    dialogues, _ = generate.transcript(recording.id, recording.seed, recording.language,
                                       recording.duration_ms)

    def during(start_ms, end_ms):
        return samples[start_ms * demo_audio.RATE // 1000:end_ms * demo_audio.RATE // 1000]

    rates = {}
    for dialogue in dialogues:
        turn = during(dialogue["start_ms"], dialogue["end_ms"])
        assert max(turn) - min(turn) > 60  # someone speaks
        seconds = len(turn) / demo_audio.RATE
        rates.setdefault(dialogue["speaker"], []).append(crossings(turn) / seconds)
    for before, after in zip(dialogues, dialogues[1:]):
        if after["start_ms"] - before["end_ms"] >= 200:
            gap = during(before["end_ms"] + 1, after["start_ms"] - 1)
            assert set(gap) == {demo_audio.SILENCE}
    pitch = {label: sorted(values)[len(values) // 2] for label, values in rates.items()}
    assert pitch["Speaker 2"] > pitch["Speaker 1"] * 1.15  # 262 Hz against 196 Hz


def test_the_two_hour_call_is_small_and_quick_to_make(project):
    recording = make_recording(project, duration_ms=7_200_000)

    data, _ = wav_of(recording)

    assert len(data) == 44 + 7_200 * demo_audio.RATE  # 4 KB a second: 29 MB


@pytest.mark.parametrize(("label", "voice"), [
    ("Speaker 1", 0), ("Speaker 4", 3), ("Speaker 12", 11), ("", 0), (None, 0), ("Agent", 0)])
def test_voices_follow_the_diarization_label(label, voice):
    assert demo_audio.voice_of(label) == voice


def test_make_run_keeps_a_copy_of_each_demo_recordings_audio_for_the_demo_user(
    django_user_model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo()
    demo = django_user_model.objects.create_user("demo")
    chosen = list(Recording.objects.filter(fails=False).order_by("duration_ms")[:3])

    assert keep_demo_audio(demo, chosen) == 3
    assert keep_demo_audio(demo, chosen) == 0  # kept already: nothing made twice

    copies = StoredAudio.objects.order_by("recording_id")
    assert [(c.recording_key, c.recording_id, c.uploaded_by) for c in copies] == [
        (str(r.public_id), r.id, demo) for r in sorted(chosen, key=lambda r: r.id)]
    first = copies[0]
    with first.file.open("rb") as handle:
        data = handle.read()
    recording = next(r for r in chosen if r.id == first.recording_id)
    assert data == wav_of(recording)[0]
    assert (first.content_type, first.size) == ("audio/x-wav", len(data))
    assert first.original_name.endswith(".wav")


def test_every_demo_recording_that_completes_gets_audio_and_the_failing_ones_none(
    django_user_model, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo()
    demo = django_user_model.objects.create_user("demo")
    made = []

    def small_wav(recording, handle):  # the sound itself is tested above; here, which get one
        made.append(recording.id)
        handle.write(demo_audio.wav_header(0))
        return "0" * 64

    monkeypatch.setattr(demo_audio, "write_wav", small_wav)

    keep_demo_audio(demo)

    failing = set(Recording.objects.filter(fails=True).values_list("id", flat=True))
    assert failing and sorted(made) == sorted(
        set(Recording.objects.values_list("id", flat=True)) - failing)
    assert set(StoredAudio.objects.values_list("recording_id", flat=True)) == set(made)
    assert len(made) >= 90


# --- seeded unfinished recordings finish -----------------------------------------------------


def test_seeded_unfinished_recordings_finish_like_new_uploads(db, settings):
    settings.SANDBOX_PROCESSING_SECONDS = 12
    seed_demo()
    now = timezone.now()
    unfinished = list(Recording.objects.filter(status_override__isnull=False))

    assert {status_of(r, now) for r in unfinished} == {"pending", "processing"}
    assert all(r.override_until is not None for r in unfinished)
    later = max(r.override_until for r in unfinished) + timedelta(seconds=13)
    assert {status_of(r, later) for r in unfinished} == {"completed"}
    assert not Recording.objects.filter(status_filter("pending", later)).exists()
    assert not Recording.objects.filter(status_filter("processing", later)).exists()


def test_a_held_pending_recording_then_goes_through_processing(project, settings):
    settings.SANDBOX_PROCESSING_SECONDS = 10
    now = timezone.now()
    until = now + timedelta(seconds=60)
    held = make_recording(project, status_override="pending", override_until=until)
    going = make_recording(project, status_override="processing", override_until=until)

    moments = {"held": now, "just after": until + timedelta(seconds=1),
               "mid": until + timedelta(seconds=5), "done": until + timedelta(seconds=11)}
    seen = {name: (status_of(held, moment), status_of(going, moment))
            for name, moment in moments.items()}

    assert seen == {"held": ("pending", "processing"), "just after": ("pending", "processing"),
                    "mid": ("processing", "processing"), "done": ("completed", "completed")}
    for name, moment in moments.items():
        for recording, status in zip((held, going), seen[name]):
            assert Recording.objects.filter(status_filter(status, moment),
                                            pk=recording.pk).exists(), (name, status)


def test_an_override_without_an_end_still_holds_for_ever(project, settings):
    settings.SANDBOX_PROCESSING_SECONDS = 1
    stuck = make_recording(project, status_override="processing", ago_seconds=86400)

    assert status_of(stuck, timezone.now() + timedelta(days=30)) == "processing"
