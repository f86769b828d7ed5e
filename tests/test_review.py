"""The QA review page: built from a real batch's outputs, checked as text and in Chromium."""

from __future__ import annotations

import dataclasses
import doctest
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner
from fixture_paths import SAMPLE_AUDIO

from redactor import read_manifest
from redactor.cli import cli
from redactor.leaks import leaked_items
from redactor.report import build_report
from redactor.report_schema import FindingEntry, RedactionEntry, Report, VerificationEntry
from redactor.review import (
    Recording,
    attention,
    build,
    build_review,
    links,
    page,
    recording,
    waveform,
)
from redactor.review.links import link_tags
from redactor.review.page import render_page
from redactor.types import AudioFormat, RedactionReason

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OUT of a real CLI run on two sample calls (one in a folder with a space in its name)
    and a corrupt file, with the review page built after the inputs were deleted."""
    root = tmp_path_factory.mktemp("review")
    calls = root / "calls"
    (calls / "team a").mkdir(parents=True)
    shutil.copy(SAMPLE_AUDIO / "billing.mp3", calls / "team a" / "billing.mp3")
    shutil.copy(SAMPLE_AUDIO / "scheduling.wav", calls / "scheduling.wav")
    (calls / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt not really audio")
    out = root / "out"
    result = CliRunner().invoke(cli, ["redact", str(calls), "--out", str(out)])
    assert result.exit_code == 1, result.output  # the corrupt file fails, alone
    shutil.rmtree(calls)  # the page must be built from the outputs only
    assert build_review(out) == out / "review.html"
    return out


def _rows(out: Path) -> dict[str, dict[str, Any]]:
    return {str(row["input"]): row for row in read_manifest(out)}


def test_page_has_a_row_and_a_waveform_per_recording(batch: Path) -> None:
    page = (batch / "review.html").read_text(encoding="utf-8")
    rows = _rows(batch)
    assert page.count('<article class="rec') == len(rows) == 3
    waveforms = sorted((batch / "review_assets").iterdir())
    assert len(waveforms) == 2  # none for the failed file
    for png in waveforms:
        assert f'src="review_assets/{png.name}"' in page
    assert 'src="team%20a/billing.mp3"' in page  # relative, URL-quoted
    assert "<script src" not in page and "http://" not in page and "https://" not in page


def test_review_output_holds_no_phi(batch: Path, phi_strings: list[str]) -> None:
    """No gold PHI item, however written, is in any text file of the review output.

    The waveform PNGs under review_assets/ are skipped: they are plots of the redacted audio,
    drawn by matplotlib with no text at all, so there is nothing in them to search.
    """
    files = [batch / "review.html", *(batch / "review_assets").iterdir()]
    texts = [p for p in files if p.suffix != ".png"]
    assert texts == [batch / "review.html"]
    for path in texts:
        assert leaked_items(phi_strings, path.read_text(encoding="utf-8")) == [], path.name


def _report(duration: float, *redactions: RedactionEntry, **fields: Any) -> Report:
    """A report of a mono recording holding ``redactions`` (and any other ``fields``)."""
    made = build_report(input_name="a.wav", input_sha256="0" * 64,
        audio_format=AudioFormat("wav", "pcm_s16le", 16000, 1, 16, duration=duration),
        models={}, settings={}, fingerprint="0", redactions=[], beeps=[], word_count=0)  # fmt: skip
    return dataclasses.replace(made, redactions=redactions, **fields)


def test_everything_from_the_outputs_is_escaped() -> None:
    hostile = '<img src=x onerror=alert(1)> & "quotes"'
    person = RedactionEntry("PERSON", 0.5, 1.0, 0.9, hostile, "phi", speaker=hostile)
    report = _report(2.0, person, redacted_seconds=0.5)
    page = render_page(
        [
            Recording(hostile, "failed", error=hostile),
            Recording(
                "ok.wav",
                "redacted",
                audio="a b/ok.wav",
                transcript=f"{hostile} [PERSON]",
                report=report,
                links=[0],
            ),  # fmt: skip
        ]
    )
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;" in page
    assert 'src="a%20b/ok.wav"' in page


def _red(
    kind: str,
    start: float,
    end: float,
    reason: RedactionReason = "phi",
    channel: int | None = None,
) -> RedactionEntry:
    return RedactionEntry(kind, start, end, 0.9, "test", reason, channel)


def test_tags_link_by_order_and_type_and_skip_merged_redactions() -> None:
    # billing.mp3: DATE_TIME and ID_NUMBER sit inside DATE_OF_BIRTH, which keeps the one tag.
    reds = [
        _red("PERSON", 3.97, 5.89),
        _red("EMAIL_ADDRESS", 6.23, 10.09),
        _red("DATE_OF_BIRTH", 16.75, 19.93),
        _red("DATE_TIME", 16.75, 19.93),
        _red("ID_NUMBER", 17.03, 19.93),
        _red("ID_NUMBER", 21.0, 23.0),
    ]
    tags = ["PERSON", "EMAIL_ADDRESS", "DATE_OF_BIRTH", "ID_NUMBER"]
    assert link_tags(tags, reds, 0.5) == [0, 1, 2, 5]


def test_partial_overlap_gives_two_tags_and_both_link() -> None:
    reds = [_red("PERSON", 1.0, 3.0), _red("LOCATION", 2.0, 4.5)]
    assert link_tags(["PERSON", "LOCATION"], reds, 0.5) == [0, 1]


def test_fail_closed_redactions_without_a_tag_are_skipped() -> None:
    reds = [
        _red("UNTRANSCRIBED_SPEECH", 0.0, 2.0, "untranscribed_speech"),
        _red("UNRELIABLE_TRANSCRIPTION", 2.5, 3.0, "unreliable_transcription"),
        _red("UNRELIABLE_TRANSCRIPTION", 5.0, 6.0, "unreliable_transcription"),
        _red("PERSON", 7.0, 8.0),
    ]
    assert link_tags(["PERSON"], reds, 0.5) == [3]
    # Two fail-closed candidates for one tag: which one has it is a guess, so no link.
    assert link_tags(["UNRELIABLE_TRANSCRIPTION", "PERSON"], reds, 0.5) == [None, 3]


def test_doubt_leaves_tags_unlinked_rather_than_wrong() -> None:
    # One PERSON tag, two PERSON redactions, neither hidden inside another: no guess.
    reds = [_red("PERSON", 1.0, 2.0), _red("PERSON", 5.0, 6.0)]
    assert link_tags(["PERSON"], reds, 0.5) == [None]
    # Stereo: the interleaved text need not follow time order across channels.
    reds = [_red("PERSON", 1.0, 2.0, channel=1), _red("PERSON", 3.0, 4.0, channel=0)]
    assert link_tags(["PERSON", "PERSON"], reds, 0.5) == [None, None]
    # Matches that contradict the text's order mean the transcript and report disagree.
    reds = [_red("PHONE_NUMBER", 1.0, 2.0), _red("PERSON", 3.0, 4.0)]
    assert link_tags(["PERSON", "PHONE_NUMBER"], reds, 0.5) == [None, None]
    # A tag with no redaction of its type at all.
    assert link_tags(["LOCATION"], reds, 0.5) == [None]


def test_attention_thresholds() -> None:
    def closed(seconds: float, duration: float) -> Recording:
        closed = _red("UNTRANSCRIBED_SPEECH", 0.0, seconds, "untranscribed_speech")
        return Recording("a.wav", "redacted", report=_report(duration, closed))

    assert attention(closed(4.9, 100.0)) == []
    assert attention(closed(5.0, 100.0)) == ["fail-closed 5.0 s (5%)"]
    assert attention(closed(1.0, 10.0)) == ["fail-closed 1.0 s (10%)"]
    finding = FindingEntry("PERSON", 1.0, 2.0, 0.9, "test")
    verified = _report(9.0, verification=VerificationEntry(False, {}, (finding,)))
    assert attention(Recording("b.wav", "redacted", report=verified)) == ["verification findings"]
    assert attention(Recording("c.wav", "failed", "verification heard 1 PHI span(s)")) == [
        "failed",
        "verification findings",
    ]


@pytest.mark.parametrize("module", [build, recording, waveform, page, links])
def test_doctests(module: Any) -> None:
    assert doctest.testmod(module).failed == 0


@pytest.fixture()
def browser() -> Iterator[Any]:
    """Headless Chromium through chromedriver, kept off the network, with a fresh profile."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("chromium and chromium-driver are not installed (apt-get install -y "
                    "chromium chromium-driver)")  # fmt: skip
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="review-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1100,900",
                 "--autoplay-policy=no-user-gesture-required", "--mute-audio"]:  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_page_in_chromium_plays_and_seeks(batch: Path, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    rows = _rows(batch)
    browser.get((batch / "review.html").as_uri())
    articles = browser.find_elements(By.CSS_SELECTOR, "article.rec")
    assert len(articles) == len(rows)

    # Every player loads its redacted file from OUT.
    players = browser.find_elements(By.TAG_NAME, "audio")
    assert len(players) == 2
    WebDriverWait(browser, 20).until(
        lambda d: d.execute_script(
            "return [...document.querySelectorAll('audio')].every(a => a.readyState >= 1)"
        )
    )
    redacted = {batch / str(row["audio"]) for row in rows.values() if row["audio"]}
    assert {Path(unquote(urlparse(p.get_property("src")).path)) for p in players} == redacted
    assert all(p.get_property("duration") > 0 for p in players)

    # Clicking a tag seeks its player to the redaction's start.
    report = json.loads((batch / str(rows["scheduling.wav"]["report"])).read_text())
    phone = next(r for r in report["redactions"] if r["entity_type"] == "PHONE_NUMBER")
    row = next(a for a in articles if "scheduling.wav" in a.find_element(By.TAG_NAME, "h2").text)
    tag = next(t for t in row.find_elements(By.CSS_SELECTOR, "a.tag") if "PHONE" in t.text)
    assert float(tag.get_attribute("data-seek")) == phone["start"]
    tag.click()
    player = row.find_element(By.TAG_NAME, "audio")
    WebDriverWait(browser, 10).until(
        lambda d: abs(player.get_property("currentTime") - phone["start"]) < 0.75
    )
    browser.execute_script("arguments[0].pause()", player)

    # The failed file is listed with its error, and the filter can show it alone.
    failed = browser.find_element(By.CSS_SELECTOR, 'article[data-status="failed"]')
    assert "broken.wav" in failed.text
    assert str(rows["broken.wav"]["error"]) in failed.text
    browser.find_element(By.CSS_SELECTOR, 'input[value="failed"]').click()
    assert [a.is_displayed() for a in articles].count(True) == 1 and failed.is_displayed()
    browser.find_element(By.CSS_SELECTOR, 'input[value="all"]').click()
    assert all(a.is_displayed() for a in articles)

    # The page breaks no rule of its Content-Security-Policy and logs no error.
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    # The whole page renders to an image (into tmp_path: tests never write to the repository;
    # scripts/review-screenshot makes docs/review.png for the README).
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1100, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    assert browser.save_screenshot(str(tmp_path / "review.png"))
    assert (tmp_path / "review.png").stat().st_size > 10_000


def test_without_the_review_extra_review_and_redact_review_stop_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    runner = CliRunner()
    reviewed = runner.invoke(cli, ["review", str(tmp_path)])
    redacted = runner.invoke(
        cli, ["redact", str(SAMPLE_AUDIO / "pharmacy.wav"), "--out", str(tmp_path / "out"),
              "--review"],
    )  # fmt: skip
    for result in (reviewed, redacted):
        assert result.exit_code == 2, result.output
        (line,) = result.output.strip().splitlines()
        assert "pip install 'redactor[review]'" in line and "Traceback" not in line
    assert not (tmp_path / "out").exists()  # refused before any redaction
