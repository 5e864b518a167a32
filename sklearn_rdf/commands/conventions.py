"""``sklearn-rdf conventions``: print the table of named quantities and units."""

from __future__ import annotations

NAME = "conventions"
HELP = (
    "print the quantities (g, G, R, S, F; Keen's F_barn, G_keen, D, T; G/r), their "
    "definitions and units"
)


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    from ..physics import CONVENTIONS, QUANTITIES

    rows = [("symbol", "name", "definition", "grid", "units")]
    for q in [*QUANTITIES.values(), *CONVENTIONS.values()]:
        rows.append((q.symbol, q.name, q.definition, f"{q.grid} ({q.grid_unit})", q.unit))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    print("\nρ: number density in atoms/Å³. G(r) = (2/π) ∫ F(q) sin(qr) dq.")
    print("⟨b⟩ = Σ c_α b_α (1 barn = 100 fm²); the package's G is D/⟨b⟩² (PDFgetX3's G).")
    return 0
