"""Errors a user can act on, shown in the page instead of failing the event."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import gradio as gr

from assistant.errors import CarechatError

T = TypeVar("T")


def shown(action: Callable[[], T]) -> T:
    """Run ``action``; a CarechatError becomes a Gradio error message with its own words."""
    try:
        return action()
    except CarechatError as exc:
        raise gr.Error(str(exc)) from exc
