from django.db import migrations

from blog.roles import ensure_permissions, grant, revoke
from surveys.roles import AUTHORS_LOSE


def narrow(apps, schema_editor):
    # Groups made by 0002 let Authors change and delete readers' free-text answers.
    ensure_permissions(apps)
    revoke(apps, "Authors", AUTHORS_LOSE)


def widen(apps, schema_editor):
    ensure_permissions(apps)
    grant(apps, "Authors", AUTHORS_LOSE)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_roles")]

    operations = [migrations.RunPython(narrow, widen)]
