"""Errors that reach the user as one clear line (the CLI turns them into exit codes)."""

from __future__ import annotations


class KgError(Exception):
    """An error with a message fit for the user; the CLI prints it without a traceback."""


class InputError(KgError):
    """An input (file, line, article) that cannot be used."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class StoreError(KgError):
    """A store is unreachable, refused a statement, or died."""


class AmbiguousLabel(KgError):
    """A label given where one thing is meant names several (``attendees --param
    event=会议``): ``candidates`` are their rows (ids, dates, places) to choose from."""

    def __init__(self, param: str, value: str, candidates: list[dict]):
        self.param = param
        self.value = value
        self.candidates = candidates
        super().__init__(f"the label {value!r} names {len(candidates)} events; pass one of their ids "
                         f"(--param {param}=ID), listed below")
