"""The commissioner reports: region scoping in every report and format, filters, downloads
and their record."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from certificates.models import Certificate
from enrolment.models import EqualityMonitoring
from evaluations.models import SelfRating
from reports.models import ReportDownload
from tests.documents import pdf_text
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganisationFactory,
    SubmissionFactory,
    TaughtDayFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
NAMED_REPORTS = ["funnel", "learners", "certificates"]  # these name organisations or people
REPORTS = [*NAMED_REPORTS, "evaluation", "equality"]
FORMATS = ["csv", "xlsx"]


@pytest.fixture
def data_set(region_a, region_b):
    cohort = CohortFactory(start_date=D(2026, 5, 11), capacity=20)  # 2026-27
    cohort.funding_regions.add(region_a)
    TaughtDayFactory(cohort=cohort, date=D(2026, 5, 11))
    in_a = OrganisationFactory(name="HMP Lincoln", region=region_a, sector="prison")
    in_b = OrganisationFactory(name="Durham Probation", region=region_b, sector="probation")

    def learner(name, organisation, state):
        given, family = name.split()
        student = UserFactory(given_name=given, family_name=family)
        return EnrolmentFactory(student=student, cohort=cohort, state=state, organisation=in_a)

    passed = learner("Ada Lincoln", in_a, "completed")
    SubmissionFactory(
        enrolment=passed, state="released", outcome="pass", feedback="Good.", marker=None
    )
    passed.attendance.create(taught_day=cohort.taught_days.get(), status="present")
    Certificate.objects.create(
        enrolment=passed,
        number="IMH-KUF-2026-00007",
        holder_name="Ada Lincoln",
        module_title=cohort.module.title,
        cohort_start=cohort.start_date,
        cohort_end=cohort.end_date,
        completed_on=D(2026, 7, 1),
    )
    learner("Ben Lincoln", in_a, "withdrawn")
    other = EnrolmentFactory(
        student=UserFactory(given_name="Cara", family_name="Durham"),
        cohort=cohort,
        state="completed",
        organisation=in_b,
    )
    Certificate.objects.create(
        enrolment=other,
        number="IMH-KUF-2026-00008",
        holder_name="Cara Durham",
        module_title=cohort.module.title,
        cohort_start=cohort.start_date,
        cohort_end=cohort.end_date,
        completed_on=D(2026, 7, 1),
    )
    return {"cohort": cohort, "region_b": region_b}


def _rows(response):
    """A CSV or XLSX download's rows, every cell as text."""
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(_text(response))))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def _text(response):
    if response["Content-Type"].startswith("text/csv"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    if response["Content-Type"].startswith("application/vnd.openxml"):
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        sheet = workbook.active
        return "\n".join(
            ",".join("" if cell is None else str(cell) for cell in row)
            for row in sheet.iter_rows(values_only=True)
        )
    return response.content.decode()


@pytest.mark.parametrize("report", NAMED_REPORTS)
@pytest.mark.parametrize("file_format", [None, *FORMATS])
def test_each_commissioner_sees_only_their_regions(
    client, data_set, commissioner, commissioner_b, report, file_format
):
    url = f"/reports/{report}/" + (f"download.{file_format}" if file_format else "")
    by_organisation = {"group_by": "organisation"}  # the funnel then names the organisations
    client.force_login(commissioner)
    mine = _text(client.get(url, by_organisation))
    client.force_login(commissioner_b)
    theirs = _text(client.get(url, by_organisation))
    assert "Lincoln" in mine and "Durham" not in mine
    assert "Durham" in theirs and "Lincoln" not in theirs


def test_the_funnel_counts_by_hand(client, data_set, commissioner):
    client.force_login(commissioner)
    response = client.get("/reports/funnel/", {"group_by": "cohort"})
    [row] = response.context["summary"]["rows"]
    code = data_set["cohort"].code
    # applications, enrolled, attended all, submitted, passed, certificated, withdrawn
    assert row == [code, 2, 1, 1, 1, 1, 1, 1]
    by_sector = client.get("/reports/funnel/", {"group_by": "sector"}).context["summary"]
    assert by_sector["rows"] == [["Prison", 2, 1, 1, 1, 1, 1, 1]]


def test_the_funnel_counts_learners_by_their_region_and_places_by_the_funding_region(
    client, data_set, commissioner, commissioner_b
):
    """The cohort is funded by East Midlands; Cara works in the North East."""
    client.force_login(commissioner)
    page = client.get("/reports/funnel/")
    assert page.context["summary"]["measures"][0] == ("Applications", 2)
    assert page.context["summary"]["commissioned"] == {"cohorts": 1, "places": 20, "taken": 2}
    words = " ".join(page.content.decode().split())
    assert "offers 20 places; 2 are taken, by learners of any region" in words
    assert "every column counts learners who work in the regions chosen" in words

    client.force_login(commissioner_b)
    theirs = client.get("/reports/funnel/").context["summary"]
    assert theirs["measures"][0] == ("Applications", 1)
    assert theirs["commissioned"] == {"cohorts": 0, "places": 0, "taken": 0}


def test_the_funnel_for_every_region_counts_both(client, data_set, quality_lead):
    client.force_login(quality_lead)
    rows = client.get("/reports/funnel/", {"group_by": "region"}).context["summary"]["rows"]
    assert [(row[0], row[1]) for row in rows] == [("East Midlands", 2), ("North East", 1)]


def test_another_regions_filter_is_refused(client, data_set, commissioner):
    client.force_login(commissioner)
    for url in ("/reports/learners/", "/reports/learners/download.csv"):
        response = client.get(url, {"region": data_set["region_b"].pk})
        assert response.status_code == 403
    assert not ReportDownload.objects.exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"financial_year": "banana"}, "Select a valid choice"),
        ({"region": "999999"}, "Select a valid choice"),
        ({"date_from": "2026-09-01", "date_to": "2026-08-01"}, "end date is before"),
        ({"date_from": "31/02/2026"}, "Enter a valid date"),
        ({"financial_year": "2026", "date_from": "2026-09-01"}, "not both"),
        ({"quarter": "2"}, "needs a financial year"),
        ({"cohort": "NOPE-1"}, "No cohort has the code NOPE-1."),
    ],
)
def test_bad_filters_are_a_clear_400(client, data_set, commissioner, query, message):
    client.force_login(commissioner)
    page = client.get("/reports/learners/", query)
    assert page.status_code == 400
    assert message in page.content.decode()
    # No learner's row on the page (not "Ada" alone: the commissioner's own made-up name, in
    # the header, may start so; CI once drew "Adam").
    assert "Lincoln" not in page.content.decode()
    assert client.get("/reports/learners/download.csv", query).status_code == 400
    assert not ReportDownload.objects.exists()


