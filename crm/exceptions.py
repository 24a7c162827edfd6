from django.utils.translation import gettext_lazy as _


class ConcurrentUpdate(Exception):
    """The record was saved by someone else since the form was loaded (`version` moved on)."""

    message = _(
        "This record was changed by someone else while you were editing it. "
        "Your changes were not saved: review the current values and try again."
    )
