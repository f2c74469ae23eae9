"""XLSX downloads: openpyxl's write-only mode (rows go to a temporary file, not memory), the
header row bold and frozen, columns wide enough for their headings."""

import tempfile

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from imh_courses.csv_export import csv_safe_cell
from imh_courses.downloads import private_download

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(*, filename, title, header, rows):
    """`rows` (an iterable of sequences) as one worksheet. Text that a spreadsheet would read
    as a formula is neutralised as in CSV downloads."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])  # Excel's limit on sheet names
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(heading) + 4)
    bold = Font(bold=True)
    cells = []
    for heading in header:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append([csv_safe_cell(value) if isinstance(value, str) else value for value in row])
    # FileResponse closes the file once sent, which deletes it.
    output = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return private_download(
        FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    )
