"""The command line on raw and ambiguous files: every former silent trap is now an error, a
warning or a correct, labelled result; the reduce round trip reads back as written."""

from __future__ import annotations

import numpy as np
import pytest

from sklearn_rdf.cli import main
from sklearn_rdf.datasets import read

RAW = "raw_xray_glassure"


def _noisy_water_like(tmp_path):
    """F(Q) of a molecular liquid to 50 Å⁻¹ whose tail is noise (as an H2O file is)."""
    q = np.arange(0.05, 50.0, 0.05)
    F = 0.8 * np.sin(0.97 * q) * np.exp(-0.003 * q**2) + 0.5 * np.sin(2.8 * q) * np.exp(-0.05 * q)
    F += np.random.default_rng(0).normal(0.0, 0.01, q.size) * q
    path = tmp_path / "water.fq"
    path.write_text("# q F\n" + "".join(f"{a:.4f} {b:.6f}\n" for a, b in zip(q, F, strict=True)))
    return path


def test_unknown_quantity_is_refused_with_how_to_name_it(tmp_path, capsys):
    path = tmp_path / "mystery.dat"
    path.write_text("".join(f"{q:.2f} {np.sin(q):.5f}\n" for q in np.arange(0.1, 20, 0.05)))
    out = tmp_path / "g.dat"
    assert main(["transform", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "does not say what it holds" in err and "--quantity S" in err
    assert not out.exists()
    assert main(["transform", str(path), "--quantity", "F", "--out", str(out)]) == 0
    assert read(out).quantity == "G"


def test_raw_intensity_is_not_transformed(shared_data, capsys):
    assert main(["transform", str(shared_data / RAW / "Mg2SiO4_ambient.xy")]) == 2
    assert "sklearn-rdf reduce" in capsys.readouterr().err


def test_noisy_tail_is_cut_and_reported_and_no_core_peaks(tmp_path, capsys):
    path = _noisy_water_like(tmp_path)
    assert main(["transform", str(path)]) == 0
    out = capsys.readouterr().out
    q_max = float(out.split("Q range used: ")[1].split("–")[1].split(" ")[0])
    assert 8.0 < q_max < 40.0  # not the noisy 50 Å⁻¹ (signal = 3 × noise near 12 Å⁻¹)
    first = float(out.split("(Å): ")[1].split(",")[0])
    assert first >= 0.8  # never a "peak" inside the atomic core
    assert main(["transform", str(path), "--q-max", "12"]) == 0
    assert "0.05–12 Å⁻¹ (--q-max)" in capsys.readouterr().out


def test_gudrun_file_is_labelled_d_or_g(shared_data, tmp_path, capsys):
    mint = shared_data / "sio2_glass_neutron/SiO2_NIMROD.mint01"
    out_d, out_g = tmp_path / "d.dat", tmp_path / "g.gr"
    assert main(["transform", str(mint), "--out", str(out_d)]) == 0
    d = read(out_d)
    assert (d.quantity, d.y_unit) == ("D", "barn/sr/atom/Å²")  # not G
    assert main(["transform", str(mint), "--composition", "Si:1,O:2", "--out", str(out_g)]) == 0
    g = read(out_g)
    assert (g.quantity, g.y_unit) == ("G", "Å⁻²")
    mean_b2 = (5.2517 / 10) ** 2  # ⟨b⟩² in barn for SiO2
    inside = (d.x > 1.0) & (d.x < 3.0)
    assert np.allclose(d.y[inside] / mean_b2, g.y[inside], atol=0.02 * np.abs(g.y).max())
    assert "1.610" in capsys.readouterr().out


def test_read_options_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "partials.txt"
    q = np.arange(0.1, 20.0, 0.05)
    cols = [q, 1 + np.sin(2 * q) / (2 * q), np.zeros_like(q), 1 + np.sin(1.6 * q) / (1.6 * q)]
    body = "".join(" ".join(f"{v:.6f}" for v in row) + "\n" for row in np.column_stack(cols))
    path.write_text("junk line 1\njunk line 2\n# Q S S_AA S_AB\n" + body)
    args = ["transform", str(path), "--skip-lines", "2", "--columns", "0,3", "--quantity", "S"]
    assert main(args) == 0
    assert "1.600" in capsys.readouterr().out
    assert main(["transform", str(path), "--columns", "Q,S_AB", "--quantity", "S"]) == 0
    assert main(["transform", str(path), "--format", "columns", "--columns", "0,9"]) == 2
    assert "out of range" in capsys.readouterr().err


def test_reduce_round_trip(shared_data, tmp_path, capsys):
    sq, gr, g = tmp_path / "m.sq", tmp_path / "m.gr", tmp_path / "m_g.dat"
    args = [
        "reduce",
        str(shared_data / RAW / "Mg2SiO4_ambient.xy"),
        "--background",
        str(shared_data / RAW / "Mg2SiO4_ambient_bkg.xy"),
        "--composition",
        "Mg2SiO4",
        "--density",
        "2.9",
        "--q-max",
        "20",
        "--r-cutoff",
        "1.4",
        "--out-sq",
        str(sq),
        "--out-gr",
        str(gr),
        "--out-g",
        str(g),
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "1.600" in out and "2.030" in out  # Si-O and Mg-O
    from sklearn_rdf.reduction import reduce_xray

    red = reduce_xray(
        read(args[1]),
        read(args[3]),
        composition="Mg2SiO4",
        density=2.9,
        q_max=20,
        r_cutoff=1.4,
        r=np.round(np.arange(0, 10.005, 0.01), 10),
    )
    for path, curve, unit in ((sq, red.S, "1"), (gr, red.G, "Å⁻²"), (g, red.g, "1")):
        back = read(path)
        assert (back.quantity, back.y_unit) == (curve.quantity, unit)
        assert np.array_equal(back.x, curve.x) and np.array_equal(back.y, curve.y)
    assert read(sq).metadata["config"]["density"] == 2.9


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--density": "-2.9"}, "density .* must be finite and > 0"),
        ({"--composition": "Mg:2,Xx:1"}, "unknown element 'Xx'"),
        ({"--composition": "Mg:0,O:0"}, "sums to zero"),
        ({"background": "other grid"}, "background is on another grid"),
        ({"pattern": "2theta"}, "no wavelength was given"),
    ],
)
def test_reduce_bad_input_writes_nothing(shared_data, tmp_path, capsys, change, message):
    data = shared_data / RAW / "Mg2SiO4_ambient.xy"
    bkg = shared_data / RAW / "Mg2SiO4_ambient_bkg.xy"
    if change.pop("background", None):
        bkg = tmp_path / "bkg.xy"
        rows = np.loadtxt(shared_data / RAW / "Mg2SiO4_ambient_bkg.xy")[::2]
        bkg.write_text("# q_A^-1 I\n" + "".join(f"{a} {b}\n" for a, b in rows))
    if change.pop("pattern", None):
        data = tmp_path / "tth.xy"
        rows = np.loadtxt(shared_data / RAW / "Mg2SiO4_ambient.xy")
        data.write_text("# 2th_deg I\n" + "".join(f"{a} {b}\n" for a, b in rows))
        bkg = tmp_path / "tth_bkg.xy"
        bkg.write_text("# 2th_deg I\n" + "".join(f"{a} {b}\n" for a, b in rows))
    options = {"--composition": "Mg2SiO4", "--density": "2.9", **change}
    out = tmp_path / "out.sq"
    args = ["reduce", str(data), "--background", str(bkg), "--out-sq", str(out)]
    args += [item for pair in options.items() for item in pair]
    assert main(args) == 2
    assert __import__("re").search(message, capsys.readouterr().err)
    assert not out.exists()


def test_benchmark_takes_a_raw_pattern_and_cuts(shared_data, tmp_path, monkeypatch, capsys):
    """The benchmark reduces --pattern with its background and composition and cuts q and r
    as asked (the fits themselves are stubbed out: they are tested elsewhere)."""
    import sklearn_rdf.benchmark as bench

    seen = {}

    class Result:
        files, seconds = [], 0.0

    def fake_run(materials, **kwargs):
        seen.update(materials)
        return Result()

    monkeypatch.setattr(bench, "run_benchmark", fake_run)
    monkeypatch.setattr(bench, "format_tables", lambda result: "tables")
    args = [
        "benchmark",
        "--pattern",
        str(shared_data / RAW / "Argon_1GPa.chi"),
        "--background",
        str(shared_data / RAW / "Argon_1GPa_bkg.chi"),
        "--bkg-scale",
        "0.57",
        "--composition",
        "Ar",
        "--density",
        "1.9",
        "--r-cutoff",
        "2.4",
        "--q-min",
        "0.5",
        "--q-max",
        "8",
        "--r-min",
        "2",
        "--r-max",
        "8",
        "--n-r",
        "121",
        "--out",
        str(tmp_path / "o"),
    ]
    assert main(args) == 0
    (material,) = seen.values()
    assert material.q[0] >= 0.5 and material.q[-1] <= 8.0
    assert material.r.size == 121 and material.r[0] == 2.0 and material.r[-1] == 8.0
    peak = material.r[np.argmax(material.target)]
    assert abs(peak - 3.5) < 0.15  # Ar-Ar at 1 GPa
    assert main([*args[:1], "--pattern", args[2], "--sq", args[2]]) == 2
    assert "not both" in capsys.readouterr().err
