"""Suggestions for the product picker of an order's lines."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commerce.selectors.orders import product_suggestions
from crm import access


@require_GET
def product_lookup(request: HttpRequest) -> HttpResponse:
    """Up to 20 active products whose SKU or name starts with the typed text, as <option>s
    of the picker's <datalist> (their value is the SKU, what the line's field reads)."""
    access.require_perm(request.user, "commerce.view_product")
    # `?q=` when called directly; htmx sends the field's own name (`?items-0-product=`).
    query = request.GET.get("q")
    if query is None and len(request.GET) == 1:
        query = next(iter(request.GET.values()))
    products = product_suggestions(query or "")
    return render(request, "commerce/_product_picker_options.html", {"products": products})
