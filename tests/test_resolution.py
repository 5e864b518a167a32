"""ShellRDFRegressor and the resolution benchmark (issue 13)."""

from __future__ import annotations

import numpy as np
import pytest

from sklearn_rdf.physics import (
    coordination_number,
    fit_gaussian_shells,
    g_to_G,
    gaussian_shells_F,
    gaussian_shells_g,
    low_r_reference,
    sine_transform_F_to_G,
    sine_transform_G_to_F,
)
from sklearn_rdf.resolution import ShellRDFRegressor
from sklearn_rdf.utils.estimator_checks import check_one_feature_regressor

RHO = 0.066
SHELLS = [(1.6, 4.0, 0.05), (2.6, 6.0, 0.09)]
R = np.linspace(1.5, 8.0, 59).reshape(-1, 1)


@pytest.fixture(scope="module")
def glass():
    """A two-shell glass: F(q) to 40 Å⁻¹ from its exact G(r) (density term included)."""
    rr = np.arange(0.005, 30, 0.005)
    g = gaussian_shells_g(rr, SHELLS, RHO, continuum_start=3.2, continuum_width=0.4)
    q = np.arange(0.05, 40, 0.02)
    F = sine_transform_G_to_F(rr, g_to_G(rr, g, RHO), q)
    return q, F


def _truth(q, F, r):
    return sine_transform_F_to_G(q, F, r)


def test_shells_beat_the_fourier_limit_on_a_known_glass(glass):
    q, F = glass
    truth = _truth(q, F, R[:, 0])
    ft = sine_transform_F_to_G(q, F, R[:, 0], q_max=7.9)
    est = ShellRDFRegressor(structure_factor=glass, q_max=7.9, rho=RHO).fit(R, truth)
    mae = np.mean(np.abs(est.predict(R) - truth))
    assert mae <= 0.5 * np.mean(np.abs(ft - truth))  # measured 0.30x
    table = est.shell_table_
    assert list(table.columns) == ["R", "R_err", "N", "N_err", "sigma", "sigma_err"]
    assert abs(table["R"].iloc[0] - 1.6) < 0.01
    assert abs(table["N"].iloc[0] - 4.0) < 0.1 * 4.0
    assert (table["R_err"] > 0).all()
    # first-shell N of the predicted G(r), against the full-range transform's
    rf = np.arange(1.0, 8.0, 0.005)
    R_true = rf * (_truth(q, F, rf) + 4 * np.pi * RHO * rf)
    shell = coordination_number(rf, R_true)
    R_pred = rf * (est.predict(rf.reshape(-1, 1)) + 4 * np.pi * RHO * rf)
    n_pred = coordination_number(rf, R_pred, r_lo=shell.r_lo, r_hi=shell.r_hi).cn
    assert n_pred == pytest.approx(shell.cn, rel=0.05)


def test_reads_nothing_from_the_target_unless_asked(glass):
    est = ShellRDFRegressor(structure_factor=glass, q_max=7.9, rho=RHO, n_shells=2)
    a = est.fit(R, np.zeros(59)).predict(R)
    b = est.fit(R, np.linspace(-5, 5, 59)).predict(R)
    np.testing.assert_array_equal(a, b)
    scaled = ShellRDFRegressor(
        structure_factor=glass, q_max=7.9, rho=RHO, n_shells=2, fit_scale=True
    ).fit(R, 2 * a + 1)
    assert scaled.scale_ == pytest.approx(2, rel=1e-6)
    assert scaled.offset_ == pytest.approx(1, abs=1e-6)
    np.testing.assert_allclose(scaled.predict(R), 2 * a + 1, atol=1e-8)


def test_density_from_the_low_r_line(glass):
    q, F = glass
    cut = q <= 7.9
    fit = fit_gaussian_shells(q[cut], F[cut], q_extend=40.0)
    assert fit.rho == pytest.approx(RHO, rel=0.03)
    assert fit.selection and {"n_shells", "extrapolation_rms"} <= set(fit.selection[0])
    # the reference line: -4πρr when the data start near q = 0
    assert low_r_reference([1.0], q, F, RHO)[0] == pytest.approx(-4 * np.pi * RHO)


def test_gaussian_shell_F_is_the_transform_of_its_G():
    rr = np.arange(0.001, 12, 0.001)
    s = (2.0, 3.0, 0.08)
    G_shell = 3.0 / (0.08 * np.sqrt(2 * np.pi)) * np.exp(-((rr - 2.0) ** 2) / (2 * 0.08**2)) / rr
    q = np.linspace(0.5, 20, 50)
    exact = sine_transform_G_to_F(rr, G_shell, q)
    # 1/r taken at r_k: the error is a few % of the amplitude N/r = 1.5 (measured 0.035)
    np.testing.assert_allclose(gaussian_shells_F(q, [s]), exact, atol=0.05)
    assert np.max(np.abs(gaussian_shells_F(q, [(2.0, 3.0, 0.3)]) - exact)) > 0.5


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"q_max": 2.5}, "resolution of the first peak"),
        ({"rho": -0.01}, "density"),
        ({"rho": 0.0}, "density"),
        ({"shell_range": (6.5, 7.5)}, "no peak"),
        ({"q_extend": 5.0}, "q_extend"),
        ({"prediction": "nope"}, "prediction"),
        ({"n_shells": 0}, "n_shells"),
        ({"structure_factor": None}, "structure_factor"),
        ({"q_fit_min": 7.0}, "q_fit_min"),  # above 0.8 q_max: no F(q) row to fit
        ({"core_fraction": 3.0}, "core_fraction"),  # a "core" beyond the first shells
    ],
)
def test_bad_input_names_the_problem(glass, params, match):
    settings = {"structure_factor": glass, "q_max": 7.9, **params}
    with pytest.raises(ValueError, match=match):
        ShellRDFRegressor(**settings).fit(R, np.zeros(59))


