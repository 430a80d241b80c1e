"""Plain ``--help`` text on every typer version: no type placeholders (``<bool>``,
``<list[str]>``), no ``{inputs}`` metavars, and docstring paragraphs rewrapped.

Recent typer releases print each option's Python type and an argument as ``{name}``;
this group gives every parameter an explicit metavar instead (``TEXT``, ``N``,
``PATH``, ``KEY=VALUE``, nothing for a flag) before the help is rendered.
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperGroup

_TYPES = {"text": "TEXT", "integer": "N", "float": "X", "path": "PATH", "boolean": "", "file": "FILE"}


def plain_metavar(param: Any) -> str:
    """The metavar shown for ``param``: KEY=VALUE for --param, its type name otherwise."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    if "--param" in getattr(param, "opts", ()):
        return "KEY=VALUE"
    if param.param_type_name == "argument":
        return param.name.upper()
    return _TYPES.get(_type_name(param), "VALUE")


def _type_name(param: Any) -> str:
    """click's type name (older typer), or one from the annotation (typer >= 0.2x)."""
    click_type = getattr(param, "type", None)
    if click_type is not None:
        return getattr(click_type, "name", "text")
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", str)
    for arg in getattr(annotation, "__args__", ()):  # list[str], Path | None
        if arg is not type(None):
            annotation = arg
            break
    return {"str": "text", "int": "integer", "float": "float", "bool": "boolean"}.get(
        getattr(annotation, "__name__", "str"), "path" if "Path" in str(annotation) else "text")


def _plain(param: Any) -> None:
    if param.metavar is None:
        param.metavar = plain_metavar(param)
    if param.param_type_name == "argument":
        # typer >= 0.2x shows an argument's Python type beside it and a required one
        # as {NAME} in the usage line; the name alone says enough, as click writes it
        name = param.metavar + ("..." if param.nargs != 1 else "")
        param.display_type_rich = lambda ctx: None
        param._rich_display_name = lambda: name
        param._usage_display_name = lambda: name if param.required else f"[{name}]"


def rewrap(text: str | None) -> str | None:
    """Join the lines of each paragraph (a docstring's hard wraps are not line breaks);
    a paragraph starting with ``\\b`` keeps its lines, as click does."""
    if not text:
        return text
    paragraphs = re.split(r"\n\s*\n", text.strip())
    # rich renders the kept lines as they are (a \b left in would show as a blank line)
    return "\n\n".join(p.lstrip("\b").lstrip("\n") if p.startswith("\b")
                       else " ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def _clean(command: Any) -> None:
    if getattr(command, "_kg_plain", False):
        return
    command._kg_plain = True
    command.help = rewrap(command.help)
    for param in command.params:
        _plain(param)
    original = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            _plain(option)
        return option

    command.get_help_option = help_option


class PlainHelpGroup(TyperGroup):
    """The ``kg`` group: every command's help is cleaned before click renders it."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _clean(command)
        return command

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            _plain(option)
        return option

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.help = rewrap(self.help)
        super().format_help(ctx, formatter)
