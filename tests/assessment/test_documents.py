import pytest

from assessment.confidentiality import confidentiality_flags, nhs_number_is_valid
from assessment.documents import UnacceptableFile, document_inspect
from tests.documents import (
    make_docx,
    make_encrypted_pdf,
    make_odt,
    make_pdf,
    make_zip_bomb,
)

LIMITS = {"max_bytes": 1024 * 1024, "max_unpacked_bytes": 2 * 1024 * 1024}
TEXT = "Working with Ms A\nthe relationship is the intervention"


def _inspect(data, filename="essay.pdf"):
    return document_inspect(data=data, filename=filename, **LIMITS)


@pytest.mark.parametrize(
    ("maker", "kind"), [(make_pdf, "pdf"), (make_docx, "docx"), (make_odt, "odt")]
)
def test_documents_are_recognised_and_their_words_counted(maker, kind):
    document = _inspect(maker(TEXT), filename=f"My essay.{kind}")
    assert (document.kind, document.filename, document.word_count) == (kind, f"My essay.{kind}", 9)
    assert "relationship is the intervention" in document.text


def test_the_type_comes_from_the_content_not_the_name():
    document = _inspect(make_pdf(TEXT), filename="essay.docx")
    assert (document.kind, document.filename) == ("pdf", "essay.pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.4" + b"0" * (1024 * 1024), "larger than 1 MB"),
        (b"MZ\x90\x00\x03\x00\x00\x00 renamed windows program", "not a PDF"),
        (b"<!doctype html><script>alert(1)</script>", "not a PDF"),
        (b"#!/bin/sh\nrm -rf /\n", "not a PDF"),
        (b"PK\x03\x04 not really a zip", "could not read"),
        (b"%PDF-1.4 truncated nonsense", "could not read"),
    ],
    ids=["empty", "oversized", "executable", "html", "script", "broken-zip", "broken-pdf"],
)
def test_bad_files_are_refused_with_a_reason(data, message):
    with pytest.raises(UnacceptableFile, match=message):
        _inspect(data)


def test_password_protected_pdf_is_refused():
    with pytest.raises(UnacceptableFile, match="password-protected"):
        _inspect(make_encrypted_pdf())


def test_zip_bomb_disguised_as_docx_is_refused():
    bomb = make_zip_bomb(5 * 1024 * 1024)
    assert len(bomb) < 50 * 1024  # small on the way in
    with pytest.raises(UnacceptableFile, match="unpacks to far more"):
        _inspect(bomb, filename="essay.docx")


def test_a_zip_that_is_not_a_document_is_refused():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    with pytest.raises(UnacceptableFile, match="not a PDF"):
        _inspect(out.getvalue(), filename="essay.docx")


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("../../etc/passwd.pdf", "cannot be used"),
        ("..\\..\\boot.pdf", "cannot be used"),
        (".hidden.pdf", "cannot be used"),
        ("a" * 151 + ".pdf", "longer than 150"),
        ("essay\u202egpj.pdf", "hidden characters"),
        ("essay\x00.pdf", "hidden characters"),
    ],
)
def test_unsafe_file_names_are_refused(filename, message):
    with pytest.raises(UnacceptableFile, match=message):
        _inspect(make_pdf(), filename=filename)


def test_confidentiality_check_flags_probable_identifiers():
    text = (
        "Ms A (prison number A1234BC, NHS number 943 476 5919) was born on 05/03/1985 and "
        "lives near NG7 2TU. We met on 03/04/2024. NHS 943 476 5918 is not valid. A1234BC again."
    )
    flags = confidentiality_flags(text)
    assert [(f["kind"], f["text"]) for f in flags] == [
        ("prison_number", "A1234BC"),
        ("nhs_number", "943 476 5919"),
        ("date_of_birth", "05/03/1985"),
        ("postcode", "NG7 2TU"),
    ]


def test_a_date_after_date_of_birth_is_flagged_whatever_its_year():
    flags = confidentiality_flags("DOB: 1 June 2015. Seen 1 June 2015 in clinic.")
    assert [f["text"] for f in flags] == ["1 June 2015"]


def test_clean_text_has_no_flags():
    assert (
        confidentiality_flags("Ms A, a woman in her thirties, at a hostel in the Midlands.") == []
    )


@pytest.mark.parametrize(
    ("number", "valid"),
    [("9434765919", True), ("9434765918", False), ("4010232137", True), ("1111111111", False)],
)
def test_nhs_number_check_digit(number, valid):
    assert nhs_number_is_valid(number) is valid
