"""WaveletTailRDFRegressor: the WT-RDF kernel with learned extra terms (issue 13, third route)."""

from __future__ import annotations

import numpy as np
import pytest

from sklearn_rdf.physics import (
    g_to_G,
    gaussian_shells_F,
    gaussian_shells_g,
    sine_transform_F_to_G,
    sine_transform_G_to_F,
    wavelet_tail_basis,
)
from sklearn_rdf.physics.wavelet import wavelet_rdf
from sklearn_rdf.resolution import ShellRDFRegressor, WaveletTailRDFRegressor
from sklearn_rdf.utils.estimator_checks import check_one_feature_regressor

RHO = 0.066
R = np.linspace(1.5, 8.0, 59).reshape(-1, 1)


@pytest.fixture(scope="module")
def glass():
    """Two Gaussian shells and a continuum; F(q) to 40 Å⁻¹ from the exact G(r)."""
    rr = np.arange(0.005, 30, 0.005)
    g = gaussian_shells_g(
        rr, [(1.6, 4.0, 0.05), (2.6, 6.0, 0.09)], RHO, continuum_start=3.2, continuum_width=0.4
    )
    q = np.arange(0.05, 40, 0.02)
    return q, sine_transform_G_to_F(rr, g_to_G(rr, g, RHO), q)


def _cut(glass, q_max=7.9):
    q, F = glass
    keep = q <= q_max
    return q[keep], F[keep]


def test_beats_the_fourier_limit_and_reports_its_terms(glass):
    q, F = glass
    truth = sine_transform_F_to_G(q, F, R[:, 0])
    ft = sine_transform_F_to_G(q, F, R[:, 0], q_max=7.9)
    est = WaveletTailRDFRegressor(structure_factor=_cut(glass), rho=RHO).fit(R, truth)
    assert np.mean(np.abs(est.predict(R) - truth)) <= 0.5 * np.mean(np.abs(ft - truth))
    assert abs(est.shells_[0, 0] - 1.6) < 0.01
    assert est.kernel_coef_.shape == (2,) and np.all(np.isfinite(est.kernel_coef_))
    assert est.n_parameters_ == 3 * est.n_shells_ + 2 and "c_J" in est.params_
    qe, Fe = est.extended_structure_factor()
    tail = qe > 7.9
    basis = np.column_stack([np.interp(qe[tail], est.kernel_q_, c) for c in est.kernel_basis_.T])
    expected = gaussian_shells_F(qe[tail], est.shells_) + basis @ est.kernel_coef_
    np.testing.assert_allclose(Fe[tail], expected, atol=1e-12)


def test_kernel_off_is_the_shell_model(glass):
    """A huge ridge pins (c_J, c_Φ) at 0; without the g ≥ 0 rows the joint refit starts at the
    shells' optimum and stays there."""
    sf = _cut(glass)
    shells = ShellRDFRegressor(sf, rho=RHO).fit(R, np.zeros(59))
    off = WaveletTailRDFRegressor(sf, rho=RHO, kernel_penalty=1e8, nonneg_weight=0.0)
    off.fit(R, np.zeros(59))
    assert np.abs(off.kernel_coef_).max() < 1e-6
    np.testing.assert_allclose(off.predict(R), shells.predict(R), atol=2e-3)


def test_reads_nothing_from_the_target(glass):
    est = WaveletTailRDFRegressor(structure_factor=_cut(glass), rho=RHO, n_shells=2)
    a = est.fit(R, np.zeros(59)).predict(R)
    b = est.fit(R, np.linspace(-5, 5, 59)).predict(R)
    np.testing.assert_array_equal(a, b)


