"""Benchmark: the app under gunicorn against DATABASE_URL, as three personas.

    DATABASE_URL=postgres://... python bench/run.py [--requests 50] [--warmup 5]

Signs in as a sales rep (rep01), a sales manager (manager01) and a CSR (csr01) made by
`manage.py seed_scale` (and, when the database holds support cases, the Europe support team's
manager csmanager01), and prints per page and persona the median and p95 latency over
--requests requests after --warmup, and the SQL queries the page ran (X-Query-Count). Writes
the table to bench/results/<date>-<database>.md. The rep and the CSR also open the shop's
pages (when the database holds orders: `seed_scale`, or `seed_scale --commerce-only` on a
database seeded before): the 360 page of the customer with the most orders they may see, its
order history and journey ~1,000 rows deep, the order list (plain and filtered), an order,
the review queue and the product list. The CSR and the support manager open the support
pages (when the database holds cases: `seed_scale`, or `seed_scale --support-only` on a
database seeded before): the case list (plain, breached, the team's queue, --deep-hops pages
deep), the case with 200 notes, the queue page, the figures (the manager) and the 360 page of
the customer with the most cases; the rep the case list, that 360 page of theirs, the partner
list and the page of the partner credited with most of their deals. Exits non-zero when the
database is not reachable or holds no seeded data.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = {"rep": "rep01", "manager": "manager01", "csr": "csr01"}
# Present when seed_scale made the support desk: opens the support pages only.
SUPPORT_MANAGER = ("csmgr", "csmanager01")
PASSWORD = "demo"


def fail(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(2)


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def targets() -> dict:
    """What each persona looks at: records it may see, found through the app's own selectors."""
    from django.contrib.auth.models import User
    from django.db import OperationalError, connection
    from django.db.models import Exists, OuterRef

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        fail(f"cannot reach the database ({exc}).")
    from events.selectors import events_visible_to
    from opportunities.selectors import opportunities_visible_to
    from parties import selectors
    from parties.kinds import CONTACTS, CUSTOMERS
    from parties.models import ContactMechPurpose, Party, PartyContactMechPurpose

    total = Party.objects.count()
    if total == 0:
        fail("the database holds no parties: run `manage.py seed_scale --parties N` first.")
    users = {p: User.objects.filter(username=u).first() for p, u in PERSONAS.items()}
    missing = [PERSONAS[p] for p, u in users.items() if u is None]
    if missing:
        fail(f"no seeded user(s) {', '.join(missing)}: run `manage.py seed_scale` first.")

    def mech(party, purpose):
        row = (
            PartyContactMechPurpose.objects.filter(
                party=party, purpose=purpose, thru_date__isnull=True
            )
            .select_related("party_contact_mech__contact_mech")
            .first()
        )
        return row.party_contact_mech.contact_mech.value if row else ""

    desk = support_desk()
    if desk:
        manager = User.objects.filter(username=SUPPORT_MANAGER[1]).first()
        if manager is not None:
            users[SUPPORT_MANAGER[0]] = manager
    result = {"parties": total, "personas": {}, "cases": desk.get("cases", 0)}
    for persona, user in users.items():
        if persona == SUPPORT_MANAGER[0]:
            result["personas"][persona] = {
                "username": user.username,
                "visible": selectors.parties_visible_to(user).count(),
                **support_targets(user, desk),
            }
            continue
        contacts = selectors.page_queryset(user, CONTACTS)
        customers = selectors.page_queryset(user, CUSTOMERS)
        contact = contacts.order_by("pk").first() if persona != "csr" else None
        customer = customers.order_by("pk").first()
        sample = contact or customer
        events = events_visible_to(user)
        event = events.order_by("pk").values_list("pk", flat=True).first()
        # A contact whose activities panel has something to show.
        busy_contact = (
            contacts.filter(Exists(events.filter(party=OuterRef("pk"))))
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        deal = opportunities_visible_to(user).order_by("pk").first()
        shop = commerce_targets(customers) if persona in SHOP_PERSONAS else {}
        support = support_targets(user, desk) if desk and persona in SUPPORT_PERSONAS else {}
        result["personas"][persona] = {
            **shop,
            **support,
            "username": user.username,
            "visible": selectors.parties_visible_to(user).count(),
            "contact": contact.pk if contact else None,
            "customer": customer.pk if customer else None,
            "event": event,
            "busy_contact": busy_contact,
            "opportunity": deal.pk if deal else None,
            "account": deal.account_id if deal and persona != "csr" else None,
            "surname": sample.last_name or sample.display_name.split()[0],
            "email": mech(sample, ContactMechPurpose.PRIMARY_EMAIL),
            "phone": mech(sample, ContactMechPurpose.PRIMARY_PHONE)[-7:],
        }
    return result


# Who looks at the shop: customer service and a sales rep (the CSR sees every customer).
SHOP_PERSONAS = ("rep", "csr")
# How deep the order history and journey deep pages start (rows before the cursor).
SHOP_DEPTH = 1_000


def commerce_targets(customers) -> dict:
    """The customer with the most orders among `customers` (the persona's visible ones, by
    the figures' order-count index), cursors ~1,000 rows deep into its order history and its
    journey, and its latest order; {} when the database holds no orders."""
    from commerce.models import CustomerFigures, Order
    from crm.pagination import encode_cursor
    from parties.models import JourneyEntry

    top = (
        CustomerFigures.objects.filter(party__in=customers.values("pk"))
        .order_by("-order_count", "party_id")
        .values_list("party_id", flat=True)
        .first()
    )
    if top is None:
        return {}
    orders = Order.objects.filter(customer_id=top).order_by("-order_date", "-id")
    latest = orders.values_list("pk", flat=True).first()
    deep_order = orders.values_list("order_date", "pk")[SHOP_DEPTH - 1 : SHOP_DEPTH].first()
    if deep_order is None:
        deep_order = orders.values_list("order_date", "pk").last()
    journey = JourneyEntry.objects.filter(party_id=top).order_by("-occurred_at", "-id")
    deep_entry = journey.values_list("occurred_at", "pk")[SHOP_DEPTH - 1 : SHOP_DEPTH].first()
    if deep_entry is None:
        deep_entry = journey.values_list("occurred_at", "pk").last()
    from commerce.models import OrderItem, ProductReview, ShoppingList

    # The best-selling product of the customer's latest order, a review and a shopping list
    # of the customer's (their pages: a product's figures read all its items of a year).
    product = OrderItem.objects.filter(order_id=latest).values_list("product_id", flat=True)
    review = ProductReview.objects.filter(customer_id=top).values_list("pk", flat=True)
    shopping_list = ShoppingList.objects.filter(customer_id=top).values_list("pk", flat=True)
    return {
        "top_customer": top,
        "product": product.first(),
        "review": review.first(),
        "shopping_list": shopping_list.first(),
        "top_customer_orders": orders.count(),
        "orders_cursor": encode_cursor(*deep_order) if deep_order else None,
        "journey_cursor": encode_cursor(*deep_entry) if deep_entry else None,
        "order": latest,
    }


def commerce_pages(data: dict) -> list[tuple[str, str]]:
    """The shop's pages for a persona with `commerce_targets`."""
    if not data.get("top_customer"):
        return []
    customer = data["top_customer"]
    quote = urllib.parse.quote
    year_ago = (date.today() - timedelta(days=365)).isoformat()
    pages = [("customer 360, most orders", f"/customers/{customer}/")]
    if data["orders_cursor"]:
        pages.append(
            (
                "customer orders, deep",
                f"/customers/{customer}/?orders_after={quote(data['orders_cursor'])}",
            )
        )
    if data["journey_cursor"]:
        pages.append(
            (
                "customer journey, deep",
                f"/customers/{customer}/journey/?after={quote(data['journey_cursor'])}",
            )
        )
    pages += [
        ("order list", "/orders/"),
        ("order list, filtered", f"/orders/?status=completed&date_from={year_ago}"),
    ]
    if data["order"]:
        pages.append(("order detail", f"/orders/{data['order']}/"))
    pages += [
        ("order list, one customer", f"/orders/?customer={customer}"),
        ("new order form", f"/orders/new/?customer={customer}"),
        ("review queue", "/reviews/"),
        ("product list", "/products/"),
    ]
    for label, key, url in (
        ("product detail", "product", "/products/{}/"),
        ("review detail", "review", "/reviews/{}/"),
        ("shopping list", "shopping_list", "/shopping-lists/{}/"),
    ):
        if data.get(key):
            pages.append((label, url.format(data[key])))
    return pages


# Who opens the support pages besides the support manager: the CSR, and the sales rep (the
# cases of the customers they see, and the partners).
SUPPORT_PERSONAS = ("rep", "csr")


def support_desk() -> dict:
    """How many cases there are and the one with the most notes (seed_scale's 200-note
    case); {} when the database holds none."""
    from django.db.models import Count

    from support.models import Case, CaseNote

    cases = Case.objects.count()
    if not cases:
        return {}
    big = (
        CaseNote.objects.values("case_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "case_id")
        .values_list("case_id", "n")
        .first()
    )
    return {"cases": cases, "big_case": big[0] if big else None, "notes": big[1] if big else 0}


def support_targets(user, desk: dict) -> dict:
    """What `user` opens of the support desk: the customer with the most cases they may see
    (its 360 page lists them), the 200-note case if they may see it; for the sales rep, the
    partner credited with most of the deals they may see."""
    from django.db.models import Count

    from opportunities.selectors import opportunities_visible_to
    from parties.selectors.partners import all_partners
    from support.selectors import cases_visible_to

    visible = cases_visible_to(user)
    top = (
        visible.values("customer_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "customer_id")
        .values_list("customer_id", "n")
        .first()
    )
    big = desk.get("big_case")
    data = {
        "case_customer": top[0] if top else None,
        "case_customer_cases": top[1] if top else 0,
        "big_case": big if big and visible.filter(pk=big).exists() else None,
        "big_case_notes": desk.get("notes", 0),
        "works_cases": user.has_perm("support.change_case"),
        "support_manager": user.username == SUPPORT_MANAGER[1],
    }
    if user.username == PERSONAS["rep"]:
        partner = (
            opportunities_visible_to(user)
            .filter(partner__isnull=False)
            .values("partner_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "partner_id")
            .values_list("partner_id", flat=True)
            .first()
        )
        if partner is None:
            partner = all_partners().order_by("pk").values_list("pk", flat=True).first()
        data["partner"] = partner
    return data


def support_pages(client: Client, data: dict, hops: int) -> list[tuple[str, str]]:
    """The support pages for a persona with `support_targets`."""
    if "case_customer" not in data:
        return []
    pages = [("case list", "/cases/")]
    if data["works_cases"]:
        pages += [
            ("case list, breached", "/cases/?sla=breached"),
            ("case list, deep page", deep_page(client, "/cases/", hops)),
            ("case list, team queue", "/cases/?scope=team"),
        ]
        if data["big_case"]:
            pages.append((f"case, {data['big_case_notes']} notes", f"/cases/{data['big_case']}/"))
        pages.append(("case queue", "/cases/queue/"))
        if data["support_manager"]:
            pages.append(("case figures", "/cases/figures/"))
    if data["case_customer"]:
        pages.append(("customer 360, most cases", f"/customers/{data['case_customer']}/"))
    if "partner" in data:
        pages.append(("partner list", "/partners/"))
        if data["partner"]:
            pages.append(("partner detail", f"/partners/{data['partner']}/"))
    return pages


class Client:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response, content.decode("utf-8", "replace")

    def sign_in(self, username: str) -> None:
        _, page = self.request("GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response, _ = self.request(
            "POST",
            "/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        if response.status != 302:
            fail(f"could not sign in as {username} (status {response.status}).")


def deep_page(client: Client, start: str, hops: int) -> str:
    """Follow "Next" `hops` times from a list page; returns the deep page's path."""
    path = start
    base = start.split("?", 1)[0]
    for _ in range(hops):
        _, page = client.request("GET", path)
        match = re.search(r'href="(\?[^"]*after=[^"]+)"[^>]*>Next', page)
        if not match:
            break
        path = base + match.group(1).replace("&amp;", "&")
    return path


def measure(client: Client, path: str, warmup: int, requests: int) -> tuple[float, float, str, int]:
    for _ in range(warmup):
        client.request("GET", path)
    times, counts, status = [], set(), 0
    for _ in range(requests):
        started = time.perf_counter()
        response, _ = client.request("GET", path)
        times.append((time.perf_counter() - started) * 1000)
        counts.add(int(response.getheader("X-Query-Count", "-1")))
        status = response.status
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    # Every distinct count seen: one number when the page's query count is constant.
    return statistics.median(times), p95, "/".join(map(str, sorted(counts))), status


def run_pages(client: Client, persona: str, pages: list[tuple[str, str]], args) -> list[tuple]:
    """Measure each page; print a line per page as it goes."""
    rows = []
    for name, path in pages:
        if args.only and not any(word in name for word in args.only):
            continue
        median, p95, queries, status = measure(client, path, args.warmup, args.requests)
        rows.append((name, persona, median, p95, queries, status, path))
        print(
            f"{name:26} {persona:8} median {median:6.1f} ms  p95 {p95:6.1f} ms  "
            f"{queries:>3} queries  [{status}] {path}",
            flush=True,
        )
    return rows


def machine() -> str:
    mem = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    return f"{os.cpu_count()} cores, {int(mem) / 1024 / 1024:.0f} GiB RAM, {platform.platform()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--deep-hops", type=int, default=100, help="Next-page clicks to a deep page"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="WORDS",
        help="measure only the pages whose name contains WORDS (repeatable), e.g. --only case",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where to write the table (default bench/results/<date>-<database>.md)",
    )
    args = parser.parse_args()

    django_setup()
    from django.db import connection

    info = targets()
    vendor = connection.vendor
    version = connection.Database.sqlite_version if vendor == "sqlite" else ""
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    connection.close()

    env = dict(os.environ)
    env.update(
        DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CRM_QUERY_COUNT_HEADER="1",
        AXES_FAILURE_LIMIT="1000",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if Client(args.port).request("GET", "/healthz/")[0].status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            fail("gunicorn did not start.")
        rows = []
        for persona, data in info["personas"].items():
            client = Client(args.port)
            client.sign_in(data["username"])
            if persona == SUPPORT_MANAGER[0]:
                rows += run_pages(
                    client, persona, support_pages(client, data, args.deep_hops), args
                )
                continue
            pages = [
                ("dashboard", "/"),
                ("contact list, page 1", "/contacts/"),
                ("contact list, deep page", deep_page(client, "/contacts/", args.deep_hops)),
                ("contact list, filtered", "/contacts/?status=active&name=M&sort=-updated"),
                ("search by surname", "/search/?q=" + urllib.parse.quote(data["surname"])),
                ("search by e-mail", "/search/?q=" + urllib.parse.quote(data["email"])),
                ("search by phone", "/search/?q=" + urllib.parse.quote(data["phone"])),
                (
                    "search, one kind",
                    "/search/?kind=contacts&q=" + urllib.parse.quote(data["surname"]),
                ),
                ("search, a broad term", "/search/?q=licences"),
                ("quick search", "/search/quick/?q=" + urllib.parse.quote(data["surname"][:4])),
                ("tag suggestions", "/tags/suggest/?q=v"),
                ("people lookup", "/people/lookup/?q=re"),
                ("contact list, chosen columns", "/contacts/?cols=name,email,created"),
            ]
            if data["contact"]:
                pages.append(("contact detail", f"/contacts/{data['contact']}/"))
            if data["customer"]:
                pages.append(("customer 360", f"/customers/{data['customer']}/"))
            pages += [
                ("event list", "/events/"),
                ("my work", "/events/my-work/"),
                ("calendar month", "/events/calendar/"),
                ("calendar week, team", "/events/calendar/?view=week&scope=team"),
            ]
            if persona == "manager":
                pages.append(("team activity", "/events/activity/"))
            if persona == "rep":
                pages += [
                    ("notifications", "/notifications/"),
                    ("notification count (bell)", "/notifications/count/"),
                    ("jobs", "/jobs/"),
                ]
            if data["event"]:
                pages.append(("event detail", f"/events/{data['event']}/"))
            if data["busy_contact"]:
                pages.append(("contact + activities", f"/contacts/{data['busy_contact']}/"))
            pages.append(("opportunity list", "/opportunities/"))
            if data["opportunity"]:
                pages.append(("opportunity detail", f"/opportunities/{data['opportunity']}/"))
            if data["account"]:
                pages.append(("account + deals", f"/accounts/{data['account']}/"))
            pages += commerce_pages(data)
            pages += support_pages(client, data, args.deep_hops)
            rows += run_pages(client, persona, pages, args)
    finally:
        server.terminate()
        server.wait(timeout=10)

    lines = [
        f"# Benchmark {date.today().isoformat()} — {vendor} {version}",
        "",
        f"- Machine: {machine()}",
        f"- Data: {info['parties']:,} parties; "
        + "; ".join(
            f"{p} ({d['username']}) may see {d['visible']:,}" for p, d in info["personas"].items()
        )
        + "".join(
            f"; {p}'s customer with the most orders: {d['top_customer_orders']:,}"
            for p, d in info["personas"].items()
            if d.get("top_customer")
        )
        + (f"; {info['cases']:,} cases" if info["cases"] else "")
        + "".join(
            f"; {p}'s customer with the most cases: {d['case_customer_cases']:,}"
            for p, d in info["personas"].items()
            if d.get("case_customer")
        ),
        f"- gunicorn, {args.workers} workers; {args.requests} sequential requests per row after "
        f"{args.warmup} warm-up requests; deep page = {args.deep_hops} clicks on Next.",
        "",
        "| page | persona | median ms | p95 ms | SQL queries | status |",
        "|---|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {r[0]} | {r[1]} | {r[2]:.1f} | {r[3]:.1f} | {r[4]} | {r[5]} |" for r in rows]
    out = args.out or ROOT / "bench" / "results" / f"{date.today().isoformat()}-{vendor}.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nWritten to {out}")
    slow = [r for r in rows if r[3] >= 100 or r[5] != 200]
    if slow:
        print(
            "Over budget (p95 >= 100 ms) or not 200: " + ", ".join(f"{r[0]}/{r[1]}" for r in slow)
        )


if __name__ == "__main__":
    main()
