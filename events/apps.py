from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from crm import panels, search
        from events import panels as event_panels
        from events.journey import EVENT_JOURNEY
        from events.search import EVENT_SEARCH
        from events.services.conversion import events_on_conversion
        from leads.hooks import lead_converted
        from leads.records import LEAD
        from opportunities.records import OPPORTUNITY
        from parties import journey
        from parties.records import ACCOUNT, CONTACT, CUSTOMER

        # Activities (quick actions and the timeline) on the pages of what events are about.
        panels.register(CONTACT, ACCOUNT, CUSTOMER, panel=event_panels.PARTY_ACTIVITIES)
        # An account's page rolls up its contacts' activities.
        panels.register(ACCOUNT, panel=event_panels.ACCOUNT_CONTACT_ACTIVITIES)
        panels.register(LEAD, panel=event_panels.LEAD_ACTIVITIES)
        panels.register(OPPORTUNITY, panel=event_panels.OPPORTUNITY_ACTIVITIES)
        # A converted lead's events are then about what it became (after its new deal).
        lead_converted.register(events_on_conversion)
        # Events in the global search.
        search.register(EVENT_SEARCH)
        # The journey's rows about activities done link to the event's page.
        journey.register(EVENT_JOURNEY)
        # The columns of the events list (crm.columns).
        from django.utils.translation import gettext_lazy as _

        from crm.columns import Column
        from crm.columns import register as columns_register

        columns_register(
            "events:list",
            Column("when", _("When")),
            Column("kind", _("Kind")),
            Column("subject", _("Subject"), fixed=True),
            Column("status", _("Status")),
            Column("about", _("About")),
            Column("owner", _("Owner")),
        )
