"""AUDIO_STORAGE_URL: unset keeps audio on this machine's disk; an s3:// URL names a bucket every
instance shares; anything else stops the start with a sentence that repeats nothing of the URL."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from console.object_storage import LOCAL, default_storage_from_url
from tests.settings.settings_env import manage, production_env, python

SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"
STORAGE = ("import django; django.setup(); from django.conf import settings; "
           "from django.core.files.storage import storages; "
           "print(settings.STORAGES['default']['BACKEND'], type(storages['default']).__name__, "
           "settings.STORAGES['staticfiles']['BACKEND'])")


@pytest.mark.parametrize("url", [None, ""])
def test_unset_keeps_audio_on_this_machines_disk(url):
    assert default_storage_from_url(url) == LOCAL == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_an_s3_url_names_the_bucket_endpoint_region_and_prefix():
    entry = default_storage_from_url(
        "s3://call-audio?endpoint_url=http://127.0.0.1:9000/&region=eu-central-1&prefix=/console/a/"
    )

    assert entry == {
        "BACKEND": "console.s3_storage.S3AudioStorage",
        "OPTIONS": {
            "bucket_name": "call-audio",
            "endpoint_url": "http://127.0.0.1:9000",
            "region_name": "eu-central-1",
            "location": "console/a",
            "addressing_style": "path",
            "default_acl": "private",
            "file_overwrite": False,
        },
    }


def test_amazon_s3_itself_needs_only_the_bucket():
    options = default_storage_from_url("s3://call-audio")["OPTIONS"]

    assert options["endpoint_url"] is None
    assert options["region_name"] is None
    assert options["location"] == ""
    assert options["addressing_style"] is None  # boto3's own choice
    assert options["default_acl"] == "private"


def test_addressing_and_acl_can_be_chosen():
    options = default_storage_from_url(
        "s3://call-audio?endpoint_url=https://s3.example.com&addressing_style=virtual&acl=none"
    )["OPTIONS"]

    assert options["addressing_style"] == "virtual"
    assert options["default_acl"] is None


@pytest.mark.parametrize(("url", "sentence"), [
    (f"s3://AKIA:{SECRET}@call-audio", "must not hold credentials"),
    (f"s3://call-audio?endpoint_url=http://AKIA:{SECRET}@minio:9000",
     "has credentials in its endpoint_url"),
    (f"https://call-audio/{SECRET}", "must start s3://"),
    (f"s3://{SECRET}", "must name a bucket right after s3://"),
    ("s3://ab", "must name a bucket right after s3://"),
    (f"s3://call-audio/{SECRET}", "has a path after the bucket"),
    (f"s3://call-audio?secret_key={SECRET}", "has a parameter the console does not know"),
    (f"s3://call-audio?{SECRET}", "has a malformed parameter list"),
    (f"s3://call-audio?region=a&region={SECRET}", "names a parameter twice"),
    (f"s3://call-audio?endpoint_url=ftp://{SECRET}", "needs an endpoint_url starting http://"),
    (f"s3://call-audio?endpoint_url=http://minio:{SECRET}",
     "has an endpoint_url that is not a URL"),
    (f"s3://call-audio?region={SECRET}", "has a region other than"),
    (f"s3://call-audio?prefix=../{SECRET}", "has a prefix other than folder names"),
    (f"s3://call-audio?acl={SECRET}", "has an acl other than private or none"),
    (f"s3://call-audio?addressing_style={SECRET}", "has an addressing_style other than"),
    (f"s3://[{SECRET}", "is not a URL"),
])
def test_a_malformed_url_is_refused_with_a_sentence_that_repeats_none_of_it(url, sentence):
    with pytest.raises(ImproperlyConfigured) as refused:
        default_storage_from_url(url)

    message = str(refused.value)
    assert message.startswith(f"AUDIO_STORAGE_URL {sentence}")
    assert "“Kept audio on S3-compatible storage”" in message
    assert SECRET not in message and SECRET.lower() not in message
    error = refused.value  # nothing chained either: a parser's error quotes what it read
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)


def test_production_keeps_audio_in_the_bucket_and_static_files_compressed():
    url = "s3://call-audio?endpoint_url=http://127.0.0.1:9&region=us-east-1"
    result = python(STORAGE, env=production_env(AUDIO_STORAGE_URL=url))

    assert result.stdout.split() == [
        "console.s3_storage.S3AudioStorage", "S3AudioStorage",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ], result.stderr


def test_production_without_the_setting_keeps_audio_on_disk():
    result = python(STORAGE, env=production_env(AUDIO_STORAGE_URL=None))

    assert result.stdout.split()[:2] == [
        "django.core.files.storage.FileSystemStorage", "FileSystemStorage"], result.stderr


def test_a_malformed_url_stops_the_start_without_echoing_it():
    result = manage("check", env=production_env(AUDIO_STORAGE_URL=f"s3://AKIA:{SECRET}@bucket"))

    assert result.returncode != 0
    assert "AUDIO_STORAGE_URL must not hold credentials" in result.stderr
    assert SECRET not in result.stderr and SECRET not in result.stdout
