"""A candidate station without a screen, run as a real process so that tests can kill it.

    python -m tests.helpers.station_driver DATA_DIR CODE SEED

It logs in with CODE (resuming the attempt if one is under way), prints the state it resumed
with, then behaves like the test screen: a heartbeat every quarter of a second (the screen's
countdown timer) and, now and then, a burst of answers.  It prints a line *after* each answer is
acknowledged by the service, and one after each heartbeat, so the parent process knows exactly
what the station had acknowledged when it was killed:

    RESUMED <attempt> <remaining_s> <json of {position: [keys]}>
    TRY <position> <key>                  (about to change an answer)
    ACK <position> <key> <remaining_s>    (the change is committed)
    BEAT <remaining_s>
"""

from __future__ import annotations

import json
import random
import sys
import time

from kiosk.app import build
from kiosk.config import resolve_settings
from tests.helpers.keys import ready_keys


def main(data_dir: str, code: str, seed: int) -> None:
    """Run the station until killed (or until its time is up)."""
    kiosk = ready_keys(build(resolve_settings(data_dir=data_dir, station_id="driver", environ={})))
    attempts = kiosk.attempts
    briefing = attempts.login(code).briefing
    assert briefing is not None, "the driver's code was refused"
    view = attempts.start(briefing.registration_id, "ky")
    answers = {item.position: sorted(item.selected) for item in view.items if item.selected}
    print("RESUMED", view.attempt_id, f"{view.remaining_s:.3f}", json.dumps(answers), flush=True)
    rng = random.Random(seed)
    while True:
        for _ in range(rng.choice((0, 0, 1, 3))):
            item = rng.choice(view.items)
            key = rng.choice(item.options).key
            print("TRY", item.position, key, flush=True)
            ack = attempts.select_option(view.attempt_id, item.position, key)
            print("ACK", item.position, key, f"{ack.remaining_s:.3f}", flush=True)
        time.sleep(0.25)
        remaining = attempts.heartbeat(view.attempt_id)
        print("BEAT", f"{remaining:.3f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
