from django.db import migrations

from blog.roles import ensure_permissions, grant
from library.roles import AUTHORS


def roles(apps, schema_editor):
    ensure_permissions(apps)
    grant(apps, "Authors", AUTHORS)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0001_media_library"),
        ("blog", "0002_roles_and_site"),
    ]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
