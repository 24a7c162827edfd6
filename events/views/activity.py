"""Placeholder: replaced by its owner."""

from django.http import HttpResponse


def activity_page(request):
    return HttpResponse("todo")
