"""The `clinics` command: crawl, score, serve, demo, inspect, evaluate, export."""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path

import click

from directory.cli_db import db_group
from directory.cli_users import user_group
from directory.config import SAMPLE_WEB_DIR, get_settings, load_env_file


def _database_url(db: str | None) -> str:
    return db or get_settings().database_url


db_option = click.option(
    "--db", "db", metavar="URL", help="Database URL (default: $DATABASE_URL or the SQLite file in instance/)."
)


@click.group()
def main() -> None:
    """Crawl ketamine clinic websites, grade them with quoted evidence, and serve a directory."""
    load_env_file()


@main.command()
@click.option(
    "--seeds", "seeds_file", type=click.Path(dir_okay=False, path_type=Path), help="CSV with name,homepage columns."
)
@click.argument("urls", nargs=-1)
@click.option("--max-pages", type=int, help="Page cap per site.")
@click.option("--delay", type=float, help="Seconds between requests to one site (0, for local test sites only, "
              "also turns AutoThrottle off).")
@click.option("--resume", is_flag=True, help="Finish the latest interrupted crawl run instead of starting one.")
@click.option("--score/--no-score", default=True, show_default=True, help="Score the crawled clinics afterwards.")
@click.option("--log-level", default="WARNING", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]), help="Scrapy's log level.")
@db_option
def crawl(seeds_file: Path | None, urls: tuple[str, ...], max_pages: int | None, delay: float | None,
          resume: bool, score: bool, log_level: str, db: str | None) -> None:
    """Crawl clinic sites from a seeds CSV and/or URLs into the directory."""
    from crawler.run import run_crawl
    from crawler.seeds import Seed, SeedError, read_seeds, seeds_from_urls

    database_url = _database_url(db)
    resume_run_id, done_before = None, 0
    if resume:
        if seeds_file or urls:
            raise click.UsageError("--resume continues the last run with its own seeds; give no seeds")
        plan = _resume_plan(database_url)
        seeds = [Seed(s["homepage"], s.get("name"), bool(s.get("fictional")), s.get("seen_url"))
                 for s in plan.remaining]
        resume_run_id, done_before = plan.run_id, plan.done
        click.echo(f"resuming crawl run {plan.run_id}: {plan.done} sites done, {len(seeds)} to go", err=True)
    else:
        try:
            seeds = (read_seeds(seeds_file) if seeds_file else []) + seeds_from_urls(list(urls))
        except SeedError as exc:
            raise click.ClickException(str(exc)) from exc
        if not seeds:
            raise click.UsageError("give a --seeds file or at least one URL")
    overrides: dict[str, object] = {"LOG_LEVEL": log_level}
    if max_pages:
        overrides["CLINICS_MAX_PAGES_PER_SITE"] = max_pages
    if delay is not None:
        overrides["DOWNLOAD_DELAY"] = delay
        overrides["AUTOTHROTTLE_START_DELAY"] = max(delay, 0.01)
        # no delay at all is for sites served on this machine: AutoThrottle would only measure our own CPU
        overrides["AUTOTHROTTLE_ENABLED"] = delay > 0
    run_id = run_crawl(seeds, database_url=database_url, overrides=overrides, resume_run_id=resume_run_id,
                       sites_done_before=done_before)
    if score:
        _score(database_url, run_id=run_id)
    _print_run(database_url, run_id)


def _resume_plan(database_url: str):  # type: ignore[no-untyped-def]
    from directory.db import session_scope
    from directory.runs import resumable_run

    with session_scope(database_url) as session:
        plan = resumable_run(session)
    if plan is None:
        raise click.ClickException("no interrupted crawl run to resume")
    return plan


def _score(database_url: str, run_id: int | None = None) -> int:
    """Score every clinic, or with `run_id` those whose pages that run changed."""
    from directory.db import session_scope
    from directory.rescore import rescore
    from directory.runs import changed_clinics

    with session_scope(database_url) as session:
        return rescore(session, ids=changed_clinics(session, run_id=run_id) if run_id is not None else None)


def _print_run(database_url: str, run_id: int) -> None:
    from sqlmodel import select

    from directory.db import session_scope
    from directory.models import CrawlRun, SiteCrawl

    with session_scope(database_url) as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None
        click.echo(
            f"crawl run {run.id}: {run.sites_ok} sites ok, {run.sites_failed} failed, "
            f"{run.pages} pages ({run.status})"
        )
        for crawl in session.exec(select(SiteCrawl).where(SiteCrawl.run_id == run_id)).all():
            if crawl.status != "ok":
                click.echo(f"  {crawl.status}: {crawl.seed_url}: {crawl.reason}")


