from accounts.middleware import second_step_pending
from accounts.roles import navigation_for


def navigation(request):
    """The signed-in person's links; none while the second step of signing in is pending, as
    none of them would answer."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or second_step_pending(request):
        return {"role_links": []}
    return {"role_links": navigation_for(user)}
