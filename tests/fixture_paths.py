"""Where the test recordings live (imported by tests; conftest.py is not importable by name
once a subfolder has a conftest of its own)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_AUDIO = ROOT / "sample_audio"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARCTIC_CLIP = FIXTURES / "arctic_a0007.wav"
