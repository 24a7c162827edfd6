"""What the demo builders share: the run's state and one seeded generator, so runs repeat."""

from __future__ import annotations

import datetime
import random
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from crm.models import Team
from demo import data as demo_data
from demo.data import City
from parties.models import Party

SEED = 2026

TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe"}
)


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII words of a name: "Jürgen" -> ["juergen"], "O'Brien" -> ["obrien"]."""
    text = text.lower().translate(TRANSLITERATION).replace(".", "").replace("'", "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", text)


def company_domain(name: str) -> str:
    words = ascii_words(name)
    while len(words) > 1 and words[-1] in demo_data.LEGAL_SUFFIXES:
        words.pop()
    return "-".join(words) + ".example"


def email_local_part(first_name: str, last_name: str) -> str:
    return "".join(ascii_words(first_name)) + "." + "".join(ascii_words(last_name))


@dataclass
class DemoAccount:
    """An account with what its people are given: the city, the e-mail domain, the
    switchboard number and the job titles not yet handed out."""

    party: Party
    city: City
    domain: str
    phone: str
    titles: list[str] = field(default_factory=list)


@dataclass
class Summary:
    """What the run made, for the command's closing report."""

    users: int = 0
    accounts: int = 0
    contacts: int = 0
    ended_employments: int = 0
    customers_b2c: int = 0
    customers_b2b: int = 0
    consents: int = 0
    shares: int = 0
    campaigns: int = 0
    opportunities: int = 0
    leads: int = 0
    converted_leads: int = 0
    contact_lists: int = 0
    events: int = 0
    completed_events: int = 0
    products: int = 0
    orders: int = 0
    reviews: int = 0
    shopping_lists: int = 0
    cases: int = 0


class Demo:
    """One run's state, handed from builder to builder: the seeded generator (every random
    draw goes through it, in a fixed order, so the same seed makes the same data), the users
    and teams, the records later builders build on, and what has been handed out already
    (phone numbers, e-mail addresses, names) so nothing repeats."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.users: dict[str, User] = {}
        self.teams: dict[str, Team] = {}
        self.summary = Summary()
        self.accounts: list[DemoAccount] = []
        self.contacts: list[Party] = []
        self.customers: list[Party] = []
        self._phone_pools: dict[str, list[int]] = {}
        self._emails: set[str] = set()
        self._person_names: set[tuple[str, str]] = set()

    def owners(self, counts: dict[str, int]) -> list[User]:
        """`counts[username]` times each user, shuffled: who owns the next record."""
        owners = [self.users[name] for name, count in counts.items() for _ in range(count)]
        self.rng.shuffle(owners)
        return owners

    def phone(self, city: City) -> str:
        """A number of the city's range not handed out before."""
        pool = self._phone_pools.get(city.name)
        if pool is None:
            pool = self.rng.sample(range(city.phone_capacity), city.phone_capacity)
            self._phone_pools[city.name] = pool
        return city.phone_pattern.format(pool.pop())

    def email(self, local_part: str, domain: str) -> str:
        """An address not handed out before (a number added to the local part if need be)."""
        candidate, n = f"{local_part}@{domain}", 2
        while candidate in self._emails:
            candidate, n = f"{local_part}{n}@{domain}", n + 1
        self._emails.add(candidate)
        return candidate

    def person_name(self, country: str) -> tuple[str, str]:
        """A first and last name of one of the country's cultures, unique if 50 draws allow."""
        cultures = demo_data.CULTURES_BY_COUNTRY[country]
        for _ in range(50):
            culture = self.rng.choices(list(cultures), weights=list(cultures.values()))[0]
            first_names, last_names = demo_data.NAMES[culture]
            name = (self.rng.choice(first_names), self.rng.choice(last_names))
            if name not in self._person_names:
                break
        self._person_names.add(name)
        return name

    def address(self, city: City, *, to_name: str = "", line2_chance: float = 0.3) -> dict:
        """A postal address in the city, written the way its country writes them."""
        street = self.rng.choice(demo_data.STREETS[city.country])
        number = self.rng.randint(1, 240)
        if city.country in demo_data.NUMBER_AFTER_STREET:
            address1 = f"{street} {number}"
        else:
            address1 = f"{number} {street}"
        address2 = ""
        if self.rng.random() < line2_chance:
            address2 = self.rng.choice(demo_data.ADDRESS_LINE2[city.country])
        return {
            "to_name": to_name,
            "address1": address1,
            "address2": address2,
            "city": city.name,
            "postal_code": self.rng.choice(city.postal_codes),
            "state": city.state,
            "country": city.country,
        }

    def date(self, first_year: int, last_year: int) -> datetime.date:
        return datetime.date(
            self.rng.randint(first_year, last_year),
            self.rng.randint(1, 12),
            self.rng.randint(1, 28),
        )

    def employee_count(self) -> int:
        """Mostly small and mid-sized companies, a few large ones."""
        low, high = self.rng.choices(
            [(8, 40), (40, 250), (250, 1000), (1000, 5000), (5000, 30000)],
            weights=[15, 30, 25, 20, 10],
        )[0]
        return self.rng.randint(low, high)
