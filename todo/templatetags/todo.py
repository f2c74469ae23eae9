from django import template

from todo.selectors import todo_lines

register = template.Library()


@register.inclusion_tag("todo/includes/todo.html", takes_context=True)
def todo(context):
    return {"lines": todo_lines(user=context["request"].user)}
