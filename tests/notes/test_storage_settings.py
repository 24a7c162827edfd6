"""Files go through Django's storage API: local files by default, an S3-compatible bucket
(django-storages) when CRM_S3_BUCKET is set."""

import importlib
import os
from unittest import mock

import config.settings


def _settings_with(env: dict):
    with mock.patch.dict(os.environ, env, clear=False):
        try:
            return importlib.reload(config.settings)
        finally:
            pass


def test_local_storage_is_the_default():
    module = _settings_with({})
    try:
        assert module.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
        assert module.CRM_ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024
    finally:
        importlib.reload(config.settings)


def test_s3_storage_when_a_bucket_is_configured():
    env = {
        "CRM_S3_BUCKET": "crm-files",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.com",
        "AWS_S3_REGION_NAME": "eu-central-1",
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "CRM_ATTACHMENT_MAX_BYTES": "1048576",
    }
    module = _settings_with(env)
    try:
        default = module.STORAGES["default"]
        assert default["BACKEND"] == "storages.backends.s3.S3Storage"
        options = default["OPTIONS"]
        assert options["bucket_name"] == "crm-files"
        assert options["endpoint_url"] == "https://s3.example.com"
        assert options["region_name"] == "eu-central-1"
        # Private objects reached through signed URLs only; no overwriting by name.
        assert options["default_acl"] is None and options["querystring_auth"] is True
        assert options["file_overwrite"] is False
        assert module.CRM_ATTACHMENT_MAX_BYTES == 1048576
    finally:
        with mock.patch.dict(os.environ, {}, clear=False):
            for name in env:
                os.environ.pop(name, None)
            importlib.reload(config.settings)
