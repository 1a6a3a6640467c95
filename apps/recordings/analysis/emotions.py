"""The eight emotions IdentityCall scores each dialogue on, named as the page shows them."""

# The eight documented emotion keys (IdentityCall's transcription page), in a fixed order for
# charts and tables.
EMOTIONS = ("happy", "neutral", "calm", "sad", "angry", "fearful", "surprised", "disgust")
EMOTION_LABELS = {
    "happy": "Happy",
    "neutral": "Neutral",
    "calm": "Calm",
    "sad": "Sad",
    "angry": "Angry",
    "fearful": "Fearful",
    "surprised": "Surprised",
    "disgust": "Disgust",
}
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
