"""The detail page's three inline SVG charts, their geometry computed on the server.

Templates only print the numbers computed here (rounded to one decimal, so a 1,500-turn call stays
a few dozen kilobytes): who spoke when with the pauses (`timeline`), talk time per speaker
(`talk_time`), and emotions over each speaker's turns, bucketed to at most MAX_BUCKETS points
(`emotions`). `layout` holds what they share: the plot's frame and the label column.
"""
