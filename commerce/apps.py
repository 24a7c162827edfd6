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
        # The columns of the orders, products and reviews lists (crm.columns).
        from crm.columns import Column
        from crm.columns import register as columns_register

        columns_register(
            "orders:list",
            Column("number", _("Number"), fixed=True),
            Column("date", _("Date")),
            Column("customer", _("Customer")),
            Column("channel", _("Channel")),
            Column("status", _("Status")),
            Column("total", _("Grand total")),
        )
        columns_register(
            "products:list",
            Column("sku", _("SKU")),
            Column("name", _("Name"), fixed=True),
            Column("category", _("Category")),
            Column("price", _("List price")),
            Column("active", _("Active")),
            Column("units", _("Units sold")),
            Column("revenue", _("Revenue")),
            Column("rating", _("Rating")),
        )
        columns_register(
            "reviews:list",
            Column("posted", _("Posted")),
            Column("customer", _("Customer")),
            Column("product", _("Product")),
            Column("rating", _("Rating")),
            Column("review", _("Review"), fixed=True),
            Column("status", _("Status")),
        )
