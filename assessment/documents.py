"""What an uploaded assignment really is, read from its bytes: never from its name or the
browser's content type. Accepts PDF, DOCX and ODT; reads their text for the word count and the
confidentiality check, and refuses active content (scripts, macros, actions that start
programs) and references to anything outside the file.

The reading runs in a child process with a time, memory and CPU ceiling
(DOCUMENT_READ_SECONDS, DOCUMENT_READ_MEMORY_BYTES) and streams the XML (no whole tree in
memory, a cap on elements and on text), so no upload holds a web worker for more than a few
seconds nor takes its memory."""

import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree
from django.conf import settings
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from imh_courses.child_process import ChildStopped, run_in_child
from imh_courses.exceptions import DomainError

logger = logging.getLogger(__name__)

EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "odt": ".odt"}
MAX_FILENAME_LENGTH = 150
MAX_ZIP_ENTRIES = 2000
# An assignment is a few thousand words: far more than these is not an assignment.
MAX_TEXT_CHARACTERS = 1_000_000
MAX_XML_ELEMENTS = 500_000  # a long, richly formatted essay has under 100,000
MAX_PDF_OBJECTS = 200_000
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODF_DRAW_NS = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
ODF_SCRIPT_NS = "{urn:oasis:names:tc:opendocument:xmlns:script:1.0}"
ODF_OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# Letters and digits, joined by apostrophes (straight or curly) or hyphens: "don't", "co-produce".
WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")

# PDF actions that run code, start programs, send or fetch data, or open other files; and the
# places a PDF keeps scripts, attachments and forms that run.
ACTIVE_PDF_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/GoToE",
    "/GoToR",
    "/Rendition",
    "/RichMediaExecute",
}
ACTIVE_PDF_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/XFA", "/RichMedia"}
# Links to web pages in the text (references) are fine; everything else outside the file is not.
HYPERLINK_RELATIONSHIP = "hyperlink"
# Word fields that fetch or run something outside the document when it is opened or updated.
OUTSIDE_FIELDS = {"INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT"}
# The only link targets a text may have: web pages, email addresses, places in the document.
SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)
ODF_LINK_ELEMENTS = {ODF_TEXT_NS + "a", ODF_DRAW_NS + "a"}

NOT_A_DOCUMENT = (
    "This file is not a PDF, Word (DOCX) or OpenDocument (ODT) document. Save or export your "
    "assignment in one of those formats and upload it again."
)
UNREADABLE = "We could not read this document. Save it again as PDF or DOCX and upload it again."
ENCRYPTED = "This document is password-protected. Remove the password and upload it again."
TOO_BIG_INSIDE = (
    "This file unpacks to far more than a document should. Save it again and upload it."
)
TOO_HEAVY = (
    "This document took too long to read (or needed too much memory), so it was not kept. Save "
    "it again as a PDF and upload it again."
)
ACTIVE_CONTENT = (
    "This {kind} holds active content ({what}), which we do not accept in assignments. Save it "
    "again without it (for a PDF, print it to a new PDF; for Word, save as a plain .docx "
    "document) and upload it again."
)
EXTERNAL_CONTENT = (
    "This document loads something from outside the file ({what}). Insert pictures and "
    "templates into the document itself (links to web pages in your text are fine), save it "
    "again and upload it again."
)


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
    if not data.startswith((b"%PDF-", b"PK\x03\x04")):
        raise UnacceptableFile(NOT_A_DOCUMENT)
    try:
        kind, text = run_in_child(
            document_read,
            data,
            max_unpacked_bytes,
            seconds=settings.DOCUMENT_READ_SECONDS,
            memory_bytes=settings.DOCUMENT_READ_MEMORY_BYTES,
        )
    except UnacceptableFile:
        raise
    except ChildStopped:
        raise UnacceptableFile(TOO_HEAVY) from None
    except Exception:
        logger.warning("An upload could not be read", exc_info=True)
        raise UnacceptableFile(UNREADABLE) from None
    return Document(kind=kind, filename=filename_clean(filename, kind), text=text)


