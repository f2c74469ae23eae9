from django.contrib import messages

from imh_courses.exceptions import DomainError


def call_for_each(modeladmin, request, objects, call, done_label):
    """Run `call(obj)` (a service call) for each selected object, each in its own transaction;
    report how many were done and, one message each, why the others were refused."""
    done = 0
    for obj in objects:
        try:
            call(obj)
        except DomainError as error:
            modeladmin.message_user(request, str(error), messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, f"{done} {done_label}.", messages.SUCCESS)
