"""`muster ingest`, `muster review`, `muster eval-ingest`: news articles → proposed statements.

`ingest` reads articles, runs the pure pipeline (`muster.ingest`) with the reference gazetteer,
and stores the proposals as `proposed` statements citing the article as their Source, all in one
transaction (nothing is stored when anything fails). `review` accepts, rejects (kept, not
deleted) or edits proposals; each change is recorded in history with who and when. Storing and
reviewing act as `--user NAME` (or `--local-admin`) through `muster.app` (`app.articles`,
`app.review`), whose rights apply.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.progress import Progress

from muster.cli.app import app, err_console, state
from muster.cli.common import LOCAL_ADMIN_OPTION, USER_OR_BY, writer
from muster.domain import Stance, Statement, StatementStatus
from muster.errors import InvalidInput, Problem
from muster.ingest import ingest_article, read_article
from muster.ingest.article import MAX_ARTICLE_BYTES
from muster.ingest.detect import check_language, detect
from muster.ingest.evaluate import GoldArticle, by_language, evaluate, parse_labels
from muster.ingest.learn import (
    ARBITER_THRESHOLD,
    ARBITER_THRESHOLDS,
    FALLBACK_THRESHOLDS,
    THRESHOLD,
    HeldOutSet,
    LeaveOneSetOut,
    arbiter_training_examples,
    cross_validate,
    leave_one_set_out,
    train,
    train_arbiter,
    training_examples,
)
from muster.store import find, make_engine, news, require_current, transaction
from muster.store.db import describe_url
from muster.store.migrate import NotMigrated

review_app = typer.Typer(help="Review proposed statements: list, accept, reject, edit.")
app.add_typer(review_app, name="review")


def _day(value: str, *, what: str = "--date") -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            Problem(f"{what}: expected a date as YYYY-MM-DD, got {value!r}", field=what)
        ) from None


def _read(path: Path, day: date, title: str | None, outlet: str | None, url: str | None) -> Any:
    if not path.is_file():
        raise InvalidInput(Problem("no such file", file=str(path)))
    with path.open("rb") as f:  # bounded: read_article refuses what is longer
        data = f.read(MAX_ARTICLE_BYTES + 1)
    return read_article(data, name=str(path), day=day, title=title, outlet=outlet, url=url)


@app.command("ingest")
def ingest_command(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="Articles: .txt, .md or .html (UTF-8)."),
    day: str = typer.Option(..., "--date", help="The articles' publication date, YYYY-MM-DD."),
    title: str | None = typer.Option(None, "--title", help="The article's title."),
    outlet: str | None = typer.Option(None, "--outlet", help="Who published it."),
    url: str | None = typer.Option(None, "--url", help="Where it was published."),
    language: str | None = typer.Option(
        None,
        "--language",
        help="The articles' language (ISO 639-1: en, fr, de, pl, uk, ru, it, es, nl); "
        "default: detected per article.",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Propose only; store nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (one object per file)."),
    user: str | None = USER_OR_BY,
    local_admin: bool = LOCAL_ADMIN_OPTION,
) -> None:
    """Propose statements (nation, speaker, stance, quote, conditions) from news articles."""
    when = _day(day)
    if language is not None:
        language = check_language(language)
    gaz = news.gazetteer()
    read = [(p, _read(p, when, title, outlet, url)) for p in files]
    stored: dict[Path, news.StoredArticle] = {}
    settings = state(ctx).settings
    where = describe_url(settings.database_url)
    if dry_run:
        # a dry run still names the database's conditions when there is a database to ask
        catalogue = None
        try:
            engine = make_engine(settings)
            require_current(engine, where=where)
            with transaction(engine, write=False) as session:
                catalogue = news.catalogue(session, gaz)
            engine.dispose()
        except (NotMigrated, InvalidInput) as e:
            err_console.print(f"note: conditions not checked against a database ({e})")
        results = [
            (p, a, ingest_article(a, gaz, conditions=catalogue, language=language)) for p, a in read
        ]
    else:
        from muster.app import articles

        engine = make_engine(settings)
        require_current(engine, where=where)
        with transaction(engine) as session:
            acting = writer(session, user, local_admin=local_admin)
            articles.check_ingest(acting)
            catalogue = news.catalogue(session, gaz)
            results = [
                (p, a, ingest_article(a, gaz, conditions=catalogue, language=language))
                for p, a in read
            ]
            for p, a, r in results:
                stored[p] = articles.store(
                    session=session, user=acting, article=a, result=r, name=str(p)
                )
        engine.dispose()
    if as_json:
        objs = [r.as_json() for _, _, r in results]
        typer.echo(json.dumps(objs[0] if len(objs) == 1 else objs, ensure_ascii=False, indent=2))
    else:
        for p, _, r in results:
            typer.echo(f"{p}: {len(r.proposals)} proposed statement(s) for {r.date}")
            for pr in r.proposals:
                who = pr.speaker or "(unnamed)"
                typer.echo(
                    f"  {pr.nation}  {pr.stance.value:<11} {pr.confidence:.2f}  {who}: "
                    f"{pr.evidence[:110]}"
                )
                extra = [
                    *(f"{c.id} (new)" if c.new else c.id for c in pr.conditions),
                    *pr.contributions,
                ]
                if extra:
                    typer.echo(f"        conditions/contributions: {', '.join(extra)}")
    for p, _, r in results:
        for flag in r.flags:
            err_console.print(f"note: {p}: {flag}")
        if p in stored:
            done = stored[p]
            err_console.print(
                f"stored source {done.source} and {len(done.statements)} proposed statement(s)"
            )
            for s in done.skipped:
                err_console.print(f"not stored: {s}")
    if dry_run:
        err_console.print("dry run: nothing stored")


def _statement_json(st: Statement, version: int) -> dict[str, Any]:
    return {
        "id": st.id,
        "version": version,
        "status": st.status.value,
        "nation": st.nation,
        "date": st.date.isoformat(),
        "stance": st.stance.value,
        "speaker": st.actor,
        "quote": st.quote,
        "evidence": st.evidence,
        "conditions": list(st.conditions),
        "contributions": list(st.contributions),
        "confidence": st.confidence,
        "source": st.source,
        "note": st.note,
    }


def _engine(ctx: typer.Context) -> Any:
    settings = state(ctx).settings
    engine = make_engine(settings)
    require_current(engine, where=describe_url(settings.database_url))
    return engine


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    status: StatementStatus = typer.Option(
        StatementStatus.PROPOSED, "--status", help="Which statements to list."
    ),
    limit: int = typer.Option(100, "--limit", min=1, max=1000, help="At most this many."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List statements awaiting review (or with another status)."""
    with transaction(_engine(ctx), write=False) as session:
        page = find(
            session=session, entity=Statement, filters={"status": status.value}, limit=limit
        )
    if as_json:
        items = [_statement_json(s.obj, s.version) for s in page.items]
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{page.total} {status.value} statement(s)")
    for s in page.items:
        st = s.obj
        conf = f"{st.confidence:.2f}" if st.confidence is not None else "-"
        typer.echo(
            f"{st.id}  {st.nation} {st.stance.value:<11} {conf}  {st.actor or '(unnamed)'}: "
            f"{(st.evidence or st.quote)[:100]}"
        )


