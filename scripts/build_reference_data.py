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
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

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
}  # fmt: skip

# name: (gender, aliases, offices). An office: (title, nation, start, end or None, source id or
# None for the actor's own Wikipedia article). Dates are inclusive; on a hand-over day both the
# outgoing and the incoming holder hold the office (Scholz and Merz on 2025-05-06).
D = date
ActorRow = tuple[str, list[str], list[tuple[str, str, date, date | None, str | None]]]
ACTORS: dict[str, ActorRow] = {
    # United Kingdom
    "Keir Starmer": ("m", ["Sir Keir Starmer", "Starmer"],
                     [("Prime Minister", "GBR", D(2024, 7, 5), None, None)]),
    "Rishi Sunak": ("m", ["Sunak"],
                    [("Prime Minister", "GBR", D(2022, 10, 25), D(2024, 7, 5), None)]),
    "David Lammy": ("m", ["Lammy"],
                    [("Foreign Secretary", "GBR", D(2024, 7, 5), D(2025, 9, 5), None),
                     ("Deputy Prime Minister", "GBR", D(2025, 9, 5), None,
                      "news-cooper-foreign-secretary")]),
    "Yvette Cooper": ("f", ["Cooper"],
                      [("Home Secretary", "GBR", D(2024, 7, 5), D(2025, 9, 5), None),
                       ("Foreign Secretary", "GBR", D(2025, 9, 5), None,
                        "news-cooper-foreign-secretary")]),
    "John Healey": ("m", ["Healey"],
                    [("Defence Secretary", "GBR", D(2024, 7, 5), None, None)]),
    "Charles III": ("m", ["King Charles", "King Charles III"],
                    [("King", "GBR", D(2022, 9, 8), None, None)]),
    # France
    "Emmanuel Macron": ("m", ["Macron"],
                        [("President", "FRA", D(2017, 5, 14), None, None)]),
    "Michel Barnier": ("m", ["Barnier"],
                       [("Prime Minister", "FRA", D(2024, 9, 5), D(2024, 12, 13), None)]),
    "François Bayrou": ("m", ["Francois Bayrou", "Bayrou"],
                        [("Prime Minister", "FRA", D(2024, 12, 13), D(2025, 9, 9),
                          "news-lecornu-appointed")]),
    "Sébastien Lecornu": ("m", ["Sebastien Lecornu", "Lecornu"],
                          [("Minister of the Armed Forces", "FRA", D(2022, 5, 20),
                            D(2025, 10, 5), "news-vautrin-armees"),
                           ("Prime Minister", "FRA", D(2025, 9, 9), None,
                            "news-lecornu-appointed")]),
    "Catherine Vautrin": ("f", ["Vautrin"],
                          [("Minister of the Armed Forces", "FRA", D(2025, 10, 12), None,
                            "news-vautrin-armees")]),
    "Jean-Noël Barrot": ("m", ["Jean-Noel Barrot", "Barrot"],
                         [("Foreign Minister", "FRA", D(2024, 9, 21), None, None)]),
    # Germany
    "Olaf Scholz": ("m", ["Scholz"],
                    [("Chancellor", "DEU", D(2021, 12, 8), D(2025, 5, 6), None)]),
    "Friedrich Merz": ("m", ["Merz"],
                       [("Chancellor", "DEU", D(2025, 5, 6), None, None)]),
    "Boris Pistorius": ("m", ["Pistorius"],
                        [("Defence Minister", "DEU", D(2023, 1, 19), None, None)]),
    "Annalena Baerbock": ("f", ["Baerbock"],
                          [("Foreign Minister", "DEU", D(2021, 12, 8), D(2025, 5, 6), None)]),
    "Johann Wadephul": ("m", ["Wadephul"],
                        [("Foreign Minister", "DEU", D(2025, 5, 6), None, None)]),
    "Frank-Walter Steinmeier": ("m", ["Steinmeier"],
                                [("Federal President", "DEU", D(2017, 3, 19), None, None)]),
    # Italy
    "Giorgia Meloni": ("f", ["Meloni"],
                       [("Prime Minister", "ITA", D(2022, 10, 22), None, None)]),
    "Antonio Tajani": ("m", ["Tajani"],
                       [("Foreign Minister", "ITA", D(2022, 10, 22), None, None)]),
    "Guido Crosetto": ("m", ["Crosetto"],
                       [("Defence Minister", "ITA", D(2022, 10, 22), None, None)]),
    "Sergio Mattarella": ("m", ["Mattarella"],
                          [("President", "ITA", D(2015, 2, 3), None, None)]),
    # Netherlands
    "Dick Schoof": ("m", ["Schoof"],
                    [("Prime Minister", "NLD", D(2024, 7, 2), D(2026, 2, 23),
                      "news-tass-dutch-cabinet-due")]),
    "Rob Jetten": ("m", ["Jetten"],
                   [("Prime Minister", "NLD", D(2026, 2, 23), None,
                     "news-tass-dutch-cabinet-jetten")]),
    "Dilan Yeşilgöz-Zegerius": ("f", ["Dilan Yesilgoz-Zegerius", "Dilan Yeşilgöz", "Yeşilgöz",
                                      "Yesilgoz", "Yesilgoz-Zegerius"],
                                [("Defence Minister", "NLD", D(2026, 2, 23), None,
                                  "news-tass-dutch-cabinet-jetten")]),
    "Caspar Veldkamp": ("m", ["Veldkamp"],
                        [("Foreign Minister", "NLD", D(2024, 7, 2), D(2025, 8, 22),
                          "news-veldkamp-resigns")]),
    "Ruben Brekelmans": ("m", ["Brekelmans"],
                         [("Defence Minister", "NLD", D(2024, 7, 2), D(2026, 2, 23),
                           "news-tass-dutch-cabinet-jetten")]),
    # Denmark
    "Mette Frederiksen": ("f", ["Frederiksen"],
                          [("Prime Minister", "DNK", D(2019, 6, 27), None, None)]),
    "Lars Løkke Rasmussen": ("m", ["Lars Lokke Rasmussen", "Løkke Rasmussen", "Lokke Rasmussen"],
                             [("Foreign Minister", "DNK", D(2022, 12, 15), None, None)]),
    # Hungary, Slovakia
    "Viktor Orbán": ("m", ["Viktor Orban", "Orbán", "Orban"],
                     [("Prime Minister", "HUN", D(2010, 5, 29), None, None)]),
    "Péter Szijjártó": ("m", ["Peter Szijjarto", "Szijjártó", "Szijjarto"],
                        [("Foreign Minister", "HUN", D(2014, 9, 23), None, None)]),
    "Robert Fico": ("m", ["Fico"],
                    [("Prime Minister", "SVK", D(2023, 10, 25), None, None)]),
    "Juraj Blanár": ("m", ["Juraj Blanar", "Blanár", "Blanar"],
                     [("Foreign Minister", "SVK", D(2023, 10, 25), None, None)]),
    # Poland, Czechia
    "Donald Tusk": ("m", ["Tusk"],
                    [("Prime Minister", "POL", D(2023, 12, 13), None, None)]),
    "Radosław Sikorski": ("m", ["Radoslaw Sikorski", "Radek Sikorski", "Sikorski"],
                          [("Foreign Minister", "POL", D(2023, 12, 13), None, None)]),
    "Władysław Kosiniak-Kamysz": ("m", ["Wladyslaw Kosiniak-Kamysz", "Kosiniak-Kamysz"],
                                  [("Defence Minister", "POL", D(2023, 12, 13), None, None)]),
    "Andrzej Duda": ("m", ["Duda"],
                     [("President", "POL", D(2015, 8, 6), D(2025, 8, 6), None)]),
    "Karol Nawrocki": ("m", ["Nawrocki"],
                       [("President", "POL", D(2025, 8, 6), None, None)]),
    "Petr Fiala": ("m", ["Fiala"],
                   [("Prime Minister", "CZE", D(2021, 11, 28), D(2025, 12, 9),
                     "news-babis-appointed")]),
    "Andrej Babiš": ("m", ["Andrej Babis", "Babiš", "Babis"],
                     [("Prime Minister", "CZE", D(2025, 12, 9), None, "news-babis-appointed")]),
    "Petr Pavel": ("m", ["Pavel"],
                   [("President", "CZE", D(2023, 3, 9), None, None)]),
    # United States
    "Donald Trump": ("m", ["Trump", "Donald J. Trump"],
                     [("President", "USA", D(2025, 1, 20), None, None)]),
    "Joe Biden": ("m", ["Biden", "Joseph R. Biden"],
                  [("President", "USA", D(2021, 1, 20), D(2025, 1, 20), None)]),
    "JD Vance": ("m", ["J.D. Vance", "James David Vance", "Vance"],
                 [("Vice President", "USA", D(2025, 1, 20), None, None)]),
    "Marco Rubio": ("m", ["Rubio"],
                    [("Secretary of State", "USA", D(2025, 1, 21), None, None)]),
    "Pete Hegseth": ("m", ["Hegseth"],
                     [("Secretary of Defense", "USA", D(2025, 1, 25), None, None)]),
    "Steve Witkoff": ("m", ["Steven Witkoff", "Witkoff"],
                      [("Special Envoy", "USA", D(2025, 1, 20), None, None)]),
    "Keith Kellogg": ("m", ["Kellogg", "Gen. Keith Kellogg"],
                      [("Special Envoy for Ukraine", "USA", D(2025, 1, 20), None, None)]),
    "Karoline Leavitt": ("f", ["Leavitt"],
                         [("White House Press Secretary", "USA", D(2025, 1, 20), None, None)]),
    "Antony Blinken": ("m", ["Blinken"],
                       [("Secretary of State", "USA", D(2021, 1, 26), D(2025, 1, 20), None)]),
    "Lloyd Austin": ("m", ["Austin"],
                     [("Secretary of Defense", "USA", D(2021, 1, 22), D(2025, 1, 20), None)]),
    # Russia
    "Vladimir Putin": ("m", ["Putin"],
                       [("President", "RUS", D(2012, 5, 7), None, None)]),
    "Sergei Lavrov": ("m", ["Sergey Lavrov", "Lavrov"],
                      [("Foreign Minister", "RUS", D(2004, 3, 9), None, None)]),
    "Dmitry Peskov": ("m", ["Dmitri Peskov", "Peskov"],
                      [("Kremlin Spokesman", "RUS", D(2012, 5, 22), None, None)]),
    "Maria Zakharova": ("f", ["Zakharova"],
                        [("Foreign Ministry Spokeswoman", "RUS", D(2015, 8, 10), None, None)]),
    "Andrei Belousov": ("m", ["Andrey Belousov", "Belousov"],
                        [("Defence Minister", "RUS", D(2024, 5, 14), None, None)]),
    "Dmitry Medvedev": ("m", ["Dmitri Medvedev", "Medvedev"],
                        [("Deputy Chairman of the Security Council", "RUS", D(2020, 1, 16),
                          None, None)]),
    # Ukraine
    "Volodymyr Zelenskyy": ("m", ["Volodymyr Zelensky", "Zelenskyy", "Zelensky", "Zelenskiy"],
                            [("President", "UKR", D(2019, 5, 20), None, None)]),
    "Andrii Sybiha": ("m", ["Andriy Sybiha", "Sybiha"],
                      [("Foreign Minister", "UKR", D(2024, 9, 5), None, None)]),
    "Dmytro Kuleba": ("m", ["Kuleba"],
                      [("Foreign Minister", "UKR", D(2020, 3, 4), D(2024, 9, 5), None)]),
    "Denys Shmyhal": ("m", ["Shmyhal"],
                      [("Prime Minister", "UKR", D(2020, 3, 4), D(2025, 7, 17),
                        "news-svyrydenko-shmyhal"),
                       ("Defence Minister", "UKR", D(2025, 7, 17), None,
                        "news-svyrydenko-shmyhal")]),
    "Yulia Svyrydenko": ("f", ["Yuliia Svyrydenko", "Svyrydenko"],
                         [("Prime Minister", "UKR", D(2025, 7, 17), None,
                           "news-svyrydenko-shmyhal")]),
    "Rustem Umerov": ("m", ["Umerov"],
                      [("Defence Minister", "UKR", D(2023, 9, 6), D(2025, 7, 17),
                        "news-svyrydenko-shmyhal")]),
    "Andriy Yermak": ("m", ["Andrii Yermak", "Yermak"],
                      [("Head of the Presidential Office", "UKR", D(2020, 2, 11),
                        D(2025, 11, 28), "news-yermak-resigns")]),
    # Canada, Australia, New Zealand, Japan, South Korea
    "Justin Trudeau": ("m", ["Trudeau"],
                       [("Prime Minister", "CAN", D(2015, 11, 4), D(2025, 3, 14), None)]),
    "Mark Carney": ("m", ["Carney"],
                    [("Prime Minister", "CAN", D(2025, 3, 14), None, None)]),
    "Mélanie Joly": ("f", ["Melanie Joly", "Joly"],
                     [("Foreign Minister", "CAN", D(2021, 10, 26), D(2025, 5, 13), None)]),
    "Anita Anand": ("f", ["Anand"],
                    [("Foreign Minister", "CAN", D(2025, 5, 13), None, None)]),
    "Anthony Albanese": ("m", ["Albanese"],
                         [("Prime Minister", "AUS", D(2022, 5, 23), None, None)]),
    "Richard Marles": ("m", ["Marles"],
                       [("Defence Minister", "AUS", D(2022, 6, 1), None, None)]),
    "Penny Wong": ("f", ["Wong"],
                   [("Foreign Minister", "AUS", D(2022, 5, 23), None, None)]),
    "Christopher Luxon": ("m", ["Chris Luxon", "Luxon"],
                          [("Prime Minister", "NZL", D(2023, 11, 27), None, None)]),
    "Shigeru Ishiba": ("m", ["Ishiba"],
                       [("Prime Minister", "JPN", D(2024, 10, 1), D(2025, 10, 21),
                         "news-takaichi-elected")]),
    "Sanae Takaichi": ("f", ["Takaichi"],
                       [("Prime Minister", "JPN", D(2025, 10, 21), None,
                         "news-takaichi-elected")]),
    "Lee Jae-myung": ("m", ["Lee Jae Myung"],
                      [("President", "KOR", D(2025, 6, 4), None, None)]),
    # Nordics and Baltics
    "Jonas Gahr Støre": ("m", ["Jonas Gahr Store", "Støre", "Store"],
                         [("Prime Minister", "NOR", D(2021, 10, 14), None, None)]),
    "Alexander Stubb": ("m", ["Stubb"],
                        [("President", "FIN", D(2024, 3, 1), None, None)]),
    "Petteri Orpo": ("m", ["Orpo"],
                     [("Prime Minister", "FIN", D(2023, 6, 20), None, None)]),
    "Ulf Kristersson": ("m", ["Kristersson"],
                        [("Prime Minister", "SWE", D(2022, 10, 18), None, None)]),
    "Pål Jonson": ("m", ["Pal Jonson"],
                   [("Defence Minister", "SWE", D(2022, 10, 18), None, None)]),
    "Kristen Michal": ("m", ["Michal"],
                       [("Prime Minister", "EST", D(2024, 7, 23), None, None)]),
    "Margus Tsahkna": ("m", ["Tsahkna"],
                       [("Foreign Minister", "EST", D(2023, 4, 17), None, None)]),
    "Gitanas Nausėda": ("m", ["Gitanas Nauseda", "Nausėda", "Nauseda"],
                        [("President", "LTU", D(2019, 7, 12), None, None)]),
    "Evika Siliņa": ("f", ["Evika Silina", "Siliņa", "Silina"],
                     [("Prime Minister", "LVA", D(2023, 9, 15), None, None)]),
    "Edgars Rinkēvičs": ("m", ["Edgars Rinkevics", "Rinkēvičs", "Rinkevics"],
                         [("President", "LVA", D(2023, 7, 8), None, None)]),
    "Kristrún Frostadóttir": ("f", ["Kristrun Frostadottir", "Frostadóttir", "Frostadottir"],
                              [("Prime Minister", "ISL", D(2024, 12, 21), None, None)]),
    # Southern and Western Europe
    "Pedro Sánchez": ("m", ["Pedro Sanchez", "Sánchez", "Sanchez"],
                      [("Prime Minister", "ESP", D(2018, 6, 2), None, None)]),
    "José Manuel Albares": ("m", ["Jose Manuel Albares", "Albares"],
                            [("Foreign Minister", "ESP", D(2021, 7, 12), None, None)]),
    "Luís Montenegro": ("m", ["Luis Montenegro"],
                        [("Prime Minister", "PRT", D(2024, 4, 2), None, None)]),
    "Kyriakos Mitsotakis": ("m", ["Mitsotakis"],
                            [("Prime Minister", "GRC", D(2019, 7, 8), D(2023, 5, 25), None),
                             ("Prime Minister", "GRC", D(2023, 6, 26), None, None)]),
    "Bart De Wever": ("m", ["De Wever"],
                      [("Prime Minister", "BEL", D(2025, 2, 3), None, None)]),
    "Alexander De Croo": ("m", ["De Croo"],
                          [("Prime Minister", "BEL", D(2020, 10, 1), D(2025, 2, 3), None)]),
    "Theo Francken": ("m", ["Francken"],
                      [("Defence Minister", "BEL", D(2025, 2, 3), None, None)]),
    "Luc Frieden": ("m", ["Frieden"],
                    [("Prime Minister", "LUX", D(2023, 11, 17), None, None)]),
    "Micheál Martin": ("m", ["Micheal Martin"],
                       [("Taoiseach", "IRL", D(2020, 6, 27), D(2022, 12, 17), None),
                        ("Tánaiste", "IRL", D(2022, 12, 17), D(2025, 1, 23), None),
                        ("Taoiseach", "IRL", D(2025, 1, 23), None, None)]),
    "Simon Harris": ("m", ["Harris"],
                     [("Taoiseach", "IRL", D(2024, 4, 9), D(2025, 1, 23), None),
                      ("Tánaiste", "IRL", D(2025, 1, 23), None, None)]),
    "Christian Stocker": ("m", ["Stocker"],
                          [("Chancellor", "AUT", D(2025, 3, 3), None, None)]),
    "Karl Nehammer": ("m", ["Nehammer"],
                      [("Chancellor", "AUT", D(2021, 12, 6), D(2025, 1, 10), None)]),
    "Andrej Plenković": ("m", ["Andrej Plenkovic", "Plenković", "Plenkovic"],
                         [("Prime Minister", "HRV", D(2016, 10, 19), None, None)]),
    "Robert Golob": ("m", ["Golob"],
                     [("Prime Minister", "SVN", D(2022, 6, 1), None, None)]),
    "Nicușor Dan": ("m", ["Nicusor Dan"],
                    [("President", "ROU", D(2025, 5, 26), None, None)]),
    "Nikos Christodoulides": ("m", ["Christodoulides"],
                              [("President", "CYP", D(2023, 2, 28), None, None)]),
    "Robert Abela": ("m", ["Abela"],
                     [("Prime Minister", "MLT", D(2020, 1, 13), None, None)]),
    "Edi Rama": ("m", ["Rama"],
                 [("Prime Minister", "ALB", D(2013, 9, 15), None, None)]),
    # Türkiye and the wider neighbourhood
    "Recep Tayyip Erdoğan": ("m", ["Recep Tayyip Erdogan", "Tayyip Erdoğan", "Erdoğan",
                                   "Erdogan"],
                             [("President", "TUR", D(2014, 8, 28), None, None)]),
    "Hakan Fidan": ("m", ["Fidan"],
                    [("Foreign Minister", "TUR", D(2023, 6, 4), None, None)]),
    "Maia Sandu": ("f", ["Sandu"],
                   [("President", "MDA", D(2020, 12, 24), None, None)]),
    "Irakli Kobakhidze": ("m", ["Kobakhidze"],
                          [("Prime Minister", "GEO", D(2024, 2, 8), None, None)]),
    "Alexander Lukashenko": ("m", ["Aleksandr Lukashenko", "Alyaksandr Lukashenka",
                                   "Lukashenko"],
                             [("President", "BLR", D(1994, 7, 20), None, None)]),
    "Xi Jinping": ("m", ["Xi"],
                   [("President", "CHN", D(2013, 3, 14), None, None)]),
    "Wang Yi": ("m", [],
                [("Foreign Minister", "CHN", D(2023, 7, 25), None, None)]),
    "Narendra Modi": ("m", ["Modi"],
                      [("Prime Minister", "IND", D(2014, 5, 26), None, None)]),
    # EU and NATO officials speak for no nation: they carry only the national offices they held
    # before (documented in docs/demo-data.md), so on coalition dates they map to no one.
    "António Costa": ("m", ["Antonio Costa"],
                      [("Prime Minister", "PRT", D(2015, 11, 26), D(2024, 4, 2), None)]),
    "Ursula von der Leyen": ("f", ["von der Leyen", "Von der Leyen"],
                             [("Defence Minister", "DEU", D(2013, 12, 17), D(2019, 7, 17),
                               None)]),
    "Mark Rutte": ("m", ["Rutte"],
                   [("Prime Minister", "NLD", D(2010, 10, 14), D(2024, 7, 2), None)]),
    "Kaja Kallas": ("f", ["Kallas"],
                    [("Prime Minister", "EST", D(2021, 1, 26), D(2024, 7, 23), None)]),
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
