"""The docs cover every command, setting and import format, and the CLI reference is current."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from sdgplan.cli import cli
from sdgplan.config import Settings, env_name, load_settings
from sdgplan.importers import PLAN_IMPORTERS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def command_paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[str]:
    """`sdgplan`, `sdgplan import`, `sdgplan import plan`, ... for every command and group."""
    yield " ".join(("sdgplan", *path))
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from command_paths(sub, (*path, name))


def read_doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("command", list(command_paths(cli)))
def test_every_command_is_in_the_cli_reference(command: str) -> None:
    headings = {line.strip() for line in read_doc("cli-reference.md").splitlines()}
    assert f"## {command}" in headings


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    text = read_doc("configuration.md")
    assert f"`{name}`" in text
    assert env_name(name) in text
    example = read_doc("sdgplan.example.yaml")
    assert f"{name}:" in example


def test_example_config_is_valid() -> None:
    load_settings(DOCS / "sdgplan.example.yaml")


@pytest.mark.parametrize("name", list(PLAN_IMPORTERS))
def test_every_import_format_is_documented(name: str) -> None:
    assert f"`{name}`" in read_doc("formats.md")


def test_cli_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", str(DOCS / "cli-reference.md")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (
        f"{result.stdout}{result.stderr}\nRegenerate with: cog -r docs/cli-reference.md"
    )