def _set(
    ctx: typer.Context,
    statement_id: str,
    to: StatementStatus,
    user: str | None,
    local_admin: bool,
    reason: str,
) -> None:
    from muster.app import review

    settings = state(ctx).settings
    with transaction(_engine(ctx)) as session:
        acting = writer(session, user, local_admin=local_admin)
        done = review.decide(
            db=session,
            user=acting,
            statement_id=statement_id,
            status=to,
            reason=reason,
            public_read=settings.public_read,
        )
    typer.echo(f"{done.key}: {to.value} by {acting.name} (version {done.version})")


@review_app.command("accept")
def review_accept(
    ctx: typer.Context,
    statement_id: str = typer.Argument(..., metavar="ID"),
    user: str | None = USER_OR_BY,
    local_admin: bool = LOCAL_ADMIN_OPTION,
    reason: str = typer.Option("reviewed: accepted", "--reason", help="Why (for history)."),
) -> None:
    """Accept a proposed statement: it now counts for its nation's stance."""
    _set(ctx, statement_id, StatementStatus.ACCEPTED, user, local_admin, reason)


@review_app.command("reject")
def review_reject(
    ctx: typer.Context,
    statement_id: str = typer.Argument(..., metavar="ID"),
    user: str | None = USER_OR_BY,
    local_admin: bool = LOCAL_ADMIN_OPTION,
    reason: str = typer.Option("reviewed: rejected", "--reason", help="Why (for history)."),
) -> None:
    """Reject a proposed statement (it is kept, marked rejected)."""
    _set(ctx, statement_id, StatementStatus.REJECTED, user, local_admin, reason)


