"""Builds `src/muster/data/demo.json`, the London-2025 demo coalition (package data).

Run by a maintainer after editing the tables here or in `demo_plan.py`; the committed JSON is
the product:

    .venv/bin/python scripts/build_demo_data.py [--seed ../shared/seeds/000_ffc1f200ac0f6522.txt]

Statements come from the seed article (kept whole as its source's `text`) and from later cited
reports; every quote is copied verbatim from its source. The mission, requirement lines, pledges
and probabilities are planning figures no source gives: they are marked illustrative
(`demo_plan.py`). docs/demo-data.md lists every fact and its source.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

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

from muster.data import DEMO_FILE, dumps, reference_dataset
from muster.domain import Dataset, Source, Stance, Statement

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "muster" / "data" / DEMO_FILE
SEED = ROOT.parent / "shared" / "seeds" / "000_ffc1f200ac0f6522.txt"
SEED_ID = "seed-nyt-2025-03-03"
D = date

# id: (title, outlet, published, url). Titles are the outlets' headlines where they had one.
SOURCES: dict[str, tuple[str, str, date | None, str | None]] = {
    "src-dutchnews-2025-02-17": (
        "Dutch PM says NL may join Ukraine peacekeeping effort", "DutchNews.nl",
        D(2025, 2, 17), "https://dutchnews.nl/2025/02/dutch-pm-says-nl-may-join-ukraine-peacekeeping-effort"),
    "src-epochtimes-2025-02-17": (
        "Poland's prime minister says no Polish troops will go to Ukraine (Reuters)",
        "The Epoch Times", D(2025, 2, 17),
        "https://theepochtimes.com/world/polands-prime-minister-says-no-polish-troops-will-go-to-ukraine-5811444"),
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
    "src-washingtoninsider-2025-03-27": (
        "Macron pushes reassurance force for Ukraine as European allies show division",
        "Washington Insider Magazine", D(2025, 3, 27),
        "https://washingtoninsider.net/europe/macron-pushes-reassurance-force-for-ukraine-as-european-allies-show-division/"),
    "src-dw-2025-03-27": (
        "Ukraine updates: France and UK propose 'reassurance force'", "DW (via EIN News)",
        D(2025, 3, 27), "https://putin.einnews.com/article/797691245"),
    "src-mundoamerica-2025-03-27": (
        "Macron gathers more than 30 leaders in Paris for the coalition of the willing",
        "Mundo America", D(2025, 3, 27),
        "https://mundoamerica.com/news/2025/03/27/67e56818e4d4d855438b45a4.html"),
    "src-pressai-2025-03-27": (
        "European leaders unite in Paris to strengthen support for Ukraine (after Le Monde)",
        "PressAI", D(2025, 3, 27),
        "https://pressai.world/news/20989-european-leaders-unite-in-paris-to-strengthen-support-for-ukraine-amid-ongoing-conflict"),
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
    "src-uzalendo-2025-09-04": (
        "France says 26 countries commit to Ukraine deployment if peace deal reached",
        "Uzalendo News", D(2025, 9, 4),
        "https://uzalendonews.co.ke/france-says-26-countries-commit-to-ukraine-deployment-if-peace-deal-reached/"),
    "src-hvylya-2026-01-06": (
        "Paris summit: allies agree to deploy multinational forces in post-war Ukraine", "Hvylya",
        D(2026, 1, 6),
        "https://en.hvylya.net/news/304-paris-summit-allies-agree-to-deploy-multinational-forces-in-post-war-ukraine"),
    "src-president-ua-2026-01-06": (
        "Importantly, the Coalition Now Has Substantive Documents in Place: A Joint Declaration by "
        "All Coalition Countries, and a Trilateral Declaration by France, the United Kingdom, and "
        "Ukraine – The President", "President of Ukraine", D(2026, 1, 6),
        "https://www.president.gov.ua/en/news/vazhlivo-sho-sogodni-ye-gruntovni-dokumenti-koaliciyi-ohochi-102317"),
    "src-particle-2026-01-06": (
        "Élysée declaration sets path for multinational Ukraine force after ceasefire",
        "Particle News", D(2026, 1, 6),
        "https://particle.news/story/lyse-declaration-sets-path-for-multinational-ukraine-force-after-ceasefire"),
    "src-euractiv-via-informedclearly-2026-01-06": (
        "Historic Paris Declaration: Western Allies Commit to Ukraine's Security (citing Euractiv)",
        "Informed Clearly", D(2026, 1, 6),
        "https://informedclearly.com/amp/en/geopolitics/33798/coalition-of-the-willing-pledges-security-guarantees-for-ukraine"),
    "src-dailypolitics-2026-01-06": (
        "France, UK and Ukraine sign declaration of intent on multinational force (the US did not "
        "sign)", "Daily Politics", D(2026, 1, 6),
        "https://www.dailypolitics.com/articles/054b08afd16a/index.html"),
    "src-kiel-2024-04-25": (
        "European aid shows little dynamism (Ukraine Support Tracker, data until 29 February 2024)",
        "Kiel Institute for the World Economy", D(2024, 4, 25),
        "https://www.ifw-kiel.de/publications/news/european-aid-shows-little-dynamism/"),
    "src-kiel-2025-03": (
        "Ukraine Support Tracker update: aid until February 2025 (press release)",
        "Kiel Institute for the World Economy (via idw)", None,
        "https://idw-online.de/de/news850744"),
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
ITA_DEU_CAN_2026 = (
    "The 35‑country coalition shows uneven commitments, with France, the United Kingdom, and "
    "Canada ready to station troops away from front lines, Germany participating without basing "
    "forces in Ukraine, and Italy ruling out ground deployments."
)
TRIO_2025_09 = (
    "These three countries had expressed reservations about a compromise, which they "
    "conditioned in particular on a “solid safety net” from Washington."
)
HQ_2025_07 = (
    "They agreed the headquarters would be in Paris and led by Britain and France to oversee all "
    "tactical and operational arrangements."
)

LEAD, W, C, U, S, OPP = (Stance.LEAD, Stance.WILLING, Stance.CONDITIONAL, Stance.UNDECIDED,
                         Stance.SKEPTICAL, Stance.OPPOSED)  # fmt: skip

# (date, nation, actor, office, stance, source, quote, evidence or None, conditions, note)
Row = tuple[date, str, str | None, str | None, Stance, str, str, str | None, tuple[str, ...], str]
STATEMENTS: list[Row] = [
    (D(2025, 2, 15), "NLD", "Dick Schoof", "Prime Minister", C, "src-dutchnews-2025-02-17",
     "Schoof told news agency ANP that Dutch involvement would hinge on two key conditions: a "
     "“completely clear” mission mandate and a guarantee that the US would provide support in "
     "an emergency.", None, ("clear-mandate", "us-backstop"),
     "Said on the sidelines of the Munich Security Conference (Saturday 15 February)."),
    (D(2025, 2, 16), "GBR", "Keir Starmer", "Prime Minister", W, "src-epochtimes-2025-02-17",
     "Meanwhile, British Prime Minister Keir Starmer became the first European leader to say he "
     "was ready to put peacekeeping troops in Ukraine.", None, (),
     "Starmer wrote this on 16 February 2025, the day before the Paris meeting."),
    (D(2025, 2, 17), "POL", "Donald Tusk", "Prime Minister", S, "src-epochtimes-2025-02-17",
     "“We do not plan to send Polish soldiers to the territory of Ukraine. We will ... give "
     "logistical and political support to the countries that will possibly want to provide such "
     "guarantees in the future, such physical guarantees.”", None, (),
     "No troops, but logistics: skeptical about the force (LABELLING.md)."),
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
     "Germany between governments after the February 2025 election."),
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
    # After London.
    (D(2025, 3, 10), "DNK", "Lars Løkke Rasmussen", "Foreign Minister", C,
     "src-kyivindependent-2025-03-10",
     "If it comes to the point where a European presence is needed for a ceasefire or peace "
     "agreement to be reached, then Denmark is in principle prepared for that", None, (),
     "“In principle” is conditional (LABELLING.md)."),
    (D(2025, 3, 15), "AUS", "Anthony Albanese", "Prime Minister", U,
     "src-theaustralian-2025-03-15",
     "“Australia is open to considering any requests to contribute to a future peacekeeping "
     "effort in support of the just and lasting peace we all want for Ukraine,” Mr Albanese "
     "said.", None, (), "After the virtual leaders' meeting hosted by Starmer."),
    (D(2025, 3, 27), "FRA", "Emmanuel Macron", "President", LEAD, "src-kyivindependent-2025-03-27",
     "“It does not have unanimity, but we do not need unanimity to do this,” Macron said, adding "
     "that its absence does not prevent the initiative from moving forward.", None, (),
     "Paris summit of about 31 countries."),
    (D(2025, 3, 27), "GBR", "Keir Starmer", "Prime Minister", LEAD,
     "src-kyivindependent-2025-03-27",
     "The initiative is co-led by France and the U.K., although Starmer still publicly held out "
     "for a U.S. “backstop” that could provide backing for such a force.", None,
     ("us-backstop",), ""),
    (D(2025, 3, 27), "ITA", "Giorgia Meloni", "Prime Minister", S,
     "src-washingtoninsider-2025-03-27",
     "Italian Prime Minister Giorgia Meloni reiterated that Italy does not plan to contribute "
     "troops, while Czech Prime Minister Petr Fiala labeled discussions on European boots on the "
     "ground as “premature” until ceasefire terms are more concrete.", None, (), ""),
    (D(2025, 3, 27), "ITA", "Antonio Tajani", "Foreign Minister", C, "src-pressai-2025-03-27",
     "Italy, for instance, remained hesitant, with Foreign Minister Antonio Tajani asserting that "
     "any military personnel deployment would need to be sanctioned under United Nations "
     "mandates.", None, ("un-mandate",),
     "Same day as Meloni's refusal: the more cautious stance decides the day (domain/stance.py)."),
    (D(2025, 3, 27), "CZE", "Petr Fiala", "Prime Minister", S, "src-washingtoninsider-2025-03-27",
     "Italian Prime Minister Giorgia Meloni reiterated that Italy does not plan to contribute "
     "troops, while Czech Prime Minister Petr Fiala labeled discussions on European boots on the "
     "ground as “premature” until ceasefire terms are more concrete.", None, (),
     "“Premature” is skeptical (LABELLING.md)."),
    (D(2025, 3, 27), "DEU", "Olaf Scholz", "Chancellor", U, "src-dw-2025-03-27",
     "Meanwhile, Scholz remained cautious about Macron and Starmer's intent to put European "
     "troops in Ukraine after a future ceasefire.",
     "He said Germany is \"concentrating on what is immediately at hand\" by continuing to "
     "support the Ukrainian army.", ("german-government-formed",), "Outgoing chancellor."),
    (D(2025, 3, 27), "RUS", "Maria Zakharova", "Foreign Ministry Spokeswoman", OPP,
     "src-mundoamerica-2025-03-27",
     "The Russian government spokesperson, Maria Zakharova, responded by strongly opposing the "
     "presence of soldiers from allied countries in Ukraine, stating that such a decision would "
     "create the risk of \"direct confrontation\" with NATO.", None, (), ""),
    (D(2025, 7, 10), "GBR", "Keir Starmer", "Prime Minister", LEAD, "src-reuters-2025-07-10",
     HQ_2025_07, None, (),
     "Multinational Force Ukraine: HQ in Paris for 12 months, then London; a coordination cell "
     "planned in Kyiv; US envoys attend for the first time."),
    (D(2025, 7, 10), "FRA", "Emmanuel Macron", "President", LEAD, "src-reuters-2025-07-10",
     HQ_2025_07, None, (), "Joint meeting during Macron's state visit to Britain."),
    (D(2025, 8, 21), "RUS", "Sergei Lavrov", "Foreign Minister", OPP, "news-tass-dutch-cabinet-due",
     "On August 21, Russian Foreign Minister Sergey Lavrov stressed that providing security "
     "guarantees to Kiev through \"foreign military intervention in any part of Ukrainian "
     "territory\" would be unacceptable to Russia.", None, (),
     "Reported by TASS on 9 February 2026; dated by the date it gives."),
    (D(2025, 9, 4), "FRA", "Emmanuel Macron", "President", LEAD, "src-afp-2025-09-04",
     "\"We have today 26 countries who have formally committed – some others have not yet taken "
     "a position – to deploy as 'reassurance force' troops in Ukraine, or be present on the "
     "ground, in the sea, or in the air,\" Macron told reporters after the summit.", None, (),
     "Paris, 4 September 2025."),
    (D(2025, 9, 4), "ITA", "Giorgia Meloni", "Prime Minister", S, "src-afp-2025-09-04",
     "Italian Prime Minister Giorgia Meloni reiterated after the meeting that Rome will not send "
     "troops to Ukraine.", None, (), ""),
    (D(2025, 9, 4), "DEU", None, None, C, "src-afp-2025-09-04", TRIO_2025_09,
     "Germany, for its part, intends to contribute to the reinforcement of Ukraine's "
     "anti-aircraft defense and the equipment of its ground forces, government sources told "
     "AFP.", ("us-backstop",), "Germany, Italy and Poland: reservations conditioned on a US "
     "safety net (reported by AFP; no speaker named)."),
    (D(2025, 9, 4), "POL", "Donald Tusk", "Prime Minister", S, "src-polskieradio-2025-09-04",
     "\"Poland does not foresee sending soldiers to Ukraine, also after the war,\" Tusk told "
     "reporters after the meeting in the French capital.",
     "\"We are responsible for logistics,\" he said.", (), ""),
    (D(2025, 9, 4), "RUS", "Maria Zakharova", "Foreign Ministry Spokeswoman", OPP,
     "src-uzalendo-2025-09-04",
     "Russian foreign ministry spokeswoman Maria Zakharova declared that Russia would not accept "
     "the deployment of foreign troops in Ukraine “in any format.”", None, (), ""),
    (D(2026, 1, 6), "FRA", "Emmanuel Macron", "President", LEAD, "src-hvylya-2026-01-06",
     "\"This declaration recognizes for the first time the operational convergence between the "
     "35 nations of the Coalition of the Willing, Ukraine, and the United States,\" Macron "
     "stated.", None, (), "Paris Declaration of 6 January 2026."),
    (D(2026, 1, 6), "GBR", "Keir Starmer", "Prime Minister", LEAD, "src-hvylya-2026-01-06",
     "British Prime Minister Keir Starmer announced that the UK and France have agreed to "
     "establish military hubs across Ukraine following a ceasefire agreement.", None,
     ("truce-agreed",), ""),
    (D(2026, 1, 6), "UKR", "Volodymyr Zelenskyy", "President", W, "src-president-ua-2026-01-06",
     "“Through these documents, we are strengthening our further legal work within countries, "
     "with parliaments, so that at the moment when diplomacy succeeds in bringing the war to an "
     "end, we will have full readiness to deploy Coalition forces.", None, (),
     "Trilateral declaration of intent by France, the UK and Ukraine."),
    (D(2026, 1, 6), "CAN", None, None, W, "src-particle-2026-01-06", ITA_DEU_CAN_2026, None, (),
     ""),
    (D(2026, 1, 6), "DEU", None, None, S, "src-particle-2026-01-06", ITA_DEU_CAN_2026, None, (),
     "Taking part without basing forces in Ukraine: skeptical about the force itself."),
    (D(2026, 1, 6), "ITA", None, None, S, "src-particle-2026-01-06", ITA_DEU_CAN_2026, None, (),
     ""),
    (D(2026, 1, 6), "TUR", None, None, W, "src-euractiv-via-informedclearly-2026-01-06",
     "According to Euractiv reports, France and the United Kingdom would provide the bulk of "
     "troops, while Turkey would secure the Black Sea with U.S. support.", None,
     ("us-backstop",), "Reported plan, no Turkish speaker named."),
]  # fmt: skip


def statement_id(day: date, nation: str, actor: str | None) -> str:
    surname = (actor or "unnamed").split()[-1]
    plain = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode().lower()
    return f"st-{day.isoformat()}-{nation.lower()}-{plain}"


def build_statements() -> tuple[Statement, ...]:
    out = []
    for day, nation, actor, office, stance, source, quote, evidence, conds, note in STATEMENTS:
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
    )
    others = [
        Source(id=sid, title=title, outlet=outlet, published=published, url=url)
        for sid, (title, outlet, published, url) in SOURCES.items()
    ]
    return (seed, *others)


def build(seed_text: str) -> Dataset:
    return Dataset(
        sources=build_sources(seed_text),
        conditions=conditions(),
        missions=missions(),
        phases=phases(),
        capabilities=capabilities(),
        requirement_lines=requirement_lines(),
        pledges=pledges(),
        statements=build_statements(),
        aid_records=aid_records(),
        scenarios=scenarios(),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=Path, default=SEED, help="the seed article's text file")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    demo = build(args.seed.read_text(encoding="utf-8"))
    reference_dataset().merged(demo).validate()
    args.out.write_text(dumps(replace(demo)), encoding="utf-8")
    print(f"wrote {args.out}: {demo.size} records, {len(demo.statements)} statements")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
