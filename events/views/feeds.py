"""Placeholder: replaced by its owner."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("todo")


event_ics = feed_regenerate = feed_disable = feed = _todo
