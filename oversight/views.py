"""The oversight pages: the dashboard, the reviews and the action log. Reading is for every
oversight viewer; writing is checked by the review services (Quality Lead; KPOG members
comment)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from imh_courses.downloads import pdf_response
from imh_courses.exceptions import DomainError
from oversight import figures, selectors, services
from oversight.charts import outcomes_chart
from oversight.choices import ReviewKind
from oversight.figures import Scope
from oversight.forms import (
    ActionFilterForm,
    DashboardFilterForm,
    ReviewActionForm,
    ReviewCommentForm,
    ReviewEditForm,
    ReviewFilterForm,
    ReviewOpenForm,
)
from oversight.models import OversightReview, ReviewAction
from oversight.pack import review_figures_context, review_pack_pdf
from oversight.rules import may_comment_on_reviews, may_write_review

VIEW = "oversight.view_dashboard"


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    scope = figures.Scope(**form.scope_values()) if form.is_bound else figures.Scope()
    if form.is_bound and form.errors:
        messages.warning(
            request,
            "Some filters were not understood and are ignored: "
            + ", ".join(form.fields[name].label or name for name in form.errors)
            + ".",
        )
    (numbers, tutors), computed_at = figures.dashboard_figures_cached(scope)
    return render(
        request,
        "oversight/dashboard.html",
        {
            "form": form,
            "summary": selectors.programme_summary(),
            "figures": numbers,
            "outcomes_chart": outcomes_chart(numbers),
            "tutors": tutors,
            "computed_at": computed_at,
        },
    )


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def review_list(request):
    form = ReviewFilterForm(request.GET)
    valid = form.is_valid()
    show = form.cleaned_data["show"] if valid else ""
    return render(
        request,
        "oversight/review_list.html",
        {
            "form": form,
            "reviews": selectors.review_list(viewer=request.user, show=show),
            "may_open": may_write_review(request.user, ReviewKind.KPOG),
        },
        status=200 if valid else 400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@permission_required(VIEW, raise_exception=True)
def review_open(request):
    if not may_write_review(request.user, ReviewKind.KPOG):
        raise PermissionDenied
    form = ReviewOpenForm(request.POST or None, writer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = services.review_open(
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            meeting_date=data["meeting_date"],
            attendees=data["attendees"],
            scope=Scope(
                module=data["module"],
                cohort=data["cohort"],
                financial_year=data["financial_year"],
                quarter=data["quarter"],
            ),
        )
        messages.success(request, "The review is open; its figures are frozen as of now.")
        return redirect("oversight:review_detail", pk=review.pk)
    return render(
        request, "oversight/review_open.html", {"form": form}, status=400 if form.errors else 200
    )


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def review_detail(request, pk):
    review = get_object_or_404(
        OversightReview.objects.select_related("module", "cohort", "created_by", "signed_off_by"),
        pk=pk,
    )
    return _detail(request, review)


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def review_pack(request, pk):
    review = get_object_or_404(
        OversightReview.objects.select_related("module", "cohort", "created_by", "signed_off_by"),
        pk=pk,
    )
    return pdf_response(
        review_pack_pdf(review), filename=f"review-pack-{review.pk}.pdf", inline=True
    )


def _detail(request, review, *, edit_form=None, action_form=None, comment_form=None, status=200):
    user = request.user
    draft = not review.is_signed_off
    may_write = may_write_review(user, review.kind)
    context = {
        "review": review,
        **review_figures_context(review),
        "actions": list(review.actions.all()),
        "comments": list(review.comments.select_related("author")),
        "may_edit": draft and may_write,
        "may_comment": draft and may_comment_on_reviews(user),
        "edit_form": edit_form
        or ReviewEditForm(
            initial={
                "attendees": review.attendees,
                "findings": review.findings,
                "decisions": review.decisions,
            }
        ),
        "action_form": action_form or ReviewActionForm(),
        "comment_form": comment_form or ReviewCommentForm(),
    }
    return render(request, "oversight/review_detail.html", context, status=status)


def _review_post(form_class, apply, form_name, *, allowed):
    """A POST to a review: refuse whoever `allowed(user, review)` refuses (before looking at
    the form), validate the form, call the service, return to the review."""

    @require_POST
    @login_required
    @permission_required(VIEW, raise_exception=True)
    def view(request, pk):
        review = get_object_or_404(OversightReview, pk=pk)
        if not allowed(request.user, review):
            raise PermissionDenied
        form = form_class(request.POST) if form_class else None
        if form is not None and not form.is_valid():
            return _detail(request, review, **{form_name: form}, status=400)
        try:
            apply(request, review, form.cleaned_data if form else {})
        except services.NotAllowed as error:
            messages.error(request, str(error))
            return _detail(request, review, status=403)
        except DomainError as error:
            messages.error(request, str(error))
            return _detail(request, review, status=409)
        return redirect("oversight:review_detail", pk=review.pk)

    return view


review_edit = _review_post(
    ReviewEditForm,
    lambda request, review, data: services.review_update(review=review, actor=request.user, **data),
    "edit_form",
    allowed=lambda user, review: may_write_review(user, review.kind),
)
review_action_add = _review_post(
    ReviewActionForm,
    lambda request, review, data: services.review_action_add(
        review=review, actor=request.user, **data
    ),
    "action_form",
    allowed=lambda user, review: may_write_review(user, review.kind),
)
review_comment = _review_post(
    ReviewCommentForm,
    lambda request, review, data: services.review_comment_add(
        review=review, author=request.user, text=data["text"]
    ),
    "comment_form",
    allowed=lambda user, review: may_comment_on_reviews(user),
)
review_sign_off = _review_post(
    None,
    lambda request, review, data: services.review_sign_off(review=review, actor=request.user),
    "",
    allowed=lambda user, review: may_write_review(user, review.kind),
)


@require_POST
@login_required
@permission_required(VIEW, raise_exception=True)
def action_done(request, pk):
    action = get_object_or_404(ReviewAction, pk=pk)
    try:
        services.review_action_complete(action=action, actor=request.user)
    except services.NotAllowed:
        raise PermissionDenied from None
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("oversight:action_log")


@require_safe
@login_required
@permission_required(VIEW, raise_exception=True)
def action_log(request):
    form = ActionFilterForm(request.GET)
    valid = form.is_valid()
    open_actions = selectors.review_action_list_open(due=form.cleaned_data["due"] if valid else "")
    actions = [
        (action, may_write_review(request.user, action.review.kind)) for action in open_actions
    ]
    return render(
        request,
        "oversight/action_log.html",
        {"form": form, "actions": actions, "may_complete_any": any(may for _, may in actions)},
        status=200 if valid else 400,
    )
