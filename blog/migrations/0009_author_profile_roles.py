from django.db import migrations

from blog.roles import AUTHOR_PROFILE, AUTHORS, ensure_permissions, grant


def roles(apps, schema_editor):
    # Only this migration's permissions: later ones may name models not made yet.
    ensure_permissions(apps)
    grant(apps, AUTHORS, {"blog": AUTHOR_PROFILE})


class Migration(migrations.Migration):
    dependencies = [("blog", "0008_author_profiles_pinned_and_protected_posts")]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
