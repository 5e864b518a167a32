"""``sklearn-rdf exafs``: invert a χ(k) file into partial R(r) with an ONNE ensemble.

Trains an :class:`~sklearn_rdf.exafs.ONNERegressor` on objective Gaussian-shell macrostates
of the named pairs (package FEFF tables), inverts the file's χ(k) and writes, into the folder
``--out`` (complete or not at all, with a ``MANIFEST.json``; ``sklearn_rdf/_output.py``), the
R(r) of each pair with its ±2σ band (``rdf.csv``), the shell table (``shells.csv``) and a
figure (``rdf.png``).
"""

from __future__ import annotations

NAME = "exafs"
HELP = "invert an EXAFS χ(k) file (.chi, .chik, .xdi) into partial R(r) with an ONNE ensemble"


def _pair_spec(text: str):
    """``PAIR:NMIN-NMAX:RMIN-RMAX[:SMIN-SMAX]``, e.g. ``U-F:3-12:2.1-2.6:0.05-0.25``."""
    parts = text.split(":")
    if len(parts) not in (3, 4):
        raise ValueError(
            f"--shell {text!r}: expected PAIR:NMIN-NMAX:RMIN-RMAX[:SIGMIN-SIGMAX], "
            "e.g. U-F:3-12:2.1-2.6:0.05-0.25"
        )

    def rng(s, what):
        try:
            lo, hi = (float(v) for v in s.split("-"))
        except ValueError:
            raise ValueError(f"--shell {text!r}: {what} must be LOW-HIGH, got {s!r}") from None
        return lo, hi

    sigma = rng(parts[3], "sigma") if len(parts) == 4 else (0.04, 0.2)
    return parts[0], rng(parts[1], "N"), rng(parts[2], "distance"), sigma


def add_arguments(parser) -> None:
    parser.add_argument("path", help="χ(k) file: .chi, .chik, or XDI (μ(E) needs xraylarch)")
    parser.add_argument(
        "--shell",
        action="append",
        required=True,
        metavar="PAIR:N:R[:SIGMA]",
        help="a shell to learn, e.g. U-F:3-12:2.1-2.6:0.05-0.25 (N range, distance range in Å, "
        "Gaussian σ range in Å); repeat for more shells or pairs",
    )
    parser.add_argument("--k-min", type=float, default=2.0, help="lowest k used (Å⁻¹)")
    parser.add_argument("--k-max", type=float, default=10.0, help="highest k used (Å⁻¹)")
    parser.add_argument("--dr", type=float, default=0.02, help="r step of R(r) (Å)")
    parser.add_argument("--s02", type=float, default=0.9, help="S0² (held fixed), default 0.9")
    parser.add_argument(
        "--e0-range", type=float, nargs=2, default=(-5.0, 10.0), metavar=("LO", "HI"),
        help="ΔE0 range learnt (eV)",
    )  # fmt: skip
    parser.add_argument("--noise", type=float, default=0.02, help="noise on k²χ in training")
    parser.add_argument(
        "--pair-samples", type=int, default=200,
        help="distances sampled per Gaussian component (microstates); 0: analytic densities",
    )  # fmt: skip
    parser.add_argument("--members", type=int, default=5, help="ensemble size (default 5)")
    parser.add_argument("--n-train", type=int, default=5000, help="macrostates per member")
    parser.add_argument("--epochs", type=int, default=40, help="training epochs per member")
    parser.add_argument("--jobs", type=int, default=1, help="members trained in parallel")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument(
        "--r-window", type=float, nargs=2, default=None, metavar=("RMIN", "RMAX"),
        help="Fourier-filter χ(k) to this χ(R) window (Å, phase-uncorrected) before the "
        "network (ONNERegressor r_window)",
    )  # fmt: skip
    parser.add_argument("--out", default="exafs", help="output folder (default 'exafs')")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace a non-empty --out folder (else refused)"
    )


def run(args) -> int:
    import numpy as np

    from .._output import check_output_dir, staged_output_dir
    from ..exafs import MacrostateGenerator, ONNERegressor, Shell, read_chi

    specs = [_pair_spec(s) for s in args.shell]
    if not args.k_max > args.k_min:
        raise ValueError("--k-max must be larger than --k-min")
    if not args.dr > 0:
        raise ValueError("--dr must be > 0")
    check_output_dir(args.out, overwrite=args.overwrite, inputs=[args.path])  # before computing
    k_data, chi_data, _ = read_chi(args.path)
    shells = [Shell(p, n=n, distance=d, sigma=s, max_components=2) for p, n, d, s in specs]
    lo = min(d[0] - 3 * s[1] for _, _, d, s in specs)
    hi = max(d[1] + 3 * s[1] for _, _, d, s in specs)
    r = np.round(np.arange(max(lo, 0.5), hi + args.dr / 2, args.dr), 6)
    k = np.round(np.arange(args.k_min, args.k_max + 1e-9, 0.05), 6)
    gen = MacrostateGenerator(
        shells,
        k,
        r,
        s02=args.s02,
        e0_shift=tuple(args.e0_range),
        noise=args.noise,
        pair_samples=args.pair_samples or None,
    )
    onne = ONNERegressor(
        gen,
        n_members=args.members,
        n_train=args.n_train,
        max_epochs=args.epochs,
        n_jobs=args.jobs,
        r_window=None if args.r_window is None else tuple(args.r_window),
        random_state=args.seed,
        verbose=1,
    ).fit()
    mean, std = onne.invert(k_data, chi_data)
    table = onne.shell_table(np.interp(k, k_data, chi_data)[None, :])
    cols, names = [r], ["r_A"]
    for i, pair in enumerate(onne.pairs_):
        block = slice(i * r.size, (i + 1) * r.size)
        cols += [
            mean[0, block],
            mean[0, block] - 2 * std[0, block],
            mean[0, block] + 2 * std[0, block],
        ]
        names += [f"R_{pair}", f"R_{pair}_minus_2sigma", f"R_{pair}_plus_2sigma"]
    with staged_output_dir(args.out, overwrite=args.overwrite) as stage:
        np.savetxt(
            stage / "rdf.csv",
            np.column_stack(cols),
            delimiter=",",
            header=",".join(names) + "  (R(r) = 4πr²ρ_β g_αβ(r) in 1/Å)",
            comments="# ",
        )
        table.to_csv(stage / "shells.csv", index=False)
        _figure(stage / "rdf.png", r, mean[0], std[0], onne.pairs_, args.path)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    print(f"wrote {args.out}/: rdf.csv, shells.csv, rdf.png, MANIFEST.json")
    return 0


def _figure(path, r, mean, std, pairs, source) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    for i, pair in enumerate(pairs):
        block = slice(i * r.size, (i + 1) * r.size)
        line = ax.plot(r, mean[block], label=pair)[0]
        ax.fill_between(r, mean[block] - 2 * std[block], mean[block] + 2 * std[block],
                        color=line.get_color(), alpha=0.25)  # fmt: skip
    ax.set_xlabel("r (Å)")
    ax.set_ylabel("R(r) = 4πr²ρg(r) (Å⁻¹)")
    ax.set_title(f"ONNE inversion of {source} (band ±2σ)", fontsize=9)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
