from django import template

from todo.selectors import todo_lines

register = template.Library()


@register.inclusion_tag("todo/includes/todo.html", takes_context=True)
def todo(context, portal=False):
    """What waits for the signed-in member of staff: on the admin's home, or (portal=True) on
    a portal page such as the oversight dashboard."""
    return {"lines": todo_lines(user=context["request"].user), "portal": portal}
