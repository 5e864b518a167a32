"""The embedded Ge–Se / Ag–Ge–Se family (a structural model, not measured data)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import trapezoid

from sklearn_rdf.datasets import GE_SE_MATERIALS, load_ge_se_glass, load_ge_se_glasses
from sklearn_rdf.datasets.ge_se import _S_ZERO, R_GRID, ge_se_model, q_grid
from sklearn_rdf.physics import (
    coordination_number,
    find_rdf_peaks,
    g_to_G,
    g_to_R,
    sine_transform_F_to_G,
)

R_FINE = np.arange(0.5, 8.0, 0.005)


@pytest.fixture(scope="module")
def glasses():
    return load_ge_se_glasses()


def _model_G(name, r):
    """The model's total G(r) on any grid, from the partials and the stored weights."""
    glass = load_ge_se_glass(name)
    g = sum(glass.weights[key] * gp for key, gp in glass.model.partial_g(r).items())
    return g_to_G(r, g, glass.rho)


def test_six_materials_and_their_shapes(glasses):
    assert glasses.materials == GE_SE_MATERIALS
    assert GE_SE_MATERIALS == ("binary", *(f"ternary_{c}" for c in "ABCDE"))
    assert glasses.r.shape == (59,) and np.allclose(np.diff(glasses.r), 0.1)
    assert glasses.r[0] == pytest.approx(1.5) and glasses.r[-1] == pytest.approx(7.3)
    for key in ("G", "target", "G_transform", "g", "R"):
        assert glasses[key].shape == (59, 6)
    assert glasses.F.shape == glasses.S.shape == (377, 6)
    assert glasses.q[0] == pytest.approx(0.3558, abs=1e-4)
    assert glasses.q[-1] == pytest.approx(4 * np.pi / 1.5406 * np.sin(np.radians(75)))
    assert glasses.quantity == "G" and glasses.units["G"] == "Å⁻²"
    assert "not measured data" in glasses.DESCR


@pytest.mark.parametrize("name", GE_SE_MATERIALS)
def test_each_material_is_consistent(name):
    glass = load_ge_se_glass(name)
    x = glass.ag_percent
    assert x == 5 * GE_SE_MATERIALS.index(name)  # x = 0, 5, ..., 25 at.% Ag
    comp = glass.composition
    assert sum(comp.values()) == pytest.approx(1.0)
    assert comp["Ge"] / comp["Se"] == pytest.approx(1 / 3)
    assert comp.get("Ag", 0.0) == pytest.approx(x / 100)
    assert 0.030 < glass.rho < 0.045  # atoms/Å³
    assert sum(glass.weights.values()) == pytest.approx(1.0)
    g = sum(glass.weights[k] * glass.partials[k] for k in glass.partials)
    np.testing.assert_allclose(glass.g, g, atol=1e-12)
    np.testing.assert_allclose(glass.G, g_to_G(glass.r, glass.g, glass.rho), atol=1e-12)
    np.testing.assert_allclose(glass.R, g_to_R(glass.r, glass.g, glass.rho), atol=1e-12)
    np.testing.assert_allclose(glass.F, glass.q * (glass.S - 1), atol=1e-12)
    assert np.all(glass.S > 0)  # physical over the whole measured range
    assert glass.G_curve.quantity == "G" and glass.F_curve.quantity == "F"
    np.testing.assert_array_equal(glass.G_curve.y, glass.G)
    # partial coordination numbers obey c_α N_αβ = c_β N_βα
    for key, n in glass.coordination.items():
        a, b = key.split("-")
        assert comp[a] * n == pytest.approx(comp[b] * glass.coordination[f"{b}-{a}"])


def test_densities_grow_with_silver():
    rho = [load_ge_se_glass(n).rho for n in GE_SE_MATERIALS]
    mass = [load_ge_se_glass(n).mass_density for n in GE_SE_MATERIALS]
    assert np.all(np.diff(rho) > 0) and np.all(np.diff(mass) > 0)
    assert mass[0] == pytest.approx(4.36)
    # ρ = ρ_m N_A / M̄ (ρ_m in g/cm³, 1 cm³ = 1e24 Å³)
    binary = load_ge_se_glass("binary")
    molar = 0.25 * 72.630 + 0.75 * 78.971
    assert binary.rho == pytest.approx(4.36 * 6.02214076e23 / molar / 1e24)


