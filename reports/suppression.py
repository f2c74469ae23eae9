"""Small-number suppression for counts about people (equality monitoring, small groups).

A count from 1 to SMALLEST_SHOWN - 1 is shown as "<5". When a table would hide one count only,
the smallest other count is hidden too ("[c]"), so the hidden one cannot be worked out from a
total published elsewhere; and the table's own total adds up the counts shown only.
"""

SMALLEST_SHOWN = 5
PRIMARY = f"<{SMALLEST_SHOWN}"
SECONDARY = "[c]"


def shown_count(count):
    """One count on its own: "<5" when small."""
    return PRIMARY if 0 < count < SMALLEST_SHOWN else count


def suppressed(counts):
    """[(label, count)] -> ([(label, count or "<5" or "[c]")], total of the counts shown)."""
    shown = {label: PRIMARY if 0 < count < SMALLEST_SHOWN else count for label, count in counts}
    hidden = [label for label, value in shown.items() if value == PRIMARY]
    if len(hidden) == 1:
        candidates = [(count, label) for label, count in counts if count >= SMALLEST_SHOWN]
        if candidates:
            shown[min(candidates)[1]] = SECONDARY
    rows = [(label, shown[label]) for label, _ in counts]
    total = sum(value for _, value in rows if isinstance(value, int))
    return rows, total
