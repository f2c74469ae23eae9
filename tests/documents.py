"""Small real documents for upload tests: PDF, DOCX and ODT holding given text."""

import io
import zipfile
from xml.sax.saxutils import escape

from pypdf import PdfReader

from seeding.demo_files import pdf_with_text


def make_pdf(text="An assignment about relationships and risk."):
    return pdf_with_text(text)


def make_docx(text="An assignment about relationships and risk."):
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.splitlines()
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def make_odt(text="An assignment about relationships and risk."):
    return odt_with("".join(f"<text:p>{escape(line)}</text:p>" for line in text.splitlines()))


def make_zip_bomb(unpacked_bytes):
    """A DOCX-shaped zip whose document unpacks to `unpacked_bytes` of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * unpacked_bytes)
    return out.getvalue()


def make_encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_text(data):
    """The PDF's reader and the text of all its pages."""
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _pdf_written(writer):
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_pdf_with_action(action):
    """A PDF that runs `action` (a dictionary of PDF names) when opened."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject(k): (NameObject(v) if v.startswith("/") else TextStringObject(v))
            for k, v in action.items()
        }
    )
    return _pdf_written(writer)


def make_pdf_with_document_javascript():
    """A PDF whose name tree holds a document-level script (run as it opens)."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    script = DictionaryObject({NameObject("/JS"): TextStringObject("app.alert('hello');")})
    scripts = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("hello"), script])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): scripts}
    )
    return _pdf_written(writer)


def make_pdf_with_a_web_link():
    from pypdf import PdfWriter
    from pypdf.annotations import Link

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.add_annotation(0, Link(rect=(10, 10, 100, 30), url="https://www.nice.org.uk/"))
    return _pdf_written(writer)


def docx_with(extra_entries, content_types=None):
    """make_docx's document with more entries (name: text), and its content types replaced."""
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "[Content_Types].xml" and content_types:
                content = content_types.encode()
            archive.writestr(entry.filename, content)
        for name, text in extra_entries.items():
            archive.writestr(name, text)
    return out.getvalue()


def relationships(*items):
    """A .rels part: (type, target, external) for each relationship."""
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rows = "".join(
        f'<Relationship Id="r{n}" Type="{base}{kind}" Target="{target}"'
        + (' TargetMode="External"/>' if external else "/>")
        for n, (kind, target, external) in enumerate(items)
    )
    return (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships">{rows}</Relationships>'
    )


def odt_with(content_body, extra_entries=None):
    """An ODT whose text body is `content_body` (ODF markup), with more entries if given."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
        ' xmlns:xlink="http://www.w3.org/1999/xlink">'
        f"<office:body><office:text>{content_body}</office:text></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        for name, text in (extra_entries or {}).items():
            archive.writestr(name, text)
    return out.getvalue()


def docx_of_document_xml(document_xml):
    """A DOCX whose word/document.xml is exactly `document_xml` (bytes), deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document_xml)
    return out.getvalue()


def make_pdf_with_indirect_action_name():
    """A PDF whose open action keeps its /S name as an indirect object: /S 5 0 R."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    launch = writer._add_object(NameObject("/Launch"))
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): launch, NameObject("/F"): TextStringObject("calc.exe")}
    )
    return _pdf_written(writer)


def docx_with_field(instruction):
    """A DOCX whose body holds a field with this instruction (in w:instrText)."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Essay</w:t></w:r>"
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        "</w:p></w:body></w:document>"
    )
    return docx_of_document_xml(body)


def docx_with_unsupported_compression():
    """A DOCX whose entries claim a compression method zipfile cannot read."""
    data = bytearray(make_docx())
    # Each local and central header names the method at a fixed place: make it 99 (AE-x).
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            data[start + offset : start + offset + 2] = (99).to_bytes(2, "little")
            start += 4
    return bytes(data)
