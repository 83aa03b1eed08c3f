"""Derives population_shares.csv from Learning's Census 2021 files for the 22 local authorities (run from this folder:
python3 derive.py ../../Learning/ReferenceData). Adults (18+) for sex, age band and local authority; all usual residents
for the broad ethnic group (TS021 is not split by age)."""
import csv, sys
from collections import Counter

source = sys.argv[1] if len(sys.argv) > 1 else "../../Learning/ReferenceData"
rows = Counter()
with open(f"{source}/census2021_adults_sex_age.csv") as f:
    for r in csv.DictReader(f):
        n = int(r["residents"])
        rows[("sex", r["sex"])] += n
        rows[("age-band", r["age_band"])] += n
        rows[("local-authority", r["la_code"])] += n
with open(f"{source}/census2021_ethnic_group.csv") as f:
    for r in csv.DictReader(f):
        rows[("ethnic-group", r["ethnic_group"].split("-")[0])] += int(r["residents"])
with open("population_shares.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["dimension", "category", "residents"])
    for (dimension, category), n in sorted(rows.items()):
        w.writerow([dimension, category, n])
