"""The Python reader a user writes first: each hour file in turn, json.loads per line.

Usage: python3 peers_json_loads.py FILE...   (the hour files, in order)

Prints how many lines it read, and how many were badAloPxRejected (so the parse is used), for
io.snapline.bench.peers.PeersRun to check. Standard library only; nothing is made durable.
"""
import json
import sys


def main(paths):
    lines = 0
    bad_alo = 0
    for path in paths:
        with open(path, "rb") as f:
            for raw in f:
                event = json.loads(raw)["events"][0]
                lines += 1
                if event["status"] == "badAloPxRejected":
                    bad_alo += 1
    print(f"{lines} lines, {bad_alo} badAloPxRejected")


if __name__ == "__main__":
    main(sys.argv[1:])
