#!/usr/bin/env python3
"""Derives Participation's area lookups for the programme's 22 local authorities from the official files.

Usage: derive.py <folder with postcodes/, geography/, imd2019/, imd2025/, census2021/>   (writes next to this script)

postcode_areas.csv.gz: every postcode of the ONS lookup (NSPL August 2024, terminated ones included) with its LSOA 2021,
  best-fit LSOA 2011, local authority, ICB (by LSOA) and both IMD deciles, and, for the live postcodes the lookup lacks
  (E1W, EC, newer ones: Code-Point 2025.4 places them in the area), their coordinates only: the service resolves those
  by point-in-polygon when it loads the table (Data/AreaResolver.cs).
lsoa11_areas.csv: each LSOA 2011 of the area → its LSOA 2021 (exact-fit lookup; a split LSOA by the largest share of
  Census 2021 residents), local authority, ICB, IMD 2019 and IMD 2025 deciles, and its population-weighted centroid.
lsoa21_areas.csv: each LSOA 2021 of the area → local authority, ICB, IMD 2025 decile and best-fit LSOA 2011 (for
  an operator's import that gives LSOA 2021 only).
lsoa11_boundaries.geojson.gz: the LSOA 2011 polygons, copied as published.
fallback_check.csv.gz: one postcode in ten of the ONS lookup with its coordinates and ONS's answer, for the test that
  measures the fallback's accuracy (tests/MhAll.UnitTests/Participation/AreaFallbackAccuracyTests.cs).
"""
import csv, gzip, os, shutil, sys
from collections import defaultdict

SRC = sys.argv[1]
OUT = os.path.dirname(os.path.abspath(__file__))
AREA = {"E09000002", "E09000001", "E09000012", "E09000016", "E09000025", "E09000026", "E09000030", "E09000031",
        "E07000066", "E07000067", "E07000068", "E07000069", "E07000070", "E07000074", "E07000075", "E06000033",
        "E06000034", "E07000071", "E07000076", "E07000072", "E07000073", "E07000077"}


