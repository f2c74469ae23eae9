from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessment import selectors, services
from assessment.choices import ExtensionState, SubmissionState
from assessment.display import script_file_for_staff
from assessment.forms import ExtensionRequestForm, SubmitForm, UploadForm
from assessment.models import Submission
from assessment.timeline import enrolment_timeline
from audit.services import audit_record
from enrolment.selectors import enrolment_list_own
from imh_courses.downloads import private_file_response
from imh_courses.exceptions import DomainError
from imh_courses.rate_limits import count_one_more

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
STUDENT_ONLY = "assessment.view_own_assignment"


@require_safe
@login_required
@permission_required(STUDENT_ONLY, raise_exception=True)
def assignment(request, pk):
    enrolment = _own_enrolment_or_404(request, pk)
    return _assignment_page(request, enrolment)


@require_POST
@login_required
@permission_required(STUDENT_ONLY, raise_exception=True)
def upload(request, pk):
    enrolment = _own_enrolment_or_404(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if count_one_more(f"uploads:student:{request.user.pk}") > settings.UPLOADS_PER_HOUR:
        form.add_error(
            None,
            f"You have uploaded {settings.UPLOADS_PER_HOUR} files in the last hour, as many as "
            "we take. Please wait an hour before uploading again; your draft is as it was.",
        )
        return _assignment_page(request, enrolment, upload_form=form, status=429)
    if not form.is_valid():
        return _assignment_page(request, enrolment, upload_form=form, status=400)
    uploaded = form.cleaned_data["file"]
    try:
        services.submission_upload(
            enrolment=enrolment,
            student=request.user,
            data=uploaded.read(settings.SUBMISSION_MAX_BYTES + 1),
            filename=uploaded.name,
        )
    except DomainError as error:
        form.add_error("file", str(error))
        return _assignment_page(request, enrolment, upload_form=form, status=400)
    messages.success(request, "Your file is uploaded. Check it below, then submit it for marking.")
    return redirect("assessment:assignment", pk=enrolment.pk)


@require_POST
@login_required
@permission_required(STUDENT_ONLY, raise_exception=True)
def submit(request, pk):
    enrolment = _own_enrolment_or_404(request, pk)
    window = _window(enrolment)
    draft = window.submission if window else None
    if draft is None:
        return _assignment_page(
            request, enrolment, error="Upload your assignment before submitting it.", status=409
        )
    form = SubmitForm(request.POST, **_submit_form_options(enrolment, draft))
    if not form.is_valid():
        return _assignment_page(request, enrolment, submit_form=form, status=400)
    try:
        submission = services.submission_submit(
            submission=draft, student=request.user, **form.cleaned_data
        )
    except DomainError as error:
        return _assignment_page(request, enrolment, error=str(error), status=409)
    messages.success(request, "Your assignment is submitted. Keep this receipt.")
    return redirect("assessment:receipt", pk=submission.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@permission_required(STUDENT_ONLY, raise_exception=True)
def extension_request(request, pk):
    enrolment = _own_enrolment_or_404(request, pk)
    window = _window(enrolment)
    if window is None or window.attempt != 1:
        return _assignment_page(
            request, enrolment, error="There is no deadline to extend.", status=409
        )
    form = ExtensionRequestForm(request.POST or None, current_deadline=window.deadline)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_request(
                enrolment=enrolment,
                student=request.user,
                reason=form.cleaned_data["reason"],
                requested_deadline=form.requested_deadline(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your request is sent. We will email you the answer.")
            return redirect("assessment:assignment", pk=enrolment.pk)
    return render(
        request,
        "assessment/extension_request.html",
        {"enrolment": enrolment, "window": window, "form": form},
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
@permission_required(STUDENT_ONLY, raise_exception=True)
def receipt(request, pk):
    submission = (
        Submission.objects.select_related("enrolment__cohort__module")
        .filter(pk=pk, enrolment__student=request.user)
        .exclude(state=SubmissionState.DRAFT)
        .first()
    )
    if submission is None:
        raise Http404("No such submission.")
    deadline = enrolment_timeline(enrolment=submission.enrolment).deadline_of(submission)
    return render(
        request, "assessment/receipt.html", {"submission": submission, "deadline": deadline}
    )


@require_safe
@login_required
def script(request, pk):
    """The submitted file, to the student, the cohort's tutors, course administrators and the
    Quality Lead; everyone else is told it does not exist."""
    submission = _submission_or_404(request, pk, "assessment.fetch_script")
    if not submission.file:
        raise Http404(FILE_DELETED_MESSAGE)
    if submission.enrolment.student_id == request.user.pk:
        name, content = submission.filename, submission.file
    else:
        name, content = script_file_for_staff(submission, viewer=request.user)
    return _private_file(request, submission, content, name, "script")


@require_safe
@login_required
def feedback_file(request, pk):
    submission = _submission_or_404(request, pk, "assessment.fetch_feedback_file")
    if not submission.feedback_file:
        raise Http404("No feedback file.")
    return _private_file(
        request, submission, submission.feedback_file, submission.feedback_filename, "feedback"
    )


FILE_DELETED_MESSAGE = (
    "The file was deleted under the retention schedule; its receipt and marks are kept."
)


def _submission_or_404(request, pk, permission):
    submission = (
        Submission.objects.select_related("enrolment__cohort", "enrolment__student")
        .filter(pk=pk)
        .first()
    )
    if submission is None or not request.user.has_perm(permission, submission):
        raise Http404("No such file.")
    return submission


def _private_file(request, submission, file, filename, what):
    if submission.enrolment.student_id != request.user.pk:
        audit_record(actor=request.user, action=f"submission.download_{what}", target=submission)
    kind = filename.rsplit(".", 1)[-1]
    return private_file_response(
        file, filename=filename, content_type=CONTENT_TYPES.get(kind, "application/octet-stream")
    )


def _own_enrolment_or_404(request, pk):
    return get_object_or_404(enrolment_list_own(student=request.user), pk=pk)


def _window(enrolment):
    return enrolment_timeline(enrolment=enrolment).window


def _submit_form_options(enrolment, draft):
    return {
        "over_word_limit": selectors.word_limit_exceeded(
            submission=draft, word_limit=enrolment.cohort.module.word_limit
        ),
        "has_flags": bool(draft.confidentiality_flags),
    }


def _assignment_page(
    request, enrolment, *, upload_form=None, submit_form=None, error=None, status=200
):
    submissions = selectors.submission_list_for_enrolment(enrolment=enrolment)
    extensions = list(enrolment.extensions.all())
    timeline = enrolment_timeline(
        enrolment=enrolment, submissions=submissions, extensions=extensions
    )
    window = timeline.window
    draft = window.submission if window else None
    if draft is not None and submit_form is None:
        submit_form = SubmitForm(**_submit_form_options(enrolment, draft))
    context = {
        "enrolment": enrolment,
        "module": enrolment.cohort.module,
        "submitted": [s for s in submissions if s.state != SubmissionState.DRAFT],
        "timeline": timeline,
        "window": window,
        "draft": draft,
        "upload_form": upload_form or UploadForm(),
        "submit_form": submit_form,
        "extensions": extensions,
        "extension_pending": any(e.state == ExtensionState.REQUESTED for e in extensions),
        "error": error,
        "now": timezone.now(),
    }
    return render(request, "assessment/assignment.html", context, status=status)
