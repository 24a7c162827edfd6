"""ofbiz pages."""

from django.urls import path  # noqa: F401

app_name = "ofbiz"

urlpatterns: list = []
