"""The `maraude` command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from api.cli_data import add_arguments as add_import_arguments
from api.cli_data import backup_command, restore_command, run_export, run_source
from api.settings import Settings
from geo.errors import DomainError

logger = logging.getLogger("maraude")


def _db_setup(settings: Settings, _args: argparse.Namespace) -> int:
    from geo.provision import Roles, provision

    roles = Roles.from_urls(
        settings.owner_database_url, settings.database_url, settings.open_database_url
    )
    asyncio.run(provision(settings.admin_database_url, roles))
    logger.info("database %s ready for roles %s and %s", roles.database, roles.owner, roles.app)
    return 0


def _db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    from geo.migrate import upgrade

    upgrade(settings.owner_database_url, open_role=settings.open_role)
    return 0


def _load_demo(settings: Settings, _args: argparse.Namespace) -> int:
    from datasets.demo_accounts import load_demo_accounts
    from datasets.demo_activity import load_demo_activity
    from datasets.demo_loader import DEMO_ROADS, demo_dir, load_demo
    from datasets.road_import import import_roads
    from geo.db import Database
    from geo.directory.queries.schedules import Horizon

    async def run() -> None:
        database = Database.from_url(settings.owner_database_url, pool_size=1)
        try:
            horizon = settings.hours_horizon()
            assert isinstance(horizon, Horizon)
            counts = await load_demo(database, horizon=horizon, tiles_dir=settings.tiles_dir)
            for name, c in counts.items():
                logger.info(
                    "%s: %d created, %d updated, %d unchanged",
                    name,
                    c.created,
                    c.updated,
                    c.unchanged,
                )
            made = await load_demo_accounts(database)
            logger.info("demo associations, zones and teams: %d created", made)
            activity = await load_demo_activity(database)
            logger.info("demo alerts, round reports and stock: %d added", activity)
            roads = await import_roads(database, demo_dir() / DEMO_ROADS)
            logger.info("demo streets (%s): %s, %d edges", roads.area, roads.outcome, roads.edges)
        finally:
            await database.dispose()

    asyncio.run(run())
    return 0


def _refresh_hours(settings: Settings, args: argparse.Namespace) -> int:
    from geo.db import Database
    from geo.directory.upkeep import refresh_hours

    async def run() -> int:
        database = Database.from_url(settings.owner_database_url, pool_size=1)
        try:
            return await refresh_hours(
                database,
                now=datetime.now(UTC),
                past_days=settings.hours_horizon_past_days,
                future_days=settings.hours_horizon_future_days,
                force=args.force,
            )
        finally:
            await database.dispose()

    logger.info("%d opening schedules refreshed", asyncio.run(run()))
    return 0


def _association_create(settings: Settings, args: argparse.Namespace) -> int:
    from geo.accounts.queries import create_association
    from geo.db import Database

    async def run() -> str:
        database = Database.from_url(settings.owner_database_url, pool_size=1)
        try:
            async with database.tenant(None) as session:
                association = await create_association(session, name=args.name)
                await session.commit()
                return str(association.id)
        finally:
            await database.dispose()

    print(asyncio.run(run()))  # noqa: T201 - the id is the command's output
    return 0


def _user_create(settings: Settings, args: argparse.Namespace) -> int:
    from geo.accounts.passwords import check_password, new_totp_secret, totp_uri
    from geo.accounts.queries import create_user, find_association
    from geo.db import Database
    from geo.vocab import Role

    role = Role(args.role)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass()
    check_password(password)
    if (role is Role.ADMIN) != (args.association is None):
        raise ValueError("workers and coordinators need --association; admins have none")
    secret = new_totp_secret() if role in (Role.COORDINATOR, Role.ADMIN) else None

    async def run() -> None:
        database = Database.from_url(settings.owner_database_url, pool_size=1)
        try:
            async with database.instance() as session:
                association_id = None
                if args.association is not None:
                    association = await find_association(session, name=args.association)
                    if association is None:
                        raise ValueError(f"no association named {args.association!r}")
                    association_id = association.id
                await create_user(
                    session,
                    username=args.username,
                    password=password,
                    role=role,
                    association_id=association_id,
                    totp_secret=secret,
                )
                await session.commit()
        finally:
            await database.dispose()

    asyncio.run(run())
    if secret:
        print(totp_uri(secret, args.username.lower()))  # noqa: T201 - to enrol, shown once
    return 0


def _plan(_settings: Settings, args: argparse.Namespace) -> int:
    from geo.planning.scenario_io import plan_to_dict, read_json, scenario_from_dict
    from planner.engines import default_engine
    from planner.weekly import Budget, plan_week

    scenario = scenario_from_dict(read_json(Path(args.scenario)))
    budget = Budget(iterations=args.iterations, seconds=args.seconds, seed=args.seed)
    plan = plan_week(scenario, default_engine(), budget)
    Path(args.out).write_text(
        json.dumps(plan_to_dict(plan, scenario), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    logger.info(
        "%d rounds, %d zones unvisited: %s", len(plan.rounds), len(plan.unvisited), plan.objective
    )
    return 0


def _validate_plan(_settings: Settings, args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from geo.planning.scenario_io import read_json, rounds_from_dict, scenario_from_dict
    from planner.validate import objective, violations

    scenario = scenario_from_dict(read_json(Path(args.scenario)))
    rounds = rounds_from_dict(read_json(Path(args.plan)))
    broken = violations(scenario, rounds)
    print(json.dumps(asdict(objective(scenario, rounds))))  # noqa: T201 - the command's output
    for line in broken:
        print(line, file=sys.stderr)  # noqa: T201 - every violation, one a line
    return 1 if broken else 0


def _build_demo(_settings: Settings, args: argparse.Namespace) -> int:
    from datasets.demo_loader import FILES, demo_dir
    from datasets.demo_picture import draw
    from datasets.osm_demo import build

    count = build(Path(args.pbf), Path(args.out))
    logger.info("%d services written to %s", count, args.out)
    if args.picture:
        draw(Path(args.pbf), [demo_dir() / name for name in FILES], Path(args.picture))
        logger.info("picture written to %s", args.picture)
    return 0


def _import_osm(settings: Settings, args: argparse.Namespace) -> int:
    from datasets.osm_tiles import build_tiles
    from datasets.road_import import import_roads
    from geo.db import Database

    if not args.roads:
        return run_source(settings, "osm", args)

    async def run() -> int:
        database = Database.from_url(settings.owner_database_url, pool_size=1)
        try:
            started = time.perf_counter()
            result = await import_roads(database, Path(args.file), area=args.area)
        finally:
            await database.dispose()
        logger.info(
            "roads of %s %s: %d edges (%d removed) in %.1f s",
            result.area,
            result.outcome,
            result.edges,
            result.removed,
            time.perf_counter() - started,
        )
        # The basemap of these streets: vector tiles of the same extract (kept once built).
        await asyncio.to_thread(build_tiles, Path(args.file), directory=settings.tiles_dir)
        return 0

    return asyncio.run(run())


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from api.worker import run_worker

    asyncio.run(run_worker(settings, once=args.once))
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run(
        "api.main:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,  # api.access logs requests without precise coordinates
        log_level=settings.log_level.lower(),
        proxy_headers=settings.forwarded_allow_ips is not None,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    return 0


Command = Callable[[Settings, argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="maraude", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="database set-up").add_subparsers(dest="action", required=True)
    db.add_parser("setup", help="create roles, database and extensions (superuser)").set_defaults(
        run=_db_setup
    )
    db.add_parser("upgrade", help="migrate the schema to the latest revision").set_defaults(
        run=_db_upgrade
    )

    sub.add_parser("load-demo", help="load the bundled demo data").set_defaults(run=_load_demo)

    association = sub.add_parser("association", help="associations").add_subparsers(
        dest="action", required=True
    )
    create_association = association.add_parser("create", help="create an association")
    create_association.add_argument("name")
    create_association.set_defaults(run=_association_create)

    user = sub.add_parser("user", help="accounts").add_subparsers(dest="action", required=True)
    create_user = user.add_parser(
        "create", help="create an account (prints the TOTP enrolment URI when there is one)"
    )
    create_user.add_argument("--username", required=True)
    create_user.add_argument("--role", required=True, choices=["worker", "coordinator", "admin"])
    create_user.add_argument("--association", help="association name (not for admins)")
    create_user.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    create_user.set_defaults(run=_user_create)

    dump = sub.add_parser("backup", help="back up the whole database (superuser connection)")
    dump.add_argument("file")
    dump.set_defaults(run=backup_command)
    load = sub.add_parser("restore", help="restore a backup into a new, set-up database")
    load.add_argument("file")
    load.set_defaults(run=restore_command)

    refresh = sub.add_parser("refresh-hours", help="recompute the precomputed opening ranges")
    refresh.add_argument("--force", action="store_true", help="even when they are current")
    refresh.set_defaults(run=_refresh_hours)

    build = sub.add_parser("build-demo", help="derive the demo services from an OSM extract")
    build.add_argument("--pbf", required=True, help="an .osm.pbf extract")
    build.add_argument("--out", required=True, help="GeoJSON file to write")
    build.add_argument("--picture", help="also draw the demo services on the streets (SVG)")
    build.set_defaults(run=_build_demo)

    imports = sub.add_parser("import", help="import data").add_subparsers(
        dest="source", required=True
    )
    osm = imports.add_parser("osm", help="an OpenStreetMap extract (.osm.pbf or .osm)")
    add_import_arguments(osm)
    osm.add_argument("--roads", action="store_true", help="the street network, for routing")
    osm.add_argument("--area", help="area name (default: from the file name)")
    osm.set_defaults(run=_import_osm)
    finess = imports.add_parser("finess", help="the FINESS establishments extract (CSV)")
    add_import_arguments(finess)
    finess.set_defaults(run=lambda settings, args: run_source(settings, "finess", args))
    for kind in ("csv", "geojson"):
        table = imports.add_parser(kind, help=f"an association's own list ({kind}, mapped)")
        add_import_arguments(table)
        table.add_argument("--mapping", required=True, help="column mapping file (JSON)")
        table.set_defaults(run=lambda settings, args: run_source(settings, "table", args))
    for kind, what in (
        (
            "data-inclusion",
            "data·inclusion v1: a directory with structures.json and "
            "services.json, or one JSON file",
        ),
        ("hsds", "HSDS 3.1: services JSON, or a tabular datapackage directory"),
    ):
        exchange = imports.add_parser(kind, help=what)
        add_import_arguments(exchange)
        exchange.set_defaults(
            run=lambda settings, args, kind=kind: run_source(settings, kind, args)
        )

    export = sub.add_parser("export", help="publish the public services as open data")
    export.add_argument("format", choices=("data-inclusion", "hsds"))
    export.add_argument("out", help="directory to write")
    export.add_argument(
        "--modified-after",
        metavar="INSTANT",
        help="data-inclusion only: what changed after this RFC 3339 instant (with its offset), "
        "and withdrawn.json, the ids of the services withdrawn since",
    )
    export.set_defaults(run=run_export)

    plan = sub.add_parser("plan", help="plan a week of rounds from a scenario file")
    plan.add_argument("--scenario", required=True, help="scenario JSON (format 1)")
    plan.add_argument("--seconds", type=float, default=30.0, help="wall-clock cap")
    plan.add_argument("--seed", type=int, default=1)
    plan.add_argument("--iterations", type=int, help="shift re-routings (deterministic budget)")
    plan.add_argument("--out", required=True, help="plan JSON to write")
    plan.set_defaults(run=_plan)

    check = sub.add_parser("validate-plan", help="check a plan against its scenario")
    check.add_argument("--scenario", required=True)
    check.add_argument("--plan", required=True)
    check.set_defaults(run=_validate_plan)

    worker = sub.add_parser("worker", help="run background jobs (week planning, imports)")
    worker.add_argument("--once", action="store_true", help="stop when the queue is empty")
    worker.set_defaults(run=_worker)

    serve = sub.add_parser("serve", help="serve the API and pages")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command and return its exit status."""
    args = _parser().parse_args(argv)
    settings = Settings()
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    run: Command = args.run
    try:
        return run(settings, args)
    except (OSError, ValueError, DomainError) as exc:
        logger.error("%s", exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
