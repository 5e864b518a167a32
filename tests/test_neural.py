"""RBFNetRegressor and LSTMRegressor (the WT-RDF+ paper's data-driven baselines, §3.1)."""

from __future__ import annotations

import io
import pickle
from unittest.mock import patch

import joblib
import numpy as np
import pytest
import torch
from _rdf_fixtures import ge_se_like_G
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from skorch.exceptions import DeviceWarning

from sklearn_rdf._training import NonFiniteLossWarning
from sklearn_rdf.metrics import first_peak_error, get_scorer, mean_absolute_error
from sklearn_rdf.neural import LSTMRegressor, RBFNetRegressor, initial_centers

# The paper's grids: Table 1 (M, β) pairs of the RBF network, Table 2 hidden sizes h_t.
TABLE1_M_BETA = [
    (16, 16), (32, 16), (64, 16), (16, 32), (16, 64), (32, 64), (64, 64), (16, 128),
    (64, 256), (128, 256), (256, 256), (128, 512), (256, 512), (512, 512), (512, 1024),
    (1024, 1024),
]  # fmt: skip
TABLE2_HIDDEN = [8, 16, 32, 64, 128, 256]

QUICK = {"max_epochs": 20, "random_state": 0}


def quick_rbf(**kw):
    return RBFNetRegressor(**{"n_centers": 64, "beta": 64.0, **QUICK, **kw})


def quick_lstm(**kw):
    return LSTMRegressor(**{"hidden_size": 16, **QUICK, **kw})


QUICK_MODELS = [quick_rbf, quick_lstm]


@pytest.fixture(scope="module")
def curve():
    return ge_se_like_G()


def fraction_splits(n: int, fractions, seed: int = 0):
    """The paper's protocol (§5.3): train on a random fraction of the points, test on all."""
    rng = np.random.default_rng(seed)
    everything = np.arange(n)
    return [
        (np.sort(rng.choice(n, size=round(f * n), replace=False)), everything) for f in fractions
    ]


# --- fitting, shapes, dtypes -------------------------------------------------------------


@pytest.mark.parametrize("make", QUICK_MODELS)
def test_r_as_1d_or_column_gives_the_same_model(make, curve):
    r, G = curve
    a = make().fit(r, G).predict(r)
    b = make().fit(r[:, None], G).predict(r[:, None])
    assert a.shape == (59,) and a.dtype == np.float64
    assert_array_equal(a, b)


@pytest.mark.parametrize("make", QUICK_MODELS)
def test_y_shapes_are_mirrored(make, curve):
    r, G = curve
    assert make().fit(r, G).predict(r).shape == (59,)
    assert make().fit(r, G[:, None]).predict(r).shape == (59, 1)
    Y = np.column_stack([G, 0.5 * G + 1.0, -G])
    est = make().fit(r, Y)
    assert est.predict(r).shape == (59, 3)
    assert est.n_outputs_ == 3


@pytest.mark.parametrize("make", QUICK_MODELS)
def test_any_float_dtype_and_inputs_untouched(make, curve):
    r, G = curve
    r0, G0 = r.copy(), G.copy()
    ref = make().fit(r, G).predict(r)
    for dtype in (np.float32, np.float16):
        pred = make().fit(r.astype(dtype), G.astype(dtype)).predict(r.astype(dtype))
        assert pred.dtype == np.float64
        assert_allclose(pred, ref, atol=0.05 * np.ptp(G))
    assert_array_equal(r, r0)
    assert_array_equal(G, G0)


@pytest.mark.parametrize("make", QUICK_MODELS)
def test_bit_reproducible_and_global_rng_untouched(make, curve):
    r, G = curve
    torch_state = torch.random.get_rng_state()
    np_state = np.random.get_state()  # noqa: NPY002 - the global state must stay untouched
    a = make(random_state=3).fit(r, G)
    b = make(random_state=3).fit(r, G)
    c = make(random_state=4).fit(r, G)
    assert_array_equal(a.predict(r), b.predict(r))
    assert_array_equal(a.loss_curve_, b.loss_curve_)
    assert not np.array_equal(a.predict(r), c.predict(r))
    assert torch.equal(torch.random.get_rng_state(), torch_state)
    after = np.random.get_state()  # noqa: NPY002
    assert all(np.array_equal(x, y) for x, y in zip(after, np_state, strict=True))
    # A RandomState instance is accepted (one draw from it seeds the fit).
    d = make(random_state=np.random.RandomState(0)).fit(r, G)
    assert np.all(np.isfinite(d.predict(r)))


@pytest.mark.parametrize("make", QUICK_MODELS)
def test_threads_restored_and_loss_curve(make, curve):
    r, G = curve
    before = torch.get_num_threads()
    est = make(max_epochs=30).fit(r, G)
    est.predict(r)
    assert torch.get_num_threads() == before
    assert est.n_iter_ == 30 and est.loss_curve_.shape == (30,)
    assert est.loss_curve_[-1] < est.loss_curve_[0]


