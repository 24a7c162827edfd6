from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        from crm import panels, search
        from leads.hooks import ConversionSection, conversion_section_register, lead_converted
        from leads.records import CAMPAIGN, LEAD
        from opportunities import conversion
        from opportunities import panels as opportunity_panels
        from opportunities.journey import OPPORTUNITY_JOURNEY
        from opportunities.search import OPPORTUNITY_SEARCH
        from parties import journey
        from parties.records import ACCOUNT, CONTACT, PARTNER

        # Deals on the pages of their accounts and contacts, leads and campaigns.
        panels.register(ACCOUNT, panel=opportunity_panels.ACCOUNT_OPPORTUNITIES)
        # An account's page rolls up its contacts' deals.
        panels.register(ACCOUNT, panel=opportunity_panels.ACCOUNT_CONTACT_OPPORTUNITIES)
        panels.register(CONTACT, panel=opportunity_panels.CONTACT_OPPORTUNITIES)
        panels.register(LEAD, panel=opportunity_panels.LEAD_OPPORTUNITIES)
        panels.register(CAMPAIGN, panel=opportunity_panels.CAMPAIGN_REVENUE)
        panels.register(PARTNER, panel=opportunity_panels.PARTNER_DEALS)
        # A deal's tags at the top of its page.
        from opportunities.records import OPPORTUNITY
        from opportunities.views.tags import OPPORTUNITY_TAGS

        panels.register(OPPORTUNITY, panel=OPPORTUNITY_TAGS)
        # "Also create an opportunity" when converting a lead, and the deal it opens.
        conversion_section_register(
            ConversionSection(
                "opportunity",
                conversion.OpportunityConversionForm,
                "opportunities/_conversion_section.html",
            )
        )
        lead_converted.register(conversion.deal_on_conversion)
        # Deals in the global search.
        search.register(OPPORTUNITY_SEARCH)
        # The journey's rows about deals link to the opportunity's page.
        journey.register(OPPORTUNITY_JOURNEY)
        # The columns of the opportunities list (crm.columns).
        from crm.columns import Column
        from crm.columns import register as columns_register

        columns_register(
            "opportunities:list",
            Column("name", _("Opportunity"), fixed=True),
            Column("account", _("Account")),
            Column("stage", _("Stage")),
            Column("amount", _("Amount")),
            Column("probability", _("Probability")),
            Column("close_date", _("Close date")),
            Column("next_step", _("Next step")),
            Column("owner", _("Owner")),
            Column("created", _("Created"), default=False),
            Column("updated", _("Updated"), default=False),
        )
