import datetime

from django.utils import formats, translation


def test_dates_show_in_uk_formats():
    day = datetime.date(2027, 2, 4)
    with translation.override("en-gb"):
        assert formats.date_format(day) == "4 February 2027"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "04/02/2027"


def test_uk_dates_are_read_day_first():
    with translation.override("en-gb"):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
