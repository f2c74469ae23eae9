"""A script as a blind marker receives it: the document without the names its software wrote
into it (author and last editor, the authors of comments and tracked changes). The stored
file, its receipt and its SHA-256 stay as the student submitted them."""

import io
import re
import zipfile

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

ANONYMOUS = "Author"
# Word: document properties are replaced whole; in the body, comments and tracked changes
# carry w:author and w:initials, and people.xml lists everyone who changed the text.
DOCX_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
DOCX_PEOPLE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"/>'
)
DOCX_AUTHOR_ATTRIBUTES = re.compile(rb"""\b(w:author|w:initials|w15:author)=("[^"]*"|'[^']*')""")
# OpenDocument: meta.xml is replaced whole; annotations and tracked changes name their author
# in dc:creator.
ODT_META = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'office:version="1.3"><office:meta/></office:document-meta>'
)
ODT_CREATOR = re.compile(rb"<dc:creator>[^<]*</dc:creator>")


def blind_copy(data, kind):
    """The bytes of a PDF, DOCX or ODT script without the names of who wrote or edited it."""
    if kind == "pdf":
        return _pdf_blind(data)
    return _zip_blind(data, _docx_entry if kind == "docx" else _odt_entry)


def _pdf_blind(data):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.metadata = None
    if "/Metadata" in writer.root_object:  # XMP
        del writer.root_object["/Metadata"]
    for page in writer.pages:
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            if "/T" in annotation:
                annotation[NameObject("/T")] = TextStringObject(ANONYMOUS)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _zip_blind(data, blind_entry):
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            content = blind_entry(entry.filename, source.read(entry))
            # The mimetype entry of an ODT stays first and uncompressed.
            compression = zipfile.ZIP_STORED if entry.filename == "mimetype" else None
            target.writestr(entry.filename, content, compress_type=compression)
    return output.getvalue()


def _docx_entry(name, content):
    if name == "docProps/core.xml":
        return DOCX_CORE
    if name == "word/people.xml":
        return DOCX_PEOPLE
    if name.startswith("word/") and name.endswith(".xml"):
        return DOCX_AUTHOR_ATTRIBUTES.sub(b'\\1="' + ANONYMOUS.encode() + b'"', content)
    return content


def _odt_entry(name, content):
    if name == "meta.xml":
        return ODT_META
    if name in ("content.xml", "styles.xml"):
        return ODT_CREATOR.sub(b"<dc:creator>" + ANONYMOUS.encode() + b"</dc:creator>", content)
    return content
