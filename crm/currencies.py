"""ISO 4217 codes the CRM accepts for amounts and preferred currencies."""

from django.utils.translation import gettext_lazy as _

CURRENCY_CHOICES = [
    ("USD", _("US dollar")),
    ("EUR", _("Euro")),
    ("GBP", _("Pound sterling")),
    ("CHF", _("Swiss franc")),
    ("JPY", _("Japanese yen")),
    ("CNY", _("Chinese yuan")),
    ("CAD", _("Canadian dollar")),
    ("AUD", _("Australian dollar")),
    ("NZD", _("New Zealand dollar")),
    ("SEK", _("Swedish krona")),
    ("NOK", _("Norwegian krone")),
    ("DKK", _("Danish krone")),
    ("PLN", _("Polish zloty")),
    ("CZK", _("Czech koruna")),
    ("HUF", _("Hungarian forint")),
    ("INR", _("Indian rupee")),
    ("BRL", _("Brazilian real")),
    ("MXN", _("Mexican peso")),
    ("ZAR", _("South African rand")),
    ("SGD", _("Singapore dollar")),
    ("HKD", _("Hong Kong dollar")),
    ("KRW", _("South Korean won")),
    ("AED", _("UAE dirham")),
    ("ILS", _("Israeli new shekel")),
    ("TRY", _("Turkish lira")),
]
