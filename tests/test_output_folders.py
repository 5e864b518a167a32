"""Results are written complete or not at all: output folders and files, checked up front.

The benchmark's ``--out`` is validated before any computing, a non-empty folder is refused
unless ``--overwrite``, results go to a temporary folder beside the target and are moved into
place with a ``MANIFEST.json`` only when complete; two runs into one folder cannot mix their
files. ``transform --out`` and ``datasets.write`` refuse to replace a file unless asked.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from sklearn_rdf._output import check_output_dir, read_manifest, staged_output_dir
from sklearn_rdf.cli import main
from sklearn_rdf.datasets import read, write
from sklearn_rdf.physics import Curve


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_benchmark_out_an_existing_file_fails_before_computing(tmp_path, capsys):
    target = tmp_path / "results"
    target.write_text("not a folder")
    start = time.process_time()
    assert main(["benchmark", "--quick", "--out", str(target)]) == 2
    captured = capsys.readouterr()
    assert "is an existing file" in captured.err and "Traceback" not in captured.err
    assert "Benchmark on" not in captured.out  # nothing was computed
    assert time.process_time() - start < 2.0


def test_benchmark_refuses_a_non_empty_folder_without_overwrite(tmp_path, capsys):
    target = tmp_path / "results"
    target.mkdir()
    (target / "cross_material.csv").write_text("an older run's table")
    assert main(["benchmark", "--quick", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "not empty" in err and "--overwrite" in err
    assert _files(target) == ["cross_material.csv"]  # untouched


def test_benchmark_options_are_checked_before_computing(capsys):
    for device, message in (("tpu", "device must be"), ("cuda", "CUDA is not available")):
        if device == "cuda":
            import torch

            if torch.cuda.is_available():
                continue
        assert main(["benchmark", "--quick", "--device", device, "--out", "unused"]) == 2
        captured = capsys.readouterr()
        assert message in captured.err and len(captured.err.strip().splitlines()) == 1
        assert "Benchmark on" not in captured.out


def _write_set(stage, tag, names=("a.csv", "b.png")):
    for name in names:
        (stage / name).write_text(f"{tag}: {name}")


def test_staged_folder_replaces_the_old_content_whole(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "stale_fig7.png").write_text("older run")
    with pytest.raises(ValueError, match="not empty"):
        with staged_output_dir(target):
            pass
    with staged_output_dir(target, overwrite=True) as stage:
        assert stage.parent == target.parent and stage != target
        _write_set(stage, "new")
    assert _files(target) == ["MANIFEST.json", "a.csv", "b.png"]  # no stale file mixed in
    assert [e["name"] for e in read_manifest(target)] == ["a.csv", "b.png"]
    manifest = json.loads((target / "MANIFEST.json").read_text())
    assert manifest["complete"] and manifest["files"][0]["bytes"] == len("new: a.csv")
    assert _files(tmp_path) == ["out"]  # no temporary folder left beside it


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_write_leaves_the_target_as_it_was(tmp_path, error):
    target = tmp_path / "out"
    with pytest.raises(error):
        with staged_output_dir(target) as stage:
            _write_set(stage, "half", names=("a.csv",))
            raise error
    assert _files(tmp_path) == []  # nothing new, not even the temporary folder
    target.mkdir()
    (target / "old.csv").write_text("kept")
    with pytest.raises(error):
        with staged_output_dir(target, overwrite=True) as stage:
            _write_set(stage, "half")
            raise error
    assert _files(target) == ["old.csv"] and _files(tmp_path) == ["out"]


def test_two_runs_into_one_folder_never_mix(tmp_path):
    target = tmp_path / "out"
    # Without overwrite: the first to finish wins, the second is told where its results are.
    with pytest.raises(ValueError, match="filled by another run") as info:
        with staged_output_dir(target) as second:
            _write_set(second, "second")
            with staged_output_dir(target) as first:
                _write_set(first, "first")
    assert (target / "a.csv").read_text() == "first: a.csv"
    read_manifest(target)
    kept = str(info.value).rsplit(" ", 1)[-1]
    assert (tmp_path / kept.rsplit("/", 1)[-1] / "a.csv").read_text() == "second: a.csv"
    # With overwrite: the last to finish wins, whole.
    with staged_output_dir(target, overwrite=True) as late:
        _write_set(late, "late", names=("c.csv",))
        with staged_output_dir(target, overwrite=True) as early:
            _write_set(early, "early")
    assert _files(target) == ["MANIFEST.json", "c.csv"]
    assert [e["name"] for e in read_manifest(target)] == ["c.csv"]


def test_read_manifest_notices_a_changed_or_missing_file(tmp_path):
    target = tmp_path / "out"
    with staged_output_dir(target) as stage:
        _write_set(stage, "x")
    (target / "a.csv").write_text("changed")
    with pytest.raises(ValueError, match="differs"):
        read_manifest(target)
    (target / "a.csv").unlink()
    with pytest.raises(ValueError, match="absent"):
        read_manifest(target)
    with pytest.raises(ValueError, match="no MANIFEST"):
        read_manifest(tmp_path)


def _fq(tmp_path):
    q = np.linspace(0.1, 25, 500)
    path = tmp_path / "toy.fq"
    np.savetxt(path, np.column_stack([q, np.sin(2.4 * q)]), header="q F")
    return path


def test_transform_out_refuses_to_overwrite_unless_asked(tmp_path, capsys):
    fq, out = _fq(tmp_path), tmp_path / "toy.gr"
    out.write_text("precious")
    assert main(["transform", str(fq), "--out", str(out), "--r-max", "5"]) == 2
    err = capsys.readouterr().err
    assert "exists" in err and "--overwrite" in err
    assert out.read_text() == "precious"
    assert main(["transform", str(fq), "--out", str(out), "--r-max", "5", "--overwrite"]) == 0
    back = read(out)
    assert back.quantity == "G" and back.x[-1] == pytest.approx(5.0)
    assert back.y.shape == back.x.shape
    assert _files(tmp_path) == ["toy.fq", "toy.gr"]  # no temporary file left


def test_transform_with_a_huge_grid_is_a_one_line_error(tmp_path, capsys):
    fq = _fq(tmp_path)
    assert main(["transform", str(fq), "--dr", "1e-9", "--r-max", "1e3"]) == 2
    err = capsys.readouterr().err
    assert "--dr" in err and "r points" in err and len(err.strip().splitlines()) == 1


def test_datasets_write_refuses_to_overwrite_unless_asked(tmp_path):
    path = tmp_path / "glass.gr"
    curve = Curve(np.linspace(1, 5, 9), np.linspace(-1, 1, 9), "G")
    write(path, curve)
    before = path.read_bytes()
    with pytest.raises(ValueError, match="overwrite=True"):
        write(path, Curve(curve.x, 2 * curve.y, "G"))
    assert path.read_bytes() == before
    write(path, Curve(curve.x, 2 * curve.y, "G"), overwrite=True)
    np.testing.assert_allclose(read(path).y, 2 * curve.y)
    with pytest.raises(ValueError, match="is a folder"):
        write(tmp_path, curve, format="columns")
    assert _files(tmp_path) == ["glass.gr"]


def test_an_input_inside_the_output_folder_is_refused(tmp_path):
    # replacing the folder (--overwrite) would delete the very file the run reads
    out = tmp_path / "res"
    out.mkdir()
    data = out / "u.chi"
    data.write_text("1 2\n")
    with pytest.raises(ValueError, match="lies inside the output folder"):
        check_output_dir(out, overwrite=True, inputs=[data])
    with pytest.raises(ValueError, match="lies inside the output folder"):
        check_output_dir(tmp_path, overwrite=True, inputs=[tmp_path / "res" / "u.chi"])
    assert check_output_dir(tmp_path / "other", overwrite=True, inputs=[data]).name == "other"
    assert data.read_text() == "1 2\n"


@pytest.mark.parametrize("command", ["exafs", "generate", "benchmark"])
def test_commands_keep_an_input_that_lies_in_out(tmp_path, capsys, command):
    out = tmp_path / "res"
    out.mkdir()
    data = out / "input.dat"
    data.write_text("# x y\n1.0 0.0\n2.0 1.0\n")
    extra = ["--shell", "U-F:3-12:2.1-2.6"] if command == "exafs" else ["--density", "0.05"]
    argv = [command, str(data), *extra, "--out", str(out), "--overwrite"]
    if command == "benchmark":
        argv = [command, "--sq", str(data), "--rdf", str(data), "--out", str(out), "--overwrite"]
    assert main(argv) == 2  # refused before reading or computing anything
    assert "lies inside the output folder" in capsys.readouterr().err
    assert data.read_text() == "# x y\n1.0 0.0\n2.0 1.0\n"


def test_resolution_benchmark_keeps_a_data_folder_that_lies_in_out(tmp_path, capsys):
    out = tmp_path / "res"
    data_dir = out / "data"
    data_dir.mkdir(parents=True)
    (data_dir / "keep.txt").write_text("measured\n")
    argv = ["benchmark", "--resolution", str(data_dir), "--out", str(out), "--overwrite"]
    assert main(argv) == 2  # refused before any curve is read or fitted
    assert "lies inside the output folder" in capsys.readouterr().err
    assert (data_dir / "keep.txt").read_text() == "measured\n"
