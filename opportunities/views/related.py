"""Placeholder until this module is written (work in progress)."""


def competitor_add(request, pk):
    raise NotImplementedError


competitor_remove = contact_role_add = contact_role_remove = competitor_add
