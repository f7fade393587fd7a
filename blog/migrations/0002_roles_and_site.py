from django.conf import settings
from django.db import migrations

from blog.roles import sync_roles


def roles(apps, schema_editor):
    sync_roles(apps, extra=False)


def site_domain(apps, schema_editor):
    # Comment permalinks redirect to the Site's domain; the default is example.com.
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": settings.BLOG_TITLE},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sites", "0002_alter_domain_unique"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
    ]

    operations = [
        migrations.RunPython(roles, migrations.RunPython.noop),
        migrations.RunPython(site_domain, migrations.RunPython.noop),
    ]
