"""The sklearn-rdf command line."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from sklearn_rdf.cli import main


def test_help_lists_subcommands(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "conventions" in out and "transform" in out


def test_python_dash_m_help():
    done = subprocess.run(
        [sys.executable, "-m", "sklearn_rdf", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "usage: sklearn-rdf" in done.stdout


def test_conventions_table(capsys):
    assert main(["conventions"]) == 0
    out = capsys.readouterr().out
    assert "G(r) = 4πρr(g(r) − 1)" in out and "Å⁻²" in out


def test_transform_a_file(tmp_path, capsys):
    q = np.linspace(0.1, 25, 2000)
    F = np.sin(2.4 * q) * np.exp(-((0.08 * q) ** 2) / 2)
    path = tmp_path / "toy.fq"
    np.savetxt(path, np.column_stack([q, F]), header="q F")
    out = tmp_path / "toy.gr"
    assert main(["transform", str(path), "--out", str(out), "--r-max", "6"]) == 0
    assert "first peaks of G(r) beyond r_min = 0.8 Å (Å): 2.400" in capsys.readouterr().out
    from sklearn_rdf.datasets import read

    curve = read(out)  # a PDFgetX3 .gr, labelled G(r) in Å⁻²
    assert (curve.quantity, curve.y_unit) == ("G", "Å⁻²")
    assert abs(curve.x[-1] - 6.0) < 1e-9 and curve.y.shape == curve.x.shape


def test_user_errors_are_one_line_not_a_traceback(tmp_path, capsys):
    assert main(["transform", str(tmp_path / "missing.fq")]) == 2
    err = capsys.readouterr().err
    assert "error:" in err and "Traceback" not in err
    bad = tmp_path / "bad.fq"
    bad.write_text("1 2\n3 x\n")
    assert main(["transform", str(bad)]) == 2
    assert "bad.fq" in capsys.readouterr().err
