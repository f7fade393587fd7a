"""Demo library: a photo inside a seed post and a small gallery (load_demo)."""

import io

from django.core.files.base import ContentFile
from django.utils.html import format_html
from PIL import Image as Pillow
from PIL import ImageDraw

from library.models import Gallery, GalleryItem, Image

# (file stem, alt text, caption, sky top, sky bottom, ground, sun or None)
PICTURES = [
    (
        "yurt-at-dawn",
        "A white yurt on flat grassland under a pink dawn sky.",
        "A yurt at dawn, an hour's drive from Almaty.",
        (240, 170, 180), (250, 220, 190), (120, 140, 70), (1000, 520),
    ),
    (
        "winter-steppe",
        "Snow-covered steppe under a grey winter sky.",
        "The same view in January.",
        (170, 180, 195), (215, 220, 228), (236, 238, 242), None,
    ),
    (
        "spring-tulips",
        "Red wild tulips in green spring grass, hills behind.",
        "Wild tulips in April.",
        (110, 170, 235), (190, 220, 245), (90, 150, 60), (300, 180),
    ),
]  # fmt: skip
FIGURE_POST = "collaborative-force-against-human-trafficking-part-ii"
GALLERY_POST = "expats-impressions-of-living-in-kazakhstan-final-part-vi"
GALLERY_TITLE = "Kazakhstan through the seasons"
CREDIT = "Photo: the author"


def landscape(top, bottom, ground, sun, *, width=1600, height=1000) -> bytes:
    """A sky and a plain, drawn here so the repo ships no binary."""
    image = Pillow.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    horizon = int(height * 0.6)
    for y in range(horizon):
        t = y / horizon
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    if sun:
        x, y = sun
        draw.ellipse([x - 70, y - 70, x + 70, y + 70], fill=(255, 236, 170))
    draw.rectangle([0, horizon, width, height], fill=ground)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def library_image(*, alt: str, caption: str, stem: str, data, author) -> Image:
    """The demo image with this alt text, stored once."""
    image = Image.objects.filter(alt_text=alt).first()
    if image is None:
        image = Image(alt_text=alt, caption=caption, credit=CREDIT, uploaded_by=author)
        image.file = ContentFile(data(), name=f"{stem}.jpg")
        image.save()
    return image


def load(*, author, stdout) -> None:
    from blog.models import Post

    images = [
        library_image(
            alt=alt,
            caption=caption,
            stem=stem,
            data=lambda top=top, bottom=bottom, ground=ground, sun=sun: landscape(
                top, bottom, ground, sun
            ),
            author=author,
        )
        for stem, alt, caption, top, bottom, ground, sun in PICTURES
    ]
    post = Post.objects.filter(slug=FIGURE_POST).first()
    first = images[0]
    if post and f'data-file="{first.pk}"' not in post.body:
        figure = format_html(
            '<figure><img src="{}" alt="{}" data-file="{}">'
            "<figcaption>{}</figcaption></figure>",
            first.file.url,
            first.alt_text,
            first.pk,
            first.caption,
        )
        head, sep, rest = post.body.partition("</p>")
        post.body = head + sep + figure + rest
        post.save()
    gallery, created = Gallery.objects.get_or_create(
        title=GALLERY_TITLE, defaults={"columns": 3, "created_by": author}
    )
    if created:
        GalleryItem.objects.bulk_create(
            GalleryItem(gallery=gallery, image=image, position=n)
            for n, image in enumerate(images, start=1)
        )
    post = Post.objects.filter(slug=GALLERY_POST).first()
    if post and gallery.shortcode not in post.body:
        post.body += f"<p>{gallery.shortcode}</p>"
        post.save()
    stdout.write(f"  library: {Image.objects.count()} images, gallery “{gallery}”")
