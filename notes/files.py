"""Which files may be attached: a size limit (settings.CRM_ATTACHMENT_MAX_BYTES) and an
allow-list of types, each checked twice, by the file's extension and by its leading bytes
(its "magic"), so that a renamed program is refused whatever it is called. Programs and
scripts are refused outright (by extension and by content). The type stored and served is
the one recognised here, never the browser's claim. Virus scanning is out of scope."""

from __future__ import annotations

import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

HEAD_BYTES = 8192

PDF = "application/pdf"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


def _text(head: bytes) -> bool:
    """Plain text: no NUL byte and no control character but tab, line feeds and form feed;
    UTF-8 or a one-byte encoding."""
    if b"\x00" in head:
        return False
    return not any(b < 32 and b not in (9, 10, 12, 13) for b in head)


def _ooxml(upload: UploadedFile) -> bool:
    """An Office Open XML document is a zip whose parts are listed in [Content_Types].xml."""
    return _zip_names(upload) is not None and "[Content_Types].xml" in _zip_names(upload)


def _odf(upload: UploadedFile, mime_type: str) -> bool:
    """An OpenDocument file is a zip whose first member, `mimetype`, names its type."""
    head = _head(upload, 100)
    return head.startswith(ZIP) and head[30:38] == b"mimetype" and mime_type.encode() in head


def _zip_names(upload: UploadedFile) -> list[str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _head(upload: UploadedFile, size: int = HEAD_BYTES) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# extension -> (content type, how its content is recognised)
ALLOWED: dict[str, tuple[str, object]] = {
    ".pdf": (PDF, lambda up, head: head.startswith(b"%PDF-")),
    ".png": ("image/png", lambda up, head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("image/jpeg", lambda up, head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", lambda up, head: head.startswith(b"\xff\xd8\xff")),
    ".gif": ("image/gif", lambda up, head: head[:6] in (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", lambda up, head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ".txt": ("text/plain", lambda up, head: _text(head)),
    ".csv": ("text/csv", lambda up, head: _text(head)),
    ".docx": (DOCX, lambda up, head: head.startswith(ZIP) and _ooxml(up)),
    ".xlsx": (XLSX, lambda up, head: head.startswith(ZIP) and _ooxml(up)),
    ".pptx": (PPTX, lambda up, head: head.startswith(ZIP) and _ooxml(up)),
    ".odt": (ODT, lambda up, head: _odf(up, ODT)),
    ".ods": (ODS, lambda up, head: _odf(up, ODS)),
    ".odp": (ODP, lambda up, head: _odf(up, ODP)),
    ".doc": ("application/msword", lambda up, head: head.startswith(OLE)),
    ".xls": ("application/vnd.ms-excel", lambda up, head: head.startswith(OLE)),
    ".ppt": ("application/vnd.ms-powerpoint", lambda up, head: head.startswith(OLE)),
}

# Programs and scripts, refused by name...
REFUSED_EXTENSIONS = {
    ".exe", ".bat", ".cmd", ".sh", ".js", ".mjs", ".msi", ".dll", ".com", ".scr", ".ps1",
    ".vbs", ".jar", ".apk", ".html", ".htm", ".xhtml", ".svg", ".php", ".py", ".pl", ".app",
}  # fmt: skip
# ... and by content: Windows PE, ELF, Mach-O (thin and fat), scripts with a #! line.
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)


def allowed_extensions() -> str:
    return ", ".join(sorted(ALLOWED))


def max_bytes() -> int:
    return int(getattr(settings, "CRM_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def max_size_label() -> str:
    return filesizeformat(max_bytes())


def clean_name(name: str) -> str:
    """The name to show and offer for download: the last part of what the browser sent,
    without control characters, at most 255 characters (the extension kept)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip().strip(".")
    if len(name) > 255:
        stem, ext = os.path.splitext(name)
        name = stem[: 255 - len(ext)] + ext
    return name or "file"


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    size: int
    mime_type: str


def check_upload(upload: UploadedFile) -> CheckedFile:
    """The upload if it may be attached, with its recognised type; else ValidationError
    saying why (too large, a program, a type not allowed, content not matching its name)."""
    name = clean_name(upload.name)
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": name}, code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The file %(name)s is %(size)s: files may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": max_size_label()},
            code="too_large",
        )
    extension = os.path.splitext(name)[1].lower()
    head = _head(upload)
    if extension in REFUSED_EXTENSIONS or head.startswith(EXECUTABLE_MAGIC):
        raise ValidationError(
            _("%(name)s is a program or script: such files cannot be attached.") % {"name": name},
            code="executable",
        )
    if extension not in ALLOWED:
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed: %(types)s.")
            % {"types": allowed_extensions()},
            code="type",
        )
    mime_type, recognise = ALLOWED[extension]
    if not recognise(upload, head):
        raise ValidationError(
            _("The content of %(name)s is not a %(ext)s file: it cannot be attached.")
            % {"name": name, "ext": extension},
            code="content",
        )
    return CheckedFile(upload=upload, name=name, size=size, mime_type=mime_type)
