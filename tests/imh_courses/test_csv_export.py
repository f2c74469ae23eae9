import pytest

from imh_courses.csv_export import csv_safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (-0.4, -0.4),
        (-3, -3),
        (0, 0),
        ("-0.4", "'-0.4"),
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+44 115", "'+44 115"),
        ("Nottingham", "Nottingham"),
        (None, ""),
        (True, "True"),
    ],
)
def test_formulas_are_neutralised_and_numbers_left_alone(value, cell):
    assert csv_safe_cell(value) == cell
