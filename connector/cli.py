"""The `retailops-connector` console script: serve, migrate, sandbox, doctor, status."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from connector.settings import Settings


def _load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = ["Invalid configuration:"]
        for err in exc.errors():
            name = ".".join(str(p) for p in err["loc"]).upper() or "settings"
            lines.append(f"  {name}: {err['msg']}")
        raise SystemExit("\n".join(lines)) from None


def cmd_migrate(_args: argparse.Namespace) -> int:
    """Bring the configured database to the newest schema revision."""
    from connector.db.engine import make_engine
    from connector.db.migrate import upgrade_to_head

    settings = _load_settings()
    engine = make_engine(settings.connector_database_url)
    upgrade_to_head(engine)
    engine.dispose()
    print(f"database at head: {engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the app and its scheduler under uvicorn; refuses to start on incomplete settings."""
    from connector.runtime import serve

    settings = _load_settings()
    problems = settings.problems_for_serve()
    if problems:
        print("refusing to start:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    serve(settings, host=args.host, port=args.port, migrate=args.migrate)
    return 0


def cmd_sandbox(args: argparse.Namespace) -> int:
    """Start the sandbox store and the connector wired to it (SQLite, test key allowed)."""
    from connector.sandbox_mode import run_sandbox

    run_sandbox(port=args.port, store_port=args.store_port, host=args.host)
    return 0


def cmd_doctor(_args: argparse.Namespace) -> int:
    """Run the pre-flight checks; exit 1 when any check FAILs."""
    import asyncio

    from connector.app import default_storefront
    from connector.ops.doctor import run_doctor

    checks = asyncio.run(run_doctor(_load_settings(), default_storefront))
    for check in checks:
        print(check.line())
    failed = sum(c.level == "FAIL" for c in checks)
    warned = sum(c.level == "warn" for c in checks)
    print(f"\n{failed} failed, {warned} warning(s), {len(checks) - failed - warned} ok")
    return 1 if failed else 0


def cmd_status(args: argparse.Namespace) -> int:
    """Print the console's overview (a table, or JSON with --json)."""
    import json

    from connector.ops import status

    data = status.read(_load_settings())
    print(json.dumps(data, indent=2, default=str) if args.json else status.render(data), end="")
    if args.json:
        print()
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for the console script."""
    parser = argparse.ArgumentParser(
        prog="retailops-connector", description="RetailOps channel connector for Shopify"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the connector and its scheduled jobs")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--migrate", action="store_true", help="bring the database to head before serving")
    serve.set_defaults(func=cmd_serve)

    migrate = sub.add_parser("migrate", help="bring the database to the newest schema")
    migrate.set_defaults(func=cmd_migrate)

    doctor = sub.add_parser("doctor", help="pre-flight checks of database, store, scopes and locations")
    doctor.set_defaults(func=cmd_doctor)

    status = sub.add_parser("status", help="the console's overview in a terminal")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(func=cmd_status)

    sandbox = sub.add_parser("sandbox", help="run against a local sandbox store (demo)")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8000)
    sandbox.add_argument("--store-port", type=int, default=9911)
    sandbox.set_defaults(func=cmd_sandbox)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
