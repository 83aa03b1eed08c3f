#!/usr/bin/env python3
"""Derives Learning's population baselines for East London and Essex from the official files.

Usage: derive.py <folder with census2021/, imd2019/, imd2025/, geography/>   (writes next to this script)
The outputs are committed; run this again only when a source edition changes. See README.md.
"""
import csv, gzip, io, os, sys
from collections import defaultdict

SRC = sys.argv[1]
OUT = os.path.dirname(os.path.abspath(__file__))

# The programme's area: North East London ICB boroughs and the Essex local authorities (DOMAIN.md).
AREA = ["E09000002", "E09000001", "E09000012", "E09000016", "E09000025", "E09000026", "E09000030", "E09000031",
        "E07000066", "E07000067", "E07000068", "E07000069", "E07000070", "E07000074", "E07000075", "E06000033",
        "E06000034", "E07000071", "E07000076", "E07000072", "E07000073", "E07000077"]
ETHNIC_CODES = ["asian-bangladeshi", "asian-chinese", "asian-indian", "asian-pakistani", "asian-other",
                "black-african", "black-caribbean", "black-other",
                "mixed-white-asian", "mixed-white-black-african", "mixed-white-black-caribbean", "mixed-other",
                "white-british", "white-irish", "white-gypsy-irish-traveller", "white-roma", "white-other",
                "other-arab", "other-any"]
ADULT_BANDS = {"18-24": ["20-24"], "25-34": ["25-29", "30-34"], "35-44": ["35-39", "40-44"], "45-54": ["45-49", "50-54"],
               "55-64": ["55-59", "60-64"], "65-74": ["65-69", "70-74"], "75+": ["75-79", "80-84", "85-89", "90+"]}

def read(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(os.path.join(SRC, path), "rt", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))

def number(text):
    return int(text.replace(",", ""))

def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{name}: {len(rows)} rows")

# Local authorities and their ICB (April 2024 boundaries).
names, icbs = {}, {}
for row in read("geography/lad22_sicbl24_icb24.csv")[1:]:
    if row[0] in AREA:
        names[row[0]] = row[1]
        icbs[row[0]] = (row[5], row[7])
missing = [code for code in AREA if code not in names]
assert not missing, missing
write("local_authorities.csv", ["la_code", "la_name", "icb_code", "icb_name", "effective_from"],
      [[code, names[code], icbs[code][0], icbs[code][1], "2024-04-01"] for code in AREA])

# Census 2021 ethnic group, 19 categories, usual residents of all ages.
rows = []
for row in read("census2021/ethnicity_19cat_ltla21.csv")[1:]:
    if row[0] in AREA:
        counts = [number(x) for x in row[3:22]]
        assert sum(counts) == number(row[2]), row[0]
        rows += [[row[0], code, count] for code, count in zip(ETHNIC_CODES, counts)]
write("census2021_ethnic_group.csv", ["la_code", "ethnic_group", "residents"], rows)

# Census 2021 adults by sex and age band. 18-19 year olds are 2/5 of the 15-19 band (the file has no finer band).
by = defaultdict(float)
for la, _, sex, band, count in read("census2021/sex_age5_ltla21.csv")[1:]:
    if la not in AREA or sex not in ("Female", "Male"):
        continue
    for adult, bands in ADULT_BANDS.items():
        if band in bands:
            by[(la, sex.lower(), adult)] += number(count)
    if band == "15-19":
        by[(la, sex.lower(), "18-24")] += number(count) * 2 / 5
write("census2021_adults_sex_age.csv", ["la_code", "sex", "age_band", "residents"],
      [[la, sex, band, round(value)] for (la, sex, band), value in sorted(by.items(), key=lambda kv: (AREA.index(kv[0][0]), kv[0][1], kv[0][2]))])

# IMD 2019 decile of each LSOA (2011) with its mid-2015 population, summed per local authority and decile.
deciles = {row[0]: int(row[5]) for row in read("imd2019/imd2019_lsoa11.csv.gz")[1:]}
population = defaultdict(lambda: [0, 0])
for row in read("imd2019/imd2019_population_lsoa11.csv.gz")[1:]:
    if row[2] in AREA:
        key = (row[2], deciles[row[0]])
        population[key][0] += number(row[4])
        population[key][1] += number(row[6]) + number(row[7])
write("imd2019_population_by_decile.csv", ["la_code", "imd_decile", "population", "population_16_plus"],
      [[la, decile, total, adults] for (la, decile), (total, adults) in sorted(population.items(), key=lambda kv: (AREA.index(kv[0][0]), kv[0][1]))])

# IMD 2025 decile of each LSOA 2021 with its Census 2021 usual residents (all ages: IMD 2025 has no population file,
# and the Census LSOA table is not split by age), summed per local authority (LSOA 2021 → local authority 2022 from
# the exact-fit lookup) and decile.
imd2025 = {row[0]: int(row[1]) for row in read("imd2025/imd2025_lsoa21.csv.gz")[1:]}
residents21 = {row[0]: number(row[1]) for row in read("census2021/ethnicity_5groups_lsoa21.csv.gz")[1:]}
lad21 = {row[2]: row[5] for row in read("geography/lsoa11_lsoa21_lad22_exact.csv.gz")[1:] if row[5] in AREA}
population25 = defaultdict(int)
for lsoa, la in lad21.items():
    population25[(la, imd2025[lsoa])] += residents21[lsoa]
write("imd2025_population_by_decile.csv", ["la_code", "imd_decile", "population"],
      [[la, decile, total] for (la, decile), total in sorted(population25.items(), key=lambda kv: (AREA.index(kv[0][0]), kv[0][1]))])
