"""The notebooks: committed without outputs, and each runs top to bottom from a clean checkout."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from interview_signals import config

NOTEBOOKS = sorted(config.NOTEBOOKS.glob("*.ipynb"))
CELL_TIMEOUT_SECONDS = 120  # each notebook runs in well under a minute; this only catches a hang
CLEAR_OUTPUTS = "jupyter nbconvert --clear-output --inplace notebooks/*.ipynb"


def test_there_are_notebooks() -> None:
    assert [path.name for path in NOTEBOOKS][:2] == ["01-the-prior.ipynb", "02-the-model.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_a_notebook_is_committed_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: run `{CLEAR_OUTPUTS}`"
            assert cell.execution_count is None, f"{path.name}: run `{CLEAR_OUTPUTS}`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
@pytest.mark.slow
def test_a_notebook_runs_top_to_bottom(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, when one raises; the file is not written
