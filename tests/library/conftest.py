import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Pillow

from tests.factories import UserFactory


def upload(width=1600, height=900, fmt="PNG", name="photo.png", noise=False):
    """An uploaded image file (noise makes it as large as a photo that size)."""
    buffer = io.BytesIO()
    if noise:
        picture = Pillow.frombytes(
            "RGB", (width, height), os.urandom(width * height * 3)
        )
    else:
        picture = Pillow.new("RGB", (width, height), (200, 120, 40))
    picture.save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def author():
    return UserFactory(username="carol", group="Authors")


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    client.user = author
    return client


def stored_files(media_root):
    """Every file under MEDIA_ROOT, relative (to prove none was left behind)."""
    if not media_root.exists():
        return []
    return sorted(
        str(path.relative_to(media_root))
        for path in media_root.rglob("*")
        if path.is_file()
    )
