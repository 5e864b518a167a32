"""Ready-made grid searches and the one-command benchmark."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sklearn_rdf._output import read_manifest
from sklearn_rdf.benchmark import embedded_materials, format_tables, run_benchmark
from sklearn_rdf.cli import main
from sklearn_rdf.datasets import load_ge_se_glass, write
from sklearn_rdf.metrics import first_peak_error, mean_absolute_error
from sklearn_rdf.model_selection import (
    PAPER_LSTM_GRID,
    PAPER_RBF_GRID,
    TrainRatioSplit,
    lstm_grid_search,
    rbf_grid_search,
    wavelet_grid_search,
)
from sklearn_rdf.model_selection._curves import _LABELS
from sklearn_rdf.neural import LSTMRegressor, RBFNetRegressor
from sklearn_rdf.physics import Curve
from sklearn_rdf.wavelet import WaveletRDFRegressor


@pytest.fixture(scope="module")
def binary():
    return load_ge_se_glass("binary")


def test_paper_grids():
    pairs = [(g["n_centers"][0], g["beta"][0]) for g in PAPER_RBF_GRID]
    assert len(pairs) == 16 and pairs[0] == (16, 16.0) and pairs[-1] == (1024, 1024.0)
    assert PAPER_LSTM_GRID["hidden_size"] == [8, 16, 32, 64, 128, 256]


def test_ready_made_searches_fit_and_refit_by_name(binary):
    r = binary.r.reshape(-1, 1)
    rbf = rbf_grid_search(RBFNetRegressor(max_epochs=5), param_grid=PAPER_RBF_GRID[:3]).fit(
        r, binary.G
    )
    assert set(rbf.cv_results_) >= {"mean_test_mae", "mean_test_fpe", "mean_test_spe"}
    assert rbf.best_index_ == int(np.argmax(rbf.cv_results_["mean_test_mae"]))
    lstm = lstm_grid_search(
        LSTMRegressor(max_epochs=3),
        param_grid={"hidden_size": [8, 16]},
        refit="fpe",
        cv=TrainRatioSplit(0.5, n_repeats=1, random_state=0),
    ).fit(r, binary.G)
    assert lstm.best_index_ == int(np.argmax(lstm.cv_results_["mean_test_fpe"]))
    wt = wavelet_grid_search(
        WaveletRDFRegressor(structure_factor=(binary.q, binary.F), solver="lm", loss="mae"),
        param_grid={"bounds": [None, {"a": (0.5, 0.7)}]},
    ).fit(r, binary.G)
    assert wt.best_params_["bounds"] in (None, {"a": (0.5, 0.7)})
    with pytest.raises(ValueError, match="refit"):
        rbf_grid_search(refit="r2")
    with pytest.raises(ValueError, match="structure_factor"):
        wavelet_grid_search(RBFNetRegressor())


@pytest.fixture(scope="module")
def quick_result(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    materials = embedded_materials()
    return (
        run_benchmark(
            materials,
            train_on="binary",
            ratios=(1.0, 0.25),
            n_repeats=2,
            quick=True,
            out_dir=out,
            log=lambda *_: None,
        ),
        materials,
        out,
    )


def test_benchmark_tables_files_and_one_cell_recomputed(quick_result):
    result, materials, out = quick_result
    t5 = result.tables["table5_models"]
    models = [
        "WT-RDF+",
        "RBF",
        "LSTM",
        "WT-RDF+ (least squares)",
        "FT",
        "FT + Lorch",
        "GP",
        "Spline",
    ]
    assert list(t5.columns) == list(_LABELS.values())  # paper's scores, then held-out ones
    assert t5.index.get_level_values("ratio").unique().tolist() == [1.0, 0.25]
    assert t5.index.get_level_values("model").unique().tolist() == models
    # one cell, recomputed from the stored predictions with sklearn_rdf.metrics
    p = result.predictions
    cell = [
        first_peak_error(g.y_true, g.y_pred, r=g.r)
        for _, g in p[(p.model == "RBF") & (p.ratio == 0.25)].groupby("repeat")
    ]
    mean, std = t5.loc[(0.25, "RBF"), "FPE"].split(" ± ")
    assert float(mean) == pytest.approx(np.mean(cell), abs=1e-4)
    assert float(std) == pytest.approx(np.std(cell, ddof=1), abs=1e-4)
    # the WT-RDF row of Table 3 is the model with the paper's θ, unfitted
    t3 = result.tables["table3_ablation"].set_index("method")
    wt = WaveletRDFRegressor(structure_factor=materials["binary"].structure_factor, learn=False)
    m = materials["binary"]
    pred = wt.fit(m.r, m.target).predict(m.r)
    assert t3.loc["WT-RDF", "MAE"] == pytest.approx(mean_absolute_error(m.target, pred))
    assert t3.loc["WT-RDF", "a"] == pytest.approx(0.59)
    assert list(result.tables["cross_material"].index.get_level_values(0).unique()) == list(
        materials
    )
    counts = result.tables["parameter_counts"]["parameters"]
    assert counts["WT-RDF+"] == 5 and counts["FT"] == 2 and counts["LSTM"] > 1000
    names = {f.name for f in result.files}
    assert {
        "table5_models.csv",
        "fig5_wt_rdf_vs_plus.png",
        "fig7_cross_material.png",
        "fig9_parameter_counts.png",
        "fig4_ablation.png",
        "scores.csv",
    } <= names
    back = pd.read_csv(out / "scores.csv")
    assert len(back) == len(result.scores)
    text = format_tables(result)
    assert "Table 5" in text and "WT-RDF+ (least squares)" in text
    assert "can be gamed" in text
    # honest scores in every table: held-out MAE above the fitted MAE for the interpolators
    assert {"R²", "MAE held-out", "Δr peak 1 (Å)"} <= set(t3.columns)
    assert "Δr peak 1 (Å)" in result.tables["cross_material"].columns
    held = t5.loc[(1.0, "Spline"), "MAE held-out"].split(" ± ")[0]
    assert float(held) > float(t5.loc[(1.0, "Spline"), "MAE"].split(" ± ")[0])


def test_benchmark_csvs_hold_numbers_and_the_manifest_lists_every_file(quick_result):
    result, _, out = quick_result
    t5 = pd.read_csv(out / "table5_models.csv", index_col=[0, 1])
    columns = list(t5.columns)
    # the paper's scores first, then the honest ones (issue 13); each as numeric mean and std
    assert columns[:6] == ["MAE mean", "MAE std", "FPE mean", "FPE std", "SPE mean", "SPE std"]
    assert "MAE_HELDOUT mean" in columns and "MAE_HELDOUT std" in columns
    assert columns[0::2] == [c.replace(" std", " mean") for c in columns[1::2]]
    assert all(t5.dtypes == np.float64)
    mean, std = result.tables["table5_models"].loc[(0.25, "RBF"), "FPE"].split(" ± ")
    assert t5.loc[(0.25, "RBF"), "FPE mean"] == pytest.approx(float(mean), abs=1e-4)
    assert t5.loc[(0.25, "RBF"), "FPE std"] == pytest.approx(float(std), abs=1e-4)
    t6 = pd.read_csv(out / "table6_variability.csv", index_col=[0, 1])
    assert {"MAE mean", "a mean", "a std"} <= set(t6.columns) and all(t6.dtypes == np.float64)
    listed = {entry["name"] for entry in read_manifest(out)}
    assert (
        listed
        == {f.name for f in result.files}
        == {p.name for p in out.iterdir() if p.name != "MANIFEST.json"}
    )


def test_cli_with_a_users_own_files(tmp_path, capsys, binary):
    sq = tmp_path / "glass.fq"
    gr = tmp_path / "glass.gr"
    write(sq, Curve(binary.q, binary.F, "F"))
    write(gr, Curve(binary.r, binary.G, "G"))
    out = tmp_path / "out"
    code = main(
        [
            "benchmark",
            "--sq",
            str(sq),
            "--rdf",
            str(gr),
            "--quick",
            "--n-jobs",
            "1",
            "--out",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "Table 5" in printed and "Fig. 7" not in printed  # one material: no cross table
    assert (out / "table5_models.csv").is_file() and (out / "fig6_models.png").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sq", "missing.fq", "--rdf", "missing.gr"], "does not exist"),
        (["--sq", "only.fq"], "give both --sq and --rdf"),
        (["--ratios", "0,2"], "--ratios"),
        (["--train-on", "quartz"], "--train-on must be one of"),
    ],
)
def test_cli_user_errors_are_one_line(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["benchmark", *args, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_malformed_file_names_file_and_line(capsys, tmp_path, binary):
    bad = tmp_path / "bad.fq"
    bad.write_text("# q F\n0.5 0.1\n0.6 nonsense\n")
    gr = tmp_path / "glass.gr"
    write(gr, Curve(binary.r, binary.G, "G"))
    assert (
        main(["benchmark", "--sq", str(bad), "--rdf", str(gr), "--out", str(tmp_path / "out")])
        == 2
    )
    err = capsys.readouterr().err
    assert "bad.fq" in err and "line 3" in err and "Traceback" not in err


def test_refit_and_scoring_names_short_or_long():
    s = rbf_grid_search(scoring="neg_mean_absolute_error")
    assert s.refit == "mae" and list(s.scoring) == ["mae"]
    s = rbf_grid_search(scoring=("mae", "fpe"), refit="neg_first_peak_error")
    assert s.refit == "fpe"
    assert rbf_grid_search.__doc__.startswith("GridSearchCV of")


def test_benchmark_heldout_scores_come_from_its_interleaved_3_fold(quick_result):
    """The default run's ratio-1 held-out MAE is an interleaved 3-fold (fewer extra fits than
    train_ratio_curve's 5), recomputed here by hand for the deterministic FT."""
    from sklearn.base import clone

    from sklearn_rdf.benchmark import peer_models, run_benchmark

    result, materials, _ = quick_result
    mat = materials["binary"]
    X, y = mat.r.reshape(-1, 1), mat.target
    ft = peer_models(mat.structure_factor)["FT"]
    order, oof = np.argsort(X[:, 0]), np.empty_like(y)
    for fold in range(3):
        test = order[fold::3]
        fit_on = np.setdiff1d(np.arange(len(y)), test)
        oof[test] = clone(ft).fit(X[fit_on], y[fit_on]).predict(X[test])
    held = result.scores.query("model == 'FT' and ratio == 1.0 and metric == 'mae_heldout'")
    np.testing.assert_allclose(held["value"], np.mean(np.abs(oof - y)), rtol=1e-10)
    with pytest.raises(ValueError, match="n_folds"):
        run_benchmark(materials, n_folds=1, log=lambda *_: None)
