"""A re-creation of the design Snapline replaces (docs: /work/shared/DESIGN.md, "Why it exists").

A reader coroutine appends the files' lines to one list; a processor coroutine takes a snapshot
of the list and clears it (the fix that stopped the old tailer's buffer from growing without
bound) and turns the snapshot, 1,000 lines at a time, into order tuples with json.loads, yielding
to the reader between batches as the old asyncio tailer did. Runs until the backlog is drained.

Usage: python3 peers_list_buffer.py FILE...   (the hour files, in order)

Prints how many lines became tuples, and how many were badAloPxRejected, for
io.snapline.bench.peers.PeersRun to check. Standard library only; nothing is made durable.
"""
import asyncio
import json
import sys

BATCH_LINES = 1000
READ_BYTES = 1 << 20  # what the reader takes from the file before it yields


class Pipeline:
    def __init__(self):
        self.buffer = []
        self.reading = True
        self.lines = 0
        self.bad_alo = 0

    async def read(self, paths):
        for path in paths:
            with open(path, "rb") as f:
                while True:
                    chunk = f.readlines(READ_BYTES)
                    if not chunk:
                        break
                    self.buffer.extend(chunk)
                    await asyncio.sleep(0)
        self.reading = False

    async def process(self):
        while self.reading or self.buffer:
            if not self.buffer:
                await asyncio.sleep(0)
                continue
            snapshot, self.buffer = self.buffer, []  # snapshot and clear before processing
            for start in range(0, len(snapshot), BATCH_LINES):
                self.write(to_orders(snapshot[start:start + BATCH_LINES]))
                await asyncio.sleep(0)

    def write(self, orders):
        # Where the old design wrote its batch to storage; here it is only counted.
        self.lines += len(orders)
        self.bad_alo += sum(1 for order in orders if order[5] == "badAloPxRejected")


def to_orders(lines):
    orders = []
    for raw in lines:
        block = json.loads(raw)
        for event in block["events"]:
            order = event["order"]
            orders.append((
                block["block_number"], block["block_time"], event["time"], event["user"], event["hash"],
                event["status"], order["coin"], order["side"], order["limitPx"], order["sz"], order["origSz"],
                order["oid"], order["timestamp"], order["orderType"], order["tif"], order["reduceOnly"],
                order["isTrigger"], order["triggerPx"], order["cloid"],
            ))
    return orders


async def main(paths):
    pipeline = Pipeline()
    await asyncio.gather(pipeline.read(paths), pipeline.process())
    print(f"{pipeline.lines} lines, {pipeline.bad_alo} badAloPxRejected")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
