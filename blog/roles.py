"""The Authors and Moderators groups, least privilege (DESIGN.md §4).

Used by data migrations with historical models, and by load_demo and tests.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

AUTHORS = "Authors"
MODERATORS = "Moderators"

ROLES = {
    AUTHORS: {
        "blog": [
            "add_post", "change_post", "delete_post", "view_post",
            "add_series", "change_series", "delete_series", "view_series",
        ],
        "taggit": ["add_tag", "change_tag", "delete_tag", "view_tag"],
        "django_comments_xtd": ["view_xtdcomment"],
    },
    MODERATORS: {
        "blog": ["view_post"],
        "django_comments": ["can_moderate"],
        "django_comments_xtd": ["view_xtdcomment", "change_xtdcomment"],
    },
}  # fmt: skip


def ensure_permissions(apps=global_apps) -> None:
    """Create model permissions now; Django otherwise adds them after migrate."""
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original


def grant(apps, group_name: str, perms: dict[str, list[str]]) -> None:
    """Give a group exactly these permissions (others it had stay)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codenames in perms.items():
        found = Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        missing = set(codenames) - {p.codename for p in found}
        if missing:
            raise LookupError(f"{app_label} has no permissions {sorted(missing)}")
        group.permissions.add(*found)


def revoke(apps, group_name: str, perms: dict[str, list[str]]) -> None:
    """Take these permissions from a group, for migrations that narrow a role."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, codenames in perms.items():
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
        )


# Blog permissions added after migration 0002 (which grants ROLES as they were
# then), each granted by its own migration too: (group, {app_label: codenames}).
# An author's own profile only (blog/authors/admin.py narrows it to theirs).
AUTHOR_PROFILE = ["add_authorprofile", "change_authorprofile", "view_authorprofile"]
# Tag and series names in other languages (blog.languages), edited with them.
TRANSLATED_NAMES = [
    f"{action}_{model}"
    for model in ("tagname", "seriesname")
    for action in ("add", "change", "delete", "view")
]
LATER_GRANTS = [
    (AUTHORS, {"blog": AUTHOR_PROFILE}),
    (AUTHORS, {"blog": TRANSLATED_NAMES}),
]

# Other apps add their permissions to the roles (surveys does, in its migration).
EXTRA_ROLES: dict[str, dict[str, list[str]]] = {}


def sync_roles(apps=global_apps, *, extra=True) -> None:
    """Give the groups their permissions; `extra=False` for blog's 0002 set only."""
    ensure_permissions(apps)
    for group_name, perms in ROLES.items():
        grant(
            apps, group_name, perms | (EXTRA_ROLES.get(group_name, {}) if extra else {})
        )
    if extra:
        for group_name, perms in LATER_GRANTS:
            grant(apps, group_name, perms)


def role(name: str):
    """The group of a role, made again with its permissions if it was deleted."""
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=name).first()
    if group is None:
        sync_roles()
        group = Group.objects.get(name=name)
    return group
