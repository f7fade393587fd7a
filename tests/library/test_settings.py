"""Uploads on an object store are allowed by the page's Content-Security-Policy."""

import json
import subprocess
import sys

import pytest

from tests.production.test_production import ROOT

READ_POLICY = (
    "import json, config.settings as s;"
    "print(json.dumps(s.CONTENT_SECURITY_POLICY['DIRECTIVES']))"
)


def policy(**env):
    import os

    keep = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    result = subprocess.run(
        [sys.executable, "-c", READ_POLICY],
        cwd=ROOT,
        env=keep | {"DJANGO_DEBUG": "1"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("env", "host"),
    [
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "media",
                "AWS_S3_CUSTOM_DOMAIN": "localhost:9000/steppe-media",
                "AWS_S3_URL_PROTOCOL": "http:",
            },
            "http://localhost:9000",
        ),
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "media",
                "AWS_S3_ENDPOINT_URL": "http://s3:9000",
            },
            "http://s3:9000",
        ),
        ({"AWS_STORAGE_BUCKET_NAME": "media"}, "https://media.s3.amazonaws.com"),
    ],
)
def test_object_store_host_may_serve_images_audio_and_video(env, host):
    directives = policy(**env)
    assert host in directives["img-src"] and host in directives["media-src"]


def test_local_uploads_need_no_other_host():
    directives = policy()
    assert directives["media-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]


def test_an_old_blog_s_host_may_play_its_audio_and_video():
    """Remote library entries an import left (no --media): their host is allowed."""
    directives = policy(
        STEPPE_MEDIA_HOSTS="https://old.example.com,https://cdn.example"
    )
    assert directives["media-src"] == [
        "'self'",
        "https://old.example.com",
        "https://cdn.example",
    ]
    assert "https://old.example.com" not in directives["img-src"]
