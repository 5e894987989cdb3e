"""The curation studio in a real browser: a made-up report curated end to end in a temporary copy of
the project's data (paste, fill in, draft, edit, confirm, add a directive, publish), a broken edit
that cannot be published and loses no work, and the report found on the dashboard's Overview,
Trends, Targets and Sources, served from the same data."""
from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
import yaml
from browser_support import MAIN, PROJECT_ROOT, save_full_page, settle, wait_until_idle
from live_server import ServerFailed, build_database, running_server

pytestmark = pytest.mark.browser

REPORT = "zechuan_2024_review"
TEXT = (PROJECT_ROOT / "tests" / "fixtures" / f"{REPORT}.txt").read_text(encoding="utf-8")
# A made-up city for the made-up report: added to the copy's places, as a curator adds a place by hand.
PLACE = """  - id: zechuan
    name_zh: 泽川市
    name_en: Zechuan
    level: prefecture
    parent: zhejiang
"""
DETAILS = {"Issuer (Chinese)": "泽川市生态环境局", "Issuer (English)": "Zechuan Ecology and Environment Bureau",
           "Title (Chinese)": "泽川市生态环境局2024年工作总结和2025年工作思路",
           "Title (English)": "Zechuan 2024 work review and 2025 work plan", "Period the report covers": "2024..2025"}
FURNITURE = "发布时间:2025-01-22 来源:泽川市生态环境局 浏览次数:2316"
CURATOR = "Browser Curator"
TO_CHECK = re.compile(r"(\d+) record\(s\) still to check")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """The dashboard and the studio, both on a copy of the project's data with the made-up place in it."""
    folder = tmp_path_factory.mktemp("studio-browser")
    root = folder / "project"
    shutil.copytree(PROJECT_ROOT / "data", root / "data",
                    ignore=shutil.ignore_patterns("envdash.duckdb*", "*.lock", "drafts", "changelog.yaml"))
    places = root / "data" / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8") + PLACE, encoding="utf-8")
    database = folder / "envdash.duckdb"
    try:
        build_database(database, root)
        with running_server(folder, database, root) as dashboard, \
                running_server(folder, database, root, script="studio/studio_app.py") as studio:
            yield {"dashboard": dashboard, "studio": studio, "root": root}
    except ServerFailed as failure:
        pytest.fail(str(failure), pytrace=False)


@pytest.fixture(scope="module")
def context(chromium):
    context = chromium.new_context(viewport={"width": 1440, "height": 1000}, locale="en-US", accept_downloads=True,
                                   service_workers="block")
    context.set_default_timeout(90_000)
    yield context
    context.close()


# --- driving Streamlit's widgets -----------------------------------------------------------------------

def field(page, label: str, tag: str = "input"):
    return page.get_by_label(label, exact=True).and_(page.locator(tag))


def type_in(page, label: str, value: str, tag: str = "input") -> None:
    """Type into a text box and commit it (Enter; Ctrl+Enter in a text area), as a curator does."""
    box = field(page, label, tag)
    box.fill(value)
    box.press("Control+Enter" if tag == "textarea" else "Enter")
    wait_until_idle(page)


