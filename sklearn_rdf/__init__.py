"""sklearn-rdf: scikit-learn estimators for radial distribution functions of amorphous materials.

Conventions (r in Å, q in Å⁻¹, ρ in atoms/Å³; see ``docs/conventions.md``): g(r) pair
distribution function; G(r) = 4πρr(g(r) − 1); R(r) = 4πρr²g(r); S(q); F(q) = q(S(q) − 1).
"""

__version__ = "0.1.0"
