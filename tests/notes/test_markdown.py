"""A note's text is a safe Markdown subset: whatever is typed, no script, no event handler and
no javascript: link reaches the page."""

from html.parser import HTMLParser

import pytest

from notes.markdown import TAGS, mentioned_usernames, render


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list]]:
    parser = _Tags()
    parser.feed(str(html))
    return parser.tags


ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="https://example.com" onclick="alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1) )",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "[x](vbscript:msgbox(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "![x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "```\n</code><script>alert(1)</script>\n```",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_no_script_no_handler_no_javascript_link_survives(text):
    html = render(text)
    for tag, attrs in _tags(html):
        assert tag in TAGS
        for name, value in attrs:
            assert not name.startswith("on")
            assert name in ("href", "rel")
            if name == "href":
                assert value.split(":")[0].lower() in ("http", "https", "mailto")
    assert "<script" not in html.lower()
    assert "javascript:" not in "".join(v or "" for _t, a in _tags(html) for _n, v in a).lower()


def test_the_allowed_subset_renders():
    html = render(
        "**bold** *it* `code`\n\n- one\n- two\n\n1. first\n\n> quoted\n\n"
        "[site](https://example.com)\n\n```\npre\n```"
    )
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "<code>code</code>" in html
    assert "<ul>" in html and "<ol>" in html and "<li>one</li>" in html
    assert "<blockquote>" in html and "<pre><code>pre" in html
    assert '<a href="https://example.com" rel="noopener nofollow">site</a>' in html


def test_a_line_break_is_kept():
    assert render("one\ntwo") == "<p>one<br>\ntwo</p>\n"


def test_raw_html_is_shown_as_text():
    assert "&lt;b&gt;hi&lt;/b&gt;" in render("<b>hi</b>")


def test_mentions_are_found_once_each_and_not_in_email_addresses():
    assert mentioned_usernames("Hi @bob, ask @carol. Mail hank@globex.example. @bob") == [
        "bob",
        "carol",
    ]