@main.command()
@click.argument("run_id", type=int, required=False)
@db_option
def report(run_id: int | None, db: str | None) -> None:
    """Per-site report of a crawl run (default: the latest): status, pages, bytes, errors, time."""
    from directory.db import session_scope
    from directory.runs import latest_run_id, run_report

    with session_scope(_database_url(db)) as session:
        run_id = run_id or latest_run_id(session)
        if run_id is None:
            raise click.ClickException("no crawl run yet")
        try:
            run, sites = run_report(session, run_id=run_id)
        except LookupError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"crawl run {run.id} ({run.status}), started {run.started_at:%Y-%m-%d %H:%M} UTC: "
                   f"{run.sites_ok} ok, {run.sites_failed} failed of {run.seeds} seeds, {run.pages} pages")
        click.echo(f"{'status':<12}{'pages':>6}{'changed':>8}{'KB':>8}{'errors':>7}{'secs':>7}  site")
        for site in sites:
            click.echo(f"{site.status:<12}{site.pages:>6}{site.pages_changed:>8}{site.bytes // 1024:>8}"
                       f"{site.errors:>7}{site.duration_s:>7.1f}  {site.seed_url}")
            lines = [site.reason] if site.reason else []
            lines += [note for note in site.notes if note not in lines]
            for line in dict.fromkeys(lines[:6]):
                click.echo(f"{'':<12}  - {line}")


@main.command()
@click.argument("urls", nargs=-1, required=True)
@db_option
def discover(urls: tuple[str, ...], db: str | None) -> None:
    """Read directory or association listing pages and store the clinics they link to as candidates."""
    from crawler.run import run_listing
    from crawler.seeds import SeedError, seeds_from_urls

    try:
        seeds_from_urls(list(urls))
    except SeedError as exc:
        raise click.ClickException(str(exc)) from exc
    database_url = _database_url(db)
    run_listing(list(urls), database_url=database_url, overrides={"LOG_LEVEL": "WARNING"})
    _print_candidates(database_url, "new")


@main.group()
def candidates() -> None:
    """Review candidate clinics found by `clinics discover` (never published unreviewed)."""


def _print_candidates(database_url: str, status: str | None) -> None:
    from directory.candidates import list_candidates
    from directory.db import session_scope

    with session_scope(database_url) as session:
        rows = list_candidates(session, status=status)
        for row in rows:
            click.echo(f"{row.id:>5}  {row.status:<9} {row.homepage:<45} {row.name or '-'}  (from {row.source_url})")
        click.echo(f"{len(rows)} {status or ''} candidates".replace("  ", " "))


@candidates.command("list")
@click.option("--status", type=click.Choice(["new", "accepted", "rejected"]), help="Only candidates with this status.")
@db_option
def candidates_list(status: str | None, db: str | None) -> None:
    """List candidates."""
    _print_candidates(_database_url(db), status)


def _review(ids: tuple[int, ...], status: str, db: str | None) -> None:
    from directory.candidates import review
    from directory.db import session_scope

    with session_scope(_database_url(db)) as session:
        for candidate_id in ids:
            try:
                candidate = review(session, candidate_id=candidate_id, status=status)
            except LookupError as exc:
                raise click.ClickException(str(exc)) from exc
            click.echo(f"{status}: {candidate.homepage}")


@candidates.command("accept")
@click.argument("ids", nargs=-1, type=int, required=True)
@db_option
def candidates_accept(ids: tuple[int, ...], db: str | None) -> None:
    """Accept candidates: `candidates export` then lists them as seeds."""
    _review(ids, "accepted", db)


@candidates.command("reject")
@click.argument("ids", nargs=-1, type=int, required=True)
@db_option
def candidates_reject(ids: tuple[int, ...], db: str | None) -> None:
    """Reject candidates (kept, so that discovery does not propose them again)."""
    _review(ids, "rejected", db)


