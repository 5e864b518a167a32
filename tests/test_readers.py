"""sklearn_rdf.datasets readers and writers: real files, formats, malformed input, round trips."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sklearn_rdf.datasets import (
    READER_QUANTITIES,
    detect_format,
    interference_to_S,
    read,
    read_chi,
    read_columns,
    read_gudrun,
    read_pair,
    read_pdfgetx3,
    read_xdi,
    write,
)
from sklearn_rdf.physics import QUANTITIES, Curve, S_to_F, find_rdf_peaks, sine_transform_F_to_G

# --------------------------------------------------------------------------- real files

# file -> (format read() picks, quantity, rows, first x, last x, y shape[1:])
REAL_FILES = {
    "sio2_glass_neutron/SiO2_NIMROD.mint01": ("gudrun", "F_barn", 1002, 0.0, 50.025, ()),
    "liquid_ar_neutron/yarnell.sq": ("pdfgetx3", "S", 400, 0.0294, 11.7474, ()),
    "liquid_ne/ne_42K_sq_new.csv": ("columns", "unknown", 146, 0.7229, 14.8509, ()),
    "liquid_ne/ne_42K_rdf_new.csv": ("columns", "g", 155, 0.01183, 19.11997, ()),
    "exafs_cu/cu_metal.chi": ("chi", "chi", 350, 0.0, 17.45, ()),
    "exafs_cu/cu_romanglass.xdi": ("xdi", "mu", 473, 8928.6355, 9354.2735, (2,)),
    "exafs_uf4_molten_salt/exp.chik": ("chi", "chi", 251, 0.0, 12.5, ()),
    # raw X-ray patterns: fit2d Q in nm⁻¹ (converted to Å⁻¹), pyFAI q_A^-1
    "raw_xray_glassure/Argon_1GPa.chi": ("fit2d", "I", 2048, 0.0026721, 10.942243, ()),
    "raw_xray_glassure/Argon_1GPa_bkg.chi": ("fit2d", "I", 2048, 0.0026721, 10.942243, ()),
    "raw_xray_glassure/Mg2SiO4_ambient.xy": ("columns", "I", 4845, 1.23517, 28.438905, ()),
    "raw_xray_glassure/Mg2SiO4_ambient_bkg.xy": ("columns", "I", 4845, 1.23517, 28.438905, ()),
}
MD_PAIRS = [
    ("MD_r_UF4.txt", "MD_gr_UF4.txt"),
    ("MD_r_UF4_U.txt", "MD_gr_UF4_U.txt"),
    ("MD_r_UF4_F.txt", "MD_gr_UF4_F.txt"),
]


def test_every_shared_file_is_covered(shared_data):
    files = {
        p.relative_to(shared_data).as_posix()
        for p in shared_data.rglob("*")
        if p.is_file() and p.name not in ("README.md", "LICENSE")
    }
    md = {f"exafs_uf4_molten_salt/{name}" for pair in MD_PAIRS for name in pair}
    assert files == set(REAL_FILES) | md


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_real_file_loads_with_the_right_reader(shared_data, name):
    fmt, quantity, rows, x0, x1, yshape = REAL_FILES[name]
    path = shared_data / name
    assert detect_format(path) == fmt
    curve = read(path)
    assert curve.metadata["format"] == fmt
    assert curve.quantity == quantity
    assert curve.y.shape == (rows, *yshape)
    assert curve.x[0] == pytest.approx(x0, abs=1e-4)
    assert curve.x[-1] == pytest.approx(x1, abs=1e-4)
    assert curve.metadata["source"] == str(path)
    x_unit = {"xdi": "eV", "columns": {"g": "Å", "I": "Å⁻¹"}.get(quantity, "")}.get(fmt, "Å⁻¹")
    assert curve.x_unit == x_unit


def test_real_gudrun_file_units_and_errors(shared_data):
    curve = read_gudrun(shared_data / "sio2_glass_neutron/SiO2_NIMROD.mint01")
    assert curve.y_unit == "barn/sr/atom"
    assert curve.errors is not None and curve.errors.shape == curve.y.shape
    assert np.all(curve.errors >= 0)
    assert np.allclose(np.diff(curve.x[1:]), 0.05, atol=1e-5)


def test_real_structure_factors_tend_to_one(shared_data):
    ar = read(shared_data / "liquid_ar_neutron/yarnell.sq")
    assert abs(np.mean(ar.y[-50:]) - 1) < 0.02
    ne = read(shared_data / "liquid_ne/ne_42K_sq_new.csv", quantity="S")
    assert ne.quantity == "S" and ne.x_unit == "Å⁻¹"
    assert abs(np.mean(ne.y[-20:]) - 1) < 0.05
    g = read(shared_data / "liquid_ne/ne_42K_rdf_new.csv")
    assert abs(np.mean(g.y[g.x > 15]) - 1) < 0.05


def test_real_exafs_files(shared_data):
    cu = read_chi(shared_data / "exafs_cu/cu_metal.chi")
    assert np.allclose(np.diff(cu.x), 0.05)
    uf4 = read(shared_data / "exafs_uf4_molten_salt/exp.chik")
    assert uf4.metadata["element"] == "U"
    extra = uf4.metadata["columns"]
    assert set(extra) == {"chik", "chik2", "chik3", "window", "energy"}
    assert np.allclose(extra["chik"], uf4.x * uf4.y, atol=1e-6)  # k·χ, as the column says
    glass = read_xdi(shared_data / "exafs_cu/cu_romanglass.xdi")
    assert glass.metadata["y_columns"] == ["mufluor", "mutrans"]
    assert "i0" in glass.metadata["columns"]
    assert glass.metadata["xdi"]["Facility.name"] == "APS"


@pytest.mark.parametrize(("x_name", "y_name"), MD_PAIRS)
def test_real_md_pairs(shared_data, x_name, y_name):
    folder = shared_data / "exafs_uf4_molten_salt"
    curve = read_pair(folder / x_name, folder / y_name)
    assert len(curve) == 109
    assert curve.x[0] == pytest.approx(0.55) and curve.x[-1] == pytest.approx(5.95)
    assert np.allclose(np.diff(curve.x), 0.05)
    with pytest.raises(ValueError, match=rf"{y_name}, line 1: has a single column.*read_pair"):
        read(folder / y_name)


def test_sio2_peaks_from_the_read_gudrun_file(shared_data):
    """The vitreous SiO2 test of the foundation, through the reader: Si–O, O–O, Si–Si."""
    pytest.importorskip("periodictable")
    curve = read(shared_data / "sio2_glass_neutron/SiO2_NIMROD.mint01")
    S = interference_to_S(curve, composition={"Si": 1, "O": 2})
    assert S.quantity == "S" and abs(np.mean(S.y[-100:-2]) - 1) < 0.01
    r = np.arange(0.5, 6.0, 0.005)
    G = sine_transform_F_to_G(S.x, S_to_F(S.x, S.y), r)
    positions = find_rdf_peaks(r, G).positions
    for expected in (1.61, 2.62, 3.10):
        assert np.min(np.abs(positions - expected)) < 0.05, (expected, positions[:5])


def test_interference_to_S_checks_input(tmp_path):
    curve = Curve([0.1, 0.2], [-0.2, -0.1], "F_barn", errors=[0.01, 0.01])
    S = interference_to_S(curve, mean_b=5.0)
    assert np.allclose(S.y, 1 + curve.y * 100 / 25)
    assert np.allclose(S.errors, curve.errors * 4)
    assert curve.quantity == "F_barn" and np.allclose(curve.y, [-0.2, -0.1])
    with pytest.raises(ValueError, match="exactly one"):
        interference_to_S(curve)
    with pytest.raises(ValueError, match="not Gudrun"):
        interference_to_S(Curve([0.1, 0.2], [1, 1], "S"), mean_b=5.0)
    with pytest.raises(ValueError, match="non-zero"):
        interference_to_S(curve, mean_b=0.0)


# --------------------------------------------------------------- formats, as tools write them


def test_pdfgetx3_file_with_full_header(tmp_path):
    text = (
        "[DEFAULT]\n\nversion = 2.2.1\n\n# input and output specifications\n"
        "dataformat = QA\ninputfile = sample.chi\nbackgroundfile = kapton.chi\n"
        "outputtype = gr\n\n# PDF calculation setup\nmode = xray\nwavelength = 0.1822\n"
        "composition = Ge0.25Se0.75\nbgscale = 0.98\nrpoly = 0.9\nqmaxinst = 24.0\n"
        "qmin = 0.6\nqmax = 22.0\nrmin = 0.0\nrmax = 30.0\nrstep = 0.01\n\n"
        "# End of config " + "-" * 63 + "\n#### start data\n#S 1\n"
        "#L r($\\AA$)  G($\\AA^{-2}$)\n0 0\n0.01 -0.0021\n0.02 -0.0043\n"
    )
    path = tmp_path / "sample.gr"
    path.write_text(text)
    curve = read(path)
    assert (curve.quantity, curve.x_unit, curve.y_unit) == ("G", "Å", "Å⁻²")
    assert curve.y.tolist() == [0.0, -0.0021, -0.0043]
    config = curve.metadata["config"]
    assert config["qmax"] == 22.0 and config["composition"] == "Ge0.25Se0.75"
    assert curve.metadata["labels"] == ["r($\\AA$)", "G($\\AA^{-2}$)"]
    assert curve.metadata["composition"] == "Ge0.25Se0.75"


def test_xpdfsuite_header_and_outputtype_beats_extension(tmp_path):
    text = (
        "# xPDFsuite Configuration #\n[PDF]\nwavelength = 0.1\noutputtype = fq\n"
        "qmax = 20.0\n\n[Misc]\ninputdir = /data\n\n#### start data\n#S 1\n"
        "#L Q  F\n1.0 0.5\n2.0 -0.25\n"
    )
    path = tmp_path / "renamed.txt"
    path.write_text(text)
    assert detect_format(path) == "pdfgetx3"
    curve = read(path)
    assert curve.quantity == "F" and curve.metadata["config"]["qmax"] == 20.0


@pytest.mark.parametrize(("suffix", "quantity"), [(".sq", "S"), (".fq", "F"), (".iq", "I")])
def test_pdfgetx3_quantity_from_extension(tmp_path, suffix, quantity):
    path = tmp_path / f"data{suffix}"
    path.write_text("# plain two columns\n0.5 1.0\n1.0 2.0\n")
    curve = read(path)
    assert curve.quantity == quantity
    assert curve.x_unit == "Å⁻¹"
    assert curve.metadata["pdfgetx3_header"] is False


def test_pdfgetx3_four_columns_take_dy_as_errors(tmp_path):
    path = tmp_path / "fit.gr"
    path.write_text("0.1 0.5 0.0 0.02\n0.2 0.6 0.0 0.03\n")
    curve = read(path)
    assert curve.errors.tolist() == [0.02, 0.03]


def test_gudrun_header_as_gudrun_writes_it(tmp_path):
    text = (
        "# NIMROD00009999.mint01 \n# 2mm glass plate\n#     1   4\n#  0.2000000E+02\n"
        "   0.2500000E-01 -0.2555595E+00  0.2983806E-03\n"
        "   0.7500000E-01 -0.2400999E+00  0.2147958E-03\n"
        "   0.1250000E+00 -0.2471977E+00  0.1340092E-03\n"
    )
    path = tmp_path / "g.mint01"
    path.write_text(text)
    curve = read(path)
    assert curve.quantity == "F_barn" and curve.x.tolist() == [0.025, 0.075, 0.125]
    assert curve.errors[0] == pytest.approx(2.983806e-4)
    assert len(curve.metadata["header"]) == 4


def test_larch_and_athena_chi_headers(tmp_path):
    larch = tmp_path / "a.chi"
    larch.write_text("# Output from Larch\n#-----\n#  k   chi\n 0.0 0.5\n 0.05 0.4\n")
    assert read(larch).metadata["labels"] == ["k", "chi"]
    athena = tmp_path / "b.chik"
    athena.write_text(
        "# XDI/1.0 Athena/0.9.26\n# Element.symbol: Fe\n# Column.1: k inverse Angstrom\n"
        "# Column.2: chik\n# Column.3: chi\n# ///\n# note\n#-----\n#  k chik chi\n"
        "1.0 0.2 0.2\n2.0 0.6 0.3\n"
    )
    curve = read(athena)
    assert curve.y.tolist() == [0.2, 0.3]  # the column named chi, not the second
    assert curve.metadata["columns"]["chik"].tolist() == [0.2, 0.6]
    assert curve.metadata["element"] == "Fe"


def test_fit2d_chi_reads_its_header_units(tmp_path):
    path = tmp_path / "pattern.chi"
    path.write_text(
        "image.tif\n2-Theta Angle (Degrees)\nIntensity\n       3\n"
        "  10.0  10.0\n  20.0  20.0\n  30.0  30.0\n"
    )
    assert detect_format(path) == "fit2d"
    curve = read(path)
    assert (curve.quantity, curve.x_unit) == ("I", "°2θ")  # no wavelength: left as 2θ
    assert curve.y.tolist() == [10.0, 20.0, 30.0]
    with_lambda = read(path, wavelength=1.5406)
    assert with_lambda.x_unit == "Å⁻¹"
    assert with_lambda.x[0] == pytest.approx(4 * np.pi * np.sin(np.radians(5.0)) / 1.5406)
    nm = tmp_path / "nm.chi"
    nm.write_text("t\nQ (Inverse Nanometres)\nIntensity\n 2\n 10.0 1\n 20.0 2\n")
    assert read(nm).x.tolist() == [1.0, 2.0]  # nm⁻¹ -> Å⁻¹
    short = tmp_path / "short.chi"
    short.write_text("t\nQ (Inverse Nanometres)\nIntensity\n 3\n 10.0 1\n 20.0 2\n")
    with pytest.raises(ValueError, match="announces 3 points but 2 rows"):
        read(short)


def test_headerless_chi_is_read_whole(tmp_path):
    """The old hint (skip_lines=4) silently dropped 4 of 2,500 rows of a headerless file."""
    path = tmp_path / "headerless.chi"
    q = np.linspace(0.1, 25.0, 2500)
    path.write_text("".join(f"{a:.6f} {b:.6f}\n" for a, b in zip(q, np.cos(q), strict=True)))
    curve = read(path)
    assert len(curve) == 2500
    with pytest.warns(UserWarning, match="drops 4 line"):
        dropped = read_columns(path, skip_lines=4)
    assert len(dropped) == 2496


def test_pyfai_labels_give_units_and_wavelength(tmp_path):
    path = tmp_path / "p.xy"
    path.write_text("# Wavelength: 1.5406e-10\n# 2th_deg I\n10.0 5.0\n20.0 6.0\n")
    curve = read(path)
    assert (curve.quantity, curve.x_unit) == ("I", "Å⁻¹")
    assert curve.metadata["wavelength"] == pytest.approx(1.5406)
    assert curve.metadata["x_from"]["values"].tolist() == [10.0, 20.0]
    nm = tmp_path / "n.xy"
    nm.write_text("# q_nm^-1 I\n10.0 5.0\n20.0 6.0\n")
    assert read(nm).x.tolist() == [1.0, 2.0]


def test_column_chooser_picks_one_of_many(tmp_path):
    path = tmp_path / "partials.dat"
    names = ["Q", "S"] + [f"S_{i}" for i in range(11)]
    rows = np.arange(5 * 13, dtype=float).reshape(5, 13)
    path.write_text(
        "# " + " ".join(names) + "\n" + "".join(" ".join(f"{v:g}" for v in r) + "\n" for r in rows)
    )
    everything = read(path)
    assert everything.y.shape == (5, 12)
    by_index = read(path, columns=(0, 3), quantity="S")
    assert by_index.y.tolist() == rows[:, 3].tolist()
    by_label = read(path, columns=("Q", "S"))
    assert by_label.quantity == "S" and by_label.y.tolist() == rows[:, 1].tolist()
    with pytest.raises(ValueError, match="column index 13 is out of range"):
        read(path, columns=(0, 13))
    with pytest.raises(ValueError, match="no column labelled 'X'"):
        read(path, columns=("Q", "X"))


def test_g_over_r_and_keen_quantities_have_names(tmp_path):
    path = tmp_path / "gr_over_r.dat"
    path.write_text("# r G(r)/r\n1.0 -0.5\n2.0 0.25\n")
    curve = read(path)
    assert (curve.quantity, curve.y_unit) == ("G_over_r", "Å⁻³")
    assert curve.to("G").y.tolist() == [-0.5, 0.5]
    d = tmp_path / "d.dat"
    d.write_text("# r D(r)\n1.0 0.1\n2.0 0.2\n")
    assert read(d).quantity == "D"


def test_reader_refuses_options_it_does_not_take(shared_data):
    with pytest.raises(ValueError, match="reader takes no option quantity"):
        read(shared_data / "liquid_ar_neutron/yarnell.sq", quantity="S")


def test_xdi_variants(tmp_path):
    path = tmp_path / "scan.dat"
    path.write_text(
        "# XDI/1.0\n# Column.1: energy eV\n# Column.2: i0\n# Column.3: itrans\n"
        "#----\n# energy i0 itrans\n7000 10 5\n7001 10 4\n"
    )
    assert detect_format(path) == "xdi"
    curve = read(path)
    assert curve.quantity == "unknown" and curve.y.shape == (2, 2)
    bad = tmp_path / "bad.xdi"
    bad.write_text("# not xdi\n1 2\n")
    with pytest.raises(ValueError, match=r"bad\.xdi, line 1: not an XDI file"):
        read(bad)


@pytest.mark.parametrize(
    ("text", "quantity", "x_unit"),
    [
        ("r, g\n1, 0\n2, 1\n", "g", "Å"),
        ("# r (A)  G(r)\n1 0\n2 1\n", "G", "Å"),
        ("Q\tS(Q)\n1\t0\n2\t1\n", "S", "Å⁻¹"),
        ("# q F\n1 0\n2 1\n", "F", "Å⁻¹"),
        ("k;chi\n1;0\n2;1\n", "chi", "Å⁻¹"),
        ("s,q\n1, 0\n2, 1\n", "unknown", ""),
        ("# r S\n1 0\n2 1\n", "unknown", "Å"),  # r with S is no known pair
        ("1 0\n2 1\n", "unknown", ""),
    ],
)
def test_columns_quantity_from_labels(tmp_path, text, quantity, x_unit):
    path = tmp_path / "c.dat"
    path.write_text(text)
    curve = read(path)
    assert (curve.quantity, curve.x_unit) == (quantity, x_unit)
    assert curve.y.tolist() == [0.0, 1.0]


def test_columns_three_and_more(tmp_path):
    three = tmp_path / "a.xye"
    three.write_text("1 2 0.1\n2 3 0.2\n")
    assert read(three).errors.tolist() == [0.1, 0.2]
    labelled = tmp_path / "b.dat"
    labelled.write_text("# r g dg\n1 2 0.1\n2 3 0.2\n")
    assert read(labelled).errors.tolist() == [0.1, 0.2]
    two_y = tmp_path / "c.dat"
    two_y.write_text("# r g_total g_partial\n1 2 0.1\n2 3 0.2\n")
    curve = read(two_y)
    assert curve.errors is None and curve.y.shape == (2, 2)
    four = tmp_path / "b.txt"
    four.write_text("1 2 3 4\n2 3 4 5\n")
    curve = read(four, quantity="g")
    assert curve.y.shape == (2, 3) and curve.errors is None and curve.quantity == "g"


def test_columns_from_other_tools(tmp_path):
    """Numbered curves of one quantity (g1 g2), mixed labels, settings lines in the header."""
    numbered = tmp_path / "n.dat"
    numbered.write_text("# r g1 g2 g3\n1 2 3 4\n2 3 4 5\n")
    assert read(numbered).quantity == "g"
    two = tmp_path / "two.dat"
    two.write_text("# r  g1  g2\n1 2 3\n2 3 4\n")
    curve = read(two)
    assert (curve.quantity, curve.y.shape, curve.errors) == ("g", (2, 2), None)
    mixed = tmp_path / "m.dat"
    mixed.write_text("# r g G\n1 2 3\n2 3 4\n")
    assert read(mixed).quantity == "unknown"  # two different quantities
    settings_line = tmp_path / "s.xye"
    settings_line.write_text("# wavelength = 1.54\n1 2 0.1\n2 3 0.2\n")
    assert read(settings_line).errors.tolist() == [0.1, 0.2]  # not labels "wavelength = 1.54"
    energy = tmp_path / "e.txt"
    energy.write_text("# E mu\n7000 1\n7001 2\n")
    assert (read(energy).quantity, read(energy).x_unit) == ("mu", "eV")
    declared = tmp_path / "d.csv"
    declared.write_text("# quantity = S\n# x_unit = nm⁻¹\nx,y\n1,2\n2,3\n")
    curve = read(declared)
    assert (curve.quantity, curve.x_unit, curve.y_unit) == ("S", "nm⁻¹", "1")


def test_curve_errors_must_match_the_values():
    with pytest.raises(ValueError, match="x and errors have mismatched lengths: 3 and 2"):
        Curve([1.0, 2.0, 3.0], [1.0, 1.0, 1.0], "g", errors=[1, 2])
    with pytest.raises(ValueError, match="errors must have the shape of y"):
        Curve([1.0, 2.0], [[1.0, 2.0], [3.0, 4.0]], "g", errors=[0.1, 0.1])
    with pytest.raises(ValueError, match="errors contains NaN"):
        Curve([1.0, 2.0], [1.0, 1.0], "g", errors=[0.1, np.nan])
    with pytest.raises(ValueError, match="errors must be an array of real numbers"):
        Curve([1.0, 2.0], [1.0, 1.0], "g", errors=["a", "b"])
    errors = np.array([0.1, 0.2])
    curve = Curve([1.0, 2.0], [1.0, 1.0], "g", errors=errors)
    curve.errors[0] = 5.0
    assert errors[0] == 0.1  # a copy


def test_read_format_argument(tmp_path):
    path = tmp_path / "x.weird"
    path.write_text("# k chi\n1 2\n3 4\n")
    assert detect_format(path) == "columns"
    assert read(path, format="larch").quantity == "chi"
    assert read(path, format="CSV").metadata["format"] == "columns"
    with pytest.raises(ValueError, match="unknown format 'nope'"):
        read(path, format="nope")


def test_pdfgetx3_without_kind_is_refused(tmp_path):
    path = tmp_path / "x.weird"
    path.write_text("1 2\n3 4\n")
    with pytest.raises(ValueError, match=r"x\.weird: cannot tell whether"):
        read(path, format="PDFgetN3")


# ------------------------------------------------------------------------ malformed input

MALFORMED = [
    ("ragged.dat", "# x y\n1 2\n3 4\n5 6 7\n", 4, "expected 2 columns"),
    ("text.xy", "1 2\n3 4\nhello world\n", 3, "'hello' is not a number"),
    ("nan.csv", "r, g\n1, 2\n2, nan\n", 3, "NaN or infinite"),
    ("half.dat", "# x y\n1 2\n3 abc\n", 3, "'abc' is not a number"),
    ("mixed.gr", "[DEFAULT]\n#### start data\n#S 1\n0.1 0.2\n0.2 0.3 0.4\n", 5, "expected 2"),
    ("five.mint01", "# h\n1 2 3 4 5\n", 2, "3 columns"),
    ("empty.dat", "# only a comment\n", None, "no rows of numbers"),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), MALFORMED)
def test_malformed_file_names_file_and_line(tmp_path, name, text, line, message):
    path = tmp_path / name
    path.write_text(text)
    where = rf"{name}, line {line}: " if line else rf"{name}: "
    with pytest.raises(ValueError, match=where + ".*" + message):
        read(path)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(ValueError, match=r"nothere\.gr: no such file"):
        read(tmp_path / "nothere.gr")
    binary = tmp_path / "b.dat"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(ValueError, match="binary file"):
        read(binary)


def test_read_pair_checks_lengths(tmp_path):
    (tmp_path / "x.txt").write_text("1\n2\n3\n")
    (tmp_path / "y.txt").write_text("1\n2\n")
    (tmp_path / "xy.txt").write_text("1 2\n2 3\n")
    with pytest.raises(ValueError, match="not a pair"):
        read_pair(tmp_path / "x.txt", tmp_path / "y.txt")
    with pytest.raises(ValueError, match=r"xy\.txt, line 1: expected one column"):
        read_pair(tmp_path / "x.txt", tmp_path / "xy.txt")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet="0123456789.,;eE+- \t#abcnNaI\n", max_size=40), max_size=8))
def test_any_text_reads_or_raises_value_error(lines):
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".dat", ".gr", ".mint01", ".chi", ".xdi"):
            path = Path(tmp) / f"fuzz{suffix}"
            path.write_text("\n".join(lines))
            try:
                curve = read(path)
            except ValueError as exc:
                assert str(path) in str(exc)
            else:
                assert np.all(np.isfinite(curve.x)) and np.all(np.isfinite(curve.y))


# ------------------------------------------------------------------------------ round trips

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)

# (suffix, quantity, with errors?, 2-D y?): every format with what it can hold; the column
# formats with every quantity a reader returns, several curves, and names of the readers'
# own (that the labels alone cannot carry, or that look like uncertainty labels)
ROUND_TRIPS = [
    (".gr", "G", True, False),
    (".sq", "S", False, False),
    (".fq", "F", True, False),
    (".iq", "I", False, False),
    (".mint01", "F_barn", True, False),
    (".chi", "chi", False, False),
    (".chik", "chi", False, False),
    (".xdi", "mu", False, True),
    (".xdi", "chi", False, False),
    (".dat", "g", True, False),
    (".dat", "g", False, True),
    (".xy", "S", False, False),
    (".xye", "R", False, True),
    (".txt", "unknown", False, True),
    (".csv", "G", True, False),
    (".csv", "F", False, True),
    (".dat", "F_barn", True, False),
    (".csv", "F_barn", False, True),
    (".txt", "mu", False, True),
    (".xy", "mu", False, False),
    (".dat", "chi", True, False),
    (".txt", "I", False, True),
    (".dat", "density", False, True),
    (".csv", "dos", True, False),
    (".xye", "sigma", False, True),
    (".txt", "e", False, True),
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(ROUND_TRIPS), data=st.data())
def test_written_files_read_back_exactly(case, data):
    suffix, quantity, with_errors, two_d = case
    n = data.draw(st.integers(min_value=1, max_value=30))
    x = np.array(data.draw(st.lists(finite, min_size=n, max_size=n)))
    n_y = data.draw(st.integers(min_value=2, max_value=3)) if two_d else 1
    y = np.array(
        data.draw(st.lists(st.lists(finite, min_size=n_y, max_size=n_y), min_size=n, max_size=n))
    )
    y = y[:, 0] if n_y == 1 else y
    errors = np.abs(np.array(data.draw(st.lists(finite, min_size=n, max_size=n))))
    curve = Curve(x, y, quantity, errors=errors if with_errors else None)
    before = (curve.x.copy(), curve.y.copy())
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp) / f"curve{suffix}", curve)
        back = read(path)
    assert back.quantity == quantity
    np.testing.assert_array_equal(back.x, x)
    np.testing.assert_array_equal(back.y, y)
    if with_errors:
        np.testing.assert_array_equal(back.errors, errors)
    else:
        assert back.errors is None
    for unit in ("x_unit", "y_unit"):  # a unit the curve has comes back
        if getattr(curve, unit):
            assert getattr(back, unit) == getattr(curve, unit)
    np.testing.assert_array_equal(curve.x, before[0])  # the caller's curve is untouched
    np.testing.assert_array_equal(curve.y, before[1])


def test_every_quantity_round_trips_through_column_files(tmp_path):
    """Each quantity of the physics and reader tables, one curve and several, with and
    without uncertainties, in whitespace and CSV files; units other than the quantity's too."""
    x = np.array([0.5, 1.0, 1.5])
    for quantity in [*QUANTITIES, *READER_QUANTITIES]:
        for y, errors in ((x**2, x / 10), (np.column_stack([x, -x, x**3]), None)):
            for suffix in (".dat", ".csv"):
                curve = Curve(x, y, quantity, errors=errors)
                back = read(write(tmp_path / f"c{suffix}", curve, overwrite=True))
                assert back.quantity == quantity, (quantity, suffix, y.shape)
                np.testing.assert_array_equal(back.y, y)
                assert (back.errors is None) == (errors is None)
    odd = Curve(x, x, "g", x_unit="nm", y_unit="arb.")
    path = write(tmp_path / "odd.dat", odd)
    back = read(path)
    assert (back.quantity, back.x_unit, back.y_unit) == ("g", "nm", "arb.")
    assert read(path, quantity="G").x_unit == "Å"  # the file's units describe its own g
    plain = write(tmp_path / "plain.csv", Curve(x, x, "G"))
    assert plain.read_text().startswith("r,G\n")  # labels suffice: no declaration lines


