"""Workloads 1, 2, 3, 5 and 6 on Twisted's own Deferred, for the ratio to the original.

Run with a CPython that has Twisted (Debian: /usr/bin/python3 with python3-twisted).
timeit-style: each workload runs `number` times per repeat; the best repeat (the minimum, which
is the least disturbed by other processes) is reported in nanoseconds per operation.
Prints one JSON object per line: {"workload": "...", "ns_op": ..., "twisted": "<version>"}.
Shapes match the JMH workloads in io.twine.bench (same stage count, failing and recovering
stages, fan-in size and seeded random firing order).
"""
import json
import random
import sys
import timeit

import twisted
from twisted.internet import defer

STAGES = 10
FAILING_STAGE = 3
RECOVERING_STAGE = 7
RECOVERED = 100
FAN_IN = 1000


class Boom(Exception):
    pass


BOOM = Boom("stage 3 fails")


def inc(x):
    return x + 1


def fail(x):
    # Preallocated like the Java side's; clear the traceback, which re-raising would otherwise grow.
    raise BOOM.with_traceback(None)


def recover(f):
    return RECOVERED


def w1_pending_chain():
    d = defer.Deferred()
    for _ in range(STAGES):
        d.addCallback(inc)
    d.callback(0)
    return d.result


def w2_already_fired():
    d = defer.succeed(0)
    for _ in range(STAGES):
        d.addCallback(inc)
    return d.result


def w2_already_fired_one():
    return defer.succeed(0).addCallback(inc).result


def w3_error_path():
    d = defer.Deferred()
    for stage in range(1, STAGES + 1):
        if stage == FAILING_STAGE:
            d.addCallback(fail)
        elif stage == RECOVERING_STAGE:
            d.addErrback(recover)
        else:
            d.addCallback(inc)
    d.callback(0)
    return d.result


ORDER = list(range(FAN_IN))
random.Random(20261125).shuffle(ORDER)


def w5_fan_in():
    ds = [defer.Deferred() for _ in range(FAN_IN)]
    out = defer.gatherResults(ds)
    for k in ORDER:
        ds[k].callback(k)
    result = []
    out.addCallback(result.append)
    return result[0]


class Resumer:
    """Workload 6: one coroutine awaiting a fresh unfired Deferred in a loop (Deferred.fromCoroutine);
    each round trip fires the Deferred it awaits, which resumes it up to its next await."""

    def __init__(self):
        self.waiting = []
        self.rounds = 0
        defer.Deferred.fromCoroutine(self.body())

    async def body(self):
        while True:
            d = defer.Deferred()
            self.waiting.append(d)
            self.rounds += await d


RESUMER = Resumer()


def w6_coroutine_resume():
    RESUMER.waiting.pop().callback(1)
    return len(RESUMER.waiting)  # the coroutine is suspended again on its next Deferred


WORKLOADS = [
    ("W1PendingChain", w1_pending_chain, 10, 20000),
    ("W2AlreadyFired", w2_already_fired, 10, 20000),
    ("W2AlreadyFired.One", w2_already_fired_one, 1, 100000),
    ("W3ErrorPath", w3_error_path, 103, 10000),
    ("W5FanIn", w5_fan_in, None, 20),
    ("W6CoroutineResume", w6_coroutine_resume, 1, 100000),
]


def main(argv):
    scale = float(argv[1]) if len(argv) > 1 else 1.0
    repeats = int(argv[2]) if len(argv) > 2 else 5
    for name, fn, expected, number in WORKLOADS:
        got = fn()
        if expected is not None and got != expected:
            raise SystemExit(f"{name}: expected {expected}, got {got!r}")
        if expected is None and got != list(range(FAN_IN)):
            raise SystemExit(f"{name}: wrong gathered list")
        n = max(1, int(number * scale))
        best = min(timeit.repeat(fn, number=n, repeat=repeats)) / n
        print(json.dumps({"workload": name, "ns_op": best * 1e9, "twisted": twisted.__version__,
                          "python": sys.version.split()[0]}), flush=True)


if __name__ == "__main__":
    main(sys.argv)
