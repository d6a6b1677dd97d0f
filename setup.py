"""setuptools packages: both packages, and the top-level migrations/ shipped as connector/migrations.

Alembic's scripts stay at the repository root (migrations/, alembic.ini) for developers; the wheel
carries them inside the package so `retailops-connector migrate` and `serve` work outside a checkout
(connector.db.migrate finds either).
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["connector*", "storefront_clients*"]),
        "connector.migrations",
        "connector.migrations.versions",
    ],
    package_dir={"connector.migrations": "migrations"},
)
