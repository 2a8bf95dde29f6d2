#!/usr/bin/python3
"""Runs conformance programs against real Twisted and prints one trace line per program.

Reads programs (one per line, the format is described in conformance/README.md) on stdin.
The Java runner (io.twine.conformance.TwineRunner) prints the same trace for Twine.
"""
import os
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


class FailureGroup(Exception):
    """What race() fails with when every input failed (defer.FailureGroup, Twisted 23.8+)."""

    def __init__(self, failures):
        Exception.__init__(self)
        self.failures = failures


# Twisted 23.8+ has its own FailureGroup (same constructor and attribute); use it when present.
FailureGroup = getattr(defer, "FailureGroup", FailureGroup)
# TWINE_REAL_RACE=1 runs Twisted's own defer.race (23.8+) instead of the model below, without
# the marks for Twine's deliberate differences: used to check the model against real Twisted.
REAL_RACE = os.environ.get("TWINE_REAL_RACE") == "1"

ERRORS = {
    "ErrA": ErrA,
    "ErrB": ErrB,
    "ErrC": ErrC,
    "CancelledError": defer.CancelledError,
    "AlreadyCalledError": defer.AlreadyCalledError,
    # What addTimeout raises (defer.TimeoutError in Twisted 22.4).
    "TimeoutError": defer.TimeoutError,
}


# The Run whose program is executing: the DeferredList.cancel hook below reports to it.
CURRENT = None

def _mark(d, what):
    if CURRENT is not None:
        CURRENT.trace.append("%s~%s" % (CURRENT.name(d), what))


def _reentry_guard(cancel):
    """Wraps a cancel method to mark a cancel() from inside that same Deferred's cancellation.

    Twisted runs the cancellation again (and, for a plain Deferred, fails it with CancelledError
    right there); Twine's cancel() does nothing while the Deferred's canceller is running, and
    leaves the outcome to it (docs/differences.md, "Combinators").
    """
    def guarded(d):
        if not d.called and getattr(d, "_runner_cancelling", False):
            _mark(d, "recancel")
        entered = not d.called
        if entered:
            d._runner_cancelling = True
        try:
            cancel(d)
        finally:
            if entered:
                d._runner_cancelling = False
    return guarded


_original_run_callbacks = defer.Deferred._runCallbacks


def _run_callbacks_marking_stranded(d):
    """Deferred._runCallbacks, then the "stranded callbacks" mark for what this run left behind.

    The end-of-op check in Run.run sees stranded callbacks only once the op is over; but when a
    callback or a combinator's cancellation fires a Deferred, Twine runs the callbacks Twisted
    strands right there, before the rest of the op, so the mark must come at once. Only the
    Deferreds that became stranded during this run count: a Deferred further down an active
    chain looks the same while its waiter's callbacks run, and is not stranded.
    """
    run = CURRENT
    if run is None:
        return _original_run_callbacks(d)
    # d itself looks stranded as it starts (fired, callbacks pending): it is about to run them.
    before = set(id(x) for x in run.stranded() if x is not d)
    try:
        _original_run_callbacks(d)
    finally:
        for x in run.stranded():
            if id(x) not in before:
                run.trace.append("%s~stuck" % run.name(x))


defer.Deferred._runCallbacks = _run_callbacks_marking_stranded


def _list_cancel(original):
    """DeferredList.cancel as Twisted has it, plus the marks of two documented differences.

    Twisted's DeferredList.cancel only cancels the inputs, and only while the list is unfired.
    Twine's list is cancelled like any Deferred: when an input did not fire on cancel, the list
    fails with CancelledError; when the list has fired but waits on a Deferred returned by one of
    its callbacks, that Deferred is cancelled (docs/differences.md, "Combinators").
    """
    def cancel(dl):
        was_called = dl.called
        original(dl)
        if not was_called and not dl.called:
            _mark(dl, "uncancelled")
        elif was_called and isinstance(dl.result, defer.Deferred):
            _mark(dl, "waiting")
    return cancel


defer.Deferred.cancel = _reentry_guard(defer.Deferred.cancel)
defer.DeferredList.cancel = _reentry_guard(_list_cancel(defer.DeferredList.cancel))


