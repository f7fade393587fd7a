import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0009_author_profile_roles"),
        ("library", "0001_media_library"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="library_image",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="library.image",
            ),
        ),
    ]
