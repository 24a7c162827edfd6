"""Model-level permissions of the role groups, given app by app by each app's data migration
(`GROUP_PERMISSIONS`: group name -> permission codenames, or ["*"] for all of the app's).

Idempotent: the tests' role_groups fixture calls the migrations' functions again after the
browser tests flush the database. Uses the historical models the migration passes in."""

from django.contrib.auth.management import create_permissions


def grant(apps, app_label: str, group_permissions: dict[str, list[str]]) -> None:
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label=app_label)
    for name, codenames in group_permissions.items():
        group, _ = Group.objects.get_or_create(name=name)
        if codenames == ["*"]:
            group.permissions.add(*permissions)
        else:
            group.permissions.add(*permissions.filter(codename__in=codenames))


def revoke(apps, app_label: str, group_permissions: dict[str, list[str]]) -> None:
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label=app_label)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=group_permissions):
        group.permissions.remove(*permissions)
