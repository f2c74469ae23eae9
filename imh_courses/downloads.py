"""Private files (scripts, feedback, certificates, PDFs made on request, report exports) sent
as downloads: never sniffed, never stored by a browser's or a shared cache. Every download the
portal makes goes through `private_download`."""

import io
import tempfile
import zipfile

from django.http import FileResponse, HttpResponse

# Small zips stay in memory; larger ones spill to a temporary file, closed once sent.
ZIP_IN_MEMORY_BYTES = 20 * 1024 * 1024


def private_file_response(file, *, filename, content_type):
    """One stored file (a FieldFile), or bytes made from one, as a download."""
    content = io.BytesIO(file) if isinstance(file, bytes) else file.open("rb")
    return private_download(
        FileResponse(content, as_attachment=True, filename=filename, content_type=content_type)
    )


def pdf_response(data, *, filename, inline=False):
    """A PDF made on the spot (bytes) as a download, or shown in the browser with `inline`."""
    response = private_download(HttpResponse(data, content_type="application/pdf"))
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def zip_response(entries, *, filename):
    """One zip download; `entries` are (name in the zip, FieldFile or bytes) pairs."""
    archive_file = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY_BYTES)  # noqa: SIM115
    with zipfile.ZipFile(archive_file, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            if isinstance(content, bytes):
                archive.writestr(name, content)
            else:
                with content.open("rb") as stored:
                    archive.writestr(name, stored.read())
    archive_file.seek(0)
    return private_download(
        FileResponse(
            archive_file, as_attachment=True, filename=filename, content_type="application/zip"
        )
    )


def private_download(response):
    """Mark `response` as personal: not sniffed, kept by no cache (`private, no-store`)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