def test_extended_structure_factor_refuses_a_bad_step(glass):
    est = ShellRDFRegressor(structure_factor=glass, q_max=7.9, rho=RHO, n_shells=1).fit(R, R[:, 0])
    q, F = est.extended_structure_factor(dq=0.05)
    assert q[-1] == pytest.approx(40.0, abs=0.05) and np.all(np.diff(q) > 0)
    assert F.shape == q.shape and np.all(np.isfinite(F))
    for dq in (0.0, -0.02):
        with pytest.raises(ValueError, match="dq"):
            est.extended_structure_factor(dq=dq)


def test_one_feature_regressor_properties(glass):
    q, F = glass
    cut = q <= 7.9
    check_one_feature_regressor(
        ShellRDFRegressor(structure_factor=(q[cut], F[cut]), rho=RHO, n_shells=1)
    )


def test_real_sio2_neutron_data(shared_data):
    """SiO2 (NIMROD) cut at 7.9 Å⁻¹ against its transform to 40 Å⁻¹."""
    from sklearn_rdf.benchmark._resolution import resolution_curves

    curve = resolution_curves(shared_data, per_system=0)[0]
    assert curve.name.startswith("SiO2")
    q, F = curve.q, curve.F
    truth = _truth(q, F, R[:, 0])
    ft = sine_transform_F_to_G(q, F, R[:, 0], q_max=7.9)
    est = ShellRDFRegressor((q, F), q_max=7.9, q_extend=40.0, rho=0.0664).fit(R, truth)
    assert np.mean(np.abs(est.predict(R) - truth)) <= 0.5 * np.mean(np.abs(ft - truth))
    assert abs(est.shells_[0, 0] - 1.61) < 0.02


def test_resolution_benchmark_rows(tmp_path):
    from sklearn_rdf.benchmark import resolution_curves, run_resolution_benchmark

    curves = resolution_curves(None, per_system=1)[:1]
    frame, summary = run_resolution_benchmark(curves, out_dir=tmp_path, log=lambda *_: None)
    assert {"FT", "FT + Lorch", "WT-RDF+", "Shells (hybrid)"} <= set(frame.model)
    assert {"mae_heldout", "fpe", "spe", "dr1", "N1_err_pct", "time_vs_FT"} <= set(frame.columns)
    assert (tmp_path / "resolution_summary.csv").is_file()
    shells = frame[frame.model == "Shells (hybrid)"].iloc[0]
    assert not shells.reads_target and shells.fit_cpu_s < 2.0
    assert len(summary) == frame.model.nunique()
    # "× best" is against the best baseline, the raw Fourier transform included
    baselines = ["FT (no fit)", "FT", "FT + Lorch", "WT-RDF+", "WT-RDF+ (least squares)"]
    ratios = frame.set_index("model").loc[baselines, "mae_vs_best_baseline"]
    assert ratios.min() == pytest.approx(1.0)


def test_cli_resolution_benchmark(tmp_path, capsys, monkeypatch):
    import sklearn_rdf.benchmark as bench
    from sklearn_rdf.cli import main

    one = bench.resolution_curves(None, per_system=1)[:1]
    monkeypatch.setattr(bench, "resolution_curves", lambda *a, **k: one)
    code = main(["benchmark", "--resolution", "--quick", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "Shells (hybrid)" in printed and "can be gamed" in printed
    assert (tmp_path / "resolution_summary.csv").is_file()


def test_benchmark_scores_by_k_fold_exactly_the_models_that_read_the_target(glass):
    """The regularised inversion reads F only (no K-fold, ``reads_target`` False); shells with
    ``fit_scale=True`` read the target, so they must be scored held out."""
    from sklearn_rdf.benchmark._resolution import _reads_target, resolution_models

    q, F = glass
    cut = q <= 7.9
    models = resolution_models(q[cut], F[cut], rho=RHO, q_extend=40.0)
    reads = {name for name, est in models.items() if _reads_target(est)}
    assert reads == {"FT", "FT + Lorch", "WT-RDF+", "WT-RDF+ (least squares)"}
    assert _reads_target(ShellRDFRegressor(structure_factor=glass, fit_scale=True))


_RESOLUTION_PUBLIC = [
    "sklearn_rdf.benchmark.run_benchmark",
    "sklearn_rdf.benchmark.run_resolution_benchmark",
    "sklearn_rdf.benchmark.resolution_curves",
    "sklearn_rdf.benchmark.resolution_models",
    "sklearn_rdf.metrics.peak_position_error",
    "sklearn_rdf.physics.fit_gaussian_shells",
    "sklearn_rdf.physics.gaussian_shells_F",
    "sklearn_rdf.physics.low_r_reference",
    "sklearn_rdf.physics.regularised_inversion",
    "sklearn_rdf.resolution.ShellRDFRegressor",
    "sklearn_rdf.resolution.ShellRDFRegressor.fit",
    "sklearn_rdf.resolution.ShellRDFRegressor.predict",
    "sklearn_rdf.resolution.ShellRDFRegressor.extended_structure_factor",
]


@pytest.mark.parametrize("name", _RESOLUTION_PUBLIC)
def test_public_names_document_parameters_and_returns(name):
    """For the numpydoc docs build: no paragraph parsed as a parameter or a return value,
    every parameter documented, every return value described."""
    validate = pytest.importorskip("numpydoc.validate", reason="needs numpydoc").validate
    errors = [(code, msg) for code, msg in validate(name)["errors"]]
    assert [e for e in errors if e[0] in ("PR01", "PR02", "PR10", "RT03", "GL07")] == []
