"""The eight emotions IdentityCall scores each dialogue on, named as the page shows them."""

from apps.identitycall.resources.analysis import EMOTIONS  # noqa: F401  (re-exported: the eight keys)

EMOTION_LABELS = {emotion: emotion.capitalize() for emotion in EMOTIONS}

# A glyph next to the word (never instead of it), so emotion is not told by colour alone.
EMOTION_ICONS = {
    "happy": "☺",
    "neutral": "○",
    "calm": "≈",
    "sad": "☹",
    "angry": "⚡",
    "fearful": "!",
    "surprised": "?",
    "disgust": "✕",
}
