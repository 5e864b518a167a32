"""EXAFS physics (sklearn_rdf.physics.exafs): the EXAFS equation, tables, windows, FT."""

from __future__ import annotations

import numpy as np
import pytest

from sklearn_rdf.physics import gaussian_shells_R
from sklearn_rdf.physics.exafs import (
    ETOK,
    ScatteringTable,
    available_pairs,
    chi_from_rdf,
    chi_shell,
    e0_shifted_k,
    exafs_kernel,
    fourier_filter,
    ftwindow,
    load_scattering_table,
    r_factor,
    xftf,
)

K = np.arange(0.0, 14.0001, 0.05)
R_GRID = np.linspace(1.2, 4.0, 561)


def _flat_table(amp=2.0):
    """A table with constant amplitude, zero phase and infinite mean free path."""
    k = np.linspace(0.0, 20.0, 41)
    r = np.array([1.0, 5.0])
    shape = (2, 41)
    return ScatteringTable(
        "A", "B", k, r, np.full(shape, amp), np.zeros(shape), np.full(shape, 1e12)
    )


def test_gaussian_shell_matches_analytic_form():
    # with R(r) = r² G(r), G a normalised Gaussian of weight N, a flat table gives exactly
    # χ = N·amp/k·exp(−2k²σ²)·sin(2kR0)
    N, R0, s = 4.0, 2.3, 0.07
    G = gaussian_shells_R(R_GRID, [(R0, N, s)])
    chi = chi_from_rdf(K, R_GRID, R_GRID**2 * G, _flat_table(2.0))
    kk = K[1:]
    expected = N * 2.0 / kk * np.exp(-2 * kk**2 * s**2) * np.sin(2 * kk * R0)
    assert np.abs(chi[1:] - expected).max() < 1e-6 * np.abs(expected).max() + 1e-9
    assert chi[0] == 0.0


def test_toy_kernel_narrow_shell_matches_cumulant_form():
    N, R0, s = 1.0, 2.0, 0.05
    R = gaussian_shells_R(R_GRID, [(R0, N, s)])
    chi = chi_from_rdf(K, R_GRID, R)  # toy kernel, Eq. A1
    ref = chi_shell(K, N, R0, s**2)
    # the 1/r² weighting shifts the apparent distance by about −2σ²/R0 (a known EXAFS effect)
    assert r_factor(ref[K > 2], chi[K > 2]) < 2e-3


def test_feff_kernel_narrow_shell_matches_shell_formula():
    tab = load_scattering_table("Cu-Cu")
    R = gaussian_shells_R(R_GRID, [(2.55, 12.0, 0.03)])
    chi = chi_from_rdf(K, R_GRID, R, tab, s02=0.9, e0_shift=2.0)
    ref = chi_shell(K, 12.0, 2.55, 0.03**2, tab, s02=0.9, e0_shift=2.0)
    assert r_factor(ref[K > 2], chi[K > 2]) < 5e-3


@pytest.mark.parametrize("pair", ["toy", "U-F"])
def test_broad_shell_cumulant_form_matches_the_integral(pair):
    # feffit's cumulant form carries 2p(ΔR − 2σ²/R): the 1/r² of Eq. 1 expanded over the
    # shell. Without it chi_shell and chi_from_rdf of the same Gaussian shell (σ² 0.01 Å², a
    # melt's first shell) differ in phase by 4kσ²/R, and a cumulant fit reads R 2σ²/R short.
    tab = pair if pair == "toy" else load_scattering_table(pair)
    R = gaussian_shells_R(R_GRID, [(2.4, 8.0, 0.1)])
    chi = chi_from_rdf(K, R_GRID, R, tab, e0_shift=2.0)
    ref = chi_shell(K, 8.0, 2.4, 0.01, tab, e0_shift=2.0)
    assert r_factor(chi[K > 2], ref[K > 2]) < 5e-4


def test_kernel_is_linear_and_s02_scales():
    tab = load_scattering_table("U-F")
    r = np.linspace(1.8, 3.0, 121)
    K1 = exafs_kernel(K, r, tab)
    K2 = exafs_kernel(K, r, tab, s02=0.5)
    np.testing.assert_allclose(K2, 0.5 * K1)
    R = gaussian_shells_R(r, [(2.3, 8, 0.15)])
    np.testing.assert_allclose(chi_from_rdf(K, r, R, tab), K1 @ R)
    both = chi_from_rdf(K, r, np.column_stack([R, 2 * R]), tab)
    np.testing.assert_allclose(both[:, 1], 2 * both[:, 0])


