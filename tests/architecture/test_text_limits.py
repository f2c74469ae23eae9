"""Every text a person can type has a sensible maximum, in the model and in the form: a 2 MB
"finding" once made a review pack take 75 s to render."""

import importlib

import pytest
from django import forms
from django.apps import apps
from django.db import models

from tests.architecture.test_layers import LAYERS

OUR_APPS = [app for app in LAYERS if app != "imh_courses"]


def _our_models():
    return [model for app in OUR_APPS for model in apps.get_app_config(app).get_models()]


@pytest.mark.parametrize("model", _our_models(), ids=lambda model: model._meta.label)
def test_every_text_field_of_a_model_has_a_maximum(model):
    unlimited = [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert unlimited == []


def _our_forms():
    for app in OUR_APPS:
        for module in ("forms", "filters", "admin_filters"):
            try:
                importlib.import_module(f"{app}.{module}")
            except ModuleNotFoundError:
                continue
    found, todo = [], [forms.Form, forms.ModelForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.split(".")[0] in OUR_APPS:
                found.append(sub)
    return sorted(set(found), key=lambda cls: f"{cls.__module__}.{cls.__name__}")


@pytest.mark.parametrize(
    "form", _our_forms(), ids=lambda form: f"{form.__module__}.{form.__name__}"
)
def test_every_text_field_of_a_form_has_a_maximum(form):
    # Passwords are never kept nor shown (only a hash), and the request size limit bounds them.
    unlimited = [
        name
        for name, field in form.base_fields.items()
        if type(field) is forms.CharField
        and field.max_length is None
        and not isinstance(field.widget, forms.PasswordInput)
    ]
    assert unlimited == []
