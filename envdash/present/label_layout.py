"""Where a chart's value labels go so that none sits on another label, a marker or a reference line.

Plotly does not move text out of the way. The trend chart's labels are trace text (they hide with
their legend entry), placed at one of the eight positions Plotly offers around a marker; this
module models where each position puts the text, in pixels, and picks for every label the first
position in its order of preference that is clear. The plot's size in pixels is only known in the
browser, so a position counts as clear only if it is clear at every plot size of `frames`.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import numpy as np

# The eight positions Plotly offers around a marker, as (vertical, horizontal).
POSITIONS = ("middle right", "top right", "bottom right", "middle left", "top left", "bottom left",
             "top center", "bottom center")
RIGHT_FIRST = POSITIONS
LEFT_FIRST = ("middle left", "top left", "bottom left", "middle right", "top right", "bottom right",
              "top center", "bottom center")
ABOVE_FIRST = ("top left", "top right", "bottom left", "bottom right")   # a reference line's label

# Plot widths in px a placement must be clear at: from a narrow window (or, presenting, a 1366 px
# screen without the sidebar) to a full-width 1920 px screen; and the plot's height as a share of the
# figure's (the rest is the title, the axis and the legend).
WIDTHS = {False: (640.0, 1800.0), True: (1100.0, 1800.0)}
HEIGHT_SHARES = (0.5, 0.75)
_PAD = 2.0          # px kept clear around every box


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Box", pad: float = _PAD) -> bool:
        return not (self.right + pad <= other.left or other.right + pad <= self.left
                    or self.bottom + pad <= other.top or other.bottom + pad <= self.top)

    def crosses(self, x0: float, y0: float, x1: float, y1: float, pad: float = _PAD) -> bool:
        """Whether the segment (x0, y0)–(x1, y1) passes through the box (grown by `pad`)."""
        left, top, right, bottom = self.left - pad, self.top - pad, self.right + pad, self.bottom + pad
        # Liang–Barsky clipping of the segment against the box
        t0, t1, dx, dy = 0.0, 1.0, x1 - x0, y1 - y0
        for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
            if p == 0:
                if q < 0:
                    return False
                continue
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
            if t0 > t1:
                return False
        return True


@dataclass(frozen=True)
class Frame:
    """The plot area at one assumed size: data coordinates to pixels (y grows downwards)."""
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    width: float
    height: float

    def px(self, x: float, y: float) -> tuple[float, float]:
        (x_low, x_high), (y_low, y_high) = self.x_range, self.y_range
        return ((x - x_low) / (x_high - x_low) * self.width,
                (y_high - y) / (y_high - y_low) * self.height)


def frames(x_range: tuple[float, float], y_range: tuple[float, float], figure_height: float,
           present: bool) -> list[Frame]:
    """The plot sizes a label's position must be clear at."""
    return [Frame(x_range, y_range, width, figure_height * share)
            for width in WIDTHS[present] for share in HEIGHT_SHARES]


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of a one-line label's width in px: wide (CJK) characters are one em."""
    ems = sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.62 for char in text)
    return ems * font_size


def text_box(position: str, x: float, y: float, text: str, font_size: float, marker_size: float) -> Box:
    """Where Plotly draws trace text at `position` around a marker of diameter `marker_size` at px (x, y).

    Plotly pushes the text out from the marker's centre by r = radius / 0.8 + 1 and sets its
    baseline a quarter em below the middle, above the top or below the bottom offset.
    """
    r = marker_size / 2 / 0.8 + 1 if marker_size else 0.0
    width = text_width(text, font_size)
    vertical, horizontal = position.split()
    if horizontal == "right":
        left = x + r
    elif horizontal == "left":
        left = x - r - width
    else:
        left = x - width / 2
    if vertical == "top":
        baseline = y - r - 0.25 * font_size
    elif vertical == "bottom":
        baseline = y + r + 0.75 * font_size
    else:
        baseline = y + 0.25 * font_size
    # ascent and descent of the Latin and CJK fonts in the stack
    return Box(left, baseline - 1.0 * font_size, left + width, baseline + 0.3 * font_size)


@dataclass(frozen=True)
class Label:
    """A label to place beside the marker at data (x, y), or, with `x_end`, at an end of a reference line.

    A reference line runs from x to x_end at height y; its label is an annotation at the line's
    left or right end, above or below it ("top left" = above its left end).
    """
    key: str
    text: str
    x: float
    y: float
    font_size: float
    marker_size: float = 0.0
    preferences: tuple[str, ...] = RIGHT_FIRST
    x_end: float | None = None
    required: bool = False      # drawn even without a clear position (at the least crowded one)


