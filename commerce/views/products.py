"""The product pages, read-only for staff (products are managed in the admin): the
catalogue with its sales figures, and a product's page."""

from django.conf import settings
from django.views.generic import TemplateView

from commerce.filters.products import ProductFilter
from commerce.models import Product
from commerce.records import PRODUCT
from commerce.selectors import products as selectors
from crm import access
from crm.pagination import Ordering, keyset_page
from crm.records import RecordMixin

BY_NAME = Ordering("name")


class ProductListView(TemplateView):
    template_name = "commerce/product_list.html"

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, PRODUCT.permission)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        tree = selectors.category_tree()
        queryset = selectors.products_for_list()
        filterset = ProductFilter(request.GET or None, queryset=queryset, tree=tree)
        if filterset.is_bound and filterset.is_valid():
            queryset = filterset.qs
        page = keyset_page(
            queryset,
            BY_NAME,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            size=settings.CRM_PAGE_SIZE,
        )
        figures = selectors.sales_figures(page.items)
        for product in page.items:
            product.figures = figures[product.pk]
            product.category_label = tree.label(product.category_id)
        query = request.GET.copy()
        query.pop("after", None)
        query.pop("before", None)
        context.update(
            filterset=filterset,
            page=page,
            querystring=query.urlencode(),
            windows=selectors.WINDOWS,
        )
        return context


class ProductDetailView(RecordMixin, TemplateView):
    record_type = PRODUCT
    context_object_name = "product"
    template_name = "commerce/product_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        product: Product = self.record
        tree = selectors.category_tree()
        reviews = (
            selectors.latest_reviews(user, product)
            if user.has_perm("commerce.view_productreview")
            else []
        )
        orders = (
            selectors.latest_orders(user, product) if user.has_perm("commerce.view_order") else []
        )
        selectors.link_customers([*reviews, *orders])
        context.update(
            category_path=tree.path(product.category_id),
            figures=selectors.sales_figures([product], ratings=False)[product.pk],
            ratings=selectors.rating_distribution(product),
            reviews=reviews,
            orders=orders,
            can_see_reviews=user.has_perm("commerce.view_productreview"),
            can_see_orders=user.has_perm("commerce.view_order"),
        )
        return context