def test_e0_shift_moves_k():
    kp, ok = e0_shifted_k(K, 5.0)
    assert not ok[K**2 <= ETOK * 5.0].any()
    np.testing.assert_allclose(kp[ok] ** 2, K[ok] ** 2 - ETOK * 5.0)
    chi0 = chi_shell(K, 1, 2.0, 0.0)
    chi5 = chi_shell(K, 1, 2.0, 0.0, e0_shift=5.0)
    np.testing.assert_allclose(chi5[ok], np.interp(kp[ok], K, chi0), atol=2e-3)


def test_shipped_tables_and_provenance():
    pairs = available_pairs()
    for pair in ("Cu-Cu", "Ni-Ni", "Pt-Pt", "U-F", "U-U", "Ni-Cl", "Fe-O"):
        assert pair in pairs
        tab = load_scattering_table(pair)
        assert tab.amplitude.shape == (tab.r.size, tab.k.size)
        assert {"feff", "cluster", "potentials", "edge"} <= set(tab.provenance)
        assert np.all(np.isfinite(tab.phase)) and np.all(tab.mean_free_path > 0)
    assert load_scattering_table("U", "F").edge == "L3"
    with pytest.raises(ValueError, match="no scattering table for the pair 'Cu-Xe'"):
        load_scattering_table("Cu-Xe")


def test_windows_like_larch():
    w = ftwindow(K, 2.0, 10.0, dx=1.0, window="hanning")
    assert w[(K > 2.6) & (K < 9.4)].min() == 1.0
    assert w[K < 1.45].max() == 0.0 and w[K > 10.55].max() == 0.0
    wk = ftwindow(K, 2.0, 10.0, dx=3.0, window="kaiser")
    assert wk.max() == pytest.approx(1.0, abs=1e-3) and wk[0] == 0.0
    with pytest.raises(ValueError, match="window must be one of"):
        ftwindow(K, 2, 10, window="welch")


def test_xftf_peak_and_conventions():
    chi = chi_shell(K, 6.0, 2.2, 0.004)
    ft = xftf(K, chi, kmin=2, kmax=12, dk=1, kweight=2, window="hanning")
    assert ft.r[1] == pytest.approx(np.pi / (0.05 * 2048))
    assert ft.r[np.argmax(ft.mag)] == pytest.approx(2.2, abs=0.04)
    np.testing.assert_allclose(ft.mag, np.hypot(ft.real, ft.imag))


def test_bad_input_raises_and_leaves_arrays_untouched():
    r = np.linspace(1.8, 3.0, 50)
    R = gaussian_shells_R(r, [(2.3, 8, 0.1)])
    k_bad = K.copy()
    k_bad[[10, 11]] = k_bad[[11, 10]]
    kc, Rc = k_bad.copy(), R.copy()
    with pytest.raises(ValueError, match="k must be strictly increasing"):
        chi_from_rdf(k_bad, r, R)
    R_nan = R.copy()
    R_nan[3] = np.nan
    with pytest.raises(ValueError, match="R contains NaN"):
        chi_from_rdf(K, r, R_nan)
    with pytest.raises(ValueError, match="S0"):
        chi_from_rdf(K, r, R, s02=0.0)
    with pytest.raises(ValueError, match="outside the U-F scattering table"):
        chi_from_rdf(np.linspace(0, 30, 100), r, R, load_scattering_table("U-F"))
    np.testing.assert_array_equal(k_bad, kc)
    np.testing.assert_array_equal(R, Rc)


def test_fourier_filter_is_linear_keeps_its_window_and_refuses_bad_input():
    near, far = chi_shell(K, 6, 2.0, 0.003), chi_shell(K, 4, 3.6, 0.004)
    both = np.stack([near, far])
    args = dict(rmin=1.0, rmax=2.8, kmin=2, kmax=12, dr=0.5)
    out = fourier_filter(K, both, **args)
    np.testing.assert_allclose(out.sum(0), fourier_filter(K, near + far, **args), atol=1e-9)
    mid = (K >= 4) & (K <= 10)
    assert np.abs(out[1][mid]).max() < 0.05 * np.abs(K**2 * far).max()  # the far shell is gone
    assert np.abs(out[0] - K**2 * near)[mid].max() < 0.06 * np.abs(K**2 * near).max()
    both0 = both.copy()
    with pytest.raises(ValueError, match="R window needs 0 <= rmin < rmax"):
        fourier_filter(K, both, rmin=2.8, rmax=1.0)
    with pytest.raises(ValueError, match="chi has 10 points but k has"):
        fourier_filter(K, near[:10], rmin=1.0, rmax=2.8)
    with pytest.raises(ValueError, match="nfft"):
        fourier_filter(K, near, rmin=1.0, rmax=2.8, nfft=64)
    with pytest.raises(ValueError, match="beyond the largest R of the transform"):
        fourier_filter(K, near, rmin=40.0, rmax=50.0)  # χ(R) ends at π/(2·0.05) ≈ 31 Å
    np.testing.assert_array_equal(both, both0)
