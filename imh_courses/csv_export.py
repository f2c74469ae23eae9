"""CSV downloads that spreadsheets open correctly and cannot be turned into formulas."""

import csv
from decimal import Decimal

from django.http import StreamingHttpResponse

from imh_courses.downloads import private_download

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe_cell(value):
    """Text a spreadsheet shows as typed: a leading quote stops `=HYPERLINK(...)` and the like.
    Numbers stay numbers (-0.4 is a value, not a formula)."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_streaming_response(*, filename, header, rows):
    """Stream `rows` (an iterable of sequences) as UTF-8 CSV with a byte-order mark."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private_download(response)
