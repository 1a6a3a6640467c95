"""The upload identity: the external_id a file is sent with, from its content or the person's
choice (apps/recordings/ingest/rules.py), and the hash of what arrived (receiving.py)."""

import hashlib
import io

from apps.recordings.ingest import receiving, rules

DIGEST = hashlib.sha256(b"audio").hexdigest()


def test_a_file_without_a_chosen_id_is_sent_with_none_chosen():
    assert rules.chosen_external_id(DIGEST) == ""
    assert rules.chosen_external_id(DIGEST, "   ") == ""
    assert rules.external_id_for(DIGEST) == rules.EXTERNAL_ID_PREFIX + DIGEST[:32]


def test_a_chosen_id_is_kept_alone_and_suffixed_by_content_in_a_batch():
    assert rules.chosen_external_id(DIGEST, " crm-1 ") == "crm-1"
    assert rules.chosen_external_id(DIGEST, "crm-1", batch_size=2) == f"crm-1-{DIGEST[:12]}"


def test_the_writer_hashes_exactly_what_it_wrote_and_rewinds_the_file():
    target = io.BytesIO()
    writer = receiving.HashingWriter(target)
    for chunk in (b"au", b"", b"dio"):
        writer.write(chunk)

    assert writer.finish() == DIGEST == target.sha256
    assert writer.written == 5 and target.read() == b"audio"