def document_read(data, max_unpacked_bytes):
    """(kind, text) of a PDF, DOCX or ODT, refusing active and outside content. The heavy part
    of document_inspect, run in a child process."""
    if data.startswith(b"%PDF-"):
        return "pdf", _pdf_text(data)
    return _zip_document_text(data, max_unpacked_bytes)


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
        _pdf_refuse_active_content(reader)
        text, characters = [], 0
        for page in reader.pages:
            text.append(page.extract_text() or "")
            characters = _text_counted(characters, text[-1])
        return "\n".join(text)
    except UnacceptableFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise UnacceptableFile(UNREADABLE) from None


def _pdf_refuse_active_content(reader):
    """Walk every object the document reaches (not the page contents' bytes) for actions that
    run or start something, scripts, attachments and forms that run."""
    seen, todo = set(), [reader.trailer["/Root"]]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            if len(seen) > MAX_PDF_OBJECTS:
                raise UnacceptableFile(TOO_BIG_INSIDE)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            action = item.get("/S")
            if isinstance(action, IndirectObject):  # a name may be kept as its own object
                action = action.get_object()
            if action in ACTIVE_PDF_ACTIONS:
                raise UnacceptableFile(
                    ACTIVE_CONTENT.format(kind="PDF", what=f"a {action[1:]} action")
                )
            found = ACTIVE_PDF_KEYS & set(item.keys())
            if found:
                raise UnacceptableFile(
                    ACTIVE_CONTENT.format(kind="PDF", what=", ".join(k[1:] for k in sorted(found)))
                )
            todo.extend(item.values())
        elif isinstance(item, ArrayObject):
            todo.extend(item)


def _zip_document_text(data, max_unpacked_bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnacceptableFile(UNREADABLE) from None
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > max_unpacked_bytes:
        raise UnacceptableFile(TOO_BIG_INSIDE)
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise UnacceptableFile(ENCRYPTED)
    names = {entry.filename for entry in entries}
    reader = _LimitedReader(archive, max_unpacked_bytes)
    try:
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            _docx_refuse_active_content(reader, names)
            body = reader.open("word/document.xml")
            return "docx", _paragraph_text(
                body, [WORD_NS + "p"], WORD_NS + "t", check=_refuse_outside_field
            )
        if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
            manifest = reader.read("META-INF/manifest.xml")
            if b"encryption-data" in manifest:
                raise UnacceptableFile(ENCRYPTED)
            _odt_refuse_active_content(reader, names)
            paragraphs = [ODF_TEXT_NS + "p", ODF_TEXT_NS + "h"]
            return "odt", _paragraph_text(reader.open("content.xml"), paragraphs, None)
    except UnacceptableFile:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ElementTree.ParseError):
        raise UnacceptableFile(UNREADABLE) from None
    raise UnacceptableFile(NOT_A_DOCUMENT)


def _docx_refuse_active_content(reader, names):
    content_types = reader.read("[Content_Types].xml")
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        b"macroEnabled" in content_types or b"vbaProject" in content_types
    ):
        raise UnacceptableFile(ACTIVE_CONTENT.format(kind="Word document", what="macros"))
    if any(name.startswith("word/activeX/") for name in names):
        raise UnacceptableFile(ACTIVE_CONTENT.format(kind="Word document", what="ActiveX controls"))
    if any(name.startswith("word/embeddings/") and name.endswith(".bin") for name in names):
        raise UnacceptableFile(
            ACTIVE_CONTENT.format(kind="Word document", what="embedded program objects (OLE)")
        )
    for name in sorted(n for n in names if n.endswith(".rels")):
        for _, element in _elements(reader.open(name)):
            outside = element.get("TargetMode") == "External"
            if element.tag == RELATIONSHIP and outside:
                kind = element.get("Type", "").rsplit("/", 1)[-1]
                if kind != HYPERLINK_RELATIONSHIP:
                    raise UnacceptableFile(EXTERNAL_CONTENT.format(what=_relationship_words(kind)))
            element.clear()
    # The body's fields are checked as its text is read; here the other parts' (headers...).
    for name in sorted(n for n in names if n.startswith("word/") and n.endswith(".xml")):
        if name != "word/document.xml":
            for _, element in _elements(reader.open(name)):
                _refuse_outside_field(element)


