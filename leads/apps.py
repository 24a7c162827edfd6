from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads and marketing")

    def ready(self) -> None:
        from crm import panels, search
        from leads import search as lead_search
        from leads.journey import LEAD_JOURNEY
        from leads.panels import PARTNER_LEADS
        from parties import journey
        from parties.records import PARTNER

        # Leads, campaigns and contact lists in the global search.
        for kind in (
            lead_search.LEAD_SEARCH,
            lead_search.CAMPAIGN_SEARCH,
            lead_search.CONTACT_LIST_SEARCH,
        ):
            search.register(kind)
        # The journey's rows about leads (captured, converted) link to the lead's page.
        journey.register(LEAD_JOURNEY)
        # The leads a partner brought, on the partner's page.
        panels.register(PARTNER, panel=PARTNER_LEADS)
        # A lead's tags (its party's) under its page's title.
        from leads.records import LEAD
        from parties.views.tags import LEAD_TAGS

        panels.register(LEAD, panel=LEAD_TAGS)
        # The columns of the leads list (crm.columns).
        from crm.columns import Column
        from crm.columns import register as columns_register

        columns_register(
            "leads:list",
            Column("name", _("Name · Company"), fixed=True),
            Column("status", _("Status")),
            Column("source", _("Source")),
            Column("campaign", _("Campaign")),
            Column("email", _("E-mail")),
            Column("phone", _("Phone")),
            Column("owner", _("Owner")),
            Column("created", _("Created")),
            Column("updated", _("Updated"), default=False),
        )