@review_app.command("edit")
def review_edit(
    ctx: typer.Context,
    statement_id: str = typer.Argument(..., metavar="ID"),
    stance: Stance | None = typer.Option(None, "--stance", help="The corrected stance."),
    nation: str | None = typer.Option(None, "--nation", help="The corrected nation (ISO3)."),
    speaker: str | None = typer.Option(None, "--speaker", help="The corrected speaker."),
    quote: str | None = typer.Option(None, "--quote", help="The corrected quote."),
    user: str | None = USER_OR_BY,
    local_admin: bool = LOCAL_ADMIN_OPTION,
    reason: str = typer.Option("reviewed: edited", "--reason", help="Why (for history)."),
) -> None:
    """Correct a proposed statement before accepting it."""
    from muster.app import review

    changes: dict[str, Any] = {}
    if stance is not None:
        changes["stance"] = stance
    if nation is not None:
        changes["nation"] = nation.upper()
    if speaker is not None:
        changes["actor"] = speaker or None
    if quote is not None:
        changes["quote"] = quote
    if not changes:
        raise InvalidInput(
            Problem("nothing to change: give --stance, --nation, --speaker or --quote")
        )
    settings = state(ctx).settings
    with transaction(_engine(ctx)) as session:
        acting = writer(session, user, local_admin=local_admin)
        done = review.edit(
            db=session,
            user=acting,
            statement_id=statement_id,
            changes=changes,
            reason=reason,
            public_read=settings.public_read,
        )
    typer.echo(f"{done.key}: edited by {acting.name} (version {done.version})")


def labelled_folder(folder: Path) -> list[tuple[Any, GoldArticle]]:
    """A folder's articles (`ID.txt`) paired with their labels (labels.json, dates.json); a
    folder without labels.json reads each subfolder that has one (one per language: `fr/`,
    `de/`, ...), and an article without a labelled language takes its subfolder's name."""
    if not (folder / "labels.json").is_file() and folder.is_dir():
        subs = sorted(p for p in folder.iterdir() if (p / "labels.json").is_file())
        if subs:
            out = []
            for sub in subs:
                for art, g in labelled_folder(sub):
                    lang = g.language or (sub.name if len(sub.name) == 2 else None)
                    out.append((art, replace(g, language=lang)))
            return out
    labels_path, dates_path = folder / "labels.json", folder / "dates.json"
    for p in (labels_path, dates_path):
        if not p.is_file():
            raise InvalidInput(
                Problem("missing: a labelled folder needs labels.json and dates.json", file=str(p))
            )
    try:
        gold = parse_labels(json.loads(labels_path.read_text("utf-8")), file=str(labels_path))
        dates = json.loads(dates_path.read_text("utf-8"))
    except json.JSONDecodeError as e:
        raise InvalidInput(Problem(f"not valid JSON: {e.msg} (line {e.lineno})")) from None
    out = []
    for a in gold:
        if a.id not in dates:
            raise InvalidInput(Problem(f"no date for {a.id!r}", file=str(dates_path)))
        day = _day(str(dates[a.id]), what=f"dates.json {a.id}")
        out.append((_read(folder / f"{a.id}.txt", day, None, None, None), a))
    return out


