import rules

from accounts.choices import Role
from accounts.rules import is_oversight_viewer
from oversight.choices import ReviewKind


def may_write_review(user, kind):
    """The Quality Lead writes and signs off any review; the KPOG chair the committee's."""
    if user.has_role(Role.QUALITY_LEAD):
        return True
    return kind == ReviewKind.KPOG and user.has_role(Role.KPOG_CHAIR)


def may_comment_on_reviews(user):
    return any(
        user.has_role(role) for role in (Role.QUALITY_LEAD, Role.KPOG_CHAIR, Role.KPOG_MEMBER)
    )


rules.add_perm("oversight.view_dashboard", is_oversight_viewer)