@pytest.mark.parametrize("make", QUICK_MODELS)
def test_divergence_stops_with_a_warning_and_finite_predictions(make, curve):
    r, G = curve
    est = make(lr=1e30)  # the first step throws the weights so far that the loss is inf
    with pytest.warns(NonFiniteLossWarning, match="epoch 2"):
        est.fit(r, G)
    assert est.n_iter_ == 1 and est.loss_curve_.shape == (1,)
    assert np.all(np.isfinite(est.predict(r)))


@pytest.mark.parametrize(
    ("make", "param", "value"),
    [
        (quick_rbf, "n_centers", 0),
        (quick_rbf, "beta", -1.0),
        (quick_rbf, "beta", float("nan")),
        (quick_lstm, "hidden_size", 2.5),
        (quick_lstm, "max_epochs", 0),
        (quick_rbf, "lr", 0.0),
        (quick_lstm, "n_threads", 0),
        (quick_rbf, "device", "tpu"),
    ],
)
def test_bad_hyperparameters_name_themselves(make, param, value, curve):
    r, G = curve
    with pytest.raises(ValueError, match=param if param != "device" else "device"):
        make(**{param: value}).fit(r, G)


def test_cuda_asked_without_cuda_is_a_value_error(curve):
    r, G = curve
    with patch("torch.cuda.is_available", lambda *_: False):
        with pytest.raises(ValueError, match="CUDA is not available"):
            quick_rbf(device="cuda").fit(r, G)
        # "auto" falls back to the CPU.
        assert str(quick_rbf(device="auto").fit(r, G).net_.device) == "cpu"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
@pytest.mark.parametrize("make", QUICK_MODELS)
def test_cuda_fit_matches_cpu(make, curve):  # pragma: no cover - runs on GPU machines only
    r, G = curve
    cpu = make().fit(r, G).predict(r)
    gpu = make(device="cuda").fit(r, G).predict(r)
    assert_allclose(gpu, cpu, atol=1e-3 * np.ptp(G))


# --- the RBF network -----------------------------------------------------------------------


def test_rbf_centres_start_at_quantiles_and_are_reported_in_angstrom(curve):
    r, G = curve
    z = ((r - r.mean()) / r.std())[:, None]
    assert_allclose(initial_centers(z, 7)[:, 0], np.quantile(z[:, 0], np.linspace(0, 1, 7)))
    # Several features: centres are training rows.
    Z = np.column_stack([z[:, 0], np.cos(z[:, 0])])
    C = initial_centers(Z, 5)
    assert all(any(np.array_equal(c, row) for row in Z) for c in C)

    est = RBFNetRegressor(n_centers=32, beta=16.0, max_epochs=1, lr=1e-6, random_state=0)
    est.fit(r, G)
    assert est.centers_.shape == (32, 1)
    assert_allclose(est.centers_[:, 0], np.quantile(r, np.linspace(0, 1, 32)), atol=1e-4)


def test_rbf_prediction_does_not_depend_on_batching(curve):
    r, G = curve
    est = quick_rbf().fit(r, G)
    whole = est.predict(r)
    one_by_one = np.array([est.predict(r[i : i + 1])[0] for i in range(r.size)])
    assert_allclose(one_by_one, whole, rtol=1e-12, atol=1e-12)


# --- the LSTM: points -> sequences -----------------------------------------------------------


def test_lstm_trains_on_the_r_ordered_sequence(curve):
    r, G = curve
    perm = np.random.default_rng(1).permutation(r.size)
    a = quick_lstm().fit(r, G).predict(r)
    b = quick_lstm().fit(r[perm], G[perm]).predict(r)
    # Equal up to the rounding of the scalers' means, which sum the points in another order.
    assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def test_lstm_predicts_the_sorted_sequence_in_the_callers_order(curve):
    r, G = curve
    est = quick_lstm().fit(r, G)
    perm = np.random.default_rng(2).permutation(r.size)
    assert_array_equal(est.predict(r[perm]), est.predict(r)[perm])
    # A point's value depends on the sequence it is read in (documented): the LSTM reads in
    # increasing r, so the first 30 points alone give what the whole curve gives there (up
    # to float32 rounding), while every other point, read with larger r steps, differs.
    full = est.predict(r)
    assert_allclose(est.predict(r[:30]), full[:30], rtol=1e-5, atol=1e-5)
    assert not np.allclose(est.predict(r[::2])[1:], full[::2][1:])


def test_lstm_on_a_training_subset_predicts_the_full_curve(curve):
    r, G = curve
    ((train, _),) = fraction_splits(r.size, [0.25])
    est = quick_lstm().fit(r[train], G[train])
    assert est.predict(r).shape == (59,)


# --- accuracy at 100 % data (the paper's Table 5 row) ----------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("Est", [RBFNetRegressor, LSTMRegressor])
def test_default_settings_fit_the_full_curve(Est, curve):
    """Paper defaults (RBF M=512, β=1024; LSTM h_t=64; 500 epochs, Adam 0.01) at 100 % data.

    The paper reports MAE 0.029 (RBF) and 0.023 (LSTM) on its Ge-Se data; docs/neural.md
    has the values measured on this curve.
    """
    r, G = curve
    pred = Est(random_state=0).fit(r, G).predict(r)
    assert mean_absolute_error(G, pred) < 0.03  # G(r) in Å⁻², range ≈ 5.5 Å⁻²


