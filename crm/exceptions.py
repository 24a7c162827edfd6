from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class ConcurrentUpdate(Exception):
    """The record was saved by someone else since the form was loaded (`version` moved on)."""

    message = _(
        "This record was changed by someone else while you were editing it. "
        "Your changes were not saved: review the current values and try again."
    )


class PageDenied(PermissionDenied):
    """A page the user's role does not open (not an action on a record they see): the 403
    page names who may open it, the role groups holding `permission` and `also` (people no
    group describes, e.g. the managers of a team); administrators when neither is given.
    With `action` ("assign leads"), what is refused is that action, which is a role's (or
    a person's, in `also`) and no share gives: the page says "Only ... may assign leads"."""

    def __init__(self, permission: str = "", *, also: str = "", action: str = "") -> None:
        super().__init__(permission or str(also) or str(action))
        self.permission = permission
        self.also = also
        self.action = action