@candidates.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Seeds CSV to write.")
@db_option
def candidates_export(output: Path, db: str | None) -> None:
    """Write the accepted candidates as a seeds CSV for `clinics crawl --seeds`."""
    from crawler.seeds import Seed, write_seeds
    from directory.candidates import list_candidates
    from directory.db import session_scope

    with session_scope(_database_url(db)) as session:
        seeds = [Seed(c.homepage, c.name) for c in list_candidates(session, status="accepted")]
    write_seeds(output, seeds)
    click.echo(f"wrote {len(seeds)} seeds to {output}")


@main.command()
@db_option
def score(db: str | None) -> None:
    """Score every clinic that has pages (idempotent for the current criteria version)."""
    from scoring.run import criteria_version

    count = _score(_database_url(db))
    click.echo(f"scored {count} clinics with criteria {criteria_version()}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@db_option
def serve(host: str, port: int, db: str | None) -> None:
    """Serve the directory web site and API (needs CLINICS_SECRET_KEY)."""
    from web import create_app

    try:
        app = create_app({"DATABASE_URL": _database_url(db)})
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    app.run(host=host, port=port)


@main.command()
@click.option("--no-serve", is_flag=True, help="Stop after scoring and print a summary.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port of the web site.")
@db_option
def demo(no_serve: bool, port: int, db: str | None) -> None:
    """Serve the fictional sample web, crawl it, score it, then serve the directory."""
    from crawler.localweb import serve_sample_web
    from crawler.run import run_crawl

    database_url = _database_url(db)
    settings = get_settings()
    if not no_serve:
        _require_free_port(port, "--port")
    try:
        sample_web = serve_sample_web(SAMPLE_WEB_DIR, base_port=settings.sample_web_base_port)
        web = sample_web.__enter__()
    except OSError as exc:
        raise click.ClickException(
            f"cannot serve the sample web on 127.0.0.1:{settings.sample_web_base_port} and the ports after it "
            f"({exc.strerror}); is another demo running? Set SAMPLE_WEB_BASE_PORT to use other ports."
        ) from exc
    try:
        click.echo(f"serving {len(web.sites)} fictional sample sites on 127.0.0.1:{settings.sample_web_base_port}+")
        run_id = run_crawl(web.seeds(), database_url=database_url,
                           overrides={"DOWNLOAD_DELAY": 0.05, "AUTOTHROTTLE_START_DELAY": 0.05, "LOG_LEVEL": "WARNING"})
        _score(database_url)
        _print_run(database_url, run_id)
        _print_summary(database_url)
        if no_serve:
            return
        from web import create_app

        app = create_app({"DATABASE_URL": database_url,
                          "SECRET_KEY": settings.secret_key or secrets.token_hex(32)})
        click.echo(f"directory at http://127.0.0.1:{port}/  (Ctrl+C to stop)")
        app.run(host="127.0.0.1", port=port)
    finally:
        sample_web.__exit__(None, None, None)


def _require_free_port(port: int, option: str) -> None:
    """Fail early, in plain words, when a port we are about to serve on is taken."""
    import socket

    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            message = f"127.0.0.1:{port} is already in use ({exc.strerror}); choose another {option}."
            raise click.ClickException(message) from exc


def _print_summary(database_url: str) -> None:
    from directory.db import session_scope
    from directory.queries import all_clinics

    with session_scope(database_url) as session:
        rows = all_clinics(session=session)
        click.echo(f"\n{'grade':<6}{'score':>6}  {'clinic':<44} location")
        for clinic, locations in rows:
            where = ", ".join(f"{loc.city}, {loc.state} {loc.zip or ''}".strip() for loc in locations)
            where = where or "no address found"
            score = "-" if clinic.overall_score is None else str(clinic.overall_score)
            click.echo(f"{clinic.grade or '-':<6}{score:>6}  {clinic.name[:44]:<44} {where}")
        click.echo(f"{len(rows)} clinics in {database_url}")


@main.command("inspect")
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON described in VOCABULARY.md.")
def inspect_command(source: str, as_json: bool) -> None:
    """Extract and score one page (file or URL) on its own and print facts with evidence."""
    from directory.inspect import InspectError, format_report, inspect_source

    try:
        data = inspect_source(source)
    except InspectError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(data, indent=2, ensure_ascii=False) if as_json else format_report(data))


