import pytest

from reports.suppression import suppressed


@pytest.mark.parametrize(
    ("counts", "rows", "total"),
    [
        # nothing small: everything shown, the true total
        ([("a", 10), ("b", 5), ("c", 0)], [("a", 10), ("b", 5), ("c", 0)], 15),
        # one small count: it and the smallest other hidden, the total of what is shown
        ([("a", 10), ("b", 6), ("c", 3)], [("a", 10), ("b", "[c]"), ("c", "<5")], 10),
        # two small counts: both hidden, nothing else needs to be
        ([("a", 10), ("b", 1), ("c", 4)], [("a", 10), ("b", "<5"), ("c", "<5")], 10),
        # one small count and nothing else to hide it with
        ([("a", 2), ("b", 0)], [("a", "<5"), ("b", 0)], 0),
        # zero is not suppressed (it discloses nothing about a person)
        ([("a", 0), ("b", 7)], [("a", 0), ("b", 7)], 7),
        # the boundary: 4 hidden, 5 shown
        ([("a", 4), ("b", 5), ("c", 9)], [("a", "<5"), ("b", "[c]"), ("c", 9)], 9),
    ],
)
def test_suppression_table(counts, rows, total):
    assert suppressed(counts) == (rows, total)