def test_tail_basis_is_the_transform_of_the_wt_rdf_prediction():
    """W_J(q) = ∫ t(r) G_WT(r) sin(qr) dr with G_WT the reference ``physics.wavelet_rdf``
    (Λ = 1, K_f = C̃ = 0), t the cos² taper over the last 20 % of r_max."""
    q = np.linspace(0.5, 7.9, 300)
    F = np.sin(2.5 * q) * np.exp(-0.05 * q**2)
    q_tail = np.linspace(8.0, 12.0, 9)
    W = wavelet_tail_basis(q, F, q_tail, a=0.59, b=4.6, r_max=10.0, dr=0.01)
    r = np.arange(0.01, 10.0, 0.01)
    G = wavelet_rdf(r, q, F, a=0.59, b=4.6, K_f=0.0, C_tilde=0.0, Lambda=1.0)
    taper = np.where(r > 8.0, np.cos(0.5 * np.pi * (r - 8.0) / 2.0) ** 2, 1.0)
    expected = sine_transform_G_to_F(r, G * taper, q_tail)
    np.testing.assert_allclose(W[:, 0], expected, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"q_max": 2.5}, "resolution of the first peak"),
        ({"rho": 0.0}, "density"),
        ({"rho": -1.0}, "density"),
        ({"shell_range": (6.5, 7.5)}, "no peak"),
        ({"kernel_params": {"K_f": 1.0}}, "kernel_params"),
        ({"kernel_params": {"a": 0.0}}, "dilation"),
        ({"kernel_penalty": -1.0}, "kernel_penalty"),
        ({"nonneg_weight": np.nan}, "nonneg_weight"),
        ({"coef_bounds": (1.0, -1.0)}, "coef_bounds"),
        ({"p": 1}, "Bessel order"),
    ],
)
def test_bad_input_names_the_problem(glass, params, match):
    settings = {"structure_factor": glass, "q_max": 7.9, **params}
    with pytest.raises(ValueError, match=match):
        WaveletTailRDFRegressor(**settings).fit(R, np.zeros(59))


def test_one_feature_regressor_properties(glass):
    check_one_feature_regressor(
        WaveletTailRDFRegressor(structure_factor=_cut(glass), rho=RHO, n_shells=1)
    )


def test_real_mg2sio4_xray_curve(shared_data):
    """The raw Mg2SiO4 pattern, reduced to Q = 20 Å⁻¹ and cut at 7.9: the cut transform merges
    Si–O (1.6 Å) and Mg–O into one peak near 1.83 Å; the shells find Si–O again."""
    pytest.importorskip("glassure", reason="the X-ray reduction needs glassure")
    from sklearn_rdf.benchmark._resolution import _real_curves
    from sklearn_rdf.physics import find_rdf_peaks

    curve = next(c for c in _real_curves(shared_data) if c.name.startswith("Mg2SiO4"))
    q, F = curve.q, curve.F
    assert q[-1] == pytest.approx(20.0, abs=0.01)
    rf = np.arange(1.3, 3.0, 0.005)
    first = find_rdf_peaks(rf, sine_transform_F_to_G(q, F, rf)).positions[0]
    cut = find_rdf_peaks(rf, sine_transform_F_to_G(q, F, rf, q_max=7.9)).positions[0]
    assert abs(first - 1.61) < 0.03 and cut - first > 0.15  # measured 1.605, 1.835
    est = WaveletTailRDFRegressor((q, F), q_max=7.9, q_extend=20.0, rho=curve.rho)
    est.fit(rf.reshape(-1, 1), np.zeros(rf.size))
    found = find_rdf_peaks(rf, est.predict(rf.reshape(-1, 1))).positions[0]
    assert abs(found - first) < 0.05  # measured 0.04


_PUBLIC = [
    "sklearn_rdf.physics.fit_wavelet_tail",
    "sklearn_rdf.physics.wavelet_tail_basis",
    "sklearn_rdf.resolution.WaveletTailRDFRegressor",
    "sklearn_rdf.resolution.WaveletTailRDFRegressor.fit",
    "sklearn_rdf.resolution.WaveletTailRDFRegressor.predict",
]


