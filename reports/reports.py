"""The reports. Each one starts from the enrolments the filter form allows (the viewer's
regions, then the filters chosen) and offers a summary for its page and rows for downloads."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from accounts.choices import Sector
from assessment.choices import SubmissionState
from assessment.models import Submission
from certificates.choices import CertificateStatus
from certificates.models import Certificate
from enrolment.choices import (
    PLACE_HOLDING_STATES,
    AgeBand,
    Disability,
    EnrolmentState,
    Ethnicity,
    Sex,
)
from enrolment.models import Enrolment
from enrolment.selectors import enrolment_filter_attended_every_taught_day
from evaluations.selectors import evaluation_means_by
from imh_courses.charts import bar_chart
from modules.models import Cohort
from reports.choices import FunnelGrouping
from reports.suppression import PRIMARY, SMALLEST_SHOWN, shown_count, suppressed

# For each grouping: the enrolment field it groups by. Every column counts learners by the
# region of their application, as every report does; places belong to the funding regions of
# cohorts, so they are counted apart (commissioned_places).
FUNNEL_GROUPS = {
    FunnelGrouping.MODULE: "cohort__module__title",
    FunnelGrouping.COHORT: "cohort__code",
    FunnelGrouping.REGION: "region__name",
    FunnelGrouping.SECTOR: "sector",
    FunnelGrouping.ORGANISATION: "organisation__name",
}
FUNNEL_MEASURES = [
    ("applications", "Applications"),
    ("enrolled", "Enrolled"),
    ("attended_all", "Attended every taught day"),
    ("submitted", "Submitted"),
    ("passed", "Passed"),
    ("certificated", "Certificated"),
    ("withdrawn", "Withdrawn"),
]
PREVIEW_ROWS = 25


@dataclass(frozen=True)
class Report:
    """One report: its rows for downloads, its summary for the page and the PDF, its chart."""

    slug: str
    title: str
    description: str
    header: list
    rows: object  # form -> iterable of rows (lists), streamed for downloads
    count: object  # form -> number of rows
    summary: object  # form -> context for the report page
    chart_title: str = ""
    chart_rows: object = None  # summary -> [(label, value)] for its bar chart; None: no chart
    pdf_summary_template: str = ""  # its summary in the PDF, when not the page's summary
    grouped: bool = False  # takes the "group by" filter

    @property
    def summary_template(self):
        return f"reports/includes/{self.slug}.html"

    @property
    def pdf_template(self):
        return self.pdf_summary_template or self.summary_template

    def chart(self, summary):
        """The chart (server-side SVG, the same on the page and in the PDF), or None."""
        rows = self.chart_rows(summary) if self.chart_rows else None
        return bar_chart(rows) if rows else None


def _enrolments(form):
    return Enrolment.objects.filter(form.enrolment_filter())


# Funnel


def funnel_rows(form):
    group_by = form.cleaned_data["group_by"]
    key = FUNNEL_GROUPS[group_by]
    scope, via_enrolment = form.enrolment_filter(), form.enrolment_filter(prefix="enrolment__")
    rows = (
        Enrolment.objects.filter(scope)
        .values(key)
        .annotate(
            applications=Count("pk"),
            enrolled=Count("pk", filter=Q(state__in=PLACE_HOLDING_STATES)),
            # Each "in" below is an uncorrelated subquery: the database works its set out once
            # (a hashed subplan), not once per enrolment as a correlated EXISTS would be.
            # Each set is narrowed to the enrolments in scope, so a region costs its share.
            attended_all=Count("pk", filter=Q(pk__in=_attended_every_taught_day(scope))),
            submitted=Count("pk", filter=Q(pk__in=_scripts().filter(via_enrolment))),
            passed=Count("pk", filter=Q(state=EnrolmentState.COMPLETED)),
            certificated=Count("pk", filter=Q(pk__in=_valid_certificates().filter(via_enrolment))),
            withdrawn=Count("pk", filter=Q(state=EnrolmentState.WITHDRAWN)),
        )
        .order_by(key)
    )
    labels = dict(Sector.choices) if group_by == FunnelGrouping.SECTOR else {}
    return [
        [labels.get(row[key], row[key]), *(row[name] for name, _ in FUNNEL_MEASURES)]
        for row in rows
    ]


def _attended_every_taught_day(scope):
    in_scope = Enrolment.objects.filter(scope)
    return enrolment_filter_attended_every_taught_day(in_scope).values("pk")


def _scripts():
    return Submission.objects.exclude(state=SubmissionState.DRAFT).values("enrolment_id")


def _valid_certificates():
    return Certificate.objects.filter(status=CertificateStatus.VALID).values("enrolment_id")


def commissioned_places(form):
    """The places of the cohorts the regions in scope fund (with the module, cohort and period
    chosen), and how many of them are taken, by learners of any region."""
    data = form.cleaned_data
    cohorts = Cohort.objects.filter(
        Exists(
            Cohort.funding_regions.through.objects.filter(
                cohort=OuterRef("pk"), region__in=form.regions_in_scope()
            )
        )
    )
    if data.get("module"):
        cohorts = cohorts.filter(module=data["module"])
    if data.get("cohort"):
        cohorts = cohorts.filter(pk=data["cohort"].pk)
    first, last = form.period()
    if first:
        cohorts = cohorts.filter(start_date__gte=first)
    if last:
        cohorts = cohorts.filter(start_date__lte=last)
    taken = Count("enrolments", filter=Q(enrolments__state__in=PLACE_HOLDING_STATES))
    return cohorts.annotate(places_taken=taken).aggregate(
        cohorts=Count("pk"),
        places=Sum("capacity", default=0),
        taken=Sum("places_taken", default=0),
    )


def funnel_summary(form):
    rows = funnel_rows(form)
    measures = [
        (label, sum(row[column] for row in rows))
        for column, (_, label) in enumerate(FUNNEL_MEASURES, start=1)
    ]
    return {"rows": rows, "measures": measures, "commissioned": commissioned_places(form)}


# Learners trained


LEARNER_FIELDS = [
    "student__given_name",
    "student__family_name",
    "organisation__name",
    "sector",
    "job_title",
    "cohort__module__title",
    "cohort__code",
    "state",
    "outcome",
    "certificate__number",
    "certificate__status",
    "certificate__issued_at",
]


def _learners(form):
    """The learners' rows as tuples of LEARNER_FIELDS: only the columns the report prints,
    and no model instances (100,000 rows stream in seconds)."""
    outcome = Submission.objects.filter(
        enrolment=OuterRef("pk"), state=SubmissionState.RELEASED
    ).order_by("-attempt")
    return (
        _enrolments(form)
        .annotate(outcome=Subquery(outcome.values("outcome")[:1]))
        .order_by("cohort__code", "student__family_name", "student__given_name", "pk")
        .values_list(*LEARNER_FIELDS)
    )


SECTOR_LABELS = dict(Sector.choices)
STATE_LABELS = dict(EnrolmentState.choices)


def _learner_row(values):
    (given, family, organisation, sector, job_title, module, cohort, state, outcome) = values[:9]
    number, status, issued_at = values[9:]
    if number and status == CertificateStatus.REVOKED:
        number += " (revoked)"
    return [
        f"{given} {family}".strip(),
        organisation,
        SECTOR_LABELS.get(sector, sector),
        job_title,
        module,
        cohort,
        STATE_LABELS.get(state, state),
        (outcome or "").capitalize(),
        number or "",
        timezone.localtime(issued_at).strftime("%d/%m/%Y") if issued_at else "",
    ]


def learner_rows(form):
    return (_learner_row(values) for values in _learners(form).iterator(chunk_size=2000))


def learners_summary(form):
    by_state = _enrolments(form).values_list("state").annotate(n=Count("pk")).order_by("state")
    return {
        "by_state": [(STATE_LABELS.get(state, state), n) for state, n in by_state],
        "preview": [_learner_row(values) for values in _learners(form)[:PREVIEW_ROWS]],
    }


# Certificates issued in the period


def _certificates(form):
    """Certificates of learners in scope, issued in the period (the period here is the date of
    issue, not the cohort's start)."""
    condition = form.enrolment_filter(prefix="enrolment__", with_period=False)
    first, last = form.period()
    if first:
        condition &= Q(issued_at__date__gte=first)
    if last:
        condition &= Q(issued_at__date__lte=last)
    return (
        Certificate.objects.filter(condition)
        .select_related("enrolment__cohort", "enrolment__organisation", "enrolment__region")
        .order_by("issued_at", "number")
    )


def _certificate_row(certificate):
    enrolment = certificate.enrolment
    return [
        certificate.number,
        certificate.holder_name,
        certificate.module_title,
        enrolment.cohort.code,
        enrolment.region.name,
        enrolment.organisation.name,
        timezone.localtime(certificate.issued_at).strftime("%d/%m/%Y"),
        certificate.get_status_display(),
    ]


def certificate_rows(form):
    return (_certificate_row(c) for c in _certificates(form).iterator(chunk_size=2000))


def certificates_summary(form):
    certificates = _certificates(form)
    counts = certificates.aggregate(
        issued=Count("pk"), revoked=Count("pk", filter=Q(status=CertificateStatus.REVOKED))
    )
    return {
        "counts": counts,
        "preview": [_certificate_row(c) for c in certificates[:PREVIEW_ROWS]],
    }


# Evaluation and confidence uplift by sector and module

EVALUATION_GROUPS = [("cohort__module__title", "Module"), ("sector", "Sector")]


def evaluation_rows(form):
    """Per module and per sector: students rating themselves, mean confidence before and
    after, uplift, evaluations and mean satisfaction; means of fewer than five people are
    not shown."""
    scope = form.enrolment_filter(prefix="enrolment__")
    sector_labels = dict(Sector.choices)
    rows = []
    for key, grouping in EVALUATION_GROUPS:
        means = evaluation_means_by(key, scope)
        for group in sorted(means):
            row = means[group]
            before = _mean_shown(row["before"], row["answered"])
            after = _mean_shown(row["after"], row["answered"])
            uplift = (
                round(after - before, 1)
                if isinstance(before, float) and isinstance(after, float)
                else ""
            )
            rows.append(
                [
                    grouping,
                    sector_labels.get(group, group),
                    shown_count(row["answered"]),
                    before,
                    after,
                    uplift,
                    shown_count(row["evaluations"]),
                    _mean_shown(row["satisfaction"], row["evaluations"]),
                ]
            )
    return rows


def _mean_shown(mean, people):
    if mean is None:
        return ""
    return round(mean, 1) if people >= SMALLEST_SHOWN else PRIMARY


# Equality monitoring, in aggregate only

EQUALITY_QUESTIONS = [
    ("ethnicity", "Ethnicity", Ethnicity),
    ("disability", "Disability", Disability),
    ("sex", "Sex", Sex),
    ("age_band", "Age", AgeBand),
]
NOT_ANSWERED = "Not answered"


def equality_tables(form):
    """For each question: its answers with their counts, small ones suppressed, and the total
    of the counts shown."""
    # One pass: a count for every answer to every question, and the applications in scope.
    counts = _enrolments(form).aggregate(
        applications=Count("pk"),
        **{
            f"{field}:{value}": Count("pk", filter=Q(**{f"equality_monitoring__{field}": value}))
            for field, _, choices in EQUALITY_QUESTIONS
            for value in choices.values
        },
    )
    tables = []
    for field, question, choices in EQUALITY_QUESTIONS:
        answers = [(label, counts[f"{field}:{value}"]) for value, label in choices.choices]
        not_answered = counts["applications"] - sum(count for _, count in answers)
        rows, total = suppressed([*answers, (NOT_ANSWERED, not_answered)])
        tables.append({"question": question, "rows": rows, "total": total})
    return tables


def equality_rows(form):
    return [
        [table["question"], answer, shown]
        for table in equality_tables(form)
        for answer, shown in table["rows"]
    ]


REPORTS = {
    report.slug: report
    for report in [
        Report(
            slug="funnel",
            title="Funnel",
            description="From applications to certificates of the learners in your regions, by "
            "module, cohort, region, sector or organisation, and the places your regions fund.",
            header=["Group", *[label for _, label in FUNNEL_MEASURES]],
            rows=funnel_rows,
            count=lambda form: len(funnel_rows(form)),
            summary=funnel_summary,
            chart_title="Totals",
            chart_rows=lambda summary: summary["measures"],
            pdf_summary_template="reports/includes/funnel_totals.html",
            grouped=True,
        ),
        Report(
            slug="learners",
            title="Learners trained",
            description="One row per application in your regions: who, where from, which "
            "cohort, how far they got, and their certificate.",
            header=[
                "Name",
                "Organisation",
                "Sector",
                "Job title",
                "Module",
                "Cohort",
                "State",
                "Outcome",
                "Certificate number",
                "Certificate date",
            ],
            rows=learner_rows,
            count=lambda form: _enrolments(form).count(),
            summary=learners_summary,
            chart_title="Applications by state",
            chart_rows=lambda summary: summary["by_state"],
            pdf_summary_template="reports/includes/by_state.html",
        ),
        Report(
            slug="certificates",
            title="Certificates issued",
            description="Certificates issued in the period to learners in your regions.",
            header=[
                "Number",
                "Name on the certificate",
                "Module",
                "Cohort",
                "Region",
                "Organisation",
                "Issued",
                "Status",
            ],
            rows=certificate_rows,
            count=lambda form: _certificates(form).count(),
            summary=certificates_summary,
            pdf_summary_template="reports/includes/certificate_counts.html",
        ),
        Report(
            slug="evaluation",
            title="Evaluation and confidence",
            description="Confidence before and after the course, its uplift, and satisfaction, "
            "by module and by sector; means of fewer than five people are not shown.",
            header=[
                "Grouping",
                "Group",
                "Students rating",
                "Confidence before (1 to 10)",
                "Confidence after (1 to 10)",
                "Uplift",
                "Evaluations",
                "Satisfaction (1 to 5)",
            ],
            rows=evaluation_rows,
            count=lambda form: len(evaluation_rows(form)),
            summary=lambda form: {"rows": evaluation_rows(form)},
            chart_title="Confidence uplift",
            chart_rows=lambda summary: [
                (row[1], row[5]) for row in summary["rows"] if isinstance(row[5], float)
            ],
        ),
        Report(
            slug="equality",
            title="Equality monitoring",
            description="Answers to the optional equality questions, in aggregate only: counts "
            "under five are shown as <5, with one more count hidden where needed so that none "
            "can be worked out.",
            header=["Question", "Answer", "Applicants"],
            rows=equality_rows,
            count=lambda form: len(equality_rows(form)) if _enrolments(form).exists() else 0,
            summary=lambda form: {"tables": equality_tables(form)},
        ),
    ]
}
