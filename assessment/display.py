"""What staff are shown of the student behind a script. Whether they may see the name is one
rule, assessment.rules.may_see_student_name; these helpers apply it wherever a name could show:
the student column and title, the name and content of a download, who acted in the history
and the uploaded file's name there."""

from django.conf import settings

from assessment.blind_copy import blind_copy
from assessment.rules import may_see_student_name
from audit.history import PORTAL
from imh_courses.child_process import run_in_child

BLIND_STUDENT = "(blind marking)"
THE_STUDENT = "the student"


def script_student(submission, *, viewer):
    if may_see_student_name(viewer, submission):
        return submission.enrolment.student.full_name
    return BLIND_STUDENT


def script_file_name(submission, *, viewer):
    """The name a downloaded script is saved under."""
    if may_see_student_name(viewer, submission):
        student = submission.enrolment.student
        name = f"{submission.reference}-{student.family_name}-{student.given_name}"
        return f"{name}.{submission.kind}"
    return f"{submission.reference}.{submission.kind}"


def script_file_for_staff(submission, *, viewer):
    """(name, content) of the script a member of staff downloads: the stored file, or while
    blind its copy without the names the document's software wrote into it (bytes)."""
    name = script_file_name(submission, viewer=viewer)
    if may_see_student_name(viewer, submission):
        return name, submission.file
    with submission.file.open("rb") as stored:
        data = stored.read()
    # Rewriting a document is heavy work on a student's file: in a child process with the
    # limits of reading an upload (ChildStopped answers 503).
    copy = run_in_child(
        blind_copy,
        data,
        submission.kind,
        seconds=settings.DOCUMENT_READ_SECONDS,
        memory_bytes=settings.DOCUMENT_READ_MEMORY_BYTES,
    )
    return name, copy


def script_history_hidden(submission, *, viewer):
    """Changes the script's history leaves out: the uploaded file's name while blind."""
    return set() if may_see_student_name(viewer, submission) else {"filename"}


def script_title(submission, *, viewer):
    """The marking page's title."""
    if may_see_student_name(viewer, submission):
        return None  # the admin's own
    return f"Mark {submission.reference} (blind)"


def script_history_who(submission, *, viewer):
    """How the script's history names who acted: the student as "the student" while blind."""
    name_hidden = not may_see_student_name(viewer, submission)
    student_email = submission.enrolment.student.email

    def who(event):
        actor = event.actor_label or PORTAL
        return THE_STUDENT if name_hidden and actor == student_email else actor

    return who
