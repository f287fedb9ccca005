"""Papers in an S3-compatible bucket (django-storages, configured by OPENPCC_S3_* as docs/deploy.md
says), against moto's stand-in for S3: upload, public download, a missing object, and backup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ENV = {
    "OPENPCC_S3_BUCKET": "opcc-papers",
    "OPENPCC_S3_REGION": "eu-west-2",
    "OPENPCC_S3_PREFIX": "papers",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}


def _configured_storage() -> dict:
    """The default storage the settings make from the environment variables (in a fresh process)."""
    env = {**os.environ, **ENV, "OPENPCC_ALLOW_INSECURE_KEY": "1", "DATABASE_URL": "sqlite:///:memory:"}
    code = (
        "import django, json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'openpcc.settings'); "
        "django.setup(); from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=django_settings.BASE_DIR, capture_output=True)
    assert out.returncode == 0, out.stderr.decode()
    return json.loads(out.stdout)


@pytest.fixture
def bucket(settings, monkeypatch):
    import boto3
    from moto import mock_aws

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, ENV[name])
    storage = _configured_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-2")
        s3.create_bucket(Bucket="opcc-papers", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        settings.STORAGES = {**settings.STORAGES, "default": storage}
        yield s3


def test_papers_live_in_the_bucket_and_are_served_only_when_public(bucket, world, client, tmp_path):
    document = world.meetings.public_file
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket="opcc-papers")["Contents"]]
    assert f"papers/{document.file.name}" in keys
    response = client.get(reverse("documents:file", args=[world.body.slug, document.pk, document.download_name]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    private = world.meetings.private_file
    hidden = reverse("documents:file", args=[world.body.slug, private.pk, private.download_name])
    assert client.get(hidden).status_code == 404

    from openpcc.core.backup import backup_write

    backup_write(tmp_path / "b.tar.gz")
    with tarfile.open(tmp_path / "b.tar.gz") as tar:
        assert f"media/{document.file.name}" in tar.getnames()

    bucket.delete_object(Bucket="opcc-papers", Key=f"papers/{document.file.name}")
    missing = client.get(reverse("documents:file", args=[world.body.slug, document.pk, document.download_name]))
    assert missing.status_code == 404 and "The file of this paper is missing" in missing.content.decode()
