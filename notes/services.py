"""Writing notes and files. Every function checks the actor's right on the record itself
(the views have loaded it for them already; a job or the demo may call these directly), runs
in one transaction, and leaves a file in storage only if its row was saved: a failed write
deletes what it stored, a deleted row's file is removed once the deletion is committed."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from crm.access import CHANGE, VIEW
from crm.exceptions import ConcurrentUpdate
from crm.notifications import MENTION, notify
from notes import kinds
from notes.files import CheckedFile, check_upload
from notes.markdown import mentioned_usernames
from notes.models import Attachment, Note

BODY_MAX = Note._meta.get_field("body").max_length
MENTIONS_MAX = 10


def record_actions(user: User, record: models.Model) -> set[str]:
    """What `user` may do on the record; Http404 if they may not see it."""
    records = kinds.by_model(type(record))
    try:
        records.record_type.load(user, record.pk)
    except (models.ObjectDoesNotExist, Http404) as exc:
        raise Http404 from exc
    return records.record_type.actions(user, record)


def _may_see(user: User, record: models.Model) -> bool:
    try:
        record_actions(user, record)
    except Http404:
        return False
    return True


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "").strip()
    if len(body) > BODY_MAX:
        raise ValidationError(
            {"body": _("A note may be at most %(max)s characters long.") % {"max": BODY_MAX}}
        )
    return body


def _notify_mentions(*, actor: User, note: Note, record: models.Model, before: str = "") -> int:
    """Tell each user newly mentioned (`@name`) who may see the record; others are not told
    (the note says nothing to someone who cannot open it). Returns how many were told."""
    names = [n for n in mentioned_usernames(note.body) if n not in mentioned_usernames(before)]
    if not names:
        return 0
    told = 0
    url = f"{kinds.record_url(record)}#note-{note.pk}"
    for user in User.objects.filter(username__in=names[:MENTIONS_MAX], is_active=True):
        if user.pk == actor.pk or not _may_see(user, record):
            continue
        sent = notify(
            recipient=user,
            kind=MENTION,
            actor=actor,
            record=record,
            text=_("%(who)s mentioned you in a note on %(record)s")
            % {
                "who": actor.get_full_name() or actor.get_username(),
                "record": kinds.record_name(record),
            },
            url=url,
        )
        told += sent is not None
    return told


def _store(*, actor: User, record: models.Model, checked: CheckedFile, note: Note | None):
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        note=note,
        original_name=checked.name,
        size=checked.size,
        mime_type=checked.mime_type,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    # The storage names the file (attachment_path: random); the user's name is not a path.
    attachment.file.save("upload", checked.upload, save=False)
    try:
        attachment.save()
    except Exception:
        default_storage.delete(attachment.file.name)
        raise
    return attachment


def _delete_files_on_commit(names: list[str]) -> None:
    names = [n for n in names if n]

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)


def note_add(
    *,
    actor: User,
    record: models.Model,
    body: str = "",
    upload: UploadedFile | None = None,
) -> tuple[Note | None, Attachment | None]:
    """Add a note and/or a file to a record the actor may see (Http404 otherwise): a text
    with a file makes a note with an attachment, a file alone an attachment of the record.
    Users the note mentions who may see the record are notified."""
    record_actions(actor, record)
    body = _clean_body(body)
    kind = kinds.by_model(type(record)).kind(record)
    if body and not kind.notes:
        raise ValidationError({"body": _("Notes on a case are written on the case itself.")})
    if not body and upload is None:
        raise ValidationError({"body": _("Write a note or choose a file.")})
    checked = None
    if upload is not None:
        try:
            checked = check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
    stored: list[str] = []
    try:
        with transaction.atomic():
            note = None
            if body:
                now = timezone.now()
                note = Note.objects.create(
                    content_type=ContentType.objects.get_for_model(record),
                    object_id=record.pk,
                    body=body,
                    author=actor,
                    created_at=now,
                    updated_at=now,
                )
            attachment = None
            if checked is not None:
                attachment = _store(actor=actor, record=record, checked=checked, note=note)
                stored.append(attachment.file.name)
            if note is not None:
                _notify_mentions(actor=actor, note=note, record=record)
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise
    return note, attachment


def _may_edit(actor: User, note: Note) -> bool:
    return note.author_id == actor.pk or access.is_administrator(actor)


def note_record(actor: User, note: Note) -> tuple[models.Model, set[str]]:
    """A note's record and the actor's actions on it; Http404 if they may not see it."""
    model = note.content_type.model_class()
    if model is None or model._meta.concrete_model not in kinds.BY_MODEL:
        raise Http404
    records = kinds.by_model(model)
    try:
        record = records.record_type.load(actor, note.object_id)
    except (models.ObjectDoesNotExist, Http404) as exc:
        raise Http404 from exc
    return record, records.record_type.actions(actor, record)


@transaction.atomic
def note_update(*, actor: User, note: Note, body: str, expected_version: int) -> Note:
    """Change a note's text: its author or an administrator (403 for others); refused with
    ConcurrentUpdate when someone saved it since `expected_version`. Users newly mentioned
    are notified."""
    record, actions = note_record(actor, note)
    access.require(actions, VIEW)
    if not _may_edit(actor, note):
        raise PermissionDenied
    body = _clean_body(body)
    if not body:
        raise ValidationError({"body": _("A note cannot be empty: delete it instead.")})
    before = note.body
    updated = Note.objects.filter(pk=note.pk, version=expected_version).update(
        body=body, updated_at=timezone.now(), version=F("version") + 1
    )
    if not updated:
        raise ConcurrentUpdate
    note.refresh_from_db()
    _notify_mentions(actor=actor, note=note, record=record, before=before)
    return note


@transaction.atomic
def note_delete(*, actor: User, note: Note) -> None:
    """Delete a note and its files: its author or an administrator (403 for others)."""
    note_record(actor, note)
    if not _may_edit(actor, note):
        raise PermissionDenied
    names = list(note.attachments.values_list("file", flat=True))
    note.delete()
    _delete_files_on_commit(names)


@transaction.atomic
def note_set_pinned(*, actor: User, note: Note, pinned: bool) -> Note:
    """Pin a note to the top of its record's notes (or unpin it): whoever may change the
    record (403 for others)."""
    _record, actions = note_record(actor, note)
    access.require(actions, CHANGE)
    Note.objects.filter(pk=note.pk).update(pinned=bool(pinned))
    note.pinned = bool(pinned)
    return note


def attachment_record(actor: User, attachment: Attachment) -> tuple[models.Model, set[str]]:
    model = attachment.content_type.model_class()
    if model is None or model._meta.concrete_model not in kinds.BY_MODEL:
        raise Http404
    records = kinds.by_model(model)
    try:
        record = records.record_type.load(actor, attachment.object_id)
    except (models.ObjectDoesNotExist, Http404) as exc:
        raise Http404 from exc
    return record, records.record_type.actions(actor, record)


@transaction.atomic
def attachment_delete(*, actor: User, attachment: Attachment) -> None:
    """Delete a file: whoever uploaded it, the author of its note, or an administrator."""
    attachment_record(actor, attachment)
    allowed = (
        attachment.uploaded_by_id == actor.pk
        or access.is_administrator(actor)
        or (attachment.note_id is not None and attachment.note.author_id == actor.pk)
    )
    if not allowed:
        raise PermissionDenied
    name = attachment.file.name
    attachment.delete()
    _delete_files_on_commit([name])
