"""Support pages: cases, the queue and the figures."""

urlpatterns: list = []
