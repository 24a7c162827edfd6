"""Notes and attachments in the admin: to look a note or file up, correct or remove it. The
file itself is downloaded through the access-checked view (notes:file), never a media URL."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from notes.models import Attachment, Note


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("original_name", "size", "mime_type", "uploaded_by", "uploaded_at", "download")
    readonly_fields = fields
    can_delete = True

    @admin.display(description=_("download"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("notes:file", args=[obj.pk]), _("file"))


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ("__str__", "content_type", "object_id", "pinned", "author", "created_at")
    list_filter = ("pinned", "content_type")
    search_fields = ("body", "author__username")
    raw_id_fields = ("author",)
    readonly_fields = ("content_type", "object_id", "created_at", "updated_at", "version")
    fields = ("content_type", "object_id", "body", "pinned", "author", "created_at", "updated_at")
    inlines = [AttachmentInline]
    date_hierarchy = "created_at"


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = (
        "original_name",
        "mime_type",
        "size",
        "content_type",
        "object_id",
        "uploaded_at",
    )
    list_filter = ("mime_type", "content_type")
    search_fields = ("original_name", "uploaded_by__username")
    raw_id_fields = ("note", "uploaded_by")
    readonly_fields = (
        "content_type",
        "object_id",
        "size",
        "mime_type",
        "uploaded_at",
        "download",
    )
    # The stored name is not shown: the file is reached only through the download view.
    fields = (
        "content_type",
        "object_id",
        "note",
        "original_name",
        "size",
        "mime_type",
        "uploaded_by",
        "uploaded_at",
        "download",
    )

    @admin.display(description=_("download"))
    def download(self, obj):
        if not obj.pk:
            return ""
        return format_html('<a href="{}">{}</a>', reverse("notes:file", args=[obj.pk]), _("file"))
