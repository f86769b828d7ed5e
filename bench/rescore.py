"""Score the outputs of an earlier `redactor eval` run again, without redacting anything.

`redactor eval CORPUS --out OUT` keeps each system's redacted audio and transcripts in
`OUT/SYSTEM/`. When scoring gains a measure (such as "PHI items with no beep"), this scores
those outputs with the current code and updates `OUT/eval.json`, so a run that took an hour
need not be repeated. Only what is scored from the outputs is recomputed (recall, items with
no beep, audible PHI, non-PHI beeped, PHI in transcripts); timings, label accuracy and edge
errors stay as the run wrote them. Prints the same table as `redactor eval`; no PHI.

    .venv/bin/python bench/rescore.py CORPUS OUT
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from redactor.evaluate import format_table, load_gold, score_call, summarize, unredacted_score

SCORED_KEYS = (
    "calls",
    "phi_items",
    "recall",
    "unbeeped_items",
    "audible_phi_seconds",
    "non_phi_beeped_share",
    "transcript_phi_leaks",
    "by_entity",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the corpus folder, with gold.json")
    parser.add_argument("out", type=Path, help="the --out folder of the earlier eval")
    args = parser.parse_args()
    summaries = json.loads((args.out / "eval.json").read_text(encoding="utf-8"))
    calls = load_gold(args.corpus)
    for system, summary in summaries.items():
        folder = args.out / system
        failed = {c["file"]: c["error"] for c in summary.get("per_call", []) if c.get("error")}
        scores = []
        for call in calls:
            source = args.corpus / call["file"]
            if call["file"] in failed:
                scores.append(unredacted_score(call, source, failed[call["file"]]))
                continue
            redacted = folder / call["file"]
            if not redacted.exists():
                raise SystemExit(f"{system}: no output for {call['file']}; was the run complete?")
            text = Path(f"{redacted}.transcript.txt").read_text(encoding="utf-8")
            scores.append(score_call(call, source, redacted, text))
        fresh = summarize(scores)
        summary.update({key: fresh[key] for key in SCORED_KEYS})
    (args.out / "eval.json").write_text(json.dumps(summaries, indent=2) + "\n")
    print(format_table(summaries))


if __name__ == "__main__":
    main()