def choose(page, label: str, typed: str, option: str) -> None:
    """Open a select box, type to narrow its options, pick the one showing `option`."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(typed)
    page.locator('[role="listbox"] [role="option"]').filter(has_text=option).first.click()
    wait_until_idle(page)


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    wait_until_idle(page)


def main_text(page) -> str:
    return page.locator(MAIN).inner_text()


def errors(page) -> list[str]:
    return [text.strip() for text in page.locator(
        f'{MAIN} [data-testid="stAlertContentError"] [data-testid="stMarkdownContainer"]').all_inner_texts()]


def open_record(page, quote_words: str) -> None:
    """Open the record whose quote holds `quote_words` (the Record list shows each record's quote)."""
    choose(page, "Record", quote_words, quote_words)


def still_to_check(page) -> int:
    found = TO_CHECK.search(main_text(page))
    return int(found.group(1)) if found else 0


def set_record(page, quote_words: str, metric_search: str, metric: str, period: str, kind: str, value: str) -> None:
    """Open a record and set what the dashboard's pages rest on, whatever the drafter guessed."""
    open_record(page, quote_words)
    type_in(page, "Find a metric", metric_search)
    choose(page, "Metric", "", metric)
    type_in(page, "Period", period)
    choose(page, "Kind", "", kind)
    type_in(page, "Value", value)


# --- the studio ------------------------------------------------------------------------------------------

def test_a_made_up_report_is_curated_and_published_and_a_broken_edit_cannot_be(servers, context):
    root = servers["root"]
    for leftover in (root / "data" / "drafts" / f"{REPORT}.yaml",):   # a retry starts afresh
        leftover.unlink(missing_ok=True)
    assert not (root / "data" / "curated" / f"{REPORT}.yaml").exists(), "published by an earlier attempt"
    page = context.new_page()
    page.goto(f"{servers['studio'].base_url}/?lang=en")
    wait_until_idle(page)

    # start the report, paste its text, fill in its details
    field(page, "Report id").fill(REPORT)
    choose(page, "Place", "Zechuan", "Zechuan (zechuan)")
    click(page, "Start")
    assert page.url.endswith(f"/curate?report={REPORT}") or f"report={REPORT}" in page.url
    type_in(page, "Paste the text as published", TEXT, "textarea")
    assert "issuer_en: required field is missing" in errors(page)
    for label, value in DETAILS.items():
        type_in(page, label, value)
    page.get_by_role("spinbutton", name="year, Published").click()
    page.keyboard.type("20250122")
    page.keyboard.press("Enter")
    wait_until_idle(page)
    choose(page, "Kind of document", "review", "Work review and plan")
    type_in(page, "Page furniture (optional, one verbatim snippet a line)", FURNITURE, "textarea")
    assert errors(page) == []

    # draft, then edit the headline records (the metric found by a Traditional-script search)
    click(page, "Draft the figures")
    assert "figures drafted" in main_text(page)
    set_record(page, "浓度为26微克", "細顆粒物", "pm25_annual_mean", "2024", "Actual", "26")
    set_record(page, "浓度控制在25微克", "細顆粒物", "pm25_annual_mean", "2025", "Target", "25")
    type_in(page, "Note (English)", "Annual mean over the city's monitoring stations.", "textarea")
    type_in(page, "Note (Chinese)", "全市监测站点的年均值。", "textarea")
    save_full_page(page, "studio-curate-en")

    # a broken edit: the quote does not state 99; the record says so and nothing can be published
    open_record(page, "浓度为26微克")
    type_in(page, "Value", "99")
    assert "value: the quote does not contain the number 99" in errors(page)
    assert page.get_by_role("button", name="Publish", exact=True).is_disabled()
    page.reload()                                      # the browser closed and opened again
    wait_until_idle(page)
    open_record(page, "浓度为26微克")
    assert field(page, "Value").input_value() == "99", "the edit was lost"
    assert "value: the quote does not contain the number 99" in errors(page)
    type_in(page, "Value", "26")
    assert "value: the quote does not contain the number 99" not in errors(page)

    # every record: confirmed when sound, deleted when not (the next one to check opens each time)
    for _ in range(40):
        if not still_to_check(page):
            break
        confirm = page.get_by_role("button", name="Confirm", exact=True)
        click(page, "Confirm" if confirm.is_enabled() else "Delete")
    assert still_to_check(page) == 0

    # a directive from its sentence
    only_unaccounted = page.get_by_label("Only sentences with numbers not yet accounted for", exact=True)
    if only_unaccounted.is_checked():
        page.get_by_text("Only sentences with numbers not yet accounted for", exact=True).click()
        wait_until_idle(page)
    choose(page, "Sentence", "碧水保卫战", "深入打好碧水保卫战")
    click(page, "Add a directive from this sentence")
    choose(page, "Theme", "Water", "Water")
    type_in(page, "Summary (English)", "Win the battle for clear water.")
    click(page, "Confirm")
    assert still_to_check(page) == 0

    type_in(page, "Your name (for the change log)", CURATOR)
    save_full_page(page, "studio-ready-en")
    click(page, "Publish")
    # validating, building and swapping the database take a while on a busy machine
    page.get_by_text(f"{REPORT} is published", exact=False).wait_for(timeout=120_000)
    save_full_page(page, "studio-published-en")

    curated = yaml.safe_load((root / "data" / "curated" / f"{REPORT}.yaml").read_text(encoding="utf-8"))
    figures = {(figure["metric"], str(figure["period"]), figure["kind"]): figure for figure in curated["figures"]}
    assert figures[("pm25_annual_mean", "2024", "actual")]["value"] == 26
    assert figures[("pm25_annual_mean", "2025", "target")]["value"] == 25
    assert curated["directives"][0]["theme"] == "water"
    log = yaml.safe_load((root / "data" / "changelog.yaml").read_text(encoding="utf-8"))["changes"]
    assert [(entry["source"], entry["curator"]) for entry in log] == [(REPORT, CURATOR)]
    assert not (root / "data" / "drafts" / f"{REPORT}.yaml").exists()


# --- the dashboard ---------------------------------------------------------------------------------------

@pytest.fixture
def published(servers):
    if not (servers["root"] / "data" / "curated" / f"{REPORT}.yaml").exists():
        pytest.fail("the studio test did not publish the report", pytrace=False)
    return servers["dashboard"]


def open_dashboard(context, server, path: str, query: str):
    page = context.new_page()
    page.goto(f"{server.base_url}{path}?{query}")
    settle(page)
    return page


def test_the_published_report_is_on_the_overview(published, context):
    page = open_dashboard(context, published, "/overview", "lang=en")
    text = main_text(page)
    assert "Zechuan" in text and "26" in text
    save_full_page(page, "studio-overview-en")


_TRACES = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .flatMap(plot => (plot._fullData || []).map(trace => ({name: String(trace.name || ''),
                                                          y: Array.from(trace.y || [])})))"""


def plotted(page, wanted: str) -> dict[str, list]:
    """Every drawn trace's y values by name (Plotly's full data: the figure's own arrays arrive encoded),
    once a trace named `wanted` is drawn (a chart may be drawn again as the page settles its address)."""
    page.wait_for_function(f"() => ({_TRACES})().some(trace => trace.name === {wanted!r})", timeout=30_000)
    return {trace["name"]: trace["y"] for trace in page.evaluate(_TRACES)}


def test_the_published_report_is_on_trends(published, context):
    page = open_dashboard(context, published, "/trends", "lang=en&metric=pm25_annual_mean&places=zechuan")
    traces = plotted(page, "Zechuan · Actual")
    assert 26 in traces["Zechuan · Actual"] and 25 in traces.get("Zechuan · Target", []), traces
    save_full_page(page, "studio-trends-en")


def test_the_published_report_is_on_targets(published, context):
    page = open_dashboard(context, published, "/targets", "lang=en&places=zechuan")
    downloads = []
    # the page's tables (open targets per place, then every target) as their CSV downloads hold them
    for button in page.locator(f'{MAIN} [data-testid="stDownloadButton"] button').filter(has_text="CSV").all():
        with page.expect_download() as download:
            button.click()
        downloads.append(download.value.path().read_text(encoding="utf-8-sig"))
    # the two targets set in the studio (PM2.5, good-air days) are open, with no actual for 2025 yet
    open_targets = re.search(r"^Zechuan,0,0,(\d+)$", downloads[0], re.MULTILINE)
    assert open_targets and int(open_targets.group(1)) >= 2, downloads
    # the targets table holds numbers as numbers: the PM2.5 target of 25 for 2025
    targets = [row for text in downloads[1:] for row in csv.DictReader(io.StringIO(text))
               if row.get("Place") == "Zechuan"]
    assert any("PM2.5" in row["Metric"] and "2025" in row["Period"] and float(row["Target value"]) == 25
               for row in targets), downloads
    save_full_page(page, "studio-targets-en")


def test_the_published_report_and_its_change_log_are_on_sources(published, context):
    page = open_dashboard(context, published, "/sources", f"lang=en&source={REPORT}")
    assert "Zechuan 2024 work review and 2025 work plan" in main_text(page)
    page.get_by_text("Changes made in the curation studio (1)").click()
    wait_until_idle(page)
    assert CURATOR in main_text(page)
    save_full_page(page, "studio-sources-en")
