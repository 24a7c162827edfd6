"""Which files may be attached: the size limit (named in the error and on the form), types by
extension and by content, programs refused however they are named."""

import pytest
from django.core.exceptions import ValidationError

from notes.files import check_upload, clean_name
from tests.notes.files import EXE, PDF, PNG, docx, jar, odt, upload


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("offer.pdf", PDF, "application/pdf"),
        ("logo.PNG", PNG, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("anim.gif", b"GIF89a" + b"\x00" * 20, "image/gif"),
        ("pic.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("notes.txt", "Grüße, café\nline two\n".encode(), "text/plain"),
        ("list.csv", b"name,email\nHank,hank@globex.example\n", "text/csv"),
        (
            "quote.docx",
            docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("minutes.odt", odt(), "application/vnd.oasis.opendocument.text"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "application/msword"),
    ],
)
def test_allowed_files_are_recognised_by_their_content(name, content, mime_type):
    checked = check_upload(upload(name, content, content_type="application/x-anything"))
    assert checked.mime_type == mime_type
    assert checked.size == len(content)


def _refusal(name, content) -> str:
    with pytest.raises(ValidationError) as exc:
        check_upload(upload(name, content))
    return " ".join(exc.value.messages)


def test_a_renamed_exe_is_refused_as_a_program():
    assert "program or script" in _refusal("invoice.pdf", EXE)
    assert "program or script" in _refusal("notes.txt", EXE)


@pytest.mark.parametrize(
    "content",
    [b"\x7fELF\x02\x01\x01" + b"\x00" * 9, b"\xcf\xfa\xed\xfe" + b"\x00" * 12, b"#!/bin/sh\n"],
)
def test_elf_mach_o_and_scripts_are_refused_whatever_their_name(content):
    assert "program or script" in _refusal("report.txt", content)


@pytest.mark.parametrize(
    "name", ["setup.exe", "run.bat", "x.cmd", "x.sh", "app.js", "x.msi", "x.ps1", "page.html"]
)
def test_program_and_script_extensions_are_refused(name):
    assert "program or script" in _refusal(name, b"harmless text")


def test_an_svg_is_refused():
    assert "program or script" in _refusal("logo.svg", b"<svg onload='alert(1)'/>")


def test_an_unknown_type_is_refused_naming_the_allowed_ones():
    message = _refusal("data.bin", b"\x01\x02\x03")
    assert "cannot be attached" in message and ".pdf" in message and ".docx" in message


def test_content_not_matching_the_extension_is_refused():
    assert "is not a .pdf file" in _refusal("offer.pdf", PNG)
    assert "is not a .png file" in _refusal("logo.png", PDF)


def test_a_jar_renamed_docx_is_refused():
    """A zip that is no Office document (no [Content_Types].xml)."""
    assert "is not a .docx file" in _refusal("quote.docx", jar())


def test_binary_content_is_no_text_file():
    assert "is not a .txt file" in _refusal("notes.txt", b"abc\x00\x01def")


def test_an_empty_file_is_refused():
    assert "empty" in _refusal("empty.txt", b"")


def test_an_oversize_file_is_refused_naming_the_limit(settings):
    settings.CRM_ATTACHMENT_MAX_BYTES = 1024
    message = _refusal("big.pdf", PDF + b"x" * 2000)
    assert "at most 1.0\xa0KB" in message


def test_the_default_limit_is_ten_megabytes():
    from django.conf import settings

    assert settings.CRM_ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\offer.pdf", "offer.pdf"),
        ("evil\x00name\n.pdf", "evilname.pdf"),
        ("", "file"),
    ],
)
def test_the_shown_name_is_the_last_part_without_control_characters(sent, shown):
    assert clean_name(sent) == shown
