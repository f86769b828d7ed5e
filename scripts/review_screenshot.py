"""Make docs/review.png, the README's picture of the review page.

Redacts two of the sample calls and a corrupt file into a temporary folder, builds the batch's
review page, and photographs it in headless Chromium (palette-reduced, to stay small). The
tests never write into the repository; run this when the page changes:

    .venv/bin/python scripts/review_screenshot.py

Needs chromium, chromium-driver and selenium (in the dev extra).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
MAX_BYTES = 300_000


def main() -> int:
    from click.testing import CliRunner
    from PIL import Image
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from redactor.cli import cli
    from redactor.review import build_review

    with tempfile.TemporaryDirectory(prefix="review-screenshot-") as temporary:
        work = Path(temporary)
        calls = work / "calls"
        (calls / "team a").mkdir(parents=True)
        shutil.copy(ROOT / "sample_audio" / "billing.mp3", calls / "team a" / "billing.mp3")
        shutil.copy(ROOT / "sample_audio" / "scheduling.wav", calls / "scheduling.wav")
        (calls / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt not really audio")
        out = work / "out"
        CliRunner().invoke(cli, ["redact", str(calls), "--out", str(out), "--workers", "1"])
        page = build_review(out)

        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--mute-audio",
                     f"--user-data-dir={work / 'profile'}", "--window-size=1100,900"]:  # fmt: skip
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            driver.get(page.as_uri())
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": 1100, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
            driver.save_screenshot(str(work / "page.png"))
        finally:
            driver.quit()
        destination = ROOT / "docs" / "review.png"
        destination.parent.mkdir(exist_ok=True)
        with Image.open(work / "page.png") as image:
            image.convert("RGB").quantize(colors=96).save(destination, optimize=True)
    size = destination.stat().st_size
    print(f"{destination.relative_to(ROOT)}: {size} bytes")
    return 0 if size < MAX_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
