"""The vCards real address books exported (../shared/testdata/vcards): part of the spec, so a
missing folder fails the tests that read them instead of skipping them."""

from pathlib import Path

import pytest
from django.conf import settings

FOLDER = Path(settings.BASE_DIR).parent / "shared" / "testdata" / "vcards"
# Every sample file; test_every_sample_file_is_listed checks that none is missing here.
NAMES = sorted(
    [
        "John_Doe_ANDROID.vcf",
        "John_Doe_GMAIL.vcf",
        "John_Doe_IPHONE.vcf",
        "John_Doe_MS_OUTLOOK.vcf",
        "gmail-single.vcf",
        "outlook-2007.vcf",
        "rfc6350-example.vcf",
        "thunderbird-MoreFunctionsForAddressBook-extension.vcf",
    ]
)


def folder() -> Path:
    if not FOLDER.is_dir():
        pytest.fail(f"{FOLDER} not found: the vCard samples must sit next to the project")
    return FOLDER


def sample_bytes(name: str) -> bytes:
    return (folder() / name).read_bytes()
