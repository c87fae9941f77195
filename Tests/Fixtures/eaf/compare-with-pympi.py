#!/usr/bin/env python3
"""Reads two EAF files with pympi and checks that tiers correspond: for each ORIGINAL=EXPORTED
pair of tier ids, the same number of annotations with the same times and values (for symbolic
tiers pympi gives the parent's times and value too). Every tier of either file must be named in
a pair, except tiers without annotations in the original. Prints one line per tier; exits 0 when
all agree, 1 when any differs, 3 when pympi is missing.

usage: compare-with-pympi.py ORIGINAL.eaf EXPORTED.eaf ORIGINAL_TIER=EXPORTED_TIER..."""
import sys

try:
    import pympi
except ImportError:
    print("pympi is not installed: run scripts/install-deps (it installs pympi-ling into .venv)")
    sys.exit(3)


def rows(eaf, tier):
    key = lambda row: tuple(-1 if value is None else value for value in row)
    return sorted((tuple(v.strip() if isinstance(v, str) else v for v in row) for row in
                   eaf.get_annotation_data_for_tier(tier)), key=key)


original = pympi.Elan.Eaf(sys.argv[1])
exported = pympi.Elan.Eaf(sys.argv[2])
pairs = dict(argument.split("=", 1) for argument in sys.argv[3:])
failed = False
unnamed = [t for t in original.get_tier_names() if t not in pairs and original.get_annotation_data_for_tier(t)]
extra = sorted(set(exported.get_tier_names()) - set(pairs.values()))
if unnamed or extra:
    print("tiers not paired: original %s, exported %s" % (unnamed, extra))
    failed = True
for source, target in pairs.items():
    a, b = rows(original, source), rows(exported, target)
    same = a == b
    failed |= not same
    print("%s %s -> %s: %d annotations, %d exported" % ("ok" if same else "DIFFERENT", source, target, len(a), len(b)))
sys.exit(1 if failed else 0)
