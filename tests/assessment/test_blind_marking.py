"""Blind marking holds wherever a name could slip through: the downloaded file's name and the
names its software wrote into it, the script's history, and the admin's lookups."""

import io
import time
import zipfile

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader, PdfWriter

from accounts.choices import Role
from assessment import display
from assessment.blind_copy import blind_copy
from audit.services import audit_record
from tests.documents import make_docx, make_odt, make_pdf
from tests.factories import CohortFactory, EnrolmentFactory, SubmissionFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/assessment/submission/"
NAME = "Zelda Quist"


def _pdf_by_zelda():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf("My formulation."))))
    writer.add_metadata({"/Author": NAME, "/Creator": f"Word ({NAME})"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _docx_by_zelda():
    source = zipfile.ZipFile(io.BytesIO(make_docx("My formulation.")))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "word/document.xml":
                content = content.replace(
                    b"<w:r>", f'<w:ins w:id="1" w:author="{NAME}" w:initials="ZQ"><w:r>'.encode(), 1
                ).replace(b"</w:r>", b"</w:r></w:ins>", 1)
            target.writestr(entry, content)
        target.writestr(
            "docProps/core.xml",
            f'<cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:creator>{NAME}</dc:creator>'
            f"<cp:lastModifiedBy>{NAME}</cp:lastModifiedBy></cp:coreProperties>",
        )
        target.writestr("word/people.xml", f'<w15:people><w15:person w15:author="{NAME}"/>')
    return output.getvalue()


def _odt_by_zelda():
    source = zipfile.ZipFile(io.BytesIO(make_odt("My formulation.")))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "content.xml":
                content = content.replace(
                    b"</text:p>",
                    f"<office:annotation><dc:creator>{NAME}</dc:creator></office:annotation>"
                    "</text:p>".encode(),
                    1,
                )
            target.writestr(entry, content)
        target.writestr(
            "meta.xml",
            f"<office:meta><meta:initial-creator>{NAME}</meta:initial-creator></office:meta>",
        )
    return output.getvalue()


DOCUMENTS = {"pdf": _pdf_by_zelda, "docx": _docx_by_zelda, "odt": _odt_by_zelda}


def _all_text(data):
    """Every byte a reader could look at: a zip's entries unpacked, or the PDF itself."""
    if data.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(data))
        return b"".join(archive.read(name) for name in archive.namelist())
    return data


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_a_blind_copy_keeps_the_text_and_drops_the_authors_names(kind):
    original = DOCUMENTS[kind]()
    assert NAME.encode() in _all_text(original)
    copy = blind_copy(original, kind)
    assert NAME.encode() not in _all_text(copy)
    assert b"My formulation." in _all_text(copy) or kind == "pdf"
    if kind == "pdf":
        assert PdfReader(io.BytesIO(copy)).pages[0].extract_text().strip() == "My formulation."


@pytest.fixture
def blind_script(tutor):
    cohort = CohortFactory(blind_marking=True)
    cohort.tutors.add(tutor)
    student = UserFactory(given_name="Zelda", family_name="Quist", roles=[Role.STUDENT])
    enrolment = EnrolmentFactory(student=student, cohort=cohort, state="enrolled")
    script = SubmissionFactory(
        enrolment=enrolment,
        kind="docx",
        filename="Zelda_Quist_essay.docx",
        file=ContentFile(_docx_by_zelda(), name="script.docx"),
    )
    audit_record(
        actor=student,
        action="submission.upload",
        target=script,
        changes={"filename": [None, script.filename]},
    )
    return script


def _download(client, script):
    response = client.get(f"/assessment/submissions/{script.pk}/script/")
    return response["Content-Disposition"], b"".join(response.streaming_content)


def test_a_blind_tutor_downloads_the_script_by_reference_without_the_authors_names(
    client, tutor, blind_script
):
    client.force_login(tutor)
    disposition, data = _download(client, blind_script)
    assert disposition == f'attachment; filename="{blind_script.reference}.docx"'
    assert b"Zelda" not in _all_text(data) and b"Quist" not in _all_text(data)
    assert b"My formulation." in _all_text(data)


def test_once_released_the_tutor_gets_the_file_as_submitted(client, tutor, blind_script):
    blind_script.state, blind_script.outcome, blind_script.feedback = "released", "pass", "Good."
    blind_script.save()
    client.force_login(tutor)
    disposition, data = _download(client, blind_script)
    assert "Quist" in disposition
    with blind_script.file.open("rb") as stored:
        assert data == stored.read()


def test_the_student_downloads_their_own_file_as_they_sent_it(client, blind_script):
    client.force_login(blind_script.enrolment.student)
    disposition, data = _download(client, blind_script)
    assert disposition == 'attachment; filename="Zelda_Quist_essay.docx"'
    with blind_script.file.open("rb") as stored:
        assert data == stored.read()


def test_the_blind_history_leaves_out_the_uploaded_files_name(
    client, tutor, course_administrator, blind_script
):
    page = f"{QUEUE}{blind_script.pk}/change/"
    client.force_login(tutor)
    assert "Zelda" not in client.get(page).content.decode()
    client.force_login(course_administrator)
    assert "Zelda_Quist_essay.docx" in client.get(page).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"filename__icontains": "Zelda"},
        {"filename": "Zelda_Quist_essay.docx"},
        {"enrolment__student__family_name": "Quist"},
        {"enrolment__student__email__icontains": "zelda"},
    ],
)
def test_a_blind_tutor_cannot_find_a_script_by_what_names_the_student(
    client, tutor, blind_script, query
):
    client.force_login(tutor)
    assert client.get(QUEUE, query).status_code == 400


def test_nobody_filters_scripts_by_file_name(client, course_administrator, blind_script):
    client.force_login(course_administrator)
    assert client.get(QUEUE, {"filename__icontains": "Zelda"}).status_code == 400
    assert client.get(QUEUE, {"q": blind_script.reference}).status_code == 200


def test_a_blind_copy_that_takes_too_long_is_a_503_not_a_hung_worker(
    client, tutor, blind_script, settings, monkeypatch
):
    settings.DOCUMENT_READ_SECONDS = 0.2
    monkeypatch.setattr(display, "blind_copy", lambda *args: time.sleep(60))  # forked with it
    client.force_login(tutor)
    response = client.get(f"/assessment/submissions/{blind_script.pk}/script/")
    assert response.status_code == 503
    assert "could not be prepared" in response.content.decode()
