"""Builds `src/muster/data/demo.json`, the London-2025 demo coalition (package data).

Run by a maintainer after editing the tables here or in `demo_plan.py`; the committed JSON is
the product:

    .venv/bin/python scripts/build_demo_data.py [--seed ../shared/seeds/000_ffc1f200ac0f6522.txt]

Statements come from the seed article (kept whole as its source's `text`) and from the dated
record in `scripts/record/*.toml` (one file per period: each article with its passage, URL,
outlet, date and language, and the statements it carries); every quote is copied verbatim from
its source's text. The mission, requirement lines, pledges
and probabilities are planning figures no source gives: they are marked illustrative
(`demo_plan.py`). docs/demo-data.md lists every fact and its source.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_conference import calls, offers
from demo_conference import pledges as conference_pledges
from demo_plan import (
    aid_records,
    capabilities,
    conditions,
    missions,
    phases,
    pledges,
    requirement_lines,
    scenarios,
)
from demo_record import Record, RecordError, load_record, statement_id

from muster.data import DEMO_FILE, dumps, reference_dataset
from muster.domain import Dataset, Source, Stance, Statement

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "muster" / "data" / DEMO_FILE
SEED = ROOT.parent / "shared" / "seeds" / "000_ffc1f200ac0f6522.txt"
SEED_ID = "seed-nyt-2025-03-03"
D = date

# id: (title, outlet, published, url). Titles are the outlets' headlines where they had one.
SOURCES: dict[str, tuple[str, str, date | None, str | None]] = {
    "src-kyivindependent-2025-03-10": (
        "Denmark potentially open to sending peacekeeping troops to Ukraine",
        "The Kyiv Independent", D(2025, 3, 10), "https://kyivindependent.com/denmark-potentially-open-to-sending-peacekeeping-troops-to-ukraine"),
    "src-theaustralian-2025-03-15": (
        "Anthony Albanese repeats offer to 'consider' Australian participation in Ukraine "
        "peacekeeping effort", "The Australian", D(2025, 3, 15),
        "https://www.theaustralian.com.au/nation/politics/anthony-albanese-repeats-offer-to-"
        "consider-australian-participation-in-ukraine-peacekeeping-effort/news-story/"
        "adc3dd6e1fda3520e8f23e3af1c434b4"),
    "src-kyivindependent-2025-03-27": (
        "'With or without the US' — France, UK harden line over Ukraine after 'Coalition of the "
        "Willing' summit", "The Kyiv Independent", D(2025, 3, 27),
        "https://kyivindependent.com/plans-for-european-reassurance-force-in-ukraine-gain-traction-as-coalition-of-the-willing-meets-in-paris/"),
    "src-reuters-2025-07-10": (
        "Paris to be new headquarters of 'coalition of the willing' for Ukraine (Reuters)",
        "CNA", D(2025, 7, 10),
        "https://channelnewsasia.com/world/paris-be-new-headquarters-coalition-willing-ukraine-5232086"),
    "src-afp-2025-09-04": (
        "Macron assures that 26 countries are committed to participate in Ukraine's security "
        "after the war (AFP)", "Voz", D(2025, 9, 4),
        "https://voz.us/en/world/250904/28594/macron-assures-that-26-countries-are-committed-to-participate-in-ukraine-s-security-after-the-war.html"),
    "src-polskieradio-2025-09-04": (
        "Poland rules out sending troops to Ukraine, PM Tusk says after Paris talks",
        "Polskie Radio", D(2025, 9, 4),
        "https://www.polskieradio.pl/395/9766/Artykul/3575003,poland-rules-out-sending-troops-to-ukraine-pm-tusk-says-after-paris-talks"),
    "src-hvylya-2026-01-06": (
        "Paris summit: allies agree to deploy multinational forces in post-war Ukraine", "Hvylya",
        D(2026, 1, 6),
        "https://en.hvylya.net/news/304-paris-summit-allies-agree-to-deploy-multinational-forces-in-post-war-ukraine"),
    "src-particle-2026-01-06": (
        "Élysée declaration sets path for multinational Ukraine force after ceasefire",
        "Particle News", D(2026, 1, 6),
        "https://particle.news/story/lyse-declaration-sets-path-for-multinational-ukraine-force-after-ceasefire"),
    "src-euractiv-via-informedclearly-2026-01-06": (
        "Historic Paris Declaration: Western Allies Commit to Ukraine's Security (citing Euractiv)",
        "Informed Clearly", D(2026, 1, 6),
        "https://informedclearly.com/amp/en/geopolitics/33798/coalition-of-the-willing-pledges-security-guarantees-for-ukraine"),
    "src-kiel-2024-04-25": (
        "European aid shows little dynamism (Ukraine Support Tracker, data until 29 February 2024)",
        "Kiel Institute for the World Economy", D(2024, 4, 25),
        "https://www.ifw-kiel.de/publications/news/european-aid-shows-little-dynamism/"),
    "src-kiel-2025-03": (
        "Ukraine Support Tracker update: aid until February 2025 (press release)",
        "Kiel Institute for the World Economy (via idw)", None,
        "https://idw-online.de/de/news850744"),
    "src-kiel-2022-07": (
        "Ukraine Support Tracker: Commitments decline and fall short of Ukraine's needs (data "
        "8 June to 1 July 2022)", "Kiel Institute for the World Economy", None,
        "https://www.ifw-kiel.de/publications/media-information/2022/ukraine-support-tracker-commitments-decline-and-fall-short-of-ukraines-needs/"),
    "src-tf1-kiel-2022": (
        "La France ne livre-t-elle que 2 % des armes en Ukraine ? (citing the Ukraine Support "
        "Tracker, data 24 January to 3 August 2022)", "TF1 Info", None,
        "https://www.tf1info.fr/international/la-france-ne-livre-t-elle-que-2-des-armes-en-ukraine-ce-qu-en-dit-le-ministere-des-armees-2234343.html"),
    "src-kiel-2023-12-07": (
        "Ukraine Support Tracker: New aid drops to lowest level since January 2022 (data "
        "until October 2023)", "Kiel Institute for the World Economy", D(2023, 12, 7),
        "https://www.ifw-kiel.de/publications/news/ukraine-support-tracker-new-aid-drops-to-lowest-level-since-january-2022/"),
    "src-codelist-2024-02-18": (
        "France will still be Ukraine's smallest European donor (Ukraine Support Tracker release "
        "of 16 February 2024, data until 15 January 2024)", "codelist.biz", D(2024, 2, 18),
        "https://codelist.biz/france-will-still-be-ukraines-smallest-european-donor/"),
    "src-censor-2024-04-25": (
        "European aid to Ukraine has equaled US aid (Ukraine Support Tracker release of 25 April "
        "2024, data until 29 February 2024)", "Censor.NET", D(2024, 4, 25),
        "https://censor.net/en/news/3486309/european_aid_to_ukraine_has_equaled_us_aid_survey_infographics"),
    "src-euromaidan-2023-07-08": (
        "New support commitments fall short for Ukraine despite military offensive: Ukraine "
        "Support Tracker", "Euromaidan Press", D(2023, 7, 8),
        "https://euromaidanpress.com/2023/07/08/new-support-commitments-fall-short-for-ukraine-despite-military-offensive-ukraine-support-tracker"),
    "src-glavnoe-2025-02-24": (
        "European countries and Canada announce new aid packages for Ukraine", "Glavnoe",
        D(2025, 2, 24),
        "https://glavnoe.in.ua/en/news-en/european-countries-and-canada-announce-new-aid-packages-for-ukraine"),
}  # fmt: skip

# The seed article's labelled evidence sentences (../shared/ingest/seed_labels.json), verbatim.
EV_GBR = (
    "Britain and France have promised to muster a “coalition of the willing” to secure a peace "
    "agreement between Ukraine and Russia."
)
EV_HUN = (
    "There are also openly unwilling countries, notably Hungary, which has in the past tried to "
    "hold up additional European aid to Ukraine."
)
EV_SVK = (
    "Both have threatened to block statements of support for Ukraine at an EU summit meeting "
    "this week."
)
EV_RUS = (
    "Now comes the acid test for Europe: How many countries will step up, and does that even "
    "matter, given Russia’s rejection of such a coalition as part of any settlement?"
)
EV_USA = (
    "For the moment, the United States appears determined to strike a deal with President "
    "Vladimir Putin of Russia over the heads of Europe and Ukraine, and without any security "
    "guarantees."
)
LEAD, W, C, U, S, OPP = (Stance.LEAD, Stance.WILLING, Stance.CONDITIONAL, Stance.UNDECIDED,
                         Stance.SKEPTICAL, Stance.OPPOSED)  # fmt: skip

# The seed article's statements, exactly the labels of ../shared/ingest/seed_labels.json.
# (date, nation, actor, office, stance, source, quote, evidence or None, conditions, note)
Row = tuple[date, str, str | None, str | None, Stance, str, str, str | None, tuple[str, ...], str]
SEED_STATEMENTS: list[Row] = [
    # The seed article: the London summit on Sunday 2 March, reported on Monday 3 March 2025.
    (D(2025, 3, 2), "GBR", "Keir Starmer", "Prime Minister", LEAD, SEED_ID,
     "He conceded that “not every nation will feel able to contribute,” though he expressed "
     "optimism that several would, and that this would send a signal to President Donald Trump "
     "that Europe was ready to “do the heavy lifting.”", EV_GBR, (), "Host of the London summit."),
    (D(2025, 3, 2), "FRA", "Emmanuel Macron", "President", LEAD, SEED_ID,
     "“There will be no European troops on Ukrainian soil in the coming weeks,” Macron said, "
     "noting the need for negotiations first.",
     "President Emmanuel Macron of France said the nascent British-French plan would begin with "
     "a one-month truce between Ukraine and Russia.", ("truce-agreed", "peace-signed"),
     "Interview with Le Figaro on Sunday evening: a one-month truce first, deployment only once "
     "peace has been signed."),
    (D(2025, 3, 2), "DNK", "Mette Frederiksen", "Prime Minister", U, SEED_ID,
     "Denmark’s prime minister, Mette Frederiksen, said she had an “open mind.”", None, (), ""),
    (D(2025, 3, 2), "NLD", "Dick Schoof", "Prime Minister", U, SEED_ID,
     "Dick Schoof, prime minister of the Netherlands, said he had not yet made concrete "
     "commitments.", None, ("dutch-parliament-approves",),
     "The article names the need to pass specific parliamentary measures in the Netherlands."),
    (D(2025, 3, 2), "DEU", "Olaf Scholz", "Chancellor", U, SEED_ID,
     "“We will renegotiate precisely these issues,” departing German Chancellor Olaf Scholz said "
     "after Sunday’s meeting, in what sounded like something less than a stirring call to arms.",
     None, ("german-government-formed",),
     "Germany between governments after the February 2025 election. The quote is about "
     "defence spending (the shared labels' evidence); what Scholz said of the force that day is "
     "the dpa report in record/2025-03.toml, also undecided."),
    (D(2025, 3, 2), "ITA", "Giorgia Meloni", "Prime Minister", S, SEED_ID,
     "On Sunday, she noted that deploying Italian troops “has never been on the table” and added "
     "that such an operation ran the risk of being “highly complex and less effective.”", None,
     (), ""),
    (D(2025, 3, 3), "HUN", "Viktor Orbán", "Prime Minister", OPP, SEED_ID,
     "Orban and Robert Fico, Slovakia’s prime minister, have demanded that the European Union "
     "push for an immediate ceasefire in Ukraine.", EV_HUN, (),
     "Dated by the article; it gives no day for these remarks."),
    (D(2025, 3, 3), "SVK", "Robert Fico", "Prime Minister", OPP, SEED_ID,
     "Orban and Robert Fico, Slovakia’s prime minister, have demanded that the European Union "
     "push for an immediate ceasefire in Ukraine.", EV_SVK, (),
     "Dated by the article; it gives no day for these remarks."),
    (D(2025, 3, 3), "RUS", None, None, OPP, SEED_ID, EV_RUS, None, (),
     "Russia's rejection as the article reports it; no speaker named."),
    (D(2025, 3, 3), "USA", "Donald Trump", "President", S, SEED_ID,
     "On Monday, he is expected to meet with top aides to discuss suspending or canceling U.S. "
     "military aid to Ukraine, according to an administration official, who spoke on condition "
     "of anonymity to discuss internal deliberations.", EV_USA, (),
     "Weighing suspension of military aid, intelligence sharing, training and the management of "
     "the aid-coordination office at a US base in Germany."),
]  # fmt: skip


def seed_statements() -> tuple[Statement, ...]:
    out = []
    for day, nation, actor, office, stance, source, quote, evidence, conds, note in SEED_STATEMENTS:
        out.append(
            Statement(
                id=statement_id(day, nation, actor),
                nation=nation,
                date=day,
                stance=stance,
                quote=quote,
                actor=actor,
                office=office,
                source=source,
                conditions=conds,
                evidence=evidence or quote,
                note=note or None,
                language="en",
            )
        )
    return tuple(out)


def build_sources(seed_text: str) -> tuple[Source, ...]:
    seed = Source(
        id=SEED_ID,
        title="Britain and France promise a “coalition of the willing”: how many will step up? "
        "(Mark Landler and Jeanna Smialek, after the London summit of 2 March 2025; headline "
        "not preserved in the seed text)",
        outlet="The New York Times (NYT News Service)",
        published=D(2025, 3, 3),
        text=seed_text,
        language="en",
    )
    others = [
        Source(id=sid, title=title, outlet=outlet, published=published, url=url)
        for sid, (title, outlet, published, url) in SOURCES.items()
    ]
    return (seed, *others)


def build(seed_text: str, record: Record | None = None) -> Dataset:
    record = record or load_record()
    sources = (*build_sources(seed_text), *record.sources)
    statements = (*seed_statements(), *record.statements)
    for name, items in (("source", sources), ("statement", statements)):
        ids = [x.id for x in items]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise SystemExit(f"duplicate {name} ids: {', '.join(twice)} (give one an explicit id)")
    return Dataset(
        sources=sources,
        conditions=conditions(),
        missions=missions(),
        phases=phases(),
        capabilities=capabilities(),
        requirement_lines=requirement_lines(),
        pledges=(*pledges(), *conference_pledges()),
        statements=statements,
        aid_records=aid_records(),
        scenarios=scenarios(),
        calls=calls(),
        offers=offers(),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=Path, default=SEED, help="the seed article's text file")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    try:
        demo = build(args.seed.read_text(encoding="utf-8"))
    except RecordError as err:
        raise SystemExit(str(err)) from None
    reference_dataset().merged(demo).validate()
    args.out.write_text(dumps(replace(demo)), encoding="utf-8")
    print(f"wrote {args.out}: {demo.size} records, {len(demo.statements)} statements")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
