from django.urls import path

from crm.bulk import bulk_view
from events import bulk
from events.views import activity, calendar, editing, events, feeds, lookup, my_work, sharing

app_name = "events"

urlpatterns = [
    path("events/", events.EventListView.as_view(), name="list"),
    path("events/new/", editing.EventCreateView.as_view(), name="new"),
    path("events/bulk/", bulk_view, {"list_name": "events"}, name="bulk"),
    path("events/<int:pk>/inline/<str:field>/", bulk.inline_view, name="inline"),
    path("events/party-lookup/", lookup.party_lookup, name="party_lookup"),
    path("events/user-lookup/", lookup.user_lookup, name="user_lookup"),
    path("events/<int:pk>/", events.EventDetailView.as_view(), name="detail"),
    path("events/<int:pk>/edit/", editing.EventEditView.as_view(), name="edit"),
    path("events/<int:pk>/complete/", my_work.event_complete, name="complete"),
    path("events/<int:pk>/cancel/", my_work.event_cancel, name="cancel"),
    path("events/<int:pk>/reopen/", my_work.event_reopen, name="reopen"),
    path("events/<int:pk>/respond/", events.event_respond, name="respond"),
    path("events/<int:pk>/sharing/", sharing.EventSharingView.as_view(), name="sharing"),
    path("events/<int:pk>/ics/", feeds.event_ics, name="ics"),
    path("events/my-work/", my_work.my_work, name="my_work"),
    path("events/calendar/", calendar.calendar_page, name="calendar"),
    path("events/activity/", activity.activity_page, name="activity"),
    path("events/feed/regenerate/", feeds.feed_regenerate, name="feed_regenerate"),
    path("events/feed/disable/", feeds.feed_disable, name="feed_disable"),
    path("events/feed/<str:token>.ics", feeds.feed, name="feed"),
]
