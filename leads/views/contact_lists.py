"""Placeholder until this module is written (work in progress)."""
from django.views import View

ContactListListView = ContactListCreateView = ContactListDetailView = ContactListEditView = View


def member_add(request, pk):
    raise NotImplementedError


member_set_status = member_remove = export_csv = member_add
