"""One settings source: the Policy fields drive validation, the CLI options and the README."""

from __future__ import annotations

import inspect
import math
import re
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from fixture_paths import ARCTIC_CLIP, ROOT

from redactor import pipeline
from redactor.cli import cli
from redactor.config import Policy, check_setting, load_policy, policy_settings
from redactor.errors import ConfigError, RedactorError
from redactor.pipeline import Redactor, RedactorSettings

# The policy flags `redactor redact` had before they were generated from the fields.
CLI_POLICY_FLAGS = {
    "entities": "--entities",
    "score_threshold": "--score-threshold",
    "padding": "--padding",
    "word_alignment": "--word-alignment/--no-word-alignment",
    "alignment_tolerance": "--alignment-tolerance",
    "aligned_padding": "--aligned-padding",
    "merge_gap": "--merge-gap",
    "beep_frequency": "--beep-frequency",
    "beep_level_dbfs": "--beep-level-dbfs",
    "fail_closed": "--fail-closed",
    "channel_mode": "--channel-mode",
    "agent_channel": "--agent-channel",
    "beep_all_channels": "--beep-all-channels",
    "anonymize_voice": "--anonymize-voice",
    "voice_channels": "--voice-channels",
    "voice_alpha": "--voice-alpha",
    "voice_seed": "--voice-seed",
    "encrypt_to": "--encrypt-to",
    "retention_days": "--retention-days",
}