@main.command()
@click.option("--corpus", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of labelled pages (default: tests/data/labelled).")
@click.option("--sample-web", is_flag=True, help="Measure the fictional sample web's expected facts instead.")
@click.option("--real-sites", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Compare the sites of a real_sites folder (e.g. ../shared/real_sites) with their truth.json.")
@click.option("--per-code/--per-fact", default=True, show_default=True, help="Break each fact down by code.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures and misses as JSON.")
@click.option("--save-baseline", is_flag=True, help="Record today's F1 figures as the baseline the tests hold.")
@click.option("--force", is_flag=True, help="With --save-baseline: record figures lower than the existing baseline.")
def evaluate(corpus: Path | None, sample_web: bool, real_sites: Path | None, per_code: bool, as_json: bool,
             save_baseline: bool, force: bool) -> None:
    """Score labelled pages and print per-fact precision, recall, F1 and every miss."""
    from directory import evaluate as evaluation
    from scoring.evaluation import format_misses, format_table

    if save_baseline:
        try:
            evaluation.save_baseline(force=force)
        except evaluation.BaselineDropError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"baseline written to {evaluation.BASELINE_FILE}")
        return
    if real_sites:
        _print_truth_checks(real_sites, as_json)
        return
    if sample_web:
        result = evaluation.evaluate_sample_web()
    else:
        result = evaluation.evaluate_corpus(corpus or evaluation.LABELLED_DIR)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=1, ensure_ascii=False))
        return
    click.echo(f"{result.pages} {'sites' if sample_web else 'pages'}\n")
    click.echo(format_table(result, per_code=per_code))
    click.echo(f"\n{len(result.misses)} misses")
    if result.misses:
        click.echo(format_misses(result))
    click.echo(f"\nquotes not found in their page: {len(result.unquoted)}")
    for line in result.unquoted:
        click.echo(f"  {line}")
    click.echo(f"red flags on pages labelled without any: {len(result.flags_on_clean_pages)}")
    for line in result.flags_on_clean_pages:
        click.echo(f"  {line}")


def _print_truth_checks(folder: Path, as_json: bool) -> None:
    from directory.truth import check_site, format_checks

    checks = [check for site in sorted(folder.glob("*/site")) for check in check_site(site)]
    if as_json:
        click.echo(json.dumps([check.__dict__ for check in checks], indent=1, ensure_ascii=False))
        return
    click.echo(format_checks(checks))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "geojson"]), default="json", show_default=True)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@click.option("--near", help="Only clinics near a place: ZIP, 'City, ST', a state, or 'lat,lon'.")
@click.option("--radius", help="Miles around --near (1 to 200, default 25).")
@click.option("--query", "query_string", metavar="QS",
              help="Other search arguments as in the API, e.g. 'modalities=iv&min_grade=B&sort=grade'.")
@db_option
def export(fmt: str, output: Path | None, near: str | None, radius: str | None, query_string: str | None,
           db: str | None) -> None:
    """Export the directory, or the clinics one search finds, as JSON, CSV or GeoJSON.

    Streams: clinics are read from the database in batches and written as they come, and a file is
    written under a temporary name and renamed when complete, so a failed export leaves no half file.
    """
    import dataclasses
    from urllib.parse import parse_qs

    from directory.db import session_scope
    from directory.exporting import export_chunks
    from directory.geo import Place
    from directory.search import search_all
    from directory.searchargs import SearchArgsError, parse_search_args

    args = parse_qs(query_string or "", keep_blank_values=False)
    args.update({name: [value] for name, value in (("near", near), ("radius", radius)) if value})
    args.setdefault("sort", ["distance" if near else "name"])
    try:
        parsed = parse_search_args(args, where_param="near", strict=True)
    except SearchArgsError as exc:
        hint = f" Suggestions: {'; '.join(exc.suggestions)}." if exc.suggestions else ""
        raise click.BadParameter(exc.message + hint, param_hint=f"'{exc.param}'" if exc.param else None) from exc
    query = dataclasses.replace(parsed.query, page=1)
    origin = query.where if isinstance(query.where, Place) else None
    with session_scope(_database_url(db)) as session:
        chunks = export_chunks(search_all(query, session=session).hits, fmt, origin=origin)
        if output:
            partial = output.with_name(output.name + ".part")
            with partial.open("w", encoding="utf-8") as handle:
                handle.writelines(chunks)
            partial.replace(output)
        else:
            last = ""
            for chunk in chunks:
                if chunk:
                    sys.stdout.write(chunk)
                    last = chunk
            if not last.endswith("\n"):
                sys.stdout.write("\n")


main.add_command(user_group)
main.add_command(db_group)

if __name__ == "__main__":
    main()
