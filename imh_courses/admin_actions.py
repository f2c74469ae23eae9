from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse

from imh_courses.exceptions import DomainError


class ReadOnlyAdminMixin:
    """Records the application writes and the admin only shows: no add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BadInputIs400Mixin:
    """A change form sent back with errors answers 400, not 200: the request was bad input."""

    def render_change_form(self, request, context, *args, **kwargs):
        response = super().render_change_form(request, context, *args, **kwargs)
        if context["adminform"].form.errors:
            response.status_code = 400
        return response


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


def action_form_bound(form_class, request, **kwargs):
    """The action's form, bound once the user has filled it in on the second step."""
    data = request.POST if request.POST.get("confirmed") == "yes" else None
    return form_class(data, **kwargs)


def action_form_page(
    modeladmin, request, queryset, *, form, action, title, intro, submit_label, details=()
):
    """The second step of an admin action that needs more input or a confirmation
    (templates/admin/action_form): `details` are lines saying what it will do."""
    return TemplateResponse(
        request,
        "admin/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.model._meta,
            "objects": queryset,
            "form": form,
            "action": action,
            "intro": intro,
            "details": details,
            "submit_label": submit_label,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        },
        status=400 if form.errors else 200,
    )


def two_step_action(modeladmin, request, queryset, *, form_class, call, done_label, **page):
    """An admin action that first asks for more (a reason, a name), then calls `call(obj,
    cleaned_data)` for each selected object. `page` is action_form_page's wording."""
    form = action_form_bound(form_class, request)
    if form.is_bound and form.is_valid():
        call_for_each(
            modeladmin, request, queryset, lambda obj: call(obj, form.cleaned_data), done_label
        )
        return None
    return action_form_page(modeladmin, request, queryset, form=form, **page)
