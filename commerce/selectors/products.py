"""Reads of the product pages: the category tree, a page's sales figures and ratings, and a
product's reviews and orders as the user may see them.

The sales figures are computed when a page is shown, for the products on it only: one
grouped query over their order items of the last 365 days. The items carry their order's
date and currency, and `orderitem_sales_idx` holds every column the query reads, so on
PostgreSQL it is an index-only range per product on the page (no order is read)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    prefetch_related_objects,
)
from django.utils import timezone

from commerce.models import (
    Order,
    OrderItem,
    OrderItemStatus,
    Product,
    ProductCategory,
    ProductReview,
    ReviewStatus,
)
from commerce.selectors.visibility import orders_visible_to, reviews_visible_to
from parties.kinds import page_url

WINDOWS = (30, 90, 365)


# Categories --------------------------------------------------------------------------------


@dataclass
class CategoryTree:
    """Every category, read at once (a catalogue has tens or hundreds): their paths
    ("Kitchen › Coffee") and sub-trees without a query per level."""

    categories: dict[int, ProductCategory]
    children: dict[int | None, list[int]]

    def path(self, pk: int) -> list[ProductCategory]:
        """The category and its ancestors, root first (a cycle, which the admin refuses, is
        cut where it repeats)."""
        path, seen = [], set()
        while pk is not None and pk in self.categories and pk not in seen:
            seen.add(pk)
            path.append(self.categories[pk])
            pk = self.categories[pk].parent_id
        return path[::-1]

    def label(self, pk: int) -> str:
        return " › ".join(c.name for c in self.path(pk))

    def descendants(self, pk: int) -> set[int]:
        """The category and every category below it."""
        found, todo = set(), [pk]
        while todo:
            current = todo.pop()
            if current in found:
                continue
            found.add(current)
            todo.extend(self.children.get(current, []))
        return found

    def choices(self) -> list[tuple[str, str]]:
        """(id, path) of every category, in path order, for a filter's choice list."""
        labels = [(str(pk), self.label(pk)) for pk in self.categories]
        return sorted(labels, key=lambda item: item[1].casefold())


def category_tree() -> CategoryTree:
    categories = {c.pk: c for c in ProductCategory.objects.only("id", "name", "parent_id")}
    children: dict[int | None, list[int]] = defaultdict(list)
    for category in categories.values():
        children[category.parent_id].append(category.pk)
    return CategoryTree(categories=categories, children=dict(children))


# Sales figures -----------------------------------------------------------------------------


@dataclass
class WindowFigures:
    days: int
    units: int = 0
    # Revenue per order currency (an item can be sold in another currency than its
    # product's list price), the product's currency first.
    revenue: dict[str, Decimal] = field(default_factory=dict)

    def revenue_list(self) -> list[tuple[str, Decimal]]:
        return list(self.revenue.items())


@dataclass
class SalesFigures:
    windows: list[WindowFigures]
    rating_average: Decimal | None = None
    rating_count: int = 0

    def window(self, days: int) -> WindowFigures:
        return next(w for w in self.windows if w.days == days)


def _empty_figures() -> SalesFigures:
    return SalesFigures(windows=[WindowFigures(days=days) for days in WINDOWS])


def sales_items(product_ids: Iterable[int], since: datetime.datetime) -> QuerySet[OrderItem]:
    """The items of `product_ids` that count as sales since `since`: their orders' dates
    and currencies are on the items, and an item of a cancelled or rejected order is
    cancelled with it (commerce.services.orders), so this reads no order."""
    return OrderItem.objects.filter(
        product_id__in=list(product_ids), order_date__gte=since
    ).exclude(status=OrderItemStatus.CANCELLED)