@app.command("eval-ingest")
def eval_ingest(
    folder: Path = typer.Argument(..., help="Folder of ID.txt articles, labels.json, dates.json."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    errors: bool = typer.Option(False, "--errors", help="Also list every miss and mistake."),
    rules_only: bool = typer.Option(
        False, "--rules-only", help="Without the fallback labeller (the stance cues alone)."
    ),
) -> None:
    """Measure the ingester against labelled articles (recall, accuracy, F1, speakers)."""
    labelled = labelled_folder(folder)
    gold = [g for _, g in labelled]
    gaz = news.gazetteer()
    fallback = not rules_only
    # one-off loading (the language detector's models, lemma tables, CLDR names) is not
    # throughput: one article per language is read once before the clock starts
    firsts = {g.language or detect(art.text): art for art, g in labelled}
    for art in firsts.values():
        ingest_article(art, gaz, fallback=fallback)
    start = time.perf_counter()
    results = {g.id: ingest_article(art, gaz, fallback=fallback) for art, g in labelled}
    seconds = time.perf_counter() - start
    report = evaluate(gold, results, seconds=seconds).as_json()
    languages = {g.id: g.language or detect(art.text) or "?" for art, g in labelled}
    report["per_language"] = by_language(gold, results, languages)
    if not errors:
        report.pop("errors")
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for key in (
        "articles",
        "labels",
        "proposed",
        "nation_recall",
        "nation_precision",
        "stance_accuracy",
        "end_to_end_accuracy",
        "macro_f1",
        "speaker_precision",
        "speaker_recall",
        "articles_per_second",
    ):
        typer.echo(f"{key:22} {report[key]}")
    typer.echo("per-class F1: " + ", ".join(f"{k} {v}" for k, v in report["per_class_f1"].items()))
    typer.echo("confusion (rows: labelled, columns: proposed)")
    for gold_stance, row in report["confusion"].items():
        typer.echo(f"  {gold_stance:12} " + " ".join(f"{n:3d}" for n in row.values()))
    typer.echo("per language:")
    typer.echo("  lang  articles  labels  recall  stance_acc  end_to_end  macro_f1  speaker_prec")
    for lang, r in report["per_language"].items():
        typer.echo(
            f"  {lang:4}  {r['articles']:8d}  {r['labels']:6d}  {r['nation_recall']:6.3f}"
            f"  {r['stance_accuracy']:10.3f}  {r['end_to_end_accuracy']:10.3f}"
            f"  {r['macro_f1']:8.3f}  {r['speaker_precision']:12.3f}"
        )
    for mistake in report.get("errors", []):
        typer.echo(f"  {mistake}")


@app.command("train-ingest")
def train_ingest(
    folders: list[Path] = typer.Argument(..., help="Labelled folders (as for eval-ingest)."),
    out: Path | None = typer.Option(
        None, "--out", help="Write the trained fallback model here (JSON); default: only report."
    ),
    arbiter_out: Path | None = typer.Option(
        None,
        "--arbiter-out",
        help="Write the stance arbiter trained on every folder here (JSON); default: only report.",
    ),
    threshold: float = typer.Option(
        ARBITER_THRESHOLD,
        "--arbiter-threshold",
        min=0.0,
        max=1.0,
        help="The probability the arbiter needs to overrule the cues (written with the model).",
    ),
    fallback_threshold: float = typer.Option(
        THRESHOLD,
        "--fallback-threshold",
        min=0.0,
        max=1.0,
        help="The probability the fallback needs to label a nation (written with the model).",
    ),
    nested: bool = typer.Option(
        False,
        "--nested",
        help="Also choose the retrained fallback's threshold without each held-out set, by "
        "leaving one of the other sets out (three folders or more; slower).",
    ),
    folds: int = typer.Option(10, "--folds", min=2, help="Cross-validation folds (by article)."),
    seed: int = typer.Option(0, "--seed", help="Which articles go to which fold."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Train the fallback labeller and the stance arbiter; report held-out scores.

    The fallback is cross-validated by article over all folders. With two folders or more,
    both are also measured by leaving one folder (a labelled set) out at a time: the shipped
    fallback against one retrained on the other folders, and the arbiter.
    """
    sets = [(folder.name, labelled_folder(folder)) for folder in folders]
    if nested and len(sets) < 3:
        raise InvalidInput(Problem("--nested needs three labelled folders or more"))
    labelled = [x for _, xs in sets for x in xs]
    gaz = news.gazetteer()
    loso = None
    with Progress(transient=True, console=err_console) as progress:
        task = progress.add_task("cross-validating", total=None)
        cv = cross_validate(labelled, gaz, folds=folds, seed=seed, threshold=fallback_threshold)
        if len(sets) >= 2:
            progress.update(task, description="leaving one set out")
            loso = leave_one_set_out(
                sets,
                gaz,
                thresholds=sorted({*ARBITER_THRESHOLDS, threshold}),
                fallback_thresholds=sorted({*FALLBACK_THRESHOLDS, fallback_threshold}),
                nested=nested,
            )
        progress.update(task, description="training on everything")
        model = train(
            training_examples(labelled, gaz),
            threshold=fallback_threshold,
            trained_on=[str(f) for f in folders],
            notes=f"{len(labelled)} articles; {folds}-fold cross-validation, seed {seed}",
        )
        arbiter = train_arbiter(
            arbiter_training_examples(labelled, gaz),
            threshold=threshold,
            trained_on=[str(f) for f in folders],
            notes=f"{len(labelled)} articles; leave-one-set-out over {len(sets)} sets",
        )
    report = cv.as_json()
    if loso is not None:
        report["leave_one_set_out"] = loso.as_json()
    if out is not None:
        out.write_text(model.dumps(), "utf-8")
        report["written"] = str(out)
    if arbiter_out is not None:
        arbiter_out.write_text(arbiter.dumps(), "utf-8")
        report["arbiter_written"] = str(arbiter_out)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{len(labelled)} articles, {folds}-fold cross-validation by article (held out):")
    for name in ("rules", "rules_and_fallback"):
        r = report[name]
        assert isinstance(r, dict)
        typer.echo(
            f"  {name:20} recall {r['nation_recall']:.3f}  precision {r['nation_precision']:.3f}"
            f"  stance accuracy {r['stance_accuracy']:.3f}  macro-F1 {r['macro_f1']:.3f}"
            f"  speaker precision {r['speaker_precision']:.3f}"
        )
    typer.echo(f"  label model alone     {report['label_model_alone']}")
    typer.echo(f"  stance model alone    {report['stance_model_alone']}")
    if loso is not None:
        _print_fallback_table(loso, fallback_threshold)
        _print_arbiter_table(loso, threshold)
    if out is not None:
        typer.echo(f"model written to {out}")
    if arbiter_out is not None:
        typer.echo(f"arbiter written to {arbiter_out}")


def _print_fallback_table(loso: LeaveOneSetOut, t: float) -> None:
    """Per held-out set: the cues alone → with the shipped fallback → with one retrained."""
    typer.echo(
        f"fallback, leave one set out (held out; cues alone → shipped fallback → fallback "
        f"retrained on the other sets at threshold {t:g}; no arbiter; * = in the shipped "
        f"fallback's training data):"
    )
    typer.echo(
        "  set               labels  recall               precision            "
        "stance_acc           end_to_end           macro_f1"
    )
    rows = [(h, "*" if h.shipped_saw else "") for h in loso.sets] + [(loso.pooled, "")]
    if loso.pooled_unseen is not None:
        rows.append((replace(loso.pooled_unseen, name="pooled, not *"), ""))
    for h, star in rows:

        def three(key: str, h: HeldOutSet = h) -> str:
            a, b, c = (getattr(r, key) for r in (h.cues, h.rules, h.fallback[t]))
            return f"{a:.3f}→{b:.3f}→{c:.3f}"

        typer.echo(
            f"  {h.name + star:16}  {h.rules.labels:6d}  {three('nation_recall')}  "
            f"{three('nation_precision')}  {three('stance_accuracy')}  {three('end_to_end')}  "
            f"{three('macro_f1')}"
        )
    for label, pooled in (("all sets", loso.pooled), ("not *", loso.pooled_unseen)):
        if pooled is None:
            continue
        typer.echo(
            f"  retrained, pooled ({label}) by threshold: "
            + "; ".join(
                f"{k:g}: {r.nation_recall:.3f} / {r.nation_precision:.3f} / {r.end_to_end:.3f}"
                for k, r in pooled.fallback.items()
            )
            + "  (recall / precision / end to end)"
        )
    if loso.pooled.nested is not None:
        typer.echo(
            "  nested (retrained, threshold chosen without the held-out set: "
            + ", ".join(f"{h.name} {h.nested_threshold:g}" for h in loso.sets)
            + "):"
        )
        for label, pooled in (("all sets", loso.pooled), ("not *", loso.pooled_unseen)):
            if pooled is None or pooled.nested is None:
                continue
            r = pooled.nested
            typer.echo(
                f"    pooled ({label}): recall {r.nation_recall:.3f}  precision "
                f"{r.nation_precision:.3f}  stance accuracy {r.stance_accuracy:.3f}  end to end "
                f"{r.end_to_end:.3f}  macro-F1 {r.macro_f1:.3f}"
            )


def _print_arbiter_table(loso: LeaveOneSetOut, threshold: float) -> None:
    typer.echo(
        f"stance arbiter, leave one set out (held out; rules = cues and the shipped fallback; "
        f"arbiter at threshold {threshold:g}):"
    )
    typer.echo(
        "  set               labels  recall  stance_acc rules→arbiter  end_to_end rules→arbiter"
        "  macro_f1 rules→arbiter"
    )
    rows = [(h.name, h.rules, h.arbiter[threshold]) for h in loso.sets]
    rows.append(("pooled", loso.pooled_rules, loso.pooled_arbiter[threshold]))
    for name, r, a in rows:
        typer.echo(
            f"  {name:16}  {r.labels:6d}  {r.nation_recall:6.3f}"
            f"  {r.stance_accuracy:10.3f} → {a.stance_accuracy:.3f}"
            f"  {r.end_to_end:10.3f} → {a.end_to_end:.3f}"
            f"  {r.macro_f1:8.3f} → {a.macro_f1:.3f}"
        )
    typer.echo(
        "  pooled by threshold: "
        + "; ".join(
            f"{t:g}: {r.stance_accuracy:.3f} / {r.end_to_end:.3f} / {r.macro_f1:.3f}"
            for t, r in loso.pooled_arbiter.items()
        )
        + "  (stance accuracy / end to end / macro-F1)"
    )
