"""The demo users, their role groups and home teams: who the other builders act as."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from crm.access import ADMINISTRATOR, CUSTOMER_SERVICE, MARKETING, SALES_MANAGER, SALES_REP
from crm.models import Team, UserProfile
from demo.builders.common import Demo

PASSWORD = "demo"
# The demo is loaded when this user exists.
MARKER_USERNAME = "alice"

# username, first name, last name, role group, home team, extra user fields
USERS = [
    ("admin", "Ada", "Admin", ADMINISTRATOR, None, {"is_staff": True, "is_superuser": True}),
    ("carol", "Carol", "Chen", SALES_MANAGER, "East", {}),
    ("alice", "Alice", "Anderson", SALES_REP, "East", {}),
    ("bob", "Bob", "Baker", SALES_REP, "East", {}),
    ("wendy", "Wendy", "Walsh", SALES_MANAGER, "West", {}),
    ("dan", "Dan", "Diaz", SALES_REP, "West", {}),
    ("erin", "Erin", "Evans", CUSTOMER_SERVICE, None, {}),
    ("mark", "Mark", "Martin", MARKETING, None, {}),
]
TEAM_MANAGERS = {"East": "carol", "West": "wendy"}
USERNAMES = [username for username, *_ in USERS]


def build(demo: Demo) -> None:
    """Teams first (users join them); each team's manager once the users exist."""
    for name in TEAM_MANAGERS:
        group, _ = Group.objects.get_or_create(name=f"Team {name}")
        demo.teams[name], _ = Team.objects.get_or_create(group=group)
    # One hash for all: every demo user has the same well-known password anyway, and
    # hashing costs a fifth of a second each.
    password = make_password(PASSWORD)
    for username, first_name, last_name, role, team_name, extra in USERS:
        user = User.objects.create(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@example.com",
            password=password,
            **extra,
        )
        user.groups.add(Group.objects.get(name=role))
        team = demo.teams[team_name] if team_name else None
        UserProfile.objects.update_or_create(user=user, defaults={"home_team": team})
        if team:
            user.groups.add(team.group)
        demo.users[username] = user
    for team_name, username in TEAM_MANAGERS.items():
        team = demo.teams[team_name]
        team.manager = demo.users[username]
        team.save(update_fields=["manager"])
    demo.summary.users = len(demo.users)
