"""UUIDv7 identifiers (RFC 9562), which Python 3.12's `uuid` module cannot make yet."""

import os
import time
import uuid


# IdentityCall docs gap: the docs show only "018f3a..."; we emit the standard lower-case
# 8-4-4-4-12 form with version nibble 7.
def uuid7(unix_ms=None, random_bytes=None):
    """Return a UUIDv7: 48-bit Unix time in ms, version 7, variant 10, 74 random bits."""
    if unix_ms is None:
        unix_ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(random_bytes if random_bytes is not None else os.urandom(10), "big")
    rand_a = (rand >> 62) & 0xFFF
    rand_b = rand & ((1 << 62) - 1)
    value = (unix_ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)
