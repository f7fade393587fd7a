from django.db import migrations

from blog.roles import ensure_permissions, grant
from pages.roles import AUTHORS, MODERATORS


def roles(apps, schema_editor):
    ensure_permissions(apps)
    grant(apps, "Authors", AUTHORS)
    grant(apps, "Moderators", MODERATORS)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_pages"),
        ("blog", "0002_roles_and_site"),
    ]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
