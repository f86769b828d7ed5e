"""The review page of batches as they are in production: rerun (issue 17, defect 9) and
encrypted (defect 2)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_models import WORDS, use_fake_models
from fixture_paths import ARCTIC_CLIP
from pyrage import x25519

from redactor import Redactor, read_manifest, run_batch
from redactor.cli import cli
from redactor.review import EARLIER_RUN, build_review
from redactor.testing import FakeDetector, FakeTranscriber


@pytest.fixture()
def calls(tmp_path: Path) -> Path:
    folder = tmp_path / "calls"
    folder.mkdir()
    for name in ("a.wav", "b.wav"):
        shutil.copy(ARCTIC_CLIP, folder / name)
    return folder


def _statuses(page: str) -> list[str]:
    return re.findall(r'<article class="rec[^"]*" data-status="([a-z]+)"', page)


def test_after_a_rerun_the_page_shows_the_outcome_that_made_the_outputs(
    calls: Path, tmp_path: Path
) -> None:
    fake = Redactor(
        transcriber=FakeTranscriber(WORDS), detector=FakeDetector(lambda word: word == "always")
    )
    out = tmp_path / "out"
    run_batch(fake, [calls], out)
    assert {o.status for o in run_batch(fake, [calls], out).outcomes} == {"skipped"}
    page = build_review(out).read_text(encoding="utf-8")
    assert _statuses(page) == ["redacted", "redacted"]
    assert page.count(EARLIER_RUN) == 2
    assert '<div class="note">2 redacted</div>' in page
    assert '<span class="badge skipped">' not in page


def _run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(arguments))
    return result.exit_code, result.output


def test_an_encrypted_batch_is_refused_in_one_line_and_reviewed_once_decrypted(
    calls: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_fake_models(monkeypatch)
    identity = x25519.Identity.generate()
    key_file = tmp_path / "key.txt"
    key_file.write_text(str(identity) + "\n")
    recipient = str(identity.to_public())
    out = tmp_path / "out"

    # --review with --encrypt-to: refused before anything is processed.
    code, output = _run("redact", str(calls), "--out", str(out), "--encrypt-to", recipient,
                        "--review", "--workers", "1")  # fmt: skip
    assert code == 2 and "Traceback" not in output
    (line,) = output.strip().splitlines()
    assert "encrypted batch" in line and "redactor decrypt" in line
    assert not out.exists()

    # `redactor review` on an encrypted batch: the same line, exit 2.
    code, output = _run("redact", str(calls), "--out", str(out), "--encrypt-to", recipient,
                        "--workers", "1")  # fmt: skip
    assert code == 0, output
    code, output = _run("review", str(out))
    assert code == 2 and "Traceback" not in output
    (line,) = output.strip().splitlines()
    assert "encrypted batch" in line and f"redactor decrypt {out} --identity KEYFILE" in line
    assert not (out / "review.html").exists()

    # Decrypted to another folder, with its manifest, the batch can be reviewed there.
    decrypted = tmp_path / "decrypted"
    code, output = _run("decrypt", str(out), "--identity", str(key_file), "--to", str(decrypted))
    assert code == 0, output
    rows = read_manifest(decrypted)
    assert [row["audio"] for row in rows] == ["a.wav", "b.wav"]
    code, output = _run("review", str(decrypted))
    assert code == 0, output
    page = (decrypted / "review.html").read_text(encoding="utf-8")
    assert _statuses(page) == ["redacted", "redacted"]
    assert 'src="a.wav"' in page
