#!/usr/bin/env python3
"""Derives Participation's postcode lookup for the programme's area from the official files.

Usage: derive.py <folder with postcodes/, imd2019/>   (writes postcode_areas.csv.gz next to this script)
Each postcode of the 22 local authorities of North East London and Essex → LSOA 2011 (nearest population-weighted
centroid within the postcode's own local authority: an approximation) → local authority → IMD 2019 decile.
"""
import csv, gzip, io, os, sys

SRC = sys.argv[1]
OUT = os.path.dirname(os.path.abspath(__file__))
AREA = {"E09000002", "E09000001", "E09000012", "E09000016", "E09000025", "E09000026", "E09000030", "E09000031",
        "E07000066", "E07000067", "E07000068", "E07000069", "E07000070", "E07000074", "E07000075", "E06000033",
        "E06000034", "E07000071", "E07000076", "E07000072", "E07000073", "E07000077"}

def read(path):
    with gzip.open(os.path.join(SRC, path), "rt", encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))

deciles = {row[0]: row[5] for row in read("imd2019/imd2019_lsoa11.csv.gz")[1:]}
rows = [[pc, lsoa, lad, deciles[lsoa]] for pc, lsoa, lad, *_ in read("postcodes/postcode_lsoa11_nearest_centroid_region.csv.gz")[1:]
        if lad in AREA]
with gzip.open(os.path.join(OUT, "postcode_areas.csv.gz"), "wt", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["postcode", "lsoa11_code", "la_code", "imd2019_decile"])
    w.writerows(sorted(rows))
print(f"postcode_areas.csv.gz: {len(rows)} postcodes in {len({r[2] for r in rows})} local authorities")
