import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0011_featured_images_into_library"),
    ]

    operations = [
        migrations.RemoveField(model_name="post", name="image_renditions"),
        migrations.RemoveField(model_name="post", name="featured_image"),
        migrations.RenameField(
            model_name="post", old_name="library_image", new_name="featured_image"
        ),
        migrations.AlterField(
            model_name="post",
            name="featured_image",
            field=models.ForeignKey(
                blank=True,
                help_text="An image from the library; it brings its own alt text.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="featured_in",
                to="library.image",
            ),
        ),
        migrations.AlterField(
            model_name="post",
            name="featured_image_alt",
            field=models.CharField(
                blank=True,
                max_length=255,
                verbose_name="description of the image at that address",
            ),
        ),
        migrations.AlterField(
            model_name="post",
            name="featured_image_url",
            field=models.URLField(
                blank=True,
                help_text="An image kept elsewhere (an import without its files); "
                "a library image replaces it.",
                max_length=500,
                verbose_name="image address",
            ),
        ),
    ]
