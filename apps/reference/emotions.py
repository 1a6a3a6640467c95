"""The colour of each emotion IdentityCall names, the same on every chart (the recording page,
compare, insights). Each chart's legend, titles and table say the same in words."""

EMOTION_COLOURS = {
    "happy": "#e0a100",
    "neutral": "#8a94a6",
    "calm": "#3b9c8f",
    "sad": "#3d6fb6",
    "angry": "#c62828",
    "fearful": "#7e57c2",
    "surprised": "#ef7c2a",
    "disgust": "#5d7b2f",
}
