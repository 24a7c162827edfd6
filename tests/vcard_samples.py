"""The vCards real address books exported (../shared/testdata/vcards, or the folder
CRM_SAMPLES_DIR names): part of the spec, but not part of the repository, so a fresh clone
without the folder skips the tests that read them, with the reason printed by `pytest -ra`;
with CRM_SAMPLES_REQUIRED=1 (as .ci/run sets) a missing folder is a failure instead."""

import os
from pathlib import Path

import pytest
from django.conf import settings

DEFAULT_FOLDER = Path(settings.BASE_DIR).parent / "shared" / "testdata" / "vcards"
# Every sample file; tests/parties/test_vcards.py checks that none is missing here.
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
    """The samples' folder; skips the calling test when it is absent (fails it when the
    samples are required)."""
    path = Path(os.environ.get("CRM_SAMPLES_DIR") or DEFAULT_FOLDER)
    if not path.is_dir():
        message = (
            f"vCard samples not found at {path}: tests reading them skipped (put the real "
            "address-book exports in ../shared/testdata/vcards or set CRM_SAMPLES_DIR)"
        )
        if os.environ.get("CRM_SAMPLES_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def sample_bytes(name: str) -> bytes:
    return (folder() / name).read_bytes()
