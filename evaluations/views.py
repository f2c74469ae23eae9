from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from enrolment.selectors import enrolment_list_own
from evaluations import selectors, services
from evaluations.choices import RatingStage
from evaluations.forms import CourseEvaluationForm, SelfRatingForm
from imh_courses.exceptions import DomainError

GET_OR_POST = ["GET", "HEAD", "POST"]


@require_http_methods(GET_OR_POST)
@login_required
@permission_required("enrolment.view_own_dashboard", raise_exception=True)
def self_rating(request, pk, stage):
    if stage not in RatingStage.values:
        raise Http404("No such rating.")
    enrolment = _own_enrolment_or_404(request, pk)
    if not selectors.self_rating_open(enrolment=enrolment, stage=stage):
        return _closed(request, enrolment)
    form = SelfRatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.self_rating_record(enrolment=enrolment, stage=stage, ratings=form.ratings())
        except DomainError as error:
            return _closed(request, enrolment, str(error))
        messages.success(request, "Thank you for your answers.")
        return redirect("enrolment:dashboard")
    return render(
        request,
        "evaluations/self_rating.html",
        {"enrolment": enrolment, "form": form, "before": stage == RatingStage.BEFORE},
        status=400 if form.errors else 200,
    )


@require_http_methods(GET_OR_POST)
@login_required
@permission_required("enrolment.view_own_dashboard", raise_exception=True)
def course_evaluation(request, pk):
    enrolment = _own_enrolment_or_404(request, pk)
    if not selectors.course_evaluation_open(enrolment=enrolment):
        return _closed(request, enrolment)
    form = CourseEvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_evaluation_record(
                enrolment=enrolment,
                ratings=form.ratings(),
                went_well=form.cleaned_data["went_well"],
                improve=form.cleaned_data["improve"],
            )
        except DomainError as error:
            return _closed(request, enrolment, str(error))
        messages.success(request, "Thank you: your evaluation helps us improve the course.")
        return redirect("enrolment:dashboard")
    return render(
        request,
        "evaluations/course_evaluation.html",
        {"enrolment": enrolment, "form": form},
        status=400 if form.errors else 200,
    )


def _closed(request, enrolment, message="This questionnaire is answered already, or not open yet."):
    return render(
        request, "evaluations/closed.html", {"enrolment": enrolment, "message": message}, status=409
    )


def _own_enrolment_or_404(request, pk):
    return get_object_or_404(enrolment_list_own(student=request.user), pk=pk)
