"""Over real HTTP (the live server), as the console and the browser tests reach the sandbox."""

import pytest
import requests
from requests_toolbelt import MultipartEncoder

from apps.sandbox.models import Project, Recording
from apps.sandbox.seed import create_key

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def base(live_server):
    return f"{live_server.url}/sandbox/api/v1/public"


def test_a_streamed_multipart_upload_is_accepted(base, tmp_path):
    project = Project.objects.create(name="Support", language="en")
    key = create_key()
    audio = tmp_path / "call.wav"
    audio.write_bytes(b"RIFF" + b"\0" * 300_000)
    with audio.open("rb") as handle:
        body = MultipartEncoder(
            {
                "project_id": str(project.id),
                "external_id": "crm-9",
                "file": ("call.wav", handle, "audio/wav"),
            }
        )
        response = requests.post(
            f"{base}/recordings",
            data=body,
            headers={"Authorization": f"Bearer {key}", "Content-Type": body.content_type},
            timeout=10,
        )
    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["status"], data["external_id"]) == ("pending", "crm-9")
    assert Recording.objects.get(pk=data["id"]).file_size == 300_004


def test_deletes_answer_an_empty_204_over_http(base):
    project = Project.objects.create(name="Gone", language="en")
    key = create_key()
    response = requests.delete(
        f"{base}/projects/{project.id}", headers={"Authorization": f"Bearer {key}"}, timeout=5
    )
    assert (response.status_code, response.content) == (204, b"")
