"""Commerce: products, orders, product reviews, shopping lists and the customer figures."""

# isort: off
from commerce.models.products import ProductCategory, Product
from commerce.models.orders import (
    CENT,
    LEGAL_MOVES,
    OPEN_STATUSES,
    REASON_REQUIRED,
    VOID_STATUSES,
    Order,
    OrderAddress,
    OrderAddressPurpose,
    OrderItem,
    OrderItemStatus,
    OrderStatus,
    OrderStatusValue,
    SalesChannel,
    ShippingMethod,
    money,
)
from commerce.models.reviews import ProductReview, ReviewStatus
from commerce.models.shopping_lists import ShoppingList, ShoppingListItem, ShoppingListType
from commerce.models.figures import CustomerFigures, RfmBoundaries
# isort: on
