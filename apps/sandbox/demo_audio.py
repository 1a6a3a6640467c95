"""Audio for the demo recordings: a murmur per speaker following each transcript's timing.

The sandbox keeps no audio and IdentityCall has no download (docs/api-decisions.md, "Audio"), so
without this a demo recording has nothing to play. Each recording's sound is made on demand from
its generated transcript (generate.transcript): every speaker murmurs in syllables at a pitch of
their own while their turn lasts, with silence in the pauses, so the player, the timeline and the
transcript following it line up. The same recording always gives the same bytes. Mono 8-bit PCM
at 4 kHz keeps it small (4 KB a second; the two-hour call 29 MB) and plays in every browser; the
sound is built from one precomputed phrase per speaker, so even the long call takes well under a
second. `make run` keeps a copy for the demo user (management/commands/bootstrap_demo.py).
"""

import hashlib
import math
import struct
from functools import lru_cache

from . import generate

RATE = 4000  # samples a second
SILENCE = 128  # the middle of unsigned 8-bit PCM
PITCHES = (196.0, 262.0, 147.0, 330.0)  # Hz of "Speaker 1", "Speaker 2", … (then again)
SYLLABLE = 720  # samples: 180 ms
PHRASE_SECONDS = 9


def _syllable(pitch, amplitude):
    """Return one syllable: a voiced tone with two overtones under a rise-and-fall envelope."""
    samples = bytearray(SYLLABLE)
    for n in range(SYLLABLE):
        phase = 2 * math.pi * pitch * n / RATE
        wave = 0.62 * math.sin(phase) + 0.26 * math.sin(2 * phase) + 0.12 * math.sin(3 * phase)
        envelope = math.sin(math.pi * n / SYLLABLE) ** 0.8
        samples[n] = SILENCE + round(amplitude * envelope * wave)
    return bytes(samples)


@lru_cache(maxsize=8)
def phrase(voice):
    """Return PHRASE_SECONDS of murmur for voice number `voice`: words of two to four syllables,
    each a little higher or lower, with short gaps between words."""
    pitch = PITCHES[voice % len(PITCHES)] * (1 + 0.04 * (voice // len(PITCHES)))
    syllables = [_syllable(pitch * factor, 70) for factor in (1.0, 1.08, 0.93, 1.15, 0.97)]
    gap = bytes([SILENCE]) * 300
    pieces, length, word = [], 0, 0
    while length < PHRASE_SECONDS * RATE:
        for position in range(2 + word % 3):
            pieces.append(syllables[(word * 3 + position) % len(syllables)])
        pieces.append(gap)
        length += (2 + word % 3) * SYLLABLE + len(gap)
        word += 1
    return b"".join(pieces)


def voice_of(label):
    """Return the voice number of a diarization label ("Speaker 2" → 1; anything else → 0)."""
    digits = "".join(character for character in label or "" if character.isdigit())
    return max(0, int(digits) - 1) if digits else 0


def speech(voice, samples, offset):
    """Return `samples` bytes of voice `voice`'s murmur, starting `offset` samples into its
    phrase (so consecutive turns do not all begin alike)."""
    source = phrase(voice)
    start = offset % len(source)
    repeats = (start + samples) // len(source) + 1
    return (source * repeats)[start:start + samples]


def _samples(ms):
    return ms * RATE // 1000


def wav_header(samples):
    """Return the 44-byte header of a mono 8-bit PCM WAV file of `samples` samples."""
    return (b"RIFF" + struct.pack("<I", 36 + samples) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, RATE, RATE, 1, 8)
            + b"data" + struct.pack("<I", samples))


def chunks(recording):
    """Yield the WAV file of a sandbox Recording, header first, then a piece per turn or pause."""
    dialogues, _ = generate.transcript(recording.id, recording.seed, recording.language,
                                       recording.duration_ms)
    total = _samples(recording.duration_ms)
    yield wav_header(total)
    at = 0
    for dialogue in dialogues:
        start = min(total, max(at, _samples(dialogue["start_ms"])))
        end = min(total, max(start, _samples(dialogue["end_ms"])))
        if start > at:
            yield bytes([SILENCE]) * (start - at)
        if end > start:
            yield speech(voice_of(dialogue["speaker"]), end - start, dialogue["position"] * 1777)
        at = end
    if total > at:
        yield bytes([SILENCE]) * (total - at)


def write_wav(recording, handle):
    """Write the recording's WAV file to the binary `handle`; return its SHA-256 (hex)."""
    digest = hashlib.sha256()
    for piece in chunks(recording):
        digest.update(piece)
        handle.write(piece)
    return digest.hexdigest()


def file_name(recording):
    """Return the name the demo copy is kept under: the uploaded file's, as a WAV."""
    stem = (recording.file_name or f"recording-{recording.id}").rsplit(".", 1)[0]
    return f"{stem}.wav"