def _readme_policy_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(\[policy\]\n.*?)```", readme, flags=re.DOTALL)
    assert len(blocks) == 1, "README.md should hold one [policy] TOML example"
    return str(blocks[0])


def test_the_readme_policy_example_loads(tmp_path: Path) -> None:
    example = _readme_policy_example()
    path = tmp_path / "policy.toml"
    path.write_text(example, encoding="utf-8")
    policy = load_policy(path)
    written = tomllib.loads(example)["policy"]
    assert written, "the example sets nothing"
    for name, value in written.items():
        expected = tuple(value) if isinstance(value, list) else value
        assert getattr(policy, name) == expected, name


def test_every_policy_field_has_a_setting_whose_default_is_the_fields() -> None:
    settings = policy_settings()
    assert list(settings) == [item.name for item in fields(Policy)]
    defaults = Policy()
    for name, setting in settings.items():
        assert setting.help.strip(), f"{name} has no help text"
        assert getattr(defaults, name) == setting.default, name
        setting.check(name, setting.default)  # a default passes its own check


def _policy_options() -> dict[str, click.Option]:
    redact = cli.commands["redact"]
    names = set(policy_settings())
    return {
        str(option.name): option
        for option in redact.params
        if isinstance(option, click.Option) and option.name in names
    }


def test_the_cli_keeps_every_policy_flag_and_only_flagged_settings_are_options() -> None:
    options = _policy_options()
    flagged = {name: s.flag for name, s in policy_settings().items() if s.flag is not None}
    assert flagged == CLI_POLICY_FLAGS
    assert set(options) == set(CLI_POLICY_FLAGS)
    for name, option in options.items():
        declared = "/".join(
            filter(None, [" / ".join(option.opts), " / ".join(option.secondary_opts)])
        )
        assert declared == CLI_POLICY_FLAGS[name]


@pytest.mark.parametrize("name", sorted(CLI_POLICY_FLAGS))
def test_each_cli_policy_option_takes_default_help_and_type_from_its_field(name: str) -> None:
    option = _policy_options()[name]
    setting = policy_settings()[name]
    lone_flag = setting.kind == "flag" and "/" not in str(setting.flag)
    assert option.help == setting.help
    assert option.get_default(click.Context(cli.commands["redact"])) == setting.default
    assert bool(option.show_default) is (setting.default is not None and not lone_flag)
    if setting.kind == "number":
        assert option.type is click.FLOAT
    elif setting.kind == "whole":
        assert option.type is click.INT
    elif setting.kind == "choice" and isinstance(option.type, click.IntRange):
        assert (option.type.min, option.type.max) == (min(setting.choices), max(setting.choices))
    elif setting.kind == "choice":
        assert isinstance(option.type, click.Choice)
        assert tuple(option.type.choices) == setting.choices
    elif setting.kind == "flag":
        assert option.is_flag
    else:
        assert option.type is click.STRING


def test_help_lists_the_options_by_section_and_the_file_only_settings() -> None:
    result = CliRunner().invoke(cli, ["redact", "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    headings = re.findall(r"^(\S[^\n]*):$", result.output, flags=re.MULTILINE)
    assert headings == [
        "Options", "Transcription", "Detection", "Beep placement", "Beep sound", "Channels",
        "Voice", "Storage", "Set only in a --config file",
    ]  # fmt: skip
    pieces = re.split(r"^\S[^\n]*:$", result.output, flags=re.MULTILINE)[1:]
    sections = dict(zip(headings, pieces, strict=True))
    assert "--padding" in sections["Beep placement"]
    assert "--encrypt-to" in sections["Storage"]
    file_only = [name for name, s in policy_settings().items() if s.flag is None]
    assert file_only == ["gap_reach", "quiet_reach", "pull_to_pauses",
                         "untranscribed_tolerance", "min_untranscribed"]  # fmt: skip
    assert all(name in sections["Set only in a --config file"] for name in file_only)


def test_flags_on_the_command_line_win_over_config_and_defaults_are_not_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def record(path: Path, **overrides: Any) -> Policy:
        seen.update(overrides)
        raise ConfigError("stop here")

    monkeypatch.setattr("redactor.cli.load_policy", record)
    config = tmp_path / "policy.toml"
    config.write_text("[policy]\npadding = 1\n")
    arguments = ["redact", str(ARCTIC_CLIP), "--out", str(tmp_path / "o"), "--config",
                 str(config), "--padding", "0.2", "--no-word-alignment", "--beep-all-channels",
                 "--entities", "PERSON, ID_NUMBER,", "--agent-channel", "1"]  # fmt: skip
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 2 and "stop here" in result.output
    assert seen == {
        "padding": 0.2,
        "word_alignment": False,
        "beep_all_channels": True,
        "entities": ("PERSON", "ID_NUMBER"),
        "agent_channel": 1,
    }


@pytest.mark.parametrize(("name", "value", "message"), [
    ("score_threshold", 1.5, "score_threshold must be between 0 and 1, got 1.5"),
    ("score_threshold", math.nan, "score_threshold must be between 0 and 1, got nan"),
    ("score_threshold", True, "score_threshold must be a number, got bool"),
    ("padding", 6, "padding must be between 0 and 5 seconds, got 6"),
    ("beep_frequency", 10.0, "beep_frequency must be between 20 and 20000 Hz, got 10.0"),
    ("beep_level_dbfs", 3, "beep_level_dbfs must be between -60 and 0 dBFS, got 3"),
    ("voice_alpha", "high", "voice_alpha must be a number, got str"),
    ("pull_to_pauses", "yes", "pull_to_pauses must be true or false"),
    ("fail_closed", "ignore", "fail_closed must be one of redact, flag, got 'ignore'"),
    ("channel_mode", "left", "channel_mode must be one of split, mix, got 'left'"),
    ("voice_channels", "me", "voice_channels must be one of both, agent, caller, got 'me'"),
    ("agent_channel", 2, "agent_channel must be 0 or 1, got 2"),
    ("agent_channel", True, "agent_channel must be 0 or 1, got True"),
    ("voice_seed", 1.5, "voice_seed must be a whole number"),
    ("retention_days", 0, "retention_days must be at least 1, got 0"),
    ("encrypt_to", "age1-not-a-key", "not a valid age X25519 public key"),  # InvalidKeyError
    ("entities", "PERSON", "entities must be a list of entity type names"),
    ("entities", ["PERSON", ""], "entities must be a list of entity type names"),
    ("entities", ["PERSON", "COLOUR"], "unknown PHI entities ['COLOUR']; supported: PERSON"),
    ("entities", [], "entities is empty"),
])  # fmt: skip
def test_a_policy_refuses_a_bad_value_with_its_message(
    name: str, value: object, message: str
) -> None:
    with pytest.raises(RedactorError, match=re.escape(message)):
        Policy(**{name: value})
    with pytest.raises(RedactorError, match=re.escape(message)):
        check_setting(name, value)


def test_redactor_settings_and_the_redactor_take_the_same_parameters() -> None:
    parameters = inspect.signature(Redactor.__init__).parameters
    built_from = {name: p.default for name, p in parameters.items() if name != "self"}
    for injected in ("transcriber", "detector", "aligner"):
        assert built_from.pop(injected) is None
    settings = RedactorSettings()
    assert set(built_from) == {item.name for item in fields(RedactorSettings)}
    for name, default in built_from.items():
        if name != "policy":  # None there means Policy(), the settings' default
            assert getattr(settings, name) == default, name


def test_build_passes_every_setting_to_the_redactor(monkeypatch: pytest.MonkeyPatch) -> None:
    received: dict[str, Any] = {}

    class Recording:
        def __init__(self, **arguments: Any) -> None:
            received.update(arguments)

    monkeypatch.setattr(pipeline, "Redactor", Recording)
    settings = RedactorSettings(
        "base", Policy(padding=0.1), "cuda", "float16", 3, beam_size=2, verify=True, batch_size=4
    )
    settings.build()
    assert received == {item.name: getattr(settings, item.name) for item in fields(settings)}
    assert received["policy"] is settings.policy
