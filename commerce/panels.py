"""STUB (being written): the commerce panels on customer and account pages."""


def register_panels() -> None:
    pass
