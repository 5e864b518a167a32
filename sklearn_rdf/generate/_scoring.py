"""Spectral error against the reference diversity (ΔED), shared by the generators."""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .spectra import structure_spectra

__all__ = ["SpectralScoreMixin"]


class SpectralScoreMixin:
    """``spectral_errors`` and ``score`` for an estimator with ``targets_`` and
    ``adf_cutoff_`` (GLASS's Fig. 2 metric: error − diversity); g(r) and S(q) weighted as
    the fit (``weighting_``: number, X-ray, neutron or explicit pair weights)."""

    def spectral_errors(self, structures) -> dict:
        """Per modality: ``error`` (mean RMSE of the structures' spectra from the target),
        ``diversity`` (of the references, 0 without any) and ``delta_ed`` = error − diversity.

        Parameters
        ----------
        structures : sequence of ase.Atoms

        Returns
        -------
        dict {modality: {"error", "diversity", "delta_ed"}}
        """
        check_is_fitted(self, "targets_")
        out = {}
        for name, target in self.targets_.items():
            errs = []
            for atoms in structures:
                curves = structure_spectra(
                    atoms,
                    **{name: target.x},
                    adf_cutoff=self.adf_cutoff_,
                    weighting=getattr(self, "weighting_", None),
                )
                errs.append(target.rmse(curves[name]))
            err = float(np.mean(errs))
            div = target.diversity
            out[name] = {"error": err, "diversity": div, "delta_ed": err - div}
        return out

    def score(self, structures, y=None):
        """Negative mean ΔED (error − reference diversity) over the target modalities.

        Greater is better; 0 means the generated spectra differ from the target by as much as
        the references differ from each other.

        Parameters
        ----------
        structures : sequence of ase.Atoms
        y : ignored

        Returns
        -------
        float
        """
        errors = self.spectral_errors(structures)
        return -float(np.mean([v["delta_ed"] for v in errors.values()]))
