"""The forms of a page as a browser sees them: each <form>'s method, action and fields (inputs,
selects, textareas), read with the standard library's HTML parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Inputs a browser does not submit as typed values (a file input needs a file).
NOT_SUBMITTED = {"button", "reset", "image", "file"}


@dataclass
class Field:
    name: str
    tag: str  # input | select | textarea
    # the input's type ("text", "number", "date", ...), "select", "textarea" or "submit" (the
    # buttons of one name: the one clicked is sent)
    type: str
    multiple: bool = False  # a <select multiple>, or a group of checkboxes of one name
    options: list[str] = field(default_factory=list)  # a select's or a group's values
    values: list[str] = field(default_factory=list)  # what the browser would submit as is


@dataclass
class Form:
    method: str  # "get" or "post"
    action: str  # an absolute path (with its query string, if any)
    fields: dict[str, Field] = field(default_factory=dict)

    def base_data(self) -> dict[str, list[str]]:
        """What submitting the form untouched would send."""
        return {name: list(f.values) for name, f in self.fields.items()}


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.in_option = False
        self.option_value: str | None = None
        self.option_text = ""
        self.option_selected = False
        self.textarea: Field | None = None

    def _field(self, name: str, tag: str, type_: str) -> Field:
        assert self.form is not None
        existing = self.form.fields.get(name)
        if existing is None:
            existing = self.form.fields[name] = Field(name=name, tag=tag, type=type_)
        elif type_ in ("checkbox", "radio") or existing.tag != tag:
            existing.multiple = existing.multiple or type_ == "checkbox"
        return existing

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            parts = urlsplit(action)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            self.form = Form(method=(a.get("method") or "get").lower(), action=path)
            self.forms.append(self.form)
            return
        if self.form is None or "name" not in a or "disabled" in a:
            if tag == "option" and self.select is not None:
                self._start_option(a)
            return
        name = a["name"]
        if tag == "button" or (tag == "input" and (a.get("type") or "").lower() == "submit"):
            if (a.get("type") or "submit").lower() == "submit":
                f = self._field(name, "button", "submit")
                f.options.append(a.get("value", ""))
                f.values = f.values or [a.get("value", "")]
        elif tag == "input":
            type_ = (a.get("type") or "text").lower()
            if type_ in NOT_SUBMITTED:
                return
            f = self._field(name, "input", type_)
            if type_ in ("checkbox", "radio"):
                f.options.append(a.get("value", "on"))
                if "checked" in a:
                    f.values.append(a.get("value", "on"))
            else:
                f.values.append(a.get("value", ""))
        elif tag == "select":
            self.select = self._field(name, "select", "select")
            self.select.multiple = "multiple" in a
        elif tag == "textarea":
            self.textarea = self._field(name, "textarea", "textarea")
            self.textarea.values.append("")

    def _start_option(self, a):
        self._end_option()  # a previous option's end tag may be left out
        self.in_option = True
        self.option_value = a.get("value")
        self.option_text = ""
        self.option_selected = "selected" in a

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.values[-1] += data
        elif self.in_option:
            self.option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            if self.textarea is not None and self.textarea.values[-1].startswith("\n"):
                self.textarea.values[-1] = self.textarea.values[-1][1:]
            self.textarea = None
        elif tag == "select" and self.select is not None:
            self._end_option()
            if not self.select.values and self.select.options and not self.select.multiple:
                self.select.values.append(self.select.options[0])
            self.select = None
        elif tag == "option":
            self._end_option()

    def _end_option(self):
        if self.select is None or not self.in_option:
            return
        value = self.option_value if self.option_value is not None else self.option_text.strip()
        self.select.options.append(value)
        if self.option_selected:
            self.select.values.append(value)
        self.in_option, self.option_value = False, None
        self.option_text, self.option_selected = "", False


def forms_of(html: str, page_url: str) -> list[Form]:
    """Every form of the page, its action made an absolute path."""
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms
