"""Reads for the commerce pages, permission-filtered in SQL."""

from commerce.selectors.visibility import (
    orders_visible_to,
    reviews_visible_to,
    shopping_lists_visible_to,
    visible_to,
)
