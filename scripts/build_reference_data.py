"""Builds `src/muster/data/reference.json`, the gazetteer of nations and actors (package data).

Run by a maintainer after editing the tables below; the committed JSON is the product:

    .venv/bin/python scripts/build_reference_data.py

Entries other people added to the JSON by hand (actors, aliases, demonyms, metonyms) are kept:
an actor or nation only in the file stays, and the name lists of one in both are the union.
GDP: World Bank WDI, GDP (current US$), 2023 values, converted to euros at the ECB's 2023
average reference rate (1 EUR = 1.0813 USD); see docs/demo-data.md.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference_actors import ACTORS

from muster.data import REFERENCE_FILE, dumps, parse
from muster.domain import Actor, Dataset, Nation, Office, Source

OUT = Path(__file__).resolve().parents[1] / "src" / "muster" / "data" / REFERENCE_FILE
USD_PER_EUR_2023 = 1.0813
GDP_SOURCE = "wb-wdi-gdp-2023"

# World Bank WDI NY.GDP.MKTP.CD, 2023, billions of current US dollars.
GDP_USD_BN_2023 = {
    "AUT": 516.0, "BEL": 632.2, "BGR": 101.6, "HRV": 82.7, "CYP": 32.2, "CZE": 330.9,
    "DNK": 404.2, "EST": 40.7, "FIN": 300.2, "FRA": 3030.9, "DEU": 4456.1, "GRC": 238.2,
    "HUN": 212.4, "IRL": 545.6, "ITA": 2254.9, "LVA": 43.6, "LTU": 77.8, "LUX": 85.8,
    "MLT": 21.0, "NLD": 1118.1, "POL": 811.2, "PRT": 287.1, "ROU": 351.0, "SVK": 132.8,
    "SVN": 68.2, "ESP": 1580.7, "SWE": 593.3, "GBR": 3340.0, "USA": 27360.9, "CAN": 2140.1,
    "NOR": 485.5, "ISL": 31.0, "TUR": 1108.0, "ALB": 23.0, "MNE": 7.4, "MKD": 14.8,
    "UKR": 178.8, "RUS": 2021.4, "BLR": 71.9, "MDA": 16.5, "GEO": 30.5, "AUS": 1723.8,
    "NZL": 253.5, "JPN": 4212.9, "KOR": 1712.8, "CHN": 17794.8, "IND": 3549.9,
}  # fmt: skip

EU = {
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
}  # fmt: skip
# NATO as of 2025-2026: Finland joined 2023-04-04, Sweden 2024-03-07.
NATO = {
    "ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "ISL", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL", "PRT", "ROU", "SVK",
    "SVN", "ESP", "SWE", "TUR", "GBR", "USA",
}  # fmt: skip

# iso3: (name, aliases, demonyms, metonyms). "Brussels" is left out of Belgium's metonyms on
# purpose: in coalition news it nearly always means the EU institutions, which speak for no state.
NATIONS: dict[str, tuple[str, list[str], list[str], list[str]]] = {
    "ALB": ("Albania", ["Republic of Albania"], ["Albanian"], ["Tirana"]),
    "AUS": ("Australia", ["Commonwealth of Australia"], ["Australian", "Australians"],
            ["Canberra"]),
    "AUT": ("Austria", ["Republic of Austria"], ["Austrian", "Austrians"],
            ["Vienna", "the Ballhausplatz"]),
    "BEL": ("Belgium", ["Kingdom of Belgium"], ["Belgian", "Belgians"], []),
    "BGR": ("Bulgaria", ["Republic of Bulgaria"], ["Bulgarian", "Bulgarians"], ["Sofia"]),
    "BLR": ("Belarus", ["Republic of Belarus", "Belorussia"], ["Belarusian", "Belarusians"],
            ["Minsk"]),
    "CAN": ("Canada", [], ["Canadian", "Canadians"], ["Ottawa"]),
    "CHN": ("China", ["People's Republic of China", "PRC"], ["Chinese"],
            ["Beijing", "Zhongnanhai"]),
    "CYP": ("Cyprus", ["Republic of Cyprus"], ["Cypriot", "Cypriots"], ["Nicosia"]),
    "CZE": ("Czechia", ["Czech Republic"], ["Czech", "Czechs"], ["Prague"]),
    "DEU": ("Germany", ["Federal Republic of Germany"], ["German", "Germans"],
            ["Berlin", "the Chancellery", "the Federal Chancellery"]),
    "DNK": ("Denmark", ["Kingdom of Denmark"], ["Danish", "Dane", "Danes"],
            ["Copenhagen", "Christiansborg"]),
    "ESP": ("Spain", ["Kingdom of Spain"], ["Spanish", "Spaniard", "Spaniards"],
            ["Madrid", "La Moncloa", "Moncloa"]),
    "EST": ("Estonia", ["Republic of Estonia"], ["Estonian", "Estonians"], ["Tallinn"]),
    "FIN": ("Finland", ["Republic of Finland"], ["Finnish", "Finn", "Finns"], ["Helsinki"]),
    "FRA": ("France", ["French Republic"], ["French"],
            ["Paris", "the Elysée", "the Élysée", "the Elysee", "Elysée Palace", "Élysée Palace",
             "Elysee Palace", "Matignon", "the Quai d'Orsay"]),
    "GBR": ("United Kingdom", ["Britain", "Great Britain", "UK", "U.K.", "the United Kingdom",
                               "the UK", "United Kingdom of Great Britain and Northern Ireland"],
            ["British", "Briton", "Britons"],
            ["London", "Downing Street", "Number 10", "No 10", "No. 10", "Whitehall",
             "the Foreign Office"]),
    "GEO": ("Georgia", [], ["Georgian", "Georgians"], ["Tbilisi"]),
    "GRC": ("Greece", ["Hellenic Republic"], ["Greek", "Greeks"], ["Athens"]),
    "HRV": ("Croatia", ["Republic of Croatia"], ["Croatian", "Croatians", "Croat", "Croats"],
            ["Zagreb"]),
    "HUN": ("Hungary", [], ["Hungarian", "Hungarians"], ["Budapest"]),
    "IND": ("India", ["Republic of India"], ["Indian"], ["New Delhi"]),
    "IRL": ("Ireland", ["Republic of Ireland", "Éire"], ["Irish"], ["Dublin"]),
    "ISL": ("Iceland", [], ["Icelandic", "Icelander", "Icelanders"], ["Reykjavik", "Reykjavík"]),
    "ITA": ("Italy", ["Italian Republic"], ["Italian", "Italians"],
            ["Rome", "Palazzo Chigi", "the Farnesina"]),
    "JPN": ("Japan", [], ["Japanese"], ["Tokyo"]),
    "KOR": ("South Korea", ["Republic of Korea", "ROK"], ["South Korean", "South Koreans"],
            ["Seoul"]),
    "LTU": ("Lithuania", ["Republic of Lithuania"], ["Lithuanian", "Lithuanians"], ["Vilnius"]),
    "LUX": ("Luxembourg", ["Grand Duchy of Luxembourg"], ["Luxembourgish", "Luxembourger"], []),
    "LVA": ("Latvia", ["Republic of Latvia"], ["Latvian", "Latvians"], ["Riga"]),
    "MDA": ("Moldova", ["Republic of Moldova"], ["Moldovan", "Moldovans"],
            ["Chisinau", "Chișinău"]),
    "MKD": ("North Macedonia", ["Republic of North Macedonia"],
            ["North Macedonian", "Macedonian"], ["Skopje"]),
    "MLT": ("Malta", ["Republic of Malta"], ["Maltese"], ["Valletta"]),
    "MNE": ("Montenegro", [], ["Montenegrin", "Montenegrins"], ["Podgorica"]),
    "NLD": ("Netherlands", ["the Netherlands", "Holland", "Kingdom of the Netherlands"],
            ["Dutch"], ["The Hague", "Amsterdam"]),
    "NOR": ("Norway", ["Kingdom of Norway"], ["Norwegian", "Norwegians"], ["Oslo"]),
    "NZL": ("New Zealand", ["Aotearoa"], ["New Zealander", "New Zealanders"], ["Wellington"]),
    "POL": ("Poland", ["Republic of Poland"], ["Polish", "Pole", "Poles"], ["Warsaw"]),
    "PRT": ("Portugal", ["Portuguese Republic"], ["Portuguese"], ["Lisbon"]),
    "ROU": ("Romania", [], ["Romanian", "Romanians"], ["Bucharest"]),
    "RUS": ("Russia", ["Russian Federation"], ["Russian", "Russians"],
            ["Moscow", "the Kremlin", "Kremlin"]),
    "SVK": ("Slovakia", ["Slovak Republic"], ["Slovak", "Slovaks", "Slovakian"], ["Bratislava"]),
    "SVN": ("Slovenia", ["Republic of Slovenia"], ["Slovenian", "Slovene", "Slovenians"],
            ["Ljubljana"]),
    "SWE": ("Sweden", ["Kingdom of Sweden"], ["Swedish", "Swede", "Swedes"], ["Stockholm"]),
    "TUR": ("Türkiye", ["Turkey", "Turkiye", "Republic of Türkiye"], ["Turkish", "Turks"],
            ["Ankara"]),
    "UKR": ("Ukraine", [], ["Ukrainian", "Ukrainians"], ["Kyiv", "Kiev", "Bankova"]),
    "USA": ("United States", ["the United States", "United States of America", "US", "U.S.",
                              "USA", "America"],
            ["American", "Americans"],
            ["Washington", "the White House", "White House", "the Pentagon",
             "the State Department"]),
}  # fmt: skip

# Sources for offices: id → (title, outlet, published, url). "wp-*" are Wikipedia articles.
NEWS: dict[str, tuple[str, str, date, str]] = {
    "news-babis-appointed": (
        "Billionaire Babiš officially appointed Czech prime minister", "UNN",
        date(2025, 12, 9),
        "https://unn.ua/en/news/billionaire-babis-officially-appointed-czech-prime-minister"),
    "news-lecornu-appointed": (
        "Macron appoints Sébastien Lecornu as France's new prime minister", "WION",
        date(2025, 9, 10),
        "https://www.wionews.com/world/president-macron-appoints-sebastien-lecornu-as-france-s-"
        "new-prime-minister-seventh-of-his-term-1757442349871"),
    "news-cooper-foreign-secretary": (
        "UK premier appoints Yvette Cooper as new foreign secretary, with Cabinet reshuffle "
        "underway", "A News", date(2025, 9, 5),
        "https://www.anews.com.tr/europe/2025/09/05/uk-premier-appoints-yvette-cooper-as-new-"
        "foreign-secretary-with-cabinet-reshuffle-underway"),
    "news-vautrin-armees": (
        "Gouvernement Lecornu II : Catherine Vautrin au ministère des Armées", "Libération",
        date(2025, 10, 12),
        "https://www.liberation.fr/politique/gouvernement-lecornu-ii-catherine-vautrin-au-"
        "ministere-des-armees-20251012_UZOJGFWRERDVLJX4MLOJCGDHG4"),
    "news-svyrydenko-shmyhal": (
        "Ukrainian parliament appoints Shmyhal as defence minister", "Ukrainska Pravda",
        date(2025, 7, 17), "https://www.pravda.com.ua/eng/news/2025/07/17/7522223/"),
    "news-takaichi-elected": (
        "Takaichi elected prime minister", "The Yomiuri Shimbun", date(2025, 10, 21),
        "https://japannews.yomiuri.co.jp/politics/politics-government/20251021-287719/"),
    "news-yermak-resigns": (
        "Zelenskyy announced Yermak's resignation from the post of head of the OP",
        "online.ua", date(2025, 11, 28),
        "https://news.online.ua/en/zelenskyy-announced-yermaks-resignation-from-the-post-of-"
        "head-of-the-op-899236/"),
    "news-veldkamp-resigns": (
        "Foreign minister Veldkamp and minister Boerma resign", "Government of the Netherlands",
        date(2025, 8, 23),
        "https://www.einpresswire.com/article/842494709/foreign-minister-veldkamp-and-minister-"
        "boerma-resign"),
    "news-tass-dutch-cabinet-due": (
        "Netherlands may provide forces for a potential international mission in Ukraine "
        "(the new government due to take office on 23 February)", "TASS", date(2026, 2, 9),
        "https://tass.com/world/2084261"),
    "news-tass-dutch-cabinet-jetten": (
        "New Dutch Defense Minister does not rule out sending troops to Ukraine after peace "
        "(the new cabinet of Prime Minister Rob Jetten)", "TASS", date(2026, 2, 27),
        "https://tass.com/world/2093031"),
    "news-predoiu-interim": (
        "Sub semnul provizoratului. Cătălin Predoiu, desemnat premier interimar de către Ilie "
        "Bolojan, un președinte tot interimar (Ciolacu resigned on 5 May; vacancy decree and "
        "interim appointment on 6 May 2025)", "Patriot News", date(2025, 5, 6),
        "https://patriotnews.ro/2025/05/06/sub-semnul-provizoratului-catalin-predoiu-desemnat-"
        "premier-interimar-de-catre-ilie-bolojan-un-presedinte-tot-interimar"),
    "news-rubio-nsa": (
        "Trump names Marco Rubio as National Security Adviser and nominates Mike Waltz as UN "
        "ambassador (interim, while remaining Secretary of State)", "The National",
        date(2025, 5, 1),
        "https://www.thenationalnews.com/news/2025/05/01/trump-names-marco-rubio-as-new-national-"
        "security-adviser-and-nominates-mike-waltz-as-un-ambassador/"),
    "news-brekelmans-acting-fm": (
        "Minister Veldkamp en staatssecretaris Boerma treden af (Brekelmans acting foreign "
        "minister)", "Rijksoverheid", date(2025, 8, 23),
        "https://www.rijksoverheid.nl/actueel/nieuws/2025/08/23/veldkamp-en-boerma-treden-af"),
    "news-van-weel-fm": (
        "Benoemingen ministers en staatssecretarissen (Van Weel foreign minister from 5 September "
        "2025; Brekelmans relieved of the foreign ministry)", "Rijksoverheid", date(2025, 9, 5),
        "https://www.rijksoverheid.nl/actueel/nieuws/2025/09/05/benoemingen-ministers-en-"
        "staatssecretarissen"),
    "news-berendsen-fm": (
        "Nieuwe minister Buitenlandse Zaken en minister Buitenlandse Handel en "
        "Ontwikkelingssamenwerking (Berendsen succeeds Van Weel)", "Rijksoverheid",
        date(2026, 2, 23),
        "https://www.rijksoverheid.nl/actueel/nieuws/2026/02/23/nieuwe-minister-buitenlandse-zaken-"
        "en-minister-buitenlandse-handel-en-ontwikkelingssamenwerking"),
    "news-babis-government": (
        "Prezident Pavel jmenoval Babišovu vládu (Macinka foreign minister, Zůna defence "
        "minister)", "Respekt (ČTK)", date(2025, 12, 15),
        "https://www.respekt.cz/informacni-servis/prezident-pavel-jmenoval-babisovu-vladu-2025-12-"
        "15-13-27"),
    "news-budanov-office": (
        "Zelenskyy proposes Fedorov as defence minister in shake-up of Ukraine's top posts "
        "(Budanov appointed head of the presidential office)", "TRT World", date(2026, 1, 2),
        "https://www.trtworld.com/article/7fc864d3e821"),
    "news-shmyhal-dismissed": (
        "Rada to reconsider Fedorov and Shmyhal appointments on Wednesday (Shmyhal dismissed as "
        "defence minister, held since 17 July 2025)", "Interfax-Ukraine", date(2026, 1, 14),
        "https://en.interfax.com.ua/news/general/1136208.html"),
    "news-fedorov-defence": (
        "Parliament appoints Mykhailo Fedorov as defense minister", "The Kyiv Independent",
        date(2026, 1, 14),
        "https://kyivindependent.com/parliament-appoints-mykhailo-fedorov-as-defense-minister/"),
}  # fmt: skip


def slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def wikipedia(name: str) -> Source:
    return Source(
        id=f"wp-{slug(name)}",
        title=f"{name} — Wikipedia",
        outlet="Wikipedia",
        url="https://en.wikipedia.org/wiki/" + name.replace(" ", "_"),
    )


def build() -> Dataset:
    sources = {
        GDP_SOURCE: Source(
            id=GDP_SOURCE,
            title="GDP (current US$), 2023 (World Bank World Development Indicators "
            "NY.GDP.MKTP.CD), converted to euros at the ECB 2023 average reference rate "
            f"of {USD_PER_EUR_2023} USD per EUR",
            outlet="World Bank",
            published=date(2024, 7, 1),
            url="https://data.worldbank.org/indicator/NY.GDP.MKTP.CD",
        )
    }
    for sid, (title, outlet, published, url) in NEWS.items():
        sources[sid] = Source(id=sid, title=title, outlet=outlet, published=published, url=url)
    nations = []
    for iso3, (name, aliases, demonyms, metonyms) in NATIONS.items():
        nations.append(
            Nation(
                iso3=iso3,
                name=name,
                eu=iso3 in EU,
                nato=iso3 in NATO,
                gdp_eur_bn=round(GDP_USD_BN_2023[iso3] / USD_PER_EUR_2023, 1),
                gdp_year=2023,
                aliases=tuple(aliases),
                demonyms=tuple(demonyms),
                metonyms=tuple(metonyms),
                source=GDP_SOURCE,
            )
        )
    actors = []
    for name, (gender, aliases, rows) in ACTORS.items():
        offices = []
        for title, nation, start, end, cited in rows:
            if cited is None:
                wp = wikipedia(name)
                sources.setdefault(wp.id, wp)
                cited = wp.id
            offices.append(Office(title=title, nation=nation, start=start, end=end, source=cited))
        actors.append(
            Actor(name=name, aliases=tuple(aliases), gender=gender, offices=tuple(offices))  # type: ignore[arg-type]
        )
    return Dataset(sources=tuple(sources.values()), nations=tuple(nations), actors=tuple(actors))


def _union(ours: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
    return ours + tuple(x for x in theirs if x not in ours)


def keep_hand_edits(built: Dataset, existing: Dataset) -> Dataset:
    """`built` plus what only `existing` has: whole entries, and extra names on shared ones."""
    old_nations = existing.index("nations")
    old_actors = existing.index("actors")
    nations = tuple(
        replace(
            n,
            aliases=_union(n.aliases, old_nations[n.iso3].aliases),
            demonyms=_union(n.demonyms, old_nations[n.iso3].demonyms),
            metonyms=_union(n.metonyms, old_nations[n.iso3].metonyms),
        )
        if n.iso3 in old_nations
        else n
        for n in built.nations
    )
    actors = tuple(
        replace(a, aliases=_union(a.aliases, old_actors[a.name].aliases))
        if a.name in old_actors
        else a
        for a in built.actors
    )
    return existing.merged(replace(built, nations=nations, actors=actors))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--fresh", action="store_true", help="ignore entries already in the file")
    args = parser.parse_args()
    dataset = build()
    if args.out.exists() and not args.fresh:
        existing = parse(args.out.read_text(encoding="utf-8"), file=str(args.out))
        dataset = keep_hand_edits(dataset, existing)
    dataset.validate()
    args.out.write_text(dumps(dataset), encoding="utf-8")
    print(f"wrote {args.out}: {len(dataset.nations)} nations, {len(dataset.actors)} actors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