def test_ge_is_fourfold_in_the_binary():
    glass = load_ge_se_glass("binary")
    rho_se = glass.rho * glass.composition["Se"]
    shell = coordination_number(glass.r, g=glass.partials["Ge-Se"], rho=rho_se)
    assert shell.cn == pytest.approx(4.0, abs=0.1)
    assert 2.3 <= shell.r_peak <= 2.4
    fine = glass.model.partial_g(R_FINE)
    shell = coordination_number(R_FINE, g=fine["Ge-Se"], rho=rho_se, r_lo=2.0, r_hi=2.75)
    assert shell.cn == pytest.approx(4.0, abs=0.05)
    ge_ge = coordination_number(R_FINE, g=fine["Ge-Ge"], rho=glass.rho * 0.25, r_lo=2.0, r_hi=2.75)
    assert ge_ge.cn < 0.05  # chemically ordered: no Ge–Ge bonds
    # Se is two-fold: Ge around Se (g_GeSe = g_SeGe with ρ c_Ge) plus Se around Se
    se_ge = coordination_number(R_FINE, g=fine["Ge-Se"], rho=glass.rho * 0.25, r_lo=2.0, r_hi=2.75)
    se_se = coordination_number(R_FINE, g=fine["Se-Se"], rho=rho_se, r_lo=2.0, r_hi=2.75)
    assert se_ge.cn == pytest.approx(4 / 3, abs=0.05)
    # (the continuum under the second shells leaks a few hundredths into the first shell)
    assert se_ge.cn + se_se.cn == pytest.approx(2.0, abs=0.1)


@pytest.mark.parametrize("name", GE_SE_MATERIALS)
def test_partials_obey_the_q0_sum_rule(name):
    model = ge_se_model(name)
    r = np.arange(0.0, 12.0, 0.002)
    for key, g in model.partial_g(r).items():
        b = key.split("-")[1]
        c_b = model.composition[b]
        deficit = trapezoid(4 * np.pi * r**2 * model.rho * c_b * (g - 1.0), r)
        assert deficit == pytest.approx(-c_b * (1 - _S_ZERO), abs=0.02 * c_b + 0.01), key


@pytest.mark.parametrize("name", ["binary", "ternary_A", "ternary_B"])
def test_transform_of_F_recovers_the_first_peak(glasses, name):
    """Where the first shell is one peak at Cu Kα resolution: within 0.05 Å."""
    i = glasses.materials.index(name)
    G = sine_transform_F_to_G(glasses.q, glasses.F[:, i], R_FINE)
    model = find_rdf_peaks(R_FINE, _model_G(name, R_FINE)).positions
    found = find_rdf_peaks(R_FINE, G).positions
    found = found[found > 2.0]  # below 2 Å: truncation ripples of the q_max = 7.9 Å⁻¹ cut
    assert abs(found[0] - model[0]) <= 0.05
    assert abs(found[1] - model[-1]) <= 0.05  # the second peak (Se–Se tetrahedral edges)


@pytest.mark.parametrize("name", ["ternary_C", "ternary_D", "ternary_E"])
def test_transform_merges_ge_se_and_ag_se_at_cu_ka_resolution(glasses, name):
    """Ge–Se (2.36 Å) and Ag–Se (2.64 Å) are 0.28 Å apart, below π/q_max ≈ 0.4 Å: the
    transform of the Cu Kα-limited F shows one peak between them (the model shows two)."""
    i = glasses.materials.index(name)
    G = sine_transform_F_to_G(glasses.q, glasses.F[:, i], R_FINE)
    model = find_rdf_peaks(R_FINE, _model_G(name, R_FINE)).positions
    assert model[0] == pytest.approx(2.36, abs=0.01) and model[1] == pytest.approx(2.64, abs=0.01)
    found = find_rdf_peaks(R_FINE, G).positions
    found = found[found > 2.0]
    assert model[0] < found[0] < model[1]
    np.testing.assert_allclose(
        glasses.G_transform[:, i], sine_transform_F_to_G(glasses.q, glasses.F[:, i], glasses.r)
    )


@pytest.mark.extras
@pytest.mark.parametrize("name", GE_SE_MATERIALS)
def test_model_F_to_high_q_recovers_both_peaks(name):
    """F and the target G describe the same structure: with q to 40 Å⁻¹ the transform
    finds the model's first and second peaks within 0.05 Å for every material.

    (q to 30 Å⁻¹ with Δq = 0.05 Å⁻¹ keeps this test fast; the transform needs Δq < π/r_max.)"""
    build = pytest.importorskip("sklearn_rdf.datasets._ge_se_build")
    pytest.importorskip("xraydb", reason="needs the 'simulate' extra (xraydb)")
    q = np.linspace(0.02, 30.0, 600)
    F = build.xray_structure_factor(ge_se_model(name), q)["F"]
    G = sine_transform_F_to_G(q, F, R_FINE, window="lorch")
    model = find_rdf_peaks(R_FINE, _model_G(name, R_FINE)).positions
    found = find_rdf_peaks(R_FINE, G).positions
    assert abs(found[0] - model[0]) <= 0.05
    assert np.min(np.abs(found - model[-1])) <= 0.05


