"""The analysis pane's inline SVG charts, their geometry computed on the server.

Templates only print the numbers computed here (rounded to one decimal): talk time per speaker
(`talk_time`) and emotions over each speaker's turns, bucketed to at most MAX_BUCKETS points, with
the strongest shifts (`emotions`). `layout` holds what they share. Who spoke when is the timeline
under the player (apps/recordings/timeline.py).
"""