# --- model selection -------------------------------------------------------------------------


def test_grid_search_table1_rbf_grid(curve):
    r, G = curve
    grid = [{"n_centers": [m], "beta": [float(b)]} for m, b in TABLE1_M_BETA]
    search = GridSearchCV(
        RBFNetRegressor(max_epochs=5, random_state=0),
        grid,
        scoring=get_scorer("mae"),
        cv=KFold(3, shuffle=True, random_state=0),
        n_jobs=2,
    ).fit(r[:, None], G)
    scores = search.cv_results_["mean_test_score"]
    assert len(scores) == 16 and np.all(np.isfinite(scores))
    best = search.best_params_
    assert (best["n_centers"], best["beta"]) in TABLE1_M_BETA
    assert search.predict(r[:, None]).shape == (59,)


def test_grid_search_table2_lstm_grid(curve):
    r, G = curve
    search = GridSearchCV(
        LSTMRegressor(max_epochs=5, random_state=0),
        {"hidden_size": TABLE2_HIDDEN},
        scoring=get_scorer("mae"),
        cv=fraction_splits(r.size, [0.75, 0.5]),
        n_jobs=2,
    ).fit(r[:, None], G)
    scores = search.cv_results_["mean_test_score"]
    assert len(scores) == 6 and np.all(np.isfinite(scores))
    assert search.best_params_["hidden_size"] in TABLE2_HIDDEN


@pytest.mark.parametrize("make", QUICK_MODELS)
def test_cross_val_score_with_peak_scorers(make, curve):
    r, G = curve
    X = r[:, None]
    splits = fraction_splits(r.size, [1.0, 0.75, 0.5])
    fpe = cross_val_score(make(), X, G, cv=splits, scoring=get_scorer("fpe"))
    spe = cross_val_score(make(), X, G, cv=splits, scoring=get_scorer("spe"))
    assert fpe.shape == spe.shape == (3,)
    assert np.all(np.isfinite(fpe)) and np.all(fpe <= 0) and np.all(spe <= 0)
    # The scorer is the negated first-peak error of the fold's model on all the points.
    train, test = splits[1]
    pred = make().fit(X[train], G[train]).predict(X[test])
    assert fpe[1] == pytest.approx(-first_peak_error(G[test], pred, r=r[test]))


# --- persistence -----------------------------------------------------------------------------


@pytest.mark.parametrize("make", QUICK_MODELS)
def test_joblib_round_trip_gives_identical_predictions(make, curve, tmp_path):
    r, G = curve
    est = make().fit(r, G)
    path = tmp_path / "model.joblib"
    joblib.dump(est, path)
    loaded = joblib.load(path)
    assert_array_equal(loaded.predict(r), est.predict(r))
    # An unfitted estimator round-trips too, and clones keep the parameters.
    assert clone(joblib.load(path)).get_params() == est.get_params()


def _pickle_as_if_on_cuda(est) -> bytes:
    """Pickle ``est`` as a CUDA machine would: the net's device is 'cuda' and every tensor
    storage is tagged 'cuda:0' (torch.serialization.location_tag), as skorch's own tests
    get from their net_cuda.pkl made on a GPU machine."""
    est.set_params(device="cuda")
    est.net_.device = "cuda"
    with patch("torch.serialization.location_tag", lambda storage: "cuda:0"):
        return pickle.dumps(est)


class _PlainTorchUnpickler(pickle.Unpickler):
    """Loads torch storages without a map_location, as torch does by default."""

    def find_class(self, module, name):
        if (module, name) == ("torch.storage", "_load_from_bytes"):
            return lambda b: torch.load(io.BytesIO(b), weights_only=False)
        return super().find_class(module, name)


@pytest.mark.parametrize("make", QUICK_MODELS)
def test_model_trained_on_cuda_unpickles_on_a_cpu_machine(make, curve):
    r, G = curve
    est = make().fit(r, G)
    expected = est.predict(r)
    data = _pickle_as_if_on_cuda(est)

    # The pickle really holds CUDA storages: torch alone cannot load them without CUDA.
    with patch("torch.serialization.location_tag", lambda storage: "cuda:0"):
        cuda_attrs = est.net_.__getstate__()["__cuda_dependent_attributes__"]
    with patch("torch.cuda.is_available", lambda *_: False):
        with pytest.raises(RuntimeError, match="CUDA"):
            _PlainTorchUnpickler(io.BytesIO(cuda_attrs)).load()

    # skorch maps them to the CPU (with a DeviceWarning) and the model predicts as before.
    with patch("torch.cuda.is_available", lambda *_: False):
        with pytest.warns(DeviceWarning):
            loaded = pickle.loads(data)
        assert str(loaded.net_.device) == "cpu"
        assert all(p.device.type == "cpu" for p in loaded.net_.module_.parameters())
        assert_array_equal(loaded.predict(r), expected)
        # Refitting honours device="cuda" and says why it cannot.
        with pytest.raises(ValueError, match="CUDA is not available"):
            loaded.fit(r, G)
