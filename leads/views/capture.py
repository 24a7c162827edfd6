"""Placeholder until this module is written (work in progress)."""


def capture_form(request, token):
    raise NotImplementedError
