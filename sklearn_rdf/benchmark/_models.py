"""The models the benchmark compares: the paper's, the ablation settings and the peers."""

from __future__ import annotations

from ..neural import LSTMRegressor, RBFNetRegressor
from ..peers import FourierRDFRegressor, SmoothingSplineRegressor, make_gaussian_process
from ..wavelet import WaveletRDFRegressor

__all__ = ["ABLATION", "GP_MAX_POINTS", "ablation_models", "paper_models", "peer_models"]

#: Table 3: (optimisation, parameter bounding, selective loss) of each setting.
ABLATION = {
    "WT-RDF": (False, False, False),
    "(a)": (True, False, False),
    "(b)": (True, True, False),
    "(c)": (True, False, True),
    "(d) WT-RDF+": (True, True, True),
}


def ablation_models(structure_factor) -> dict:
    """The five rows of Table 3 as WaveletRDFRegressor settings."""
    out = {}
    for name, (learn, bounded, selective) in ABLATION.items():
        params = {"structure_factor": structure_factor, "learn": learn}
        if learn:
            if not bounded:
                params["bounds"] = {}
            if not selective:
                params["loss"] = "mae"
        out[name] = WaveletRDFRegressor(**params)
    return out


def paper_models(structure_factor, *, device: str = "cpu", max_epochs: int | None = None):
    """WT-RDF, WT-RDF+, and the RBF (M = 512, β = 1024) and LSTM (h = 64) baselines."""
    nn = {"device": device}
    if max_epochs is not None:
        nn["max_epochs"] = max_epochs
    return {
        "WT-RDF": WaveletRDFRegressor(structure_factor=structure_factor, learn=False),
        "WT-RDF+": WaveletRDFRegressor(structure_factor=structure_factor),
        "RBF": RBFNetRegressor(**nn),
        "LSTM": LSTMRegressor(**nn),
    }


#: Most training points the Gaussian-process peer is fitted on: its fit costs O(n³) per
#: likelihood evaluation (with 4 optimiser starts), 155 s on a 999-point target.
GP_MAX_POINTS = 300


def peer_models(structure_factor, *, n_points: int | None = None) -> dict:
    """The honest peers: least-squares WT-RDF, the Fourier transform, GP and spline.

    ``n_points`` (the target's number of r points): above :data:`GP_MAX_POINTS` the Gaussian
    process is left out, so that no peer's cost grows faster than the others'.
    """
    peers = {
        "WT-RDF+ (least squares)": WaveletRDFRegressor(
            structure_factor=structure_factor, solver="least_squares", loss="mae"
        ),
        "FT": FourierRDFRegressor(structure_factor=structure_factor),
        "FT + Lorch": FourierRDFRegressor(structure_factor=structure_factor, window="lorch"),
        "GP": make_gaussian_process(),
        "Spline": SmoothingSplineRegressor(),
    }
    if n_points is not None and n_points > GP_MAX_POINTS:
        del peers["GP"]
    return peers