def read(path):
    with gzip.open(os.path.join(SRC, path), "rt", encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return [dict(zip(header, row)) for row in reader]


def write(name, header, rows):
    opener = (lambda p: gzip.open(p, "wt", encoding="utf-8", newline="")) if name.endswith(".gz") else \
        (lambda p: open(p, "w", encoding="utf-8", newline=""))
    with opener(os.path.join(OUT, name)) as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{name}: {len(rows)} rows")


imd2019 = {r["LSOA code (2011)"]: r["Index of Multiple Deprivation (IMD) Decile"] for r in read("imd2019/imd2019_lsoa11.csv.gz")}
imd2025 = {r["lsoa21_code"]: r["IMD_decile"] for r in read("imd2025/imd2025_lsoa21.csv.gz")}
residents21 = {r["lsoa21_code"]: int(r["total_residents"]) for r in read("census2021/ethnicity_5groups_lsoa21.csv.gz")}
icb = {r["lsoa21_code"]: r["icb24_code"] for r in read("geography/lsoa21_sicbl24_icb24.csv.gz")}
centroids = {r["lsoa11cd"]: (r["latitude_wgs84"], r["longitude_wgs84"]) for r in read("geography/lsoa11_pop_weighted_centroids.csv.gz")}

# LSOA 2011 → LSOA 2021 (exact fit). A split 2011 LSOA goes to its 2021 part with the most residents; a 2021 LSOA
# merged from several 2011 ones goes back to the 2011 one listed first (used only when an import gives LSOA 2021 alone).
parts, lad21, back = defaultdict(list), {}, {}
for r in read("geography/lsoa11_lsoa21_lad22_exact.csv.gz"):
    if r["LAD22CD"] in AREA:
        parts[r["LSOA11CD"]].append(r["LSOA21CD"])
        lad21[r["LSOA21CD"]] = r["LAD22CD"]
        back.setdefault(r["LSOA21CD"], r["LSOA11CD"])
lsoa11_to_21 = {l11: max(sorted(l21s), key=lambda c: residents21.get(c, 0)) for l11, l21s in parts.items()}
lad11 = {l11: lad21[l21] for l11, l21 in lsoa11_to_21.items()}

write("lsoa11_areas.csv", ["lsoa11_code", "lsoa21_code", "la_code", "icb_code", "imd2019_decile", "imd2025_decile", "latitude", "longitude"],
      [[l11, l21, lad11[l11], icb[l21], imd2019[l11], imd2025[l21], *centroids[l11]] for l11, l21 in sorted(lsoa11_to_21.items())])
write("lsoa21_areas.csv", ["lsoa21_code", "la_code", "icb_code", "imd2025_decile", "lsoa11_code"],
      [[l21, la, icb[l21], imd2025[l21], back[l21]] for l21, la in sorted(lad21.items())])
shutil.copyfile(os.path.join(SRC, "geography/lsoa11_boundaries_22lad.geojson.gz"), os.path.join(OUT, "lsoa11_boundaries.geojson.gz"))
print("lsoa11_boundaries.geojson.gz: copied")

latlong = {r["pcds"]: (r["lat"], r["long"]) for r in read("postcodes/nspl_may2025_postcode_latlong_region.csv.gz")}
grid = {r["postcode"]: (r["easting"], r["northing"]) for r in read("postcodes/codepoint_2025_4_region.csv.gz") if r["lad_code"] in AREA}

ons = read("postcodes/nspl_aug2024_postcode_lsoa_22lad.csv.gz")
rows, check = [], []
for i, r in enumerate(ons):
    l21, l11 = r["lsoa21_code"], r["lsoa11_code_best_fit"]
    rows.append([r["pcds"], l21, l11, r["lad_code"], r["icb24_code"], imd2025[l21], imd2019[l11], "exact",
                 "exact" if r["lsoa11_unique"] == "1" else "approximate", "", "", "", ""])
    if i % 10 == 0 and r["pcds"] in latlong and r["pcds"] in grid:
        check.append([r["pcds"], *latlong[r["pcds"]], *grid[r["pcds"]], l21, l11, r["lad_code"], imd2025[l21]])
known = {r["pcds"] for r in ons}
# Live postcodes ONS's file lacks: coordinates only, resolved by the service. Latitude/longitude where NSPL May 2025
# has them, else Code-Point's grid reference (the City's EC postcodes).
for pc, (e, n) in grid.items():
    if pc not in known:
        lat, lon = latlong.get(pc, ("", ""))
        rows.append([pc, "", "", "", "", "", "", "", "", lat, lon, "" if lat else e, "" if lat else n])
write("postcode_areas.csv.gz", ["postcode", "lsoa21_code", "lsoa11_code", "la_code", "icb_code", "imd2025_decile", "imd2019_decile",
                                "lsoa21_method", "lsoa11_method", "latitude", "longitude", "easting", "northing"], sorted(rows))
write("fallback_check.csv.gz", ["postcode", "latitude", "longitude", "easting", "northing", "lsoa21_code", "lsoa11_code", "la_code",
                                "imd2025_decile"], check)
print(f"{len(known)} postcodes from the ONS lookup, {len(rows) - len(known)} by coordinates")

# Residents by IMD 2025 decile per local authority (Census 2021 usual residents of each LSOA 2021, all ages: IMD 2025
# has no population file, and the Census LSOA table is not split by age), beside the IMD 2019 rows (mid-2015, 16+).
by_decile = defaultdict(int)
for l21, la in lad21.items():
    by_decile[(la, int(imd2025[l21]))] += residents21[l21]
path = os.path.join(OUT, "population_by_area.csv")
with open(path, encoding="utf-8", newline="") as f:
    kept = [row for row in csv.reader(f)][1:]
kept = [row for row in kept if row[1] != "imd2025-decile"]
kept += [[la, "imd2025-decile", str(decile), str(n)] for (la, decile), n in sorted(by_decile.items())]
with open(path, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["la_code", "dimension", "group", "residents"])
    w.writerows(kept)
print(f"population_by_area.csv: {len(by_decile)} imd2025-decile rows")