def test_round_trip_keeps_units_and_config(tmp_path):
    curve = Curve([1.0, 2.0], [0.5, 0.25], "F", metadata={"config": {"qmax": 7.9}})
    back = read(write(tmp_path / "a.fq", curve))
    assert (back.x_unit, back.y_unit) == ("Å⁻¹", "Å⁻¹")
    assert back.metadata["config"]["qmax"] == 7.9
    mu = Curve(
        [7000.0, 7001.0],
        [[1.0, 2.0], [1.5, 2.5]],
        "mu",
        metadata={"y_columns": ["mufluor", "mutrans"], "element": "Cu"},
    )
    back = read(write(tmp_path / "m.xdi", mu))
    assert back.metadata["y_columns"] == ["mufluor", "mutrans"]
    assert back.metadata["element"] == "Cu" and back.x_unit == "eV"


def test_write_refuses_what_a_format_cannot_hold(tmp_path):
    g = Curve([1.0, 2.0], [0.0, 1.0], "g")
    with pytest.raises(ValueError, match="XDI files hold μ"):
        write(tmp_path / "a.xdi", g)
    with pytest.raises(ValueError, match="PDFgetX3 files hold G, S, F or I"):
        write(tmp_path / "a.gr", g)
    with pytest.raises(ValueError, match=r"a \.sq file holds S"):
        write(tmp_path / "a.sq", Curve([1.0, 2.0], [0.0, 1.0], "G"))
    with pytest.raises(ValueError, match="F_barn"):
        write(tmp_path / "a.mint01", g)
    with pytest.raises(ValueError, match="cannot tell the format"):
        write(tmp_path / "a.unknown", g)
    with pytest.raises(ValueError, match=r"must be a sklearn_rdf\.physics\.Curve"):
        write(tmp_path / "a.dat", (np.ones(2), np.ones(2)))


def test_reader_quantities_are_documented():
    assert not set(READER_QUANTITIES) & set(QUANTITIES)
    for symbol in ("I", "F_barn", "chi", "mu", "unknown"):
        assert symbol in READER_QUANTITIES


def test_cli_transform_reads_a_pdfgetx3_file(tmp_path, capsys):
    from sklearn_rdf.cli import main

    q = np.linspace(0.5, 20, 400)
    F = np.sin(2.35 * q) * np.exp(-0.01 * q**2) * 3
    path = write(tmp_path / "model.fq", Curve(q, F, "F"))
    assert main(["transform", str(path), "--r-max", "5"]) == 0
    assert "first peaks of G(r)" in capsys.readouterr().out
    assert isinstance(read_pdfgetx3(path), Curve)


def test_pyfai_header_wavelength_is_kept(shared_data):
    curve = read(shared_data / "raw_xray_glassure/Mg2SiO4_ambient.xy")
    assert curve.metadata["wavelength"] == pytest.approx(0.1908)  # "# Wavelength: 1.908e-11" m