def sales_figures(
    products: Iterable[Product], *, now: datetime.datetime | None = None, ratings: bool = True
) -> dict[int, SalesFigures]:
    """Units and revenue of each product over the last 30, 90 and 365 days (orders not
    cancelled or rejected; units are the ordered quantity less what was cancelled, revenue
    the line totals), and (`ratings`) the average of its approved reviews' ratings. Two
    queries for any number of products."""
    products = list(products)
    result = {p.pk: _empty_figures() for p in products}
    if not products:
        return result
    now = now or timezone.now()
    starts = {days: now - datetime.timedelta(days=days) for days in WINDOWS}
    units = F("quantity") - F("cancelled_quantity")
    aggregates = {}
    for days, start in starts.items():
        in_window = Q(order_date__gte=start)
        aggregates[f"units_{days}"] = Sum(units, filter=in_window)
        aggregates[f"revenue_{days}"] = Sum("line_total", filter=in_window)
    rows = (
        sales_items(result, starts[max(WINDOWS)])
        .values("product_id", "currency")
        .annotate(**aggregates)
        .order_by()
    )
    currency_of = {p.pk: p.currency for p in products}
    for row in sorted(
        rows,
        key=lambda r: (r["currency"] != currency_of[r["product_id"]], r["currency"]),
    ):
        figures = result[row["product_id"]]
        for window in figures.windows:
            window.units += row[f"units_{window.days}"] or 0
            revenue = row[f"revenue_{window.days}"]
            if revenue is not None:
                currency = row["currency"]
                window.revenue[currency] = window.revenue.get(currency, Decimal("0")) + revenue
    if not ratings:
        return result
    averages = (
        ProductReview.objects.filter(product_id__in=list(result), status=ReviewStatus.APPROVED)
        .values("product_id")
        .annotate(average=Avg("rating"), count=Count("id"))
        .order_by()
    )
    for row in averages:
        figures = result[row["product_id"]]
        figures.rating_average = Decimal(row["average"]).quantize(Decimal("0.1"))
        figures.rating_count = row["count"]
    return result


# Products and their pages ------------------------------------------------------------------


def products_for_list() -> QuerySet[Product]:
    return Product.objects.select_related("category")


@dataclass
class RatingDistribution:
    counts: list[tuple[int, int]]  # (stars, approved reviews), 5 stars first
    total: int
    average: Decimal | None

    def bars(self) -> list[tuple[int, int, int]]:
        """(stars, count, percent of the reviews) for each star count, 5 first."""
        return [
            (stars, count, round(100 * count / self.total) if self.total else 0)
            for stars, count in self.counts
        ]


def rating_distribution(product: Product) -> RatingDistribution:
    rows = dict(
        ProductReview.objects.filter(product=product, status=ReviewStatus.APPROVED)
        .values_list("rating")
        .annotate(count=Count("id"))
        .order_by()
    )
    total = sum(rows.values())
    average = (
        (Decimal(sum(stars * count for stars, count in rows.items())) / total).quantize(
            Decimal("0.1")
        )
        if total
        else None
    )
    return RatingDistribution(
        counts=[(stars, rows.get(stars, 0)) for stars in range(5, 0, -1)],
        total=total,
        average=average,
    )


def latest_reviews(user: User, product: Product, limit: int = 10) -> list[ProductReview]:
    """The product's latest approved reviews whose customer the user may see."""
    return list(
        reviews_visible_to(user)
        .filter(product=product, status=ReviewStatus.APPROVED)
        .select_related("customer")
        .order_by("-posted_at", "-id")[:limit]
    )


def latest_orders(user: User, product: Product, limit: int = 10) -> list[Order]:
    """The latest orders with the product that the user may see (every status)."""
    with_product = OrderItem.objects.filter(order_id=OuterRef("pk"), product=product)
    return list(
        orders_visible_to(user)
        .filter(Exists(with_product))
        .select_related("customer")
        .order_by("-order_date", "-id")[:limit]
    )


def link_customers(rows: Iterable) -> None:
    """Sets `customer_url` on each row (a review, an order): its customer's page. One query
    for all their roles."""
    rows = list(rows)
    prefetch_related_objects([row.customer for row in rows], "roles")
    for row in rows:
        row.customer_url = page_url(row.customer)