class Run:
    def __init__(self):
        self.ds = []
        # Combinators created by callbacks ("list:..." behaviours), named eN / EN.
        self.es = []
        self.trace = []
        self.clock = Clock()

    def name(self, d):
        for prefix, group in (("d", self.ds), ("e", self.es)):
            for i, e in enumerate(group):
                if e is d:
                    return "%s%d" % (prefix, i)
        return "d?"

    def render(self, v):
        if v is None:
            return "None"
        if isinstance(v, Failure):
            name = type(v.value).__name__
            if name in ("ErrA", "ErrB", "ErrC"):
                return "F(%s:%s)" % (name, v.value.args[0] if v.value.args else "")
            if isinstance(v.value, defer.FirstError):
                return "F(FirstError:%d:%s)" % (v.value.index, self.render(v.value.subFailure))
            if isinstance(v.value, FailureGroup):
                return "F(FailureGroup:%s)" % self.render(list(v.value.failures))
            return "F(%s)" % name
        if isinstance(v, defer.Deferred):
            return self.name(v).upper()
        if isinstance(v, list):
            return "[%s]" % ",".join(self.render(x) for x in v)
        if isinstance(v, tuple) and len(v) == 2:
            a, b = v
            # Values in programs are never numbers, so the int tells the pair's kind.
            if type(a) is bool:
                # A DeferredList entry (success, result).
                return "(%s,%s)" % (a, self.render(b))
            if type(a) is int:
                # race: (index, value).
                return "(%d:%s)" % (a, self.render(b))
            if type(b) is int:
                # DeferredList(fireOnOneCallback=True): (value, index), printed index first.
                return "(%d:%s)" % (b, self.render(a))
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
        if kind in ("list", "gather", "race"):
            name = "e%d" % len(self.es)
            self.es.append(self.combine(kind, parts[1], parts[2] if len(parts) > 2 else "", name))
            return arg
        raise ValueError("unknown behaviour " + kind)

    def inputs(self, word):
        return [] if word == "-" else [self.ds[int(i)] for i in word.split(",")]

    def combine(self, kind, subset, flags, name):
        inputs = self.inputs(subset)
        if kind == "list":
            return defer.DeferredList(inputs, fireOnOneCallback="c" in flags,
                                      fireOnOneErrback="e" in flags, consumeErrors="x" in flags)
        if kind == "gather":
            return defer.gatherResults(inputs, consumeErrors="x" in flags)
        if REAL_RACE:
            return defer.race(inputs)
        return self.race(inputs, name)

    def race(self, inputs, me):
        """defer.race as Twisted 23.8+ has it (22.4 has no race), with marks where Twine differs.

        The first success wins: the other inputs are cancelled and the result fires with
        (index, value). When every input failed, it fails with a FailureGroup in input order.
        Every input continues with None. Cancelling the result cancels every input.
        """
        failures = []
        winner = []
        marked = []

        def cancel_each(skip):
            for d in inputs:
                if d is skip:
                    continue
                try:
                    d.cancel()
                except BaseException:
                    # Twisted lets a canceller's exception escape; Twine logs it and goes on.
                    if not marked:
                        marked.append(True)
                        self.trace.append("%s~raised" % me)
                    raise

        def settle(fire, value):
            if result.called:
                # Twisted raises AlreadyCalledError into the input's chain; Twine ignores it.
                self.trace.append("%s~late" % me)
            fire(value)

        def succeeded(value, index):
            if not winner:
                winner.append(inputs[index])
                cancel_each(winner[0])
                settle(result.callback, (index, value))
            return None

        def failed(failure, index):
            failures.append((index, failure))
            if len(failures) == len(inputs):
                failures.sort(key=lambda pair: pair[0])
                settle(result.errback, Failure(FailureGroup([f for _, f in failures])))
            return None

        result = defer.Deferred(lambda _: cancel_each(None))
        for i, d in enumerate(inputs):
            d.addCallbacks(succeeded, failed, callbackArgs=(i,), errbackArgs=(i,))
        return result

    def op(self, n, words):
        w = words[0]
        if w in ("list", "gather", "race"):
            name = "d%d" % len(self.ds)
            self.ds.append(self.combine(w, words[1], words[2] if len(words) > 2 else "", name))
            return
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

    def stranded(self):
        """Deferreds with callbacks Twisted left behind after handing the result to a paused
        waiter: the documented "stranded callbacks" difference (docs/differences.md); Twine has
        run them. (Between ops only; during one, see _run_callbacks_marking_stranded.)"""
        return [d for d in self.ds + self.es
                if d.called and not d.paused and not d._runningCallbacks and d.callbacks]

    def mark_stuck(self):
        for d in self.stranded():
            # Only this runner marks it; the comparison stops at the mark.
            self.trace.append("%s~stuck" % self.name(d))

    def run(self, program):
        global CURRENT
        CURRENT = self
        for n, text in enumerate(program.split(";")):
            words = text.split()
            try:
                if words[0] == "advance":
                    self.clock.advance(float(words[1]))
                else:
                    self.op(n, words)
            except Exception as e:
                self.trace.append("#%d!%s" % (n, type(e).__name__))
            self.mark_stuck()
        for d in self.ds + self.es:
            if d.called:
                res = self.render(d.result)
            else:
                res = "-"
            info = d._debugInfo
            unhandled = 1 if info is not None and info.failResult is not None else 0
            self.trace.append("%s=%d/%d/%s/%d" % (self.name(d), 1 if d.called else 0, d.paused, res, unhandled))
        # Drop the failures so that Twisted does not log them at exit.
        for d in self.ds + self.es:
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
