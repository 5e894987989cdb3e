"""The browser tests' contrast arithmetic agrees with WCAG 2's published reference values."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))

from browser_support import contrast_ratio, parse_colour  # noqa: E402


def test_black_on_white_is_21_and_a_colour_on_itself_is_1():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((0, 114, 178), (0, 114, 178)) == pytest.approx(1.0)


def test_mid_grey_on_white_is_just_under_the_aa_threshold():
    # #767676 is the lightest grey that passes 4.5:1 on white; #777777 fails
    assert contrast_ratio(parse_colour("rgb(118, 118, 118)"), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio(parse_colour("rgb(119, 119, 119)"), (255, 255, 255)) < 4.5


def test_translucent_colour_is_laid_over_white():
    assert parse_colour("rgba(0, 0, 0, 0.5)") == pytest.approx((127.5, 127.5, 127.5))
    assert parse_colour("rgb(10 20 30 / 50%)", over=(0, 0, 0)) == pytest.approx((5, 10, 15))
