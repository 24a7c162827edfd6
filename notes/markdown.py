"""A note's text as HTML: Markdown (markdown-it-py, CommonMark, raw HTML off) cleaned by nh3
to a small allow-list of tags. Whatever a user types, no script, no event handler attribute
and no `javascript:` link survives: markdown-it escapes raw HTML, and nh3 drops every tag,
attribute and URL scheme the list does not name (a second line of defence should the parser
ever emit one)."""

from __future__ import annotations

import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {"p", "em", "strong", "code", "pre", "ul", "ol", "li", "a", "blockquote", "br"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

# CommonMark without raw HTML and without images (a note shows no remote content); a single
# line break is a <br>, as people type notes.
_parser = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False}).disable(
    ["image", "html_inline", "html_block"]
)

# @username (Django's username characters), not inside an e-mail address or a word.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]{1,150})")


def render(body: str) -> SafeString:
    html = _parser.render(body or "")
    return mark_safe(  # noqa: S308 — nh3 has reduced it to the allow-list above
        nh3.clean(
            html,
            tags=TAGS,
            attributes=ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener nofollow",
            strip_comments=True,
        )
    )


def mentioned_usernames(body: str) -> list[str]:
    """The usernames a note mentions (`@bob`), in order, once each; a trailing full stop or
    comma belongs to the sentence, not the name."""
    names: list[str] = []
    for match in MENTION.finditer(body or ""):
        name = match.group(1).rstrip(".,-")
        if name and name not in names:
            names.append(name)
    return names