@pytest.mark.extras
def test_shipped_file_matches_the_builder():
    build = pytest.importorskip("sklearn_rdf.datasets._ge_se_build")
    pytest.importorskip("xraydb", reason="needs the 'simulate' extra (xraydb)")
    from sklearn_rdf.datasets.ge_se import _stored

    fresh, shipped = build.build(), _stored()
    assert set(fresh) == set(shipped)
    for key, value in fresh.items():
        if key == "info":
            continue
        if value.dtype.kind == "U":
            np.testing.assert_array_equal(shipped[key], value)
        else:
            np.testing.assert_allclose(shipped[key], value, rtol=1e-10, atol=1e-12, err_msg=key)


def test_grids_are_as_documented():
    np.testing.assert_allclose(R_GRID, np.arange(59) * 0.1 + 1.5)
    q = q_grid()
    assert q.size == 377 and np.allclose(np.diff(q), np.diff(q)[0])


def test_deterministic_and_noise_is_seeded():
    a, b = load_ge_se_glasses(), load_ge_se_glasses()
    np.testing.assert_array_equal(a.F, b.F)
    n1 = load_ge_se_glasses(counts=1e5, random_state=3)
    n2 = load_ge_se_glasses(counts=1e5, random_state=3)
    n3 = load_ge_se_glasses(counts=1e5, random_state=4)
    np.testing.assert_array_equal(n1.F, n2.F)
    assert not np.array_equal(n1.F, n3.F)
    np.testing.assert_array_equal(n1.G, a.G)  # the target stays noise-free
    noise = n1.F - a.F
    sigma = np.column_stack([n1.data[n].F_errors for n in GE_SE_MATERIALS])
    z = noise / sigma
    assert 0.8 < np.std(z) < 1.2 and abs(np.mean(z)) < 0.1
    assert np.all(sigma[-1] > sigma[0])  # counts fall with the form factors at high q
    one = load_ge_se_glass("ternary_C", counts=1e4, random_state=0)
    assert one.F_errors is not None and one.F_curve.errors is not None
    assert load_ge_se_glass("ternary_C").F_errors is None


def test_random_state_none_leaves_the_global_rng_alone():
    """random_state=None: fresh noise from OS entropy, NumPy's global RNG neither read nor
    moved (sklearn's check_random_state(None) would hand out the global RandomState)."""
    np.random.seed(1234)  # noqa: NPY002 (the global RNG is what this test watches)
    before = np.random.get_state()  # noqa: NPY002
    a = load_ge_se_glass("binary", counts=1e4, random_state=None)
    b = load_ge_se_glass("binary", counts=1e4, random_state=None)
    many = load_ge_se_glasses(counts=1e4, random_state=None)
    after = np.random.get_state()  # noqa: NPY002
    assert before[0] == after[0] and before[2:] == after[2:]
    np.testing.assert_array_equal(before[1], after[1])
    assert not np.array_equal(a.F, b.F)  # a new stream each call
    assert not np.array_equal(many.F[:, 0], a.F)
    # and a seeded global RNG does not make the None noise repeat
    np.random.seed(1234)  # noqa: NPY002
    c = load_ge_se_glass("binary", counts=1e4, random_state=None)
    assert not np.array_equal(a.F, c.F)


def test_loaders_return_fresh_arrays():
    glass = load_ge_se_glass("binary")
    glass.G[:] = 0.0
    glass.partials["Ge-Se"][:] = 0.0
    again = load_ge_se_glass("binary")
    assert np.any(again.G != 0) and np.any(again.partials["Ge-Se"] != 0)


def test_bad_input():
    with pytest.raises(ValueError, match="unknown material 'quaternary'"):
        load_ge_se_glass("quaternary")
    with pytest.raises(ValueError, match="counts must be finite"):
        load_ge_se_glass("binary", counts=-1)
    for bad in ("a", True, [1e4], 1j):
        with pytest.raises(ValueError, match=r"counts must be finite and > 0 \(a real number"):
            load_ge_se_glass("binary", counts=bad)
    with pytest.raises(ValueError, match="counts must be finite"):
        load_ge_se_glasses(counts="1e5")
    with pytest.raises(ValueError, match=r"Ag content x must be in \[0, 25\]"):
        ge_se_model(None)
    with pytest.raises(ValueError, match=r"Ag content x must be in \[0, 25\]"):
        ge_se_model(float("nan"))
    with pytest.raises(ValueError, match="mass_density"):
        ge_se_model("binary", mass_density="4.4")
    with pytest.raises(ValueError, match=r"Ag content x must be in \[0, 25\]"):
        ge_se_model(30)
    with pytest.raises(ValueError, match="mass_density"):
        ge_se_model("binary", mass_density=0)


def test_custom_model():
    model = ge_se_model(12.5, mass_density=5.0)
    assert model.mass_density == 5.0 and model.composition["Ag"] == pytest.approx(0.125)
    assert set(model.partial_g(R_GRID)) == {"Ag-Ag", "Ag-Ge", "Ag-Se", "Ge-Ge", "Ge-Se", "Se-Se"}
    with pytest.raises(TypeError):
        model.shells[("Ge", "Se")] = ()  # the cached model is read-only
