#!/usr/bin/python3
"""Applies the v3 selection rule (README section 5) to evaluate.py JSON files.

  /usr/bin/python3 score_rule.py BASELINE.json [BASELINE_SYNTH.json] -- CANDIDATE.json ...
Real dev songs are the UltraStar folders in a file (their names do not start with "synth_"); the synthetic
seed 101 songs start with "synth_". Prints R_none, R_oracle (mean over real dev songs of the word AAE per
song) and the synthetic AAE (mean over songs) for each file, and the rule's verdict against the baseline.
"""
import json
import sys


def scores(paths):
    real, synth = {}, {}
    for p in paths:
        for name, r in json.load(open(p))["songs"].items():
            (synth if name.startswith("synth_") else real)[name] = r
    mean = lambda d, k: sum(v[k]["aae"] for v in d.values()) / len(d) if d else float("nan")  # noqa: E731
    return dict(R_none=mean(real, "none"), R_oracle=mean(real, "oracle"), S_none=mean(synth, "none"),
                S_oracle=mean(synth, "oracle"), real_songs=len(real), synth_songs=len(synth))


def main():
    args = sys.argv[1:]
    cut = args.index("--")
    base = scores(args[:cut])
    print("baseline", json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in base.items()}))
    for p in args[cut + 1:]:
        c = scores([p])
        ok = (c["R_none"] < base["R_none"] and c["R_oracle"] <= base["R_oracle"] + 0.01
              and c["S_none"] <= 1.25 * base["S_none"] and c["S_oracle"] <= 1.25 * base["S_oracle"])
        print(p, json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in c.items()}),
              "R_none+R_oracle %.4f" % (c["R_none"] + c["R_oracle"]), "PASSES the rule" if ok else "fails the rule")


if __name__ == "__main__":
    main()
