"""The kept-audio settings page: how much audio the console keeps for playback, and how long."""

import re

from django.test import Client
from django.urls import reverse

from apps.recordings.models import StoredAudio
from tests.factories import make_user

PAGE = "/recordings/kept-audio/"


def kept_copy(user, key, size):
    """Record a kept audio copy of `size` bytes uploaded by user (the file itself is not needed)."""
    return StoredAudio.objects.create(
        recording_key=key, uploaded_by=user, file=f"audio/{key}/call.wav", original_name="call.wav",
        content_type="audio/wav", size=size, sha256="0" * 64,
    )


def kept_audio_text(body):
    """Return the page's kept-audio section as plain text, spaces folded."""
    section = body[body.index('aria-labelledby="kept-audio-title"'):]
    section = section[:section.index("</section>")]
    return " ".join(re.sub(r"<[^>]+>", " ", section).replace("\xa0", " ").split())


def test_the_page_is_named_recordings_kept_audio():
    assert reverse("recordings:kept_audio") == PAGE


def test_the_page_shows_how_much_audio_the_console_keeps(signed_in, user, settings, upstream):
    settings.AUDIO_RETENTION_DAYS = None
    kept_copy(user, "1", 1_500_000)
    kept_copy(make_user("grace"), "2", 3_000_000)

    response = signed_in.get(PAGE)  # signed in without a saved key: the page needs none
    text = kept_audio_text(response.content.decode())

    assert response.status_code == 200
    assert "on the console’s disk" in text
    assert "Your uploads 1 copy, 1.4 MB" in text
    assert "Everyone’s uploads 2 copies, 4.3 MB" in text
    assert "until its recording is deleted through the console" in text
    assert "AUDIO_RETENTION_DAYS" in text
    assert len(upstream.calls) == 0  # it never asks IdentityCall


def test_the_page_says_how_long_audio_is_kept_when_retention_is_set(keyed, settings):
    settings.AUDIO_RETENTION_DAYS = 30

    text = kept_audio_text(keyed.get(PAGE).content.decode())

    assert "Your uploads none" in text and "Everyone’s uploads none" in text
    assert "Copies older than 30 days are deleted when manage.py prune_audio runs" in text
    assert "AUDIO_RETENTION_DAYS=30" in text


def test_the_page_is_a_settings_tab_named_as_the_current_one(keyed):
    body = keyed.get(PAGE).content.decode()

    assert '<span class="settings-nav__link" aria-current="page">Kept audio</span>' in body
    assert '<a class="settings-nav__link" href="/settings/api-key/">API key</a>' in body
    assert "<title>Kept audio · IdentityCall Console</title>" in body


def test_signed_out_visitors_are_sent_to_log_in(db):
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_only_answers_get(keyed):
    assert keyed.post(PAGE).status_code == 405


def test_the_page_is_marked_as_a_settings_page_in_the_navigation(signed_in):
    page = signed_in.get(PAGE).content.decode()

    assert '<a href="/settings/api-key/" aria-current="page">Settings</a>' in page
    assert 'href="/recordings/" aria-current="page"' not in page
