"""Uploads, from the browser's bytes to IdentityCall's recording and the console's playback copy.

The upload views (apps/recordings/views/upload.py) only read the request and render the answer;
this package does the rest, in the order a file travels:

* rules.py: what may be uploaded (formats, sizes, a request's limits), and the external_id and
  name sent with a file.
* receiving.py: the one HashingWriter every arriving file is written through (one chunk size,
  one SHA-256), and HashingUploadHandler, the no-JavaScript form's files.
* incoming.py: upload.js's raw request body, read by a thread and relayed while it arrives.
* sending.py: to IdentityCall, relayed or from the temp file (relay_file, send_file, send_all).
* outcomes.py: what became of each file (Outcome), in the sentences the page shows.
* queue.py: a file of a batch received whole, staged in STORAGES["default"] and queued
  (QueuedUpload), for the worker to send; queue_sending.py: that task's work (claim, wait out the
  rate limit, send with send_file, retry or give up).
* storage.py: the console's copy of each created recording's audio, for playback.

See docs/architecture.md, "The upload path".
"""