@pytest.mark.parametrize("name", _PUBLIC)
def test_public_names_document_parameters_and_returns(name):
    validate = pytest.importorskip("numpydoc.validate", reason="needs numpydoc").validate
    errors = [(code, msg) for code, msg in validate(name)["errors"]]
    assert [e for e in errors if e[0] in ("PR01", "PR02", "PR10", "RT03", "GL07")] == []


def test_cli_resolution_benchmark_is_staged(tmp_path, monkeypatch):
    """`sklearn-rdf benchmark --resolution` writes through a staging folder: a failing run
    leaves --out untouched, a complete one has a manifest; a full --out is refused up front."""
    import sklearn_rdf.benchmark as bench
    from sklearn_rdf._output import read_manifest
    from sklearn_rdf.benchmark import _resolution
    from sklearn_rdf.cli import main
    from sklearn_rdf.peers import FourierRDFRegressor

    one = bench.resolution_curves(None, per_system=1)[:1]
    out = tmp_path / "res"

    def two_models(q, F, **kwargs):  # the staging is under test, not the models
        sf = (q, F)
        return {"FT (no fit)": FourierRDFRegressor(sf, fit_scale=False, fit_offset=False),
                "FT": FourierRDFRegressor(sf)}  # fmt: skip

    def boom(*args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(bench, "resolution_curves", lambda *a, **k: one)
    monkeypatch.setattr(bench, "run_resolution_benchmark", boom)
    with pytest.raises(RuntimeError, match="interrupted"):
        main(["benchmark", "--resolution", "--quick", "--out", str(out)])
    assert not out.exists() and list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    monkeypatch.setattr(bench, "resolution_curves", lambda *a, **k: one)
    monkeypatch.setattr(_resolution, "resolution_models", two_models)
    assert main(["benchmark", "--resolution", "--quick", "--out", str(out)]) == 0
    names = {entry["name"] for entry in read_manifest(out)}
    assert names == {"resolution_scores.csv", "resolution_summary.csv"}
    assert main(["benchmark", "--resolution", "--quick", "--out", str(out)]) == 2  # not empty


def test_low_r_line_is_left_out_when_noise_dominates_the_core(glass):
    """low_r_weight="auto": clean data keep the line (weight 10); F(q) with the noise of a
    small simulation box (σ = 0.5 on a 0.1 Å⁻¹ grid) leave it out, and a fitted ρ stays at
    the start (the slope of the transform below the core)."""
    q, F = glass
    coarse = np.arange(0.5, 7.9, 0.1)
    Fc = np.interp(coarse, q, F)
    clean = ShellRDFRegressor((coarse, Fc), rho=RHO).fit(R, np.zeros(59))
    assert clean.low_r_weight_ == 10.0 and clean.noise_ratio_ < 0.3
    noisy_F = Fc + np.random.default_rng(0).normal(0.0, 0.5, coarse.size)
    noisy = ShellRDFRegressor((coarse, noisy_F)).fit(R, np.zeros(59))
    assert noisy.low_r_weight_ == pytest.approx(1e-6) and noisy.noise_ratio_ > 0.3
    assert np.isnan(noisy.rho_error_) and noisy.rho_ > 0
    forced = ShellRDFRegressor((coarse, noisy_F), low_r_weight=10.0).fit(R, np.zeros(59))
    assert forced.low_r_weight_ == 10.0
    with pytest.raises(ValueError, match="low_r_weight"):
        ShellRDFRegressor((coarse, Fc), low_r_weight="sometimes").fit(R, np.zeros(59))


def test_shell_seeds_from_prior_bond_lengths(glass):
    """Seeds known beforehand join (and replace nearby) peaks of the transformed data; a seed
    outside shell_range is refused."""
    sf = _cut(glass)
    est = ShellRDFRegressor(sf, rho=RHO, n_shells=2, shell_seeds=(1.62, 2.58)).fit(R, R[:, 0])
    np.testing.assert_allclose(est.shells_[:, 0], [1.6, 2.6], atol=0.02)
    with pytest.raises(ValueError, match="shell_seeds"):
        ShellRDFRegressor(sf, rho=RHO, shell_seeds=(7.5,)).fit(R, R[:, 0])


def test_shell_seeds_reach_the_fit_and_bad_ones_are_refused(glass):
    """A prior seed where the data show no peak (1.9 Å) is among the seeds actually used;
    a single number is one seed; seeding="residual", which has no use for seeds, refuses them
    rather than ignoring them silently."""
    from sklearn_rdf.physics import fit_gaussian_shells

    q, F = _cut(glass)
    args = {"rho": RHO, "q_extend": 40.0, "n_shells": 3}
    fit = fit_gaussian_shells(q, F, prior_seeds=(1.9, 1.9), **args)
    assert np.any(np.isclose(fit.candidates, 1.9)) and np.sum(np.isclose(fit.candidates, 1.9)) == 1
    plain = fit_gaussian_shells(q, F, **args)
    assert not np.any(np.abs(plain.candidates - 1.9) < 0.1)
    one = fit_gaussian_shells(q, F, prior_seeds=1.9, **args)
    np.testing.assert_allclose(one.candidates, fit.candidates)
    with pytest.raises(ValueError, match="seeding='peaks' only"):
        ShellRDFRegressor(_cut(glass), rho=RHO, shell_seeds=(1.9,), seeding="residual").fit(
            R, np.zeros(59)
        )
    with pytest.raises(ValueError, match="distances in Å"):
        ShellRDFRegressor(_cut(glass), rho=RHO, shell_seeds=("Si-O",)).fit(R, np.zeros(59))


def test_parameter_count_leaves_out_a_density_that_was_not_fitted(glass):
    """With the low-r line left out ("auto" on noisy data) ρ stays at its start: it is not a
    fitted number; with the line on it is."""
    q, F = glass
    coarse = np.arange(0.5, 7.9, 0.1)
    Fc = np.interp(coarse, q, F)
    noisy_F = Fc + np.random.default_rng(0).normal(0.0, 0.5, coarse.size)
    noisy = ShellRDFRegressor((coarse, noisy_F), n_shells=2).fit(R, np.zeros(59))
    assert np.isnan(noisy.rho_error_) and noisy.n_parameters_ == 6
    clean = ShellRDFRegressor((coarse, Fc), n_shells=2).fit(R, np.zeros(59))
    assert np.isfinite(clean.rho_error_) and clean.n_parameters_ == 7


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ({"F": np.zeros(73)}, "mismatched lengths"),
        ({"q": np.arange(0.5, 7.9, 0.1)[::-1]}, "strictly increasing"),
        ({"rho": -0.05}, "number density"),
        ({"q_extend": -1.0}, "q_extend"),
    ],
)
def test_low_r_noise_ratio_bad_input(args, match):
    from sklearn_rdf.physics import low_r_noise_ratio

    q = np.arange(0.5, 7.9, 0.1)
    given = {"q": q, "F": np.sin(2.4 * q), "r_low": np.arange(0.05, 1.9, 0.02), "rho": 0.05,
             "q_extend": 20.0} | args  # fmt: skip
    with pytest.raises(ValueError, match=match):
        low_r_noise_ratio(**given)


def test_wavelet_tail_basis_refuses_a_decreasing_q():
    """A q grid given high-to-low gave W = 0 without a word."""
    q = np.linspace(0.5, 7.9, 300)
    with pytest.raises(ValueError, match="strictly increasing"):
        wavelet_tail_basis(q[::-1], np.sin(2.5 * q[::-1]), np.linspace(8, 12, 5))
    with pytest.raises(ValueError, match="mismatched lengths"):
        wavelet_tail_basis(q, np.sin(2.5 * q)[:-1], np.linspace(8, 12, 5))
