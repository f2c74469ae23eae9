"""What an uploaded assignment really is, read from its bytes: never from its name or the
browser's content type. Accepts PDF, DOCX and ODT; reads their text for the word count and the
confidentiality check."""

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from imh_courses.exceptions import DomainError

EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "odt": ".odt"}
MAX_FILENAME_LENGTH = 150
MAX_ZIP_ENTRIES = 2000
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
# Letters and digits, joined by apostrophes (straight or curly) or hyphens: "don't", "co-produce".
WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")

NOT_A_DOCUMENT = (
    "This file is not a PDF, Word (DOCX) or OpenDocument (ODT) document. Save or export your "
    "assignment in one of those formats and upload it again."
)
UNREADABLE = "We could not read this document. Save it again as PDF or DOCX and upload it again."
ENCRYPTED = "This document is password-protected. Remove the password and upload it again."


class UnacceptableFile(DomainError):
    pass


@dataclass(frozen=True)
class Document:
    kind: str  # "pdf", "docx" or "odt"
    filename: str
    text: str

    @property
    def word_count(self):
        return len(WORD.findall(self.text))


def document_inspect(*, data, filename, max_bytes, max_unpacked_bytes):
    """Check an upload and read its text. Raises UnacceptableFile with a message for the student."""
    if not data:
        raise UnacceptableFile("The file is empty.")
    if len(data) > max_bytes:
        raise UnacceptableFile(
            f"The file is larger than {max_bytes // (1024 * 1024)} MB. Make it smaller (for "
            "example, compress its pictures) and upload it again."
        )
    if data.startswith(b"%PDF-"):
        kind, text = "pdf", _pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        kind, text = _zip_document_text(data, max_unpacked_bytes)
    else:
        raise UnacceptableFile(NOT_A_DOCUMENT)
    return Document(kind=kind, filename=filename_clean(filename, kind), text=text)


def filename_clean(filename, kind):
    """The name to keep and to download under: refused when it tries to be a path or is too
    long; its extension always says what the content is."""
    name = unicodedata.normalize("NFC", filename or "").strip()
    if not name or any(c in name for c in "/\\") or name.startswith("."):
        raise UnacceptableFile("The file name cannot be used. Rename the file and upload it again.")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise UnacceptableFile(
            "The file name contains hidden characters. Rename the file and upload it again."
        )
    if len(name) > MAX_FILENAME_LENGTH:
        raise UnacceptableFile(
            f"The file name is longer than {MAX_FILENAME_LENGTH} characters. Give the file a "
            "shorter name and upload it again."
        )
    stem, dot, suffix = name.rpartition(".")
    if dot and f".{suffix.lower()}" in EXTENSIONS.values():
        name = stem
    return name + EXTENSIONS[kind]


def _pdf_text(data):
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnacceptableFile(ENCRYPTED)
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except UnacceptableFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise UnacceptableFile(UNREADABLE) from None


def _zip_document_text(data, max_unpacked_bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnacceptableFile(UNREADABLE) from None
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > max_unpacked_bytes:
        raise UnacceptableFile(
            "This file unpacks to far more than a document should. Save it again and upload it."
        )
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise UnacceptableFile(ENCRYPTED)
    names = {entry.filename for entry in entries}
    try:
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            xml = _read_limited(archive, "word/document.xml", max_unpacked_bytes)
            return "docx", _paragraph_text(xml, [WORD_NS + "p"], WORD_NS + "t")
        if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
            manifest = _read_limited(archive, "META-INF/manifest.xml", max_unpacked_bytes)
            if b"encryption-data" in manifest:
                raise UnacceptableFile(ENCRYPTED)
            xml = _read_limited(archive, "content.xml", max_unpacked_bytes)
            return "odt", _paragraph_text(xml, [ODF_TEXT_NS + "p", ODF_TEXT_NS + "h"], None)
    except UnacceptableFile:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ElementTree.ParseError):
        raise UnacceptableFile(UNREADABLE) from None
    raise UnacceptableFile(NOT_A_DOCUMENT)


def _read_limited(archive, name, limit):
    """Read one entry, refusing it if it unpacks to more than `limit` whatever its header says."""
    with archive.open(name) as entry:
        content = entry.read(limit + 1)
    if len(content) > limit:
        raise UnacceptableFile(
            "This file unpacks to far more than a document should. Save it again and upload it."
        )
    return content


def _paragraph_text(xml, paragraph_tags, text_tag):
    """The text of each paragraph, one per line. `text_tag` limits it to those elements' text."""
    root = ElementTree.fromstring(xml, forbid_dtd=True)
    lines = []
    for element in root.iter():
        if element.tag not in paragraph_tags:
            continue
        if text_tag is None:
            lines.append("".join(element.itertext()))
        else:
            lines.append("".join(t.text or "" for t in element.iter(text_tag)))
    return "\n".join(lines)