def test_filters_narrow_the_rows(client, data_set, commissioner):
    client.force_login(commissioner)
    # the cohort starts in 2026-27: nothing in 2025-26, so nothing to download
    for report in REPORTS:
        empty = client.get(f"/reports/{report}/download.csv", {"financial_year": "2025"})
        assert empty.status_code == 404
        assert "nothing to download" in empty.content.decode()
    assert not ReportDownload.objects.exists()
    sector = client.get("/reports/learners/download.csv", {"sector": "prison"})
    assert _text(sector).count("\n") == 3  # the header, Ada and Ben
    by_name = client.get(
        "/reports/learners/", {"organisation": "lincoln", "cohort": data_set["cohort"].code}
    )
    assert [row[0] for row in by_name.context["summary"]["preview"]] == [
        "Ada Lincoln",
        "Ben Lincoln",
    ]
    certificates = client.get(
        "/reports/certificates/", {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    )
    assert certificates.context["summary"]["counts"]["issued"] == 1


def test_a_download_is_recorded(client, data_set, commissioner):
    client.force_login(commissioner)
    client.get("/reports/learners/download.xlsx", {"financial_year": "2026", "sector": "prison"})
    record = ReportDownload.objects.get()
    assert (record.user, record.report, record.format, record.rows) == (
        commissioner,
        "learners",
        "xlsx",
        2,
    )
    assert record.filters == {"financial_year": "2026", "sector": "prison", "group_by": "module"}


def test_formula_cells_are_neutralised_in_both_formats(client, data_set, commissioner):
    learner = data_set["cohort"].enrolments.get(student__given_name="Ada")
    learner.job_title = '=HYPERLINK("http://evil.example","click")'
    learner.save()
    client.force_login(commissioner)
    for file_format in FORMATS:
        text = _text(client.get(f"/reports/learners/download.{file_format}"))
        assert "'=HYPERLINK" in text


def test_the_xlsx_has_a_frozen_bold_header_and_widths(client, data_set, commissioner):
    client.force_login(commissioner)
    response = client.get("/reports/learners/download.xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="learners-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Name" and sheet["A1"].font.bold
    assert sheet.column_dimensions["I"].width == len("Certificate number") + 4
    assert sheet.max_row == 3


@pytest.mark.parametrize("role_fixture", ["student", "tutor"])
def test_reports_refused_to_other_roles(client, request, data_set, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    for url in ("/reports/funnel/", "/reports/learners/download.csv"):
        assert client.get(url).status_code == 403
    assert not ReportDownload.objects.exists()


def test_reports_need_a_sign_in_and_a_real_report(client, commissioner):
    assert client.get("/reports/learners/download.csv").status_code == 302
    client.force_login(commissioner)
    assert client.get("/reports/nonsense/").status_code == 404
    assert client.get("/reports/learners/download.pdfx").status_code == 404


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("extra", [0, 3])
def test_report_page_query_count_does_not_grow_with_rows(
    client, data_set, commissioner, django_assert_num_queries, report, extra
):
    organisation = OrganisationFactory(region=data_set["cohort"].funding_regions.get())
    for _ in range(extra):
        EnrolmentFactory(cohort=data_set["cohort"], state="enrolled", organisation=organisation)
    client.force_login(commissioner)
    client.get(f"/reports/{report}/")
    cache.clear()  # measure the page working its figures out, not reading them from the cache
    # session, user, groups, subscription, the regions in scope, the filter form's choices
    # (regions, modules), then the report's own queries
    own_queries = {"funnel": 2, "learners": 2, "certificates": 2, "evaluation": 4, "equality": 1}
    with django_assert_num_queries(7 + own_queries[report]):
        assert client.get(f"/reports/{report}/").status_code == 200


def _learners_in(cohort, organisation, count):
    return [
        EnrolmentFactory(cohort=cohort, state="completed", organisation=organisation)
        for _ in range(count)
    ]


@pytest.mark.parametrize("file_format", [None, *FORMATS])
def test_equality_counts_are_suppressed_and_scoped(
    client, data_set, commissioner, commissioner_b, file_format
):
    cohort = data_set["cohort"]
    in_a = OrganisationFactory(region=cohort.funding_regions.get())
    in_b = OrganisationFactory(region=data_set["region_b"])
    for enrolment in _learners_in(cohort, in_a, 6):
        EqualityMonitoring.objects.create(enrolment=enrolment, ethnicity="white")
    EqualityMonitoring.objects.create(
        enrolment=_learners_in(cohort, in_a, 1)[0], ethnicity="asian", sex="female"
    )
    for enrolment in _learners_in(cohort, in_b, 3):
        EqualityMonitoring.objects.create(enrolment=enrolment, ethnicity="black")
    url = "/reports/equality/" + (f"download.{file_format}" if file_format else "")

    def ethnicity(user):
        client.force_login(user)
        response = client.get(url)
        if file_format is None:
            [table] = [
                t for t in response.context["summary"]["tables"] if t["question"] == "Ethnicity"
            ]
            return dict(table["rows"]), table["total"]
        rows = _rows(response)[1:]
        return {answer: shown for question, answer, shown in rows if question == "Ethnicity"}, None

    rows_a, total_a = ethnicity(commissioner)
    # 6 White, 1 Asian, 2 not answered (Ada and Ben): the two small counts hidden
    assert rows_a["Asian or Asian British"] == _shown("<5", file_format)
    assert rows_a["Not answered"] == _shown("<5", file_format)
    assert rows_a["White"] == _shown(6, file_format)
    assert rows_a["Black, Black British, Caribbean or African"] == _shown(0, file_format)
    assert total_a in (6, None)
    rows_b, _ = ethnicity(commissioner_b)
    # 3 Black and 1 not answered (Cara): both small; none of region A's answers
    assert rows_b["Black, Black British, Caribbean or African"] == _shown("<5", file_format)
    assert rows_b["White"] == _shown(0, file_format)


def _shown(value, file_format):
    return value if file_format is None else str(value)


def test_equality_hides_a_second_count_when_one_alone_is_small(client, data_set, quality_lead):
    cohort = data_set["cohort"]
    organisation = OrganisationFactory(region=data_set["region_b"])
    for enrolment in _learners_in(cohort, organisation, 7):
        EqualityMonitoring.objects.create(enrolment=enrolment, disability="no")
    for enrolment in _learners_in(cohort, organisation, 2):
        EqualityMonitoring.objects.create(enrolment=enrolment, disability="yes")
    client.force_login(quality_lead)
    response = client.get("/reports/equality/", {"region": data_set["region_b"].pk})
    [table] = [t for t in response.context["summary"]["tables"] if t["question"] == "Disability"]
    # Yes 2 is hidden; Not answered (Cara, 1) too; so no secondary hiding is needed
    assert dict(table["rows"]) == {
        "Yes": "<5",
        "No": 7,
        "Prefer not to say": 0,
        "Not answered": "<5",
    }
    assert table["total"] == 7


def test_evaluation_means_by_module_and_sector(client, data_set, commissioner, commissioner_b):
    cohort = data_set["cohort"]
    items = ["understanding", "confidence", "self_awareness", "joint_working"]
    in_a = OrganisationFactory(region=cohort.funding_regions.get(), sector="prison")
    for enrolment in _learners_in(cohort, in_a, 5):
        SelfRating.objects.create(enrolment=enrolment, stage="before", **dict.fromkeys(items, 4))
        SelfRating.objects.create(enrolment=enrolment, stage="after", **dict.fromkeys(items, 8))
    other = _learners_in(cohort, OrganisationFactory(region=data_set["region_b"]), 1)[0]
    SelfRating.objects.create(enrolment=other, stage="before", **dict.fromkeys(items, 9))
    client.force_login(commissioner)
    rows = client.get("/reports/evaluation/").context["summary"]["rows"]
    assert rows == [
        ["Module", cohort.module.title, 5, 4.0, 8.0, 4.0, 0, ""],
        ["Sector", "Prison", 5, 4.0, 8.0, 4.0, 0, ""],
    ]
    client.force_login(commissioner_b)
    rows = client.get("/reports/evaluation/").context["summary"]["rows"]
    assert rows[0][2:5] == ["<5", "<5", ""]  # one person: no mean shown


@pytest.mark.parametrize("report", REPORTS)
def test_the_pdf_summary_is_scoped_and_recorded(client, data_set, commissioner, report):
    ada = data_set["cohort"].enrolments.get(student__given_name="Ada")
    SelfRating.objects.create(
        enrolment=ada,
        stage="before",
        understanding=3,
        confidence=3,
        self_awareness=3,
        joint_working=3,
    )  # so that the evaluation report is not empty
    client.force_login(commissioner)
    response = client.get(f"/reports/{report}/download.pdf", {"financial_year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    _, text = pdf_text(response.content)
    words = " ".join(text.split())
    assert "Regions: East Midlands." in words
    assert "Financial year: 2026-27." in words
    assert "North East" not in words and "Durham" not in words and "Cara" not in words
    record = ReportDownload.objects.get()
    assert (record.report, record.format) == (report, "pdf")


def test_the_funnel_pdf_holds_the_totals_and_chart(client, data_set, commissioner):
    client.force_login(commissioner)
    _, text = pdf_text(client.get("/reports/funnel/download.pdf").content)
    words = " ".join(text.split())
    assert "the 1 cohort the regions chosen fund offers 20 places; 2 are taken" in words
    assert "Applications 2 Enrolled 1" in words
    assert "Withdrawn 1" in words


def test_downloads_are_listed_for_administrators_and_the_quality_lead_only(
    client, data_set, commissioner, course_administrator, quality_lead, tutor
):
    client.force_login(commissioner)
    client.get("/reports/learners/download.csv")
    for user in (course_administrator, quality_lead):
        client.force_login(user)
        page = client.get("/admin/reports/reportdownload/")
        assert page.status_code == 200
        assert commissioner.email in page.content.decode()
        record = ReportDownload.objects.get()
        assert client.get(f"/admin/reports/reportdownload/{record.pk}/delete/").status_code == 403
    client.force_login(tutor)
    assert client.get("/admin/reports/reportdownload/").status_code == 403


@pytest.mark.parametrize("file_format", [None, *FORMATS])
def test_evaluation_is_scoped_in_every_format(
    client, data_set, commissioner, commissioner_b, file_format
):
    cohort = data_set["cohort"]
    items = dict.fromkeys(["understanding", "confidence", "self_awareness", "joint_working"], 5)
    prison = OrganisationFactory(region=cohort.funding_regions.get(), sector="prison")
    probation = OrganisationFactory(region=data_set["region_b"], sector="probation")
    for organisation in (prison, probation):
        for enrolment in _learners_in(cohort, organisation, 5):
            SelfRating.objects.create(enrolment=enrolment, stage="before", **items)
    url = "/reports/evaluation/" + (f"download.{file_format}" if file_format else "")

    def rows_text(user):
        client.force_login(user)
        response = client.get(url)
        if file_format:
            return _text(response)
        return " ".join(str(cell) for row in response.context["summary"]["rows"] for cell in row)

    mine, theirs = rows_text(commissioner), rows_text(commissioner_b)
    assert "Prison" in mine and "Probation Service" not in mine
    assert "Probation Service" in theirs and "Prison" not in theirs


def test_report_figures_are_kept_per_region_scope(client, data_set, commissioner, commissioner_b):
    client.force_login(commissioner)
    assert client.get("/reports/learners/").context["summary"]["by_state"] == [
        ("Completed", 1),
        ("Withdrawn", 1),
    ]
    EnrolmentFactory(
        cohort=data_set["cohort"],
        state="enrolled",
        organisation=OrganisationFactory(region=data_set["cohort"].funding_regions.get()),
    )
    assert len(client.get("/reports/learners/").context["summary"]["by_state"]) == 2  # kept
    assert _text(client.get("/reports/learners/download.csv")).count("\n") == 4  # fresh
    client.force_login(commissioner_b)  # another region: never the first one's figures
    assert client.get("/reports/learners/").context["summary"]["by_state"] == [("Completed", 1)]


@pytest.mark.parametrize("report", [*NAMED_REPORTS, "equality"])  # the evaluation is a page
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "pdf"])
def test_every_report_download_is_kept_by_no_cache(
    client, data_set, commissioner, report, file_format
):
    client.force_login(commissioner)
    response = client.get(f"/reports/{report}/download.{file_format}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
