"""Exports as a reader gets them from the browser: the deck of each chart page, opened with
python-pptx, and the Excel download, whose second sheet links back to the view on this server."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from browser_support import DOWNLOAD_BUTTON, PAGES
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from envdash.core.i18n import t

pytestmark = pytest.mark.browser

VIEWS = {"trends": "metric=pm25_annual_mean&places=jiaxing,cixi",
         "compare": "metric=surface_water_good_ratio",
         "targets": "places=jiaxing,cixi"}


def _download(page, label: str, folder):
    button = page.locator(DOWNLOAD_BUTTON).filter(has_text=label).first
    with page.expect_download() as download_info:
        button.click()
    path = folder / download_info.value.suggested_filename
    download_info.value.save_as(path)
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(VIEWS))
def test_each_chart_pages_deck_lies_inside_its_slides_and_links_back_to_the_view(browse, name, lang, tmp_path):
    page = browse.open(PAGES[name], f"{VIEWS[name]}&lang={lang}")
    deck = Presentation(str(_download(page, t(lang, "export_slides"), tmp_path)))
    slides = list(deck.slides)
    assert len(slides) >= 2
    for number, slide in enumerate(slides):
        for shape in slide.shapes:
            where = f"slide {number + 1}: {shape.name}"
            line = shape.shape_type == MSO_SHAPE_TYPE.LINE or shape.name.startswith("Reference line")
            assert (shape.width > 0 or shape.height > 0) if line else (shape.width > 0 and shape.height > 0), where
            assert shape.left >= 0 and shape.top >= 0, where
            assert shape.left + shape.width <= deck.slide_width, where
            assert shape.top + shape.height <= deck.slide_height, where
    chart = next(shape.chart for shape in slides[1].shapes if shape.has_chart)
    assert [series for series in chart.plots[0].series if len(series.values)], "the chart has its series"
    link = next(shape for shape in slides[0].shapes if shape.name == "Link").text_frame.paragraphs[-1].runs[0]
    address = urlsplit(link.hyperlink.address)
    assert f"{address.scheme}://{address.netloc}" == browse.server.base_url, "the address the reader used"
    assert address.path == PAGES[name]
    expected = parse_qs(f"{VIEWS[name]}&lang={lang}")
    assert {key: value for key, value in parse_qs(address.query).items() if key in expected} == expected
    browse.assert_clean()


def test_the_trend_workbook_links_back_to_the_view_on_this_server(browse, tmp_path):
    # the downloads sit under the table, in the table tab
    page = browse.open(PAGES["trends"], f"{VIEWS['trends']}&tab=table&lang=zh")
    book = openpyxl.load_workbook(_download(page, t("zh", "data_download_xlsx"), tmp_path))
    assert [sheet.title for sheet in book.worksheets][1] == t("zh", "export_about_sheet")
    link = next(row[1] for row in book.worksheets[1].iter_rows(values_only=True)
                if row[0] == t("zh", "export_view_link"))
    assert link.startswith(f"{browse.server.base_url}/trends?")
    sentence = book.worksheets[0].cell(row=2, column=[c.value for c in book.worksheets[0][1]].index(
        t("zh", "export_sentence_link")) + 1).value
    assert sentence.startswith(f"{browse.server.base_url}/sources?")
    browse.assert_clean()