def _refuse_outside_field(element):
    """A Word field (in w:instrText, or w:fldSimple's w:instr) that fetches from outside."""
    if element.tag == WORD_NS + "instrText":
        instruction = element.text or ""
    else:
        instruction = element.get(WORD_NS + "instr", "")
    words = instruction.split(maxsplit=1)
    if words and words[0].upper() in OUTSIDE_FIELDS:
        raise UnacceptableFile(EXTERNAL_CONTENT.format(what=f"the field {words[0].upper()}"))


def _relationship_words(kind):
    return {
        "attachedTemplate": "an attached template",
        "image": "a picture",
        "oleObject": "an embedded object",
        "frame": "a frame",
        "subDocument": "a sub-document",
    }.get(kind, f"a {kind}")


def _odt_refuse_active_content(reader, names):
    if any(name.startswith(("Basic/", "Scripts/")) for name in names):
        raise UnacceptableFile(ACTIVE_CONTENT.format(kind="document", what="macros"))
    for part in ("content.xml", "styles.xml"):
        if part not in names:
            continue
        for _, element in _elements(reader.open(part)):
            if element.tag in (ODF_SCRIPT_NS + "event-listener", ODF_OFFICE_NS + "script"):
                raise UnacceptableFile(ACTIVE_CONTENT.format(kind="document", what="scripts"))
            href = element.get(XLINK_HREF, "")
            if element.tag in ODF_LINK_ELEMENTS:
                if href and not SAFE_LINK.match(href):
                    raise UnacceptableFile(
                        ACTIVE_CONTENT.format(kind="document", what=f"a link to {href[:60]}")
                    )
            elif _outside_the_file(href):
                raise UnacceptableFile(EXTERNAL_CONTENT.format(what=href[:80]))


def _outside_the_file(href):
    return "://" in href or href.startswith(("/", "../")) or href.lower().startswith("file:")


class _LimitedReader:
    """Entries of a zip, read as streams, refused once they unpack to more than `limit` bytes
    in all, whatever their headers say."""

    def __init__(self, archive, limit):
        self.archive, self.left = archive, limit

    def open(self, name):
        return _CountingStream(self, self.archive.open(name))

    def read(self, name):
        with self.open(name) as stream:
            return stream.read()


class _CountingStream(io.RawIOBase):
    def __init__(self, reader, raw):
        self.reader, self.raw = reader, raw

    def readable(self):
        return True

    def readinto(self, buffer):
        count = self.raw.readinto(buffer)
        self.reader.left -= count
        if self.reader.left < 0:
            raise UnacceptableFile(TOO_BIG_INSIDE)
        return count

    def close(self):
        self.raw.close()
        super().close()


def _elements(stream):
    """(event, element) for each element's end, streamed: at most MAX_XML_ELEMENTS, no DTD."""
    with stream:
        for count, (event, element) in enumerate(
            ElementTree.iterparse(io.BufferedReader(stream), events=("end",), forbid_dtd=True)
        ):
            if count > MAX_XML_ELEMENTS:
                raise UnacceptableFile(TOO_BIG_INSIDE)
            yield event, element


def _paragraph_text(stream, paragraph_tags, text_tag, check=None):
    """The text of each paragraph, one per line, streamed: each paragraph is let go once read.
    `text_tag` limits it to those elements' text; `check(element)` sees every element."""
    lines, characters = [], 0
    for _, element in _elements(stream):
        if check is not None:
            check(element)
        if element.tag not in paragraph_tags:
            continue
        if text_tag is None:
            lines.append("".join(element.itertext()))
        else:
            lines.append("".join(t.text or "" for t in element.iter(text_tag)))
        element.clear()
        characters = _text_counted(characters, lines[-1])
    return "\n".join(lines)


def _text_counted(characters, more):
    """The running count of text characters, refused past MAX_TEXT_CHARACTERS."""
    characters += len(more)
    if characters > MAX_TEXT_CHARACTERS:
        raise UnacceptableFile(
            "This document holds far more text than an assignment. Check it is the right file."
        )
    return characters
