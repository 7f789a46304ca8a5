"""The layering kept by a test: models ← pipeline ← flows (import-linter contracts in pyproject.toml).

`pipeline` reaches the flow commands and the flows benchmark through entry points, never by importing `flows`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint(config: Path | None = None) -> subprocess.CompletedProcess:
    args = [str(Path(sys.executable).with_name("lint-imports"))] + (["--config", str(config)] if config else [])
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_import_contracts_hold():
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_a_contract_breaks_when_pipeline_imports_flows(tmp_path):
    """The contract can fail: the same layers with pipeline placed above flows are broken by today's imports."""
    config = tmp_path / "inverted.toml"
    config.write_text('[tool.importlinter]\nroot_packages = ["models", "pipeline", "flows"]\n\n'
                      '[[tool.importlinter.contracts]]\nname = "inverted"\ntype = "layers"\n'
                      'layers = ["pipeline", "flows", "models"]\n', encoding="utf-8")
    result = _lint(config)
    assert result.returncode != 0 and "BROKEN" in result.stdout


def test_flow_commands_and_benchmark_are_found_through_entry_points():
    from pipeline.cli import BENCHMARK_PLUGINS, COMMAND_PLUGINS, build_parser, plugins

    assert [e.value for e in plugins(COMMAND_PLUGINS)] == ["flows.commands:add_commands"]
    assert [e.name for e in plugins(BENCHMARK_PLUGINS)] == ["flows"]
    help_text = build_parser().format_help()
    for command in ("intake", "reprocess", "serve", "cases"):
        assert command in help_text
    # Building the parser does not import Prefect or the flows' modules beyond their command table.
    out = subprocess.run([sys.executable, "-c", "import sys; from pipeline.cli import build_parser; build_parser(); "
                          "print('prefect' in sys.modules)"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr
