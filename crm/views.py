"""View mixins every app's pages share."""

from django.http import HttpResponse


class StateGuardMixin:
    """A form page that does not apply in the record's current state (a converted lead, a
    closed deal): GET and POST both go back to the record's page with a message."""

    def refusal(self) -> HttpResponse | None:
        return None

    def get(self, request, *args, **kwargs):
        return self.refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refusal() or super().post(request, *args, **kwargs)
