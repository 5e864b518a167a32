"""
RBF network and LSTM in a GridSearchCV
======================================

The paper's neural baselines are ordinary scikit-learn regressors of X = r (Å) to y = G(r)
(Å⁻²), so scikit-learn's :class:`~sklearn.model_selection.GridSearchCV` tunes them. The
ready-made searches :func:`~sklearn_rdf.model_selection.rbf_grid_search` and
:func:`~sklearn_rdf.model_selection.lstm_grid_search` score with the package's metrics (MAE,
first- and second-peak errors) and use :class:`~sklearn_rdf.model_selection.TrainRatioSplit`:
here, fit on a quarter of the points of the binary Ge0.25Se0.75 curve and score on the whole
curve (the paper's protocol, §5.3), two random subsets.

**Small settings**: 4 of the paper's 16 (M, β) pairs, 2 of its 6 LSTM hidden sizes, 150 epochs
instead of 500. About 6 s of CPU.
"""

# %%
# The RBF network: number of centres M and width β
# ------------------------------------------------
import matplotlib.pyplot as plt
import pandas as pd

from sklearn_rdf import LSTMRegressor, RBFNetRegressor, TrainRatioSplit, load_ge_se_glasses
from sklearn_rdf.model_selection import lstm_grid_search, rbf_grid_search

glass = load_ge_se_glasses().data["binary"]
X, G = glass.r.reshape(-1, 1), glass.G
cv = TrainRatioSplit(0.25, n_repeats=2, random_state=0)

rbf_search = rbf_grid_search(
    RBFNetRegressor(max_epochs=150, random_state=0),
    param_grid={"n_centers": [16, 64], "beta": [16.0, 64.0]},
    cv=cv,
).fit(X, G)
columns = ["param_n_centers", "param_beta", "mean_test_mae", "mean_test_fpe", "rank_test_mae"]
# the scores are negated errors (greater is better, scikit-learn's convention)
print(pd.DataFrame(rbf_search.cv_results_)[columns].to_string(index=False))
print("best:", rbf_search.best_params_)

# %%
# The LSTM: hidden size
# ---------------------
lstm_search = lstm_grid_search(
    LSTMRegressor(max_epochs=150, random_state=0),
    param_grid={"hidden_size": [8, 32]},
    cv=cv,
).fit(X, G)
columns = ["param_hidden_size", "mean_test_mae", "mean_test_fpe", "rank_test_mae"]
print(pd.DataFrame(lstm_search.cv_results_)[columns].to_string(index=False))
print("best:", lstm_search.best_params_)

# %%
# The refitted best models (``refit="mae"``) on the whole curve
# -------------------------------------------------------------
# ``best_estimator_`` is refitted on all the points (that is what ``GridSearchCV`` does), so the
# curves below show the chosen settings, not the quarter-of-the-points fits that were scored.
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(glass.r, G, "k-", lw=2, label="target G(r)")
ax.plot(glass.r, rbf_search.predict(X), "--", label=f"RBF {rbf_search.best_params_}")
ax.plot(glass.r, lstm_search.predict(X), ":", lw=2, label=f"LSTM {lstm_search.best_params_}")
ax.set(xlabel="r (Å)", ylabel="G(r) (Å⁻²)")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
