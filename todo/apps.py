from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "todo"
    verbose_name = "What waits for staff"
