"""Notes and files: /notes/new/?record=<kind>:<pk> (the panel's form posts here),
/notes/?record=<kind>:<pk> (all of a record's notes), a note's edit, delete and pin, and a
file's download and delete."""

from django.urls import include, path

from notes import views

note_patterns = [
    path("", views.note_list, name="list"),
    path("new/", views.note_new, name="new"),
    path("<int:pk>/edit/", views.note_edit, name="edit"),
    path("<int:pk>/delete/", views.note_delete, name="delete"),
    path("<int:pk>/pin/", views.note_pin, name="pin"),
]
file_patterns = [
    path("<int:pk>/", views.file_download, name="file"),
    path("<int:pk>/delete/", views.file_delete, name="file_delete"),
]

app_name = "notes"
urlpatterns = [
    path("notes/", include(note_patterns)),
    path("files/", include(file_patterns)),
]
