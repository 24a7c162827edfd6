"""The shared core's pages: saved views of the lists (crm.saved_view_pages) and the people
lookup of the colleague pickers (crm.people_pages)."""

from django.urls import include, path

from crm import people_pages
from crm import saved_view_pages as pages

saved_view_patterns = [
    path("save/", pages.saved_view_save, name="save"),
    path("<int:pk>/", pages.saved_view_open, name="open"),
    path("<int:pk>/delete/", pages.saved_view_delete, name="delete"),
    path("<int:pk>/default/", pages.saved_view_default, name="default"),
]

urlpatterns = [
    path("views/", include((saved_view_patterns, "saved_views"))),
    path("people/lookup/", people_pages.people_lookup, name="people_lookup"),
]
