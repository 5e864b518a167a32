"""sklearn_rdf.physics.scattering: Faber–Ziman weights, neutron lengths, isotopes, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from sklearn_rdf.physics.scattering import (
    faber_ziman_weights,
    mean_coherent_length,
    neutron_scattering_lengths,
    neutron_weights,
)

periodictable = pytest.importorskip("periodictable")


def test_faber_ziman_weights_constant_lengths():
    c, b = [0.2, 0.3, 0.5], [4.0, -1.0, 6.0]
    w = faber_ziman_weights(["A", "B", "C"], c, b)
    assert list(w) == ["A-A", "A-B", "A-C", "B-B", "B-C", "C-C"]
    mean = 0.2 * 4.0 - 0.3 * 1.0 + 0.5 * 6.0
    assert w["A-B"] == pytest.approx(2 * 0.2 * 0.3 * 4.0 * -1.0 / mean**2)
    assert w["C-C"] == pytest.approx(0.25 * 36.0 / mean**2)
    assert sum(w.values()) == pytest.approx(1.0)
    assert all(isinstance(v, float) for v in w.values())


def test_faber_ziman_weights_q_dependent_lengths_match_each_q():
    """Form factors f_α(q) (one row per species): at every q the weights are those of the
    constant lengths f_α(q_i), and they sum to 1 at every q."""
    q = np.linspace(0.0, 10.0, 7)
    f = np.array([32.0 * np.exp(-0.01 * q**2), 8.0 * np.exp(-0.02 * q**2)])
    w = faber_ziman_weights(["Ge", "O"], [1 / 3, 2 / 3], f)
    assert all(v.shape == q.shape for v in w.values())
    np.testing.assert_allclose(sum(w.values()), 1.0, rtol=1e-12)
    for i in range(q.size):
        at_q = faber_ziman_weights(["Ge", "O"], [1 / 3, 2 / 3], f[:, i])
        for key, value in at_q.items():
            assert w[key][i] == pytest.approx(value, rel=1e-12)
    assert f[0, 0] == 32.0  # the caller's array untouched


def test_neutron_weights_are_faber_ziman_of_the_neutron_lengths():
    species, c = ["Si", "O"], [1 / 3, 2 / 3]
    assert neutron_weights(species, c) == faber_ziman_weights(
        species, c, neutron_scattering_lengths(species)
    )


@pytest.mark.extras
def test_xray_builder_uses_the_shared_weights():
    build = pytest.importorskip("sklearn_rdf.datasets._ge_se_build")
    pytest.importorskip("xraydb", reason="needs the 'simulate' extra (xraydb)")
    from sklearn_rdf.datasets.ge_se import ge_se_model

    model = ge_se_model("ternary_C")
    f0 = build.form_factors(model.elements, [0.0])
    c = [model.composition[el] for el in model.elements]
    expected = faber_ziman_weights(model.elements, c, [f0[el][0] for el in model.elements])
    assert build.xray_weights(model) == expected
    assert sum(expected.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("species", "c"),
    [(["Si", "O", "Si"], [0.2, 0.6, 0.2]), (["D", "2-H"], [0.5, 0.5]), (["D", "2H"], [0.5, 0.5])],
)
def test_repeated_species_are_refused(species, c):
    """Repeated species used to overwrite each other's key: weights no longer summing to 1."""
    with pytest.raises(ValueError, match="given twice"):
        neutron_weights(species, c)


def test_repeated_labels_are_refused_by_faber_ziman_weights():
    with pytest.raises(ValueError, match="'Si' is given twice"):
        faber_ziman_weights(["Si", "Si"], [0.5, 0.5], [4.1, 4.1])


