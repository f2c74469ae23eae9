from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from assessment.timeline import enrolment_timeline
from enrolment import selectors, services
from enrolment.choices import EnrolmentState
from enrolment.forms import ApplicationForm, EqualityMonitoringForm, WithdrawalForm
from enrolment.rules import can_be_withdrawn
from enrolment.selectors import enrolment_list_own
from imh_courses.exceptions import DomainError
from modules.choices import PUBLISHED_STATUSES
from modules.models import Cohort

GET_OR_POST = ["GET", "HEAD", "POST"]


@require_safe
@login_required
@permission_required("enrolment.view_own_dashboard", raise_exception=True)
def dashboard(request):
    enrolments = list(selectors.enrolment_list_for_student(student=request.user))
    for enrolment in enrolments:
        enrolment.timeline = enrolment_timeline(enrolment=enrolment)
    return render(request, "enrolment/dashboard.html", {"enrolments": enrolments})


@require_http_methods(GET_OR_POST)
@login_required
@permission_required("enrolment.apply", raise_exception=True)
def apply(request, code):
    cohort = get_object_or_404(
        Cohort.objects.select_related("module").filter(status__in=PUBLISHED_STATUSES), code=code
    )
    try:
        services.application_check(student=request.user, cohort=cohort)
    except DomainError as error:
        return _refused(request, cohort, error)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_apply(
                student=request.user, cohort=cohort, **form.cleaned_data
            )
        except DomainError as error:
            return _refused(request, cohort, error)
        messages.success(request, _applied_message(enrolment))
        return redirect("enrolment:equality_monitoring", pk=enrolment.pk)
    return render(
        request,
        "enrolment/apply.html",
        {
            "cohort": cohort,
            "form": form,
            "full": selectors.cohort_places_left(cohort=cohort) <= 0,
        },
        status=400 if form.errors else 200,
    )


def _refused(request, cohort, error):
    return render(
        request,
        "enrolment/apply_refused.html",
        {"cohort": cohort, "message": str(error)},
        status=409,
    )


def _applied_message(enrolment):
    if enrolment.state == EnrolmentState.ENROLLED:
        return f"You have a place on {enrolment.cohort.code}. We have emailed you the details."
    if enrolment.state == EnrolmentState.WAITLISTED:
        return (
            f"You are on the waiting list of {enrolment.cohort.code}. A place that becomes free "
            "goes to the first on the list, and we email you."
        )
    return (
        f"Your application for {enrolment.cohort.code} has been received. We will email you "
        "when a course administrator has looked at it."
    )


@require_http_methods(GET_OR_POST)
@login_required
@permission_required("enrolment.apply", raise_exception=True)
def equality_monitoring(request, pk):
    enrolment = _own_enrolment_or_404(request, pk)
    form = EqualityMonitoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.equality_monitoring_answer(enrolment=enrolment, **form.cleaned_data)
        messages.success(request, "Thank you. Your answers are kept apart from your application.")
        return redirect("enrolment:dashboard")
    return render(
        request,
        "enrolment/equality_monitoring.html",
        {"enrolment": enrolment, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(GET_OR_POST)
@login_required
@permission_required("enrolment.view_own_dashboard", raise_exception=True)
def withdraw(request, pk):
    enrolment = _own_enrolment_or_404(request, pk)
    if not can_be_withdrawn(request.user, enrolment):
        return render(
            request,
            "enrolment/withdraw_refused.html",
            {"enrolment": enrolment},
            status=409,
        )
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_withdraw(
                enrolment=enrolment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"You have withdrawn from {enrolment.cohort.code}.")
            return redirect("enrolment:dashboard")
    return render(
        request,
        "enrolment/withdraw.html",
        {"enrolment": enrolment, "form": form},
        status=400 if form.errors else 200,
    )


def _own_enrolment_or_404(request, pk):
    return get_object_or_404(enrolment_list_own(student=request.user), pk=pk)