# px between a reference line and its label; an annotation's box is its text plus a 1 px border
# and a 1 px pad on each side
LINE_LABEL_GAP = 3.0
_ANNOTATION_EDGE = 2.0


def line_label_spec(label: Label, position: str) -> dict:
    """Plotly annotation settings for a reference line's label at `position`."""
    vertical, horizontal = position.split()
    return {"x": label.x if horizontal == "left" else label.x_end, "y": label.y, "xanchor": horizontal,
            "yanchor": "bottom" if vertical == "top" else "top",
            "yshift": LINE_LABEL_GAP if vertical == "top" else -LINE_LABEL_GAP, "showarrow": False}


def annotation_box(frame: Frame, x: float, y: float, text: str, font_size: float, xanchor: str, yanchor: str,
                   yshift: float) -> Box:
    """Where Plotly draws a one-line annotation anchored at data (x, y), shifted up by `yshift` px."""
    width = text_width(text, font_size) + 2 * _ANNOTATION_EDGE
    height = 1.3 * font_size + 2 * _ANNOTATION_EDGE
    px, py = frame.px(x, y)
    py -= yshift
    left = px if xanchor == "left" else px - width if xanchor == "right" else px - width / 2
    top = py - height if yanchor == "bottom" else py if yanchor == "top" else py - height / 2
    return Box(left, top, left + width, top + height)


@dataclass
class Obstacles:
    """What labels must stay off: markers (data x, y, diameter px) and lines (data x0, y0, x1, y1)."""
    markers: list[tuple[float, float, float]] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)


def label_box(frame: Frame, label: Label, position: str) -> Box:
    if label.x_end is not None:
        spec = line_label_spec(label, position)
        return annotation_box(frame, spec["x"], spec["y"], label.text, label.font_size, spec["xanchor"],
                              spec["yanchor"], spec["yshift"])
    px, py = frame.px(label.x, label.y)
    return text_box(position, px, py, label.text, label.font_size, label.marker_size)


class _FrameState:
    """What is already on the plot at one frame: boxes (grown by the room each keeps) and lines, in px."""

    def __init__(self, frame: Frame, obstacles: Obstacles):
        self.frame = frame
        markers = []
        for x, y, size in obstacles.markers:
            px, py = frame.px(x, y)
            half = size / 2 + _MARKER_PAD
            markers.append((px - half, py - half, px + half, py + half))
        self.boxes = np.array(markers, dtype=float).reshape(-1, 4)
        self.lines = [(*frame.px(x0, y0), *frame.px(x1, y1)) for x0, y0, x1, y1 in obstacles.lines]

    def clear(self, box: Box) -> bool:
        """Whether `box` stays inside the plot and off every box and line."""
        frame = self.frame
        if box.left < 0 or box.top < 0 or box.right > frame.width or box.bottom > frame.height:
            return False
        boxes = self.boxes
        if len(boxes) and np.any((box.left < boxes[:, 2]) & (boxes[:, 0] < box.right)
                                 & (box.top < boxes[:, 3]) & (boxes[:, 1] < box.bottom)):
            return False
        return not any(box.crosses(*line, pad=_MARKER_PAD) for line in self.lines)

    def add(self, box: Box) -> None:
        grown = (box.left - _PAD, box.top - _PAD, box.right + _PAD, box.bottom + _PAD)
        self.boxes = np.vstack([self.boxes, grown])


_MARKER_PAD = 1.0   # px kept clear around a marker and a line


def place_labels(labels: list[Label], obstacles: Obstacles, plot_frames: list[Frame]) -> dict[str, str | None]:
    """Each label's position (by key): the first of its preferences that is clear in every frame.

    Labels are placed in the order given; each placed label becomes an obstacle for the next. A
    label with no clear position gets None and is not drawn (its value stays in the hover and the
    table): a label on top of another reads as neither. A required label (a reference line's) takes
    its least crowded position instead.
    """
    states = [_FrameState(frame, obstacles) for frame in plot_frames]
    chosen: dict[str, str | None] = {}
    for label in labels:
        position = next((where for where in label.preferences
                         if all(state.clear(label_box(state.frame, label, where)) for state in states)), None)
        if position is None and label.required:
            position = max(label.preferences, key=lambda where: sum(
                state.clear(label_box(state.frame, label, where)) for state in states))
        chosen[label.key] = position
        if position is not None:
            for state in states:
                state.add(label_box(state.frame, label, position))
    return chosen
