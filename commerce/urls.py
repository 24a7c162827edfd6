"""Commerce pages: orders, products, reviews and shopping lists."""

from django.urls import include, path

from commerce import bulk  # noqa: F401  (registers the lists' bulk actions)
from commerce.views import lookup, orders, products, reviews, shopping_lists
from crm.bulk import bulk_view

order_patterns = [
    path("", orders.OrderListView.as_view(), name="list"),
    path("bulk/", bulk_view, {"list_name": "orders"}, name="bulk"),
    path("new/", orders.OrderCreateView.as_view(), name="new"),
    path("<int:pk>/", orders.OrderDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", orders.order_status, name="status"),
]
product_patterns = [
    path("", products.ProductListView.as_view(), name="list"),
    path("bulk/", bulk_view, {"list_name": "products"}, name="bulk"),
    path("lookup/", lookup.product_lookup, name="lookup"),
    path("<int:pk>/", products.ProductDetailView.as_view(), name="detail"),
]
review_patterns = [
    path("", reviews.ReviewQueueView.as_view(), name="list"),
    path("bulk/", bulk_view, {"list_name": "reviews"}, name="bulk"),
    path("<int:pk>/", reviews.ReviewDetailView.as_view(), name="detail"),
    path("<int:pk>/moderate/", reviews.review_moderate, name="moderate"),
]
shopping_list_patterns = [
    path("<int:pk>/", shopping_lists.ShoppingListDetailView.as_view(), name="detail"),
    path("<int:pk>/order/", shopping_lists.shopping_list_order, name="order"),
]

urlpatterns = [
    path("orders/", include((order_patterns, "orders"))),
    path("products/", include((product_patterns, "products"))),
    path("reviews/", include((review_patterns, "reviews"))),
    path("shopping-lists/", include((shopping_list_patterns, "shopping_lists"))),
]