def test_null_matrix_composition_is_refused():
    """Ti (b < 0) and Zr at c_Ti = b_Zr/(b_Zr − b_Ti): ⟨b⟩ = 0, the Faber–Ziman weights
    (∝ 1/⟨b⟩²) are undefined; so is S(Q) from a measured i(Q)."""
    b_ti, b_zr = neutron_scattering_lengths(["Ti", "Zr"])
    assert b_ti < 0 < b_zr
    c_ti = b_zr / (b_zr - b_ti)
    with pytest.raises(ValueError, match=r"Faber–Ziman normalisation by ⟨b⟩² is undefined"):
        neutron_weights(["Ti", "Zr"], [c_ti, 1 - c_ti])
    # the textbook null-matrix alloy, and just inside the limit |⟨b⟩| < 1e-2 max|b| ...
    with pytest.raises(ValueError, match="Bhatia–Thornton"):
        neutron_weights(["Ti", "Zr"], [0.676, 0.324])
    c_in = c_ti + 0.5e-2 * b_zr / (b_zr - b_ti)
    with pytest.raises(ValueError, match="Bhatia–Thornton"):
        neutron_weights(["Ti", "Zr"], [c_in, 1 - c_in])
    # ... and just outside it: allowed, the weights still sum to 1
    c_out = c_ti + 2e-2 * b_zr / (b_zr - b_ti)
    assert sum(neutron_weights(["Ti", "Zr"], [c_out, 1 - c_out]).values()) == pytest.approx(1.0)
    from sklearn_rdf.datasets import interference_to_S
    from sklearn_rdf.physics import Curve

    curve = Curve([1.0, 2.0], [0.01, -0.01], "F_barn")
    with pytest.raises(ValueError, match="nearly zero"):
        interference_to_S(curve, composition={"Ti": c_ti, "Zr": 1 - c_ti})


def test_isotopes():
    """Deuterium and other isotopes: by object, periodictable's names and mass-number-first."""
    b_d = float(periodictable.D.neutron.b_c)
    assert b_d == pytest.approx(6.67, abs=0.01)  # fm
    for name in (periodictable.D, "D", "2-H", "2H"):
        assert neutron_scattering_lengths([name])[0] == b_d
    assert neutron_scattering_lengths(["58Ni"])[0] == periodictable.Ni[58].neutron.b_c
    assert neutron_scattering_lengths([periodictable.Ni[58]])[0] == pytest.approx(14.4)
    b_h = float(periodictable.H.neutron.b_c)
    assert b_h < 0  # hydrogen: D2O and H2O weights differ in sign
    heavy = neutron_weights([periodictable.D, "O"], [2 / 3, 1 / 3])
    assert set(heavy) == {"D-D", "D-O", "O-O"} and sum(heavy.values()) == pytest.approx(1.0)
    assert neutron_weights(["D", "O"], [2 / 3, 1 / 3]) == heavy
    light = neutron_weights(["H", "O"], [2 / 3, 1 / 3])
    assert light["H-O"] < 0 < heavy["D-O"]
    assert mean_coherent_length({"D": 2, "O": 1}) == pytest.approx(
        (2 * b_d + float(periodictable.O.neutron.b_c)) / 3
    )


@pytest.mark.parametrize("name", ["A", "Xx", "300-H", "4-H", "", "2-Xx"])
def test_species_without_a_length(name):
    with pytest.raises(ValueError, match="no neutron scattering length for species"):
        neutron_scattering_lengths(["O", name])


def test_bad_concentrations_and_lengths():
    with pytest.raises(ValueError, match="summing to 1"):
        neutron_weights(["Si", "O"], [0.5, 0.6])
    with pytest.raises(ValueError, match="summing to 1"):
        faber_ziman_weights(["Si", "O"], ["a", "b"], [1.0, 2.0])
    with pytest.raises(ValueError, match="summing to 1"):
        faber_ziman_weights(["Si", "O"], [np.nan, 1.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="one entry"):
        faber_ziman_weights(["Si", "O"], [0.5, 0.5], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="NaN or inf"):
        faber_ziman_weights(["Si", "O"], [0.5, 0.5], [1.0, np.inf])
    with pytest.raises(ValueError, match="nearly zero"):
        faber_ziman_weights(["A", "B"], [0.5, 0.5], [0.0, 0.0])
