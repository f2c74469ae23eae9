from accounts.roles import navigation_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role_links": []}
    return {"role_links": navigation_for(user)}
