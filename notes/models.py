"""Notes and files on any record (a party, a deal, an event, an order, a case): a note is a
short text in a safe Markdown subset (notes.markdown), an attachment a file kept through
Django's storage API under a random name. Both point at their record by content type and id
(one composite index each: a record's notes are one index range); who may read or write them
is the record's visibility (notes.kinds)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name under attachments/<year>/<month>/: never the name the user gave (which
    stays in `original_name`), so nothing typed by a user reaches a path."""
    now = timezone.now()
    return f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}"


class Note(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    body = models.TextField(_("note"), max_length=20_000)
    pinned = models.BooleanField(_("pinned"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # Optimistic locking: an edit carries the version it was made from (crm ConcurrentUpdate).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        indexes = [
            # A record's notes, pinned first then newest: one backward range read.
            models.Index(
                fields=["content_type", "object_id", "pinned", "created_at", "id"],
                name="note_record_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def was_edited(self) -> bool:
        return self.version > 1


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    note = models.ForeignKey(
        Note,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("note"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    # The type the content was recognised as (notes.files), never the browser's claim.
    mime_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "uploaded_at", "id"],
                name="attachment_record_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    @property
    def shown_inline(self) -> bool:
        """Images and PDFs open in the browser; everything else is downloaded."""
        return self.is_image or self.mime_type == "application/pdf"
