"""Pictures in documents: a chart a template names (`{{图表_会员年龄结构}}`) arrives as a Picture.

A Picture is a plain value (PNG bytes and the width it takes on the page), so it passes
`rendering.check_plain` and the pipe to the render worker like any figure. Only when a .docx is
filled does it become docxtpl's InlineImage, which needs the open template to add the image to the
document's parts; a .xlsx template gets the picture's caption as text (its cells hold text).
Nothing here draws: the PNG was painted by whoever built the context (services.charts, with the
renderer the window or the command line passed in).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

#: The width a chart takes in a document: the text width of A4 with 2.5–3 cm margins is ~15–16 cm.
DEFAULT_WIDTH_MM = 150.0


@dataclass(frozen=True)
class Picture:
    png: bytes
    caption: str  # what it shows (the chart's title), for an .xlsx cell or a missing picture
    width_mm: float = DEFAULT_WIDTH_MM

    def __str__(self) -> str:
        return self.caption


def docx_pictures(template: Any, context: dict[str, Any]) -> dict[str, Any]:
    """The context with every Picture (at the top level) as an InlineImage of `template`."""
    if not any(isinstance(value, Picture) for value in context.values()):
        return context
    from docx.shared import Mm
    from docxtpl import InlineImage

    class _Inline(InlineImage):  # type: ignore[misc]
        """A fresh stream each time it is printed: a picture may appear twice in a template."""

        def __init__(self, picture: Picture) -> None:
            super().__init__(template, None, width=Mm(picture.width_mm))
            self.picture = picture

        def _insert_image(self) -> str:
            self.image_descriptor = BytesIO(self.picture.png)
            return super()._insert_image()

    return {name: _Inline(value) if isinstance(value, Picture) else value for name, value in context.items()}


def text_pictures(context: dict[str, Any]) -> dict[str, Any]:
    """The context with every Picture as its caption (spreadsheet cells take text)."""
    return {name: value.caption if isinstance(value, Picture) else value for name, value in context.items()}
