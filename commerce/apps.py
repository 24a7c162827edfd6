from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommerceConfig(AppConfig):
    name = "commerce"
    verbose_name = _("Commerce")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import reverse

        from commerce import panels
        from commerce.search import ORDER_SEARCH
        from crm import search
        from parties import journey

        # Orders, reviews and shopping lists on the customer 360 and account pages.
        panels.register_panels()
        # The journey's entries about them link to their pages; they follow their customer.
        for name, url_name in (
            ("order", "orders:detail"),
            ("review", "reviews:detail"),
            ("shopping_list", "shopping_lists:detail"),
        ):
            journey.register(
                journey.JourneyRecordType(
                    name,
                    visible_ids=journey.follows_party,
                    url=lambda pk, url_name=url_name: reverse(url_name, args=[pk]),
                )
            )
        # Orders in the global search, by number and external id.
        search.register(ORDER_SEARCH)
