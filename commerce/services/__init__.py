"""Every write of commerce. Keyword-only, validated, one transaction each."""

from commerce.services.figures import (
    boundaries_refresh,
    current_boundaries,
    figures_computed,
    figures_mismatches,
    figures_rebuild,
    figures_refresh,
    rfm_for,
)
from commerce.services.orders import (
    ItemInput,
    address_copy,
    order_create,
    order_number,
    order_status_change,
    reporting_total,
)
from commerce.services.reviews import has_bought, review_moderate, review_post
from commerce.services.shopping_lists import (
    order_from_shopping_list,
    shopping_list_create,
    shopping_list_item_set,
)
