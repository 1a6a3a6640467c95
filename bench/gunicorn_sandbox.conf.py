"""gunicorn config for the benchmark's sandbox: one line per request, so calls can be counted.

Each request appends "<METHOD> <path?query> <peer port>" to $BENCH_REQUEST_LOG. The peer port
tells connections apart: a console that reuses its keep-alive connections shows few ports.
"""

import os

_LOG = os.environ.get("BENCH_REQUEST_LOG")

# gunicorn closes an idle keep-alive connection after 2 s; an API behind a load balancer or nginx
# keeps it for a minute or more (nginx 75 s, AWS ALB 60 s). With 2 s a loaded 2-core machine
# would count the sandbox's impatience as the console's failure to reuse connections.
keepalive = 75


def pre_request(worker, req):
    if not _LOG:
        return
    peer = req.peer_addr[1] if isinstance(req.peer_addr, tuple) else "-"
    target = f"{req.path}?{req.query}" if req.query else req.path
    line = f"{req.method} {target} {peer}\n".encode()
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)  # one short O_APPEND write: lines from many threads never interleave
    finally:
        os.close(fd)
