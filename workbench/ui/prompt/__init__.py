"""The prompt pane: prompt editor, negative prompt, first/last frame images, length count."""

from __future__ import annotations

from workbench.ui.prompt.pane import PromptPane

__all__ = ["PromptPane"]
