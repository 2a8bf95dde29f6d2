#!/usr/bin/python3
"""Runs conformance programs against real Twisted and prints one trace line per program.

Reads programs (one per line, the format is described in conformance/README.md) on stdin.
The Java runner (io.twine.conformance.TwineRunner) prints the same trace for Twine.
"""
import sys

from twisted.internet import defer
from twisted.internet.task import Clock
from twisted.python.failure import Failure


class ErrA(Exception):
    pass


class ErrB(Exception):
    pass


class ErrC(Exception):
    pass


ERRORS = {
    "ErrA": ErrA,
    "ErrB": ErrB,
    "ErrC": ErrC,
    "CancelledError": defer.CancelledError,
    "AlreadyCalledError": defer.AlreadyCalledError,
    # What addTimeout raises (defer.TimeoutError in Twisted 22.4).
    "TimeoutError": defer.TimeoutError,
}


class Run:
    def __init__(self):
        self.ds = []
        self.trace = []
        self.clock = Clock()

    def render(self, v):
        if v is None:
            return "None"
        if isinstance(v, Failure):
            name = type(v.value).__name__
            if name in ("ErrA", "ErrB", "ErrC"):
                return "F(%s:%s)" % (name, v.value.args[0] if v.value.args else "")
            return "F(%s)" % name
        if isinstance(v, defer.Deferred):
            for i, d in enumerate(self.ds):
                if d is v:
                    return "D%d" % i
            return "D?"
        return str(v)

    def canceller(self, idx, kind):
        def cancel(d):
            self.trace.append("c%d" % idx)
            if kind == 2:
                d.callback("c%d" % idx)
            elif kind == 3:
                d.errback(ErrB("c%d" % idx))
            elif kind == 4:
                raise ErrC("c%d" % idx)
        return cancel

    def behaviour(self, k, spec):
        parts = spec.split(":")
        kind = parts[0]

        def fn(arg):
            self.trace.append("%s(%s)" % (k, self.render(arg)))
            try:
                out = self.act(k, kind, parts, arg)
            except BaseException as e:
                self.trace.append("%s!%s" % (k, type(e.value if isinstance(e, Failure) else e).__name__))
                raise
            self.trace.append("%s=%s" % (k, self.render(out)))
            return out
        return fn

    def act(self, k, kind, parts, arg):
        if kind == "pass":
            return arg
        if kind == "map":
            return "v" + k
        if kind == "raise":
            raise ERRORS[parts[1]](k)
        if kind == "trap":
            arg.trap(ERRORS[parts[1]])
            return "t" + k
        if kind == "ret":
            d = self.ds[int(parts[1])]
            if d._runningCallbacks and d.called and not d.paused and not isinstance(d.result, defer.Deferred):
                # Twisted takes the stale result of a Deferred whose callback is still executing:
                # the documented "reentrant return" difference (docs/differences.md). Only this
                # runner marks it; the comparison stops at the mark.
                self.trace.append("%s~running" % k)
            return d
        if kind == "fire":
            self.ds[int(parts[1])].callback(parts[2])
            return arg
        if kind == "fail":
            self.ds[int(parts[1])].errback(ERRORS[parts[2]](k))
            return arg
        if kind == "add":
            j = int(parts[1])
            self.ds[j].addCallback(self.behaviour(parts[2], "map"))
            return arg
        if kind == "cancel":
            self.ds[int(parts[1])].cancel()
            return arg
        if kind == "pu":
            d = self.ds[int(parts[1])]
            d.pause()
            d.unpause()
            return arg
        raise ValueError("unknown behaviour " + kind)

    def op(self, n, words):
        w = words[0]
        if w == "new":
            kind = int(words[1])
            idx = len(self.ds)
            self.ds.append(defer.Deferred(self.canceller(idx, kind) if kind else None))
            return
        if w == "succeed":
            self.ds.append(defer.succeed(words[1]))
            return
        i = int(words[1])
        d = self.ds[i]
        if w == "cb":
            d.addCallback(self.behaviour(words[2], words[3]))
        elif w == "eb":
            d.addErrback(self.behaviour(words[2], words[3]))
        elif w == "both":
            d.addBoth(self.behaviour(words[2], words[3]))
        elif w == "cbs":
            d.addCallbacks(self.behaviour(words[2], words[3]), self.behaviour(words[2], words[4]))
        elif w == "fire":
            d.callback(words[2])
        elif w == "fail":
            d.errback(ERRORS[words[2]]("#%d" % n))
        elif w == "pause":
            d.pause()
        elif w == "unpause":
            d.unpause()
        elif w == "cancel":
            d.cancel()
        elif w == "chain":
            d.chainDeferred(self.ds[int(words[2])])
        elif w == "timeout":
            d.addTimeout(float(words[2]), self.clock)
        elif w == "advance":
            pass
        else:
            raise ValueError("unknown op " + w)

    def run(self, program):
        for n, text in enumerate(program.split(";")):
            words = text.split()
            try:
                if words[0] == "advance":
                    self.clock.advance(float(words[1]))
                else:
                    self.op(n, words)
            except Exception as e:
                self.trace.append("#%d!%s" % (n, type(e).__name__))
            for i, d in enumerate(self.ds):
                if d.called and not d.paused and not d._runningCallbacks and d.callbacks:
                    # Callbacks Twisted left behind after handing the result to a paused waiter:
                    # the documented "stranded callbacks" difference (docs/differences.md); Twine
                    # has run them. Only this runner marks it; the comparison stops at the mark.
                    self.trace.append("d%d~stuck" % i)
        for i, d in enumerate(self.ds):
            if d.called:
                res = self.render(d.result)
            else:
                res = "-"
            info = d._debugInfo
            unhandled = 1 if info is not None and info.failResult is not None else 0
            self.trace.append("d%d=%d/%d/%s/%d" % (i, 1 if d.called else 0, d.paused, res, unhandled))
        # Drop the failures so that Twisted does not log them at exit.
        for d in self.ds:
            if d._debugInfo is not None:
                d._debugInfo.failResult = None
        return " ".join(self.trace)


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        print(Run().run(line))


if __name__ == "__main__":
    main()
