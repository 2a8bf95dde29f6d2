"""Turns one run of benchmarks/run.sh into a Markdown report (stdout).

Inputs, all in the results directory given as the only argument:
  jmh.json          JMH's -rf json output (ns/op; B/op from -prof gc's gc.alloc.rate.norm)
  jmh-deep.json     the same for workload 4 (single-shot)
  deep.tsv          DeepCheck: library depth outcome millis
  memory.tsv        MemoryFootprint, default object headers: name bytes
  memory-compact.tsv  the same with -XX:+UseCompactObjectHeaders (optional)
  twisted.jsonl     benchmarks/twisted/bench_deferred.py (optional)
  paired.tsv        PairedPeers: workload library best median ratio-to-twine bytes (optional)
  paired-diag.tsv   PairedDiagnostics: the same columns, ratios to the default build ("off") (optional)
  w6-paired.tsv     W6Paired, the same columns for workload 6: twine, rawContinuation (optional)
  memory-coroutine.tsv  CoroutineFootprint, one line per mechanism run: name bytes (optional)
  meta.txt          key=value lines: command, jdk, date, load, ...
Ratios are "peer / Twine": above 1 means Twine is faster by that factor. Times and ratios use the
best (minimum) measurement iteration of each benchmark, the one least disturbed by other processes
on a shared machine (as timeit's min of repeats on the Twisted side); the mean and JMH's 99.9%
error are shown beside it so the noise is visible.
"""
import json
import os
import sys

LIBS = ["twine", "completableFuture", "guava", "vertx", "reactor", "floor", "floorCas"]
LABEL = {
    "twine": "**Twine**",
    "completableFuture": "JDK CompletableFuture",
    "guava": "Guava SettableFuture + transform(directExecutor)",
    "vertx": "Vert.x Promise/Future",
    "reactor": "Reactor Mono (Sinks.One)",
    "floor": "floor: single-threaded callback list",
    "floorCas": "floor: + CAS lock (thread-safe)",
    "twisted": "Twisted (CPython)",
}
PKG = "io.twine.bench."


def load(path, default=None):
    return open(path).read() if os.path.exists(path) else default


def fmt(x, digits=1):
    if x is None:
        return "–"
    if x >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def ratio(x):
    return "–" if x is None else f"{x:.2f}x"


def best(metric):
    """The minimum over all measurement iterations of all forks (the score if there is no raw data)."""
    raw = [x for fork in metric.get("rawData") or [] for x in fork]
    return min(raw) if raw else metric["score"]


class Results:
    def __init__(self, d):
        self.by = {}
        rows = json.loads(load(os.path.join(d, "jmh.json"), "[]")) + json.loads(load(os.path.join(d, "jmh-deep.json"), "[]"))
        for r in rows:
            name = r["benchmark"][len(PKG):] if r["benchmark"].startswith(PKG) else r["benchmark"]
            cls, method = name.rsplit(".", 1)
            params = r.get("params") or {}
            key = (cls, method, params.get("n"))
            sec = r.get("secondaryMetrics", {})
            alloc = sec.get("·gc.alloc.rate.norm") or sec.get("gc.alloc.rate.norm")
            self.by[key] = {
                "ns": best(r["primaryMetric"]),
                "mean": r["primaryMetric"]["score"],
                "err": r["primaryMetric"].get("scoreError"),
                "alloc": alloc["score"] if alloc else None,
                "sec": {k: best(v) for k, v in sec.items()},
            }
        self.twisted = {}
        for line in (load(os.path.join(d, "twisted.jsonl"), "") or "").splitlines():
            if line.strip():
                o = json.loads(line)
                self.twisted[o["workload"]] = o

    def get(self, cls, method, n=None):
        return self.by.get((cls, method, n))


def chain_table(res, cls, title, what, per=10, twisted_key=None):
    out = [f"### {title}", "", what, ""]
    tw = res.get(cls, "twine")
    out.append("| library | ns/op (best) | mean ± 99.9% | ns/stage | B/op | peer / Twine |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for lib in LIBS:
        r = res.get(cls, lib)
        if r is None:
            continue
        rt = r["ns"] / tw["ns"] if tw else None
        out.append(f"| {LABEL[lib]} | {fmt(r['ns'])} | {fmt(r['mean'])} ± {fmt(r['err'])} | {fmt(r['ns'] / per, 2)} | "
                   f"{fmt(r['alloc'], 0)} | {'1' if lib == 'twine' else ratio(rt)} |")
    t = res.twisted.get(twisted_key or cls)
    if t:
        rt = t["ns_op"] / tw["ns"] if tw else None
        out.append(f"| {LABEL['twisted']} {t['twisted']} | {fmt(t['ns_op'])} | min of repeats | "
                   f"{fmt(t['ns_op'] / per, 1)} | – | {ratio(rt)} |")
    out.append("")
    return out


def paired_table(paired):
    if not paired:
        return []
    out = ["### Workloads 1-3, paired (all libraries interleaved in one JVM per workload)", "",
           "Each round runs every library for a slice of 200-5,000 operations, in rotating order; "
           "peer / Twine is the median over rounds of the ratio within a round, so load drift cancels. "
           "ns/op: best slice and median slice. B/op: allocated by the measuring thread.", "",
           "| workload | library | ns/op (best) | ns/op (median) | B/op | peer / Twine (median of paired ratios) |",
           "|---|---|---:|---:|---:|---:|"]
    for w, lib, best_, med, ratio_, b in paired:
        out.append(f"| {w} | {LABEL.get(lib, lib)} | {float(best_):.1f} | {float(med):.1f} | {b} | "
                   f"{'1' if lib == 'twine' else ratio(float(ratio_))} |")
    return out + [""]


def paired_verdicts(paired, line):
    by = {(w, lib): float(r) for w, lib, _, _, r, _ in paired}
    for w in ["W1", "W2", "W3"]:
        if (w, "twine") not in by:
            continue
        peers = {lib: by.get((w, lib)) for lib in ["completableFuture", "guava", "vertx", "reactor"]}
        slower = [f"{lib} (peer / Twine {r:.2f})" for lib, r in peers.items() if r is not None and r <= 1]
        line(not slower, f"{w} (paired) Twine faster than every peer" + (f" — not faster than {', '.join(slower)}" if slower else ""))
        cf = peers["completableFuture"]
        if cf is not None:
            line(cf >= 1.5, f"{w} (paired) >= 1.5x faster than CompletableFuture: {cf:.2f}x")
        fl, fc = by.get((w, "floor")), by.get((w, "floorCas"))
        if fl:
            line(1 / fl <= 1.7, f"{w} (paired) within 1.7x of the single-threaded floor: {1 / fl:.2f}x"
                 + (f" (thread-safe floor: {1 / fc:.2f}x)" if fc else ""))
    if ("W2One", "completableFuture") in by:
        r = by[("W2One", "completableFuture")]
        line(r >= 1 / 1.05, f"W2 (paired) succeed(x).addCallback(f) not slower than completedFuture(x).thenApply(f): "
             f"CompletableFuture takes {r:.3f} of Twine's time")


DIAG_SHAPES = [("W1", "pendingChain", "W1 pending chain"), ("W2", "alreadyFired", "W2 already fired, 10 stages"),
               ("W2One", "oneStage", "W2 one stage"), ("W3", "errorPath", "W3 error path")]


def diag_by(diag):
    """PairedDiagnostics lines, several JVMs per shape: (shape, copy) -> (best, median, median ratio, B/op, ratios)."""
    runs = {}
    for w, lib, best, med, r, b in diag:
        runs.setdefault((w[len("Diag"):], lib), []).append((float(best), float(med), float(r), b))
    by = {}
    for k, rows in runs.items():
        ratios = sorted(r[2] for r in rows)
        by[k] = (min(r[0] for r in rows), sorted(r[1] for r in rows)[len(rows) // 2], ratios[len(ratios) // 2],
                 rows[0][3], ratios)
    return by


def diagnostics_section(res, diag):
    """Debug mode off against a build without it: JMH forks (DiagnosticsOffCost) and the paired run."""
    jmh = [(label, res.get("DiagnosticsOffCost", m + "Off"), res.get("DiagnosticsOffCost", m + "None"))
           for _, m, label in DIAG_SHAPES]
    jmh = [row for row in jmh if row[1] and row[2]]
    by = diag_by(diag)
    if not jmh and not by:
        return []
    out = ["### Diagnostics off against a build without them", "",
           "`off`: the default build, every diagnostic off but available (the engine reads the switch word in "
           "each constructor and each `callback`/`errback`, and tests one state bit in `add`). `none`: "
           "`-Dtwine.diagnostics=none`, which makes `Deferred.DIAGNOSTICS` a `static final false`, so the JIT "
           "folds those reads and tests away: the code a build without diagnostics compiles to, from the same "
           "bytecode. JMH runs each in its own fork (`DiagnosticsOffCost`); the paired run "
           "(`PairedDiagnostics`) loads twine-core twice in one JVM, one class loader per setting, and "
           "interleaves them; `offCopy`, a second copy of the default build, is the control that shows the "
           "method's resolution on this run. The paired run is repeated in several JVMs (the JIT compiles each "
           "copy on its own, and now and then one copy gets a markedly worse compilation): ratios are the median "
           "over JVMs, each JVM's value in brackets.", ""]
    if jmh:
        out += ["| shape | off: ns/op (best) | none: ns/op (best) | off B/op | none B/op |", "|---|---:|---:|---:|---:|"]
        for label, off, none in jmh:
            out.append(f"| {label} | {fmt(off['ns'])} | {fmt(none['ns'])} | {fmt(off['alloc'], 0)} | {fmt(none['alloc'], 0)} |")
        out.append("")
    if by:
        out += ["| shape (paired) | off: ns/op (median) | none / off | offCopy / off (control) | B/op off / none |",
                "|---|---:|---:|---:|---:|"]

        def cell(x):
            return "–" if x is None else f"{x[2]:.3f} [{', '.join(f'{r:.2f}' for r in x[4])}]"
        for w, _, label in DIAG_SHAPES:
            if (w, "off") in by and (w, "none") in by:
                off, none, ctl = by[(w, "off")], by[(w, "none")], by.get((w, "offCopy"))
                out.append(f"| {label} | {off[1]:.1f} | {cell(none)} | {cell(ctl)} | {off[3]} / {none[3]} |")
        out.append("")
    return out


def diagnostics_verdict(res, diag, line):
    by = {k: (v[2], float(v[3])) for k, v in diag_by(diag).items()}
    worst, bytes_equal, shapes = None, True, 0
    for w, m, label in DIAG_SHAPES:
        off, none = res.get("DiagnosticsOffCost", m + "Off"), res.get("DiagnosticsOffCost", m + "None")
        if off and none and off["alloc"] is not None and none["alloc"] is not None:
            bytes_equal &= abs(off["alloc"] - none["alloc"]) < 1
        if (w, "off") in by and (w, "none") in by:
            shapes += 1
            none_r = by[(w, "none")][0]
            ctl = by.get((w, "offCopy"), (1.0, 0))[0]
            # "Measurable": the build without diagnostics is faster than the default by more than the
            # control copy differs from it (and by more than 3 %, the paired method's usual resolution).
            slack = max(0.03, abs(ctl - 1))
            gain = 1 - none_r
            if worst is None or gain - slack > worst[0] - worst[1]:
                worst = (gain, slack, label)
            bytes_equal &= by[(w, "off")][1] == by[(w, "none")][1]
    if shapes:
        gain, slack, label = worst
        if slack > 0.10:
            # The two identical copies differed by more than 10 %: a JIT or load accident in this
            # run, which would also hide any real cost. Say so instead of calling it met.
            line(None, f"debug mode off against a build without it: the control copy differed from the default by "
                       f"{slack * 100:.0f} % in this run, too much to resolve a cost; rerun `PairedDiagnostics`")
            return
        line(gain <= slack and bytes_equal,
             f"debug mode off costs nothing measurable against a build without it: largest gain of the locked-off "
             f"build {gain * 100:+.1f} % ({label}) against a resolution of {slack * 100:.1f} %; "
             f"B/op {'identical' if bytes_equal else 'DIFFERENT'} in every shape")


def verdicts(res, deep, memory, paired=(), diag=()):
    v = []

    def line(ok, text):
        v.append(f"- {'NOT JUDGED' if ok is None else 'MET' if ok else 'MISSED'}: {text}")

    for cls, name in [("W1PendingChain", "1"), ("W2AlreadyFired", "2"), ("W3ErrorPath", "3")]:
        tw = res.get(cls, "twine")
        if not tw:
            continue
        peers = {lib: res.get(cls, lib) for lib in ["completableFuture", "guava", "vertx", "reactor"]}
        slower = [f"{lib} ({p['ns'] / tw['ns']:.2f}x)" for lib, p in peers.items() if p and p["ns"] <= tw["ns"]]
        line(not slower, f"W{name} Twine faster than every peer"
             + (f" — not faster than {', '.join(slower)}" if slower else ""))
        cf = peers["completableFuture"]
        if cf:
            line(cf["ns"] / tw["ns"] >= 1.5, f"W{name} >= 1.5x faster than CompletableFuture: {cf['ns'] / tw['ns']:.2f}x")
        fl = res.get(cls, "floor")
        if fl:
            line(tw["ns"] / fl["ns"] <= 1.7, f"W{name} within 1.7x of the single-threaded floor: {tw['ns'] / fl['ns']:.2f}x"
                 + (f" (thread-safe floor: {tw['ns'] / res.get(cls, 'floorCas')['ns']:.2f}x)" if res.get(cls, "floorCas") else ""))
        if tw["alloc"] is not None:
            per_cb = tw["alloc"] / 10
            line(per_cb <= 32, f"W{name} <= 32 B per added callback: {tw['alloc']:.0f} B/op for 10 callbacks "
                 f"= {per_cb:.1f} B per callback, Deferred itself included")
    one, cf1 = res.get("W2AlreadyFired", "twineOne"), res.get("W2AlreadyFired", "completableFutureOne")
    tw2 = res.get("W2AlreadyFired", "twine")
    if one and tw2 and one["alloc"] is not None:
        line(tw2["alloc"] - one["alloc"] < 8, f"W2 no allocation per callback when fired: {one['alloc']:.0f} B/op with 1 "
             f"callback, {tw2['alloc']:.0f} B/op with 10")
    if one and cf1:
        line(one["ns"] <= cf1["ns"] * 1.05, f"W2 succeed(x).addCallback(f) not slower than completedFuture(x).thenApply(f): "
             f"{one['ns']:.1f} vs {cf1['ns']:.1f} ns ({cf1['ns'] / one['ns']:.2f}x)")
    small, big = res.get("W4DeepChain", "twine", "100000"), res.get("W4DeepChain", "twine", "1000000")
    if small and big:
        per_s, per_b = small["ns"] / 1e5, big["ns"] / 1e6
        line(per_b / per_s <= 1.5, f"W4 linear: {per_s:.0f} ns/level at 10^5, {per_b:.0f} ns/level at 10^6")
    for row in deep:
        if row[0] == "twine":
            line(row[2] == "ok", f"W4 no StackOverflowError at depth {int(row[1]):,}: {row[2]} ({row[3]} ms, default thread stack)")
    for name, b in memory:
        if name.startswith("twine: pending Deferred + 1"):
            line(float(b) <= 64, f"W8 <= 64 B per pending Deferred with one callback: {float(b):.1f} B")
    paired_verdicts(paired, line)
    diagnostics_verdict(res, diag, line)
    return v


W6_LABEL = {
    "rawContinuation": "raw `jdk.internal.vm.Continuation` resume + yield (the target's baseline)",
    "twineAwait": "**Twine** await, continuation (`twineAwait`)",
    "twineAwaitFallbackPlatform": "Twine await, virtual-thread fallback, fired by a platform thread",
    "twineAwaitFallbackVirtual": "Twine await, virtual-thread fallback, fired by a virtual thread",
    "virtualThreadJoin": "virtual thread blocking on `CompletableFuture.join()`, completed by a platform thread",
    "rawNewDeferred": "raw continuation whose body creates a Deferred per round trip",
    "rawPlusDeferred": "raw continuation driven by a plain Twine Deferred callback (no coroutine driver)",
}


def coroutine_resume(res, w6paired):
    """Workload 6: JMH rows with the ratio to the raw continuation, then the paired ratio."""
    out = ["### 6. Coroutine resume", "",
           "One round trip: a coroutine awaits a Deferred that has not fired, the benchmark thread fires it, the "
           "coroutine resumes synchronously and awaits the next; creating the awaited future included. Against the raw "
           "JDK continuation resume + yield measured in the same run (the target: within 1.5x), Twine's fallback "
           "mechanism (forks with `-Dtwine.coroutine.mechanism=virtual-thread`, fired from a platform or a virtual "
           "thread) and a virtual thread blocking on `CompletableFuture.join()`.", ""]
    raw = res.get("W6CoroutineResume", "rawContinuation")
    rows = [m for m in W6_LABEL if res.get("W6CoroutineResume", m)]
    if rows:
        out += ["| benchmark | ns/op (best) | mean ± 99.9% | B/op | / raw continuation |", "|---|---:|---:|---:|---:|"]
        for m in rows:
            r = res.get("W6CoroutineResume", m)
            out.append(f"| {W6_LABEL[m]} | {fmt(r['ns'])} | {fmt(r['mean'])} ± {fmt(r['err'])} | {fmt(r['alloc'], 0)} | "
                       f"{ratio(r['ns'] / raw['ns']) if raw else '–'} |")
        t, tw = res.twisted.get("W6CoroutineResume"), res.get("W6CoroutineResume", "twineAwait")
        if t:
            # Twisted: Deferred.fromCoroutine awaiting a fresh Deferred per round trip (bench_deferred.py).
            out.append(f"| {LABEL['twisted']} {t['twisted']}: `await` in a coroutine started with "
                       f"`Deferred.fromCoroutine` | {fmt(t['ns_op'])} | min of repeats | – | "
                       f"{ratio(t['ns_op'] / raw['ns']) if raw else '–'} |")
            if tw:
                out += ["", f"Twisted's await round trip / Twine's: {ratio(t['ns_op'] / tw['ns'])}."]
        out.append("")
    if w6paired:
        out += ["Paired (W6Paired: Twine and the raw continuation take turns in slices of 1,000 round trips in one "
                "JVM; ratio = median over rounds of the ratio within a round):", "",
                "| variant | ns/op (best) | ns/op (median) | B/op | / raw continuation (median of paired ratios) |",
                "|---|---:|---:|---:|---:|"]
        by = {lib: (float(b), float(m), float(r), bb) for _, lib, b, m, r, bb in w6paired}
        raw_r = by.get("rawContinuation", (None, None, None, None))[2]
        for lib, (b, m, r, bb) in by.items():
            # The file's ratios are to twine (r = lib / twine); / raw = r / r_raw.
            rel = r / raw_r if raw_r else None
            out.append(f"| {W6_LABEL.get(lib, lib) if lib != 'twine' else W6_LABEL['twineAwait']} | {b:.1f} | {m:.1f} | "
                       f"{bb} | {ratio(rel)} |")
        out.append("")
    return out


def coroutine_verdicts(res, w6paired, comem):
    v = []

    def line(ok, text):
        v.append(f"- {'MET' if ok else 'MISSED'}: {text}")

    tw, raw = res.get("W6CoroutineResume", "twineAwait"), res.get("W6CoroutineResume", "rawContinuation")
    if tw and raw:
        line(tw["ns"] / raw["ns"] <= 1.5, f"W6 within 1.5x of a raw continuation resume+yield: {tw['ns'] / raw['ns']:.2f}x "
             f"({tw['ns']:.1f} vs {raw['ns']:.1f} ns, best iterations)")
    by = {lib: float(r) for _, lib, _, _, r, _ in w6paired}
    if by.get("rawContinuation"):
        line(1 / by["rawContinuation"] <= 1.5,
             f"W6 (paired) within 1.5x of a raw continuation resume+yield: {1 / by['rawContinuation']:.2f}x")
    for m in ["twineAwaitFallbackPlatform", "twineAwaitFallbackVirtual"]:
        r = res.get("W6CoroutineResume", m)
        if r:
            v.append(f"- stated: W6 fallback ({W6_LABEL[m][len('Twine await, '):]}): {fmt(r['ns'])} ns per await "
                     f"(best; mean {fmt(r['mean'])}), {fmt(r['alloc'], 0)} B/op")
    for name, b in comem:
        if "continuation" in name and not name.startswith("raw"):
            line(float(b) <= 400, f"W8 <= 400 B per suspended coroutine of shallow depth (fast path): {float(b):.1f} B")
    return v


def main(d):
    res = Results(d)
    meta = dict(l.split("=", 1) for l in (load(os.path.join(d, "meta.txt"), "") or "").splitlines() if "=" in l)
    deep = [l.split("\t") for l in (load(os.path.join(d, "deep.tsv"), "") or "").splitlines() if l.strip()]
    memory = [l.split("\t") for l in (load(os.path.join(d, "memory.tsv"), "") or "").splitlines() if l.strip()]
    paired = [l.split("\t") for l in (load(os.path.join(d, "paired.tsv"), "") or "").splitlines() if l.strip()]
    diag = [l.split("\t") for l in (load(os.path.join(d, "paired-diag.tsv"), "") or "").splitlines() if l.strip()]
    compact = dict(l.split("\t") for l in (load(os.path.join(d, "memory-compact.tsv"), "") or "").splitlines() if l.strip())
    w6paired = [l.split("\t") for l in (load(os.path.join(d, "w6-paired.tsv"), "") or "").splitlines() if l.strip()]
    comem = [l.split("\t") for l in (load(os.path.join(d, "memory-coroutine.tsv"), "") or "").splitlines() if l.strip()]
    out = ["## Run", ""]
    for k in ["date", "command", "jdk", "jmh", "machine", "load_before", "load_after", "twisted"]:
        if k in meta:
            out.append(f"- {k.replace('_', ' ')}: {meta[k]}")
    out.append("")
    out += chain_table(res, "W1PendingChain", "1. Pending chain",
                       "new unfired future, 10 x (x -> x + 1), fire with 0, read 10.")
    out += chain_table(res, "W2AlreadyFired", "2. Already fired",
                       "future already holding 0, 10 x (x -> x + 1) run at once, read 10.")
    one, cf1 = res.get("W2AlreadyFired", "twineOne"), res.get("W2AlreadyFired", "completableFutureOne")
    if one and cf1:
        out += ["One stage: `Deferred.succeed(x).addCallback(f)` vs `CompletableFuture.completedFuture(x).thenApply(f)`:", "",
                "| | ns/op | B/op | peer / Twine |", "|---|---:|---:|---:|",
                f"| **Twine** | {fmt(one['ns'])} | {fmt(one['alloc'], 0)} | 1 |",
                f"| JDK CompletableFuture | {fmt(cf1['ns'])} | {fmt(cf1['alloc'], 0)} | {ratio(cf1['ns'] / one['ns'])} |"]
        t = res.twisted.get("W2AlreadyFired.One")
        if t:
            out.append(f"| Twisted (CPython) {t['twisted']} | {fmt(t['ns_op'])} | – | {ratio(t['ns_op'] / one['ns'])} |")
        out.append("")
    out += chain_table(res, "W3ErrorPath", "3. Error path",
                       "10 stages on a pending future: stage 3 throws (preallocated, stackless), 4-6 skipped, "
                       "7 recovers with 100, 8-10 add one; read 103.")
    out += paired_table(paired)
    out += ["### 4. Deep chaining", "",
            "n futures, each fired with a callback returning the next, the last one pending; fire it and "
            "read the head (build + unwind). ns/level = ns/op / n.", "",
            "| library | n | ns/op | ns/level | B/level | peer / Twine |", "|---|---:|---:|---:|---:|---:|"]
    for n in ["100000", "1000000", "10000000"]:
        tw = res.get("W4DeepChain", "twine", n)
        for lib in LIBS:
            r = res.get("W4DeepChain", lib, n)
            if r is None:
                continue
            rt = "1" if lib == "twine" else (ratio(r["ns"] / tw["ns"]) if tw else "–")
            out.append(f"| {LABEL[lib]} | {int(n):,} | {fmt(r['ns'] / 1e6, 1)} ms | {fmt(r['ns'] / int(n), 1)} | "
                       f"{fmt(r['alloc'] / int(n) if r['alloc'] else None, 0)} | {rt} |")
    if deep:
        out += ["", "Survival at depth (DeepCheck: one run per library on a new thread with the default stack size):", "",
                "| library | depth | outcome | ms |", "|---|---:|---|---:|"]
        for row in deep:
            out.append(f"| {LABEL.get(row[0], row[0])} | {int(row[1]):,} | {row[2]} | {row[3]} |")
    out.append("")
    out += chain_table(res, "W5FanIn", "5. Fan-in",
                       "1,000 pending futures gathered into one list (gatherResults / allOf / allAsList / "
                       "Future.all / Mono.zip), fired in a fixed random order. ns/stage = ns per input future.",
                       per=1000)
    out += coroutine_resume(res, w6paired)
    out += ["### 7. Contention (2 threads)", "",
            "Rounds: one thread creates a pending future, publishes it and fires it at once, while the other adds "
            "10 callbacks (x -> x + 1) to it, racing the fire; then they wait for each other. ns per round as seen "
            "by each thread (includes two hand-offs between cores).", "",
            "| library | ns/round, firing thread (best) | adding thread (best) | B/op (JMH, group) | peer / Twine |",
            "|---|---:|---:|---:|---:|"]
    tw = res.get("W7Contention", "twine")
    tf = tw["sec"].get("twineFire") if tw else None
    for lib in ["twine", "completableFuture", "guava", "vertx", "reactor", "floorCas"]:
        r = res.get("W7Contention", lib)
        if r is None:
            continue
        add, fire = r["sec"].get(lib + "Add"), r["sec"].get(lib + "Fire")
        per_round = r["alloc"]
        out.append(f"| {LABEL[lib]} | {fmt(fire)} | {fmt(add)} | {fmt(per_round, 0)} | "
                   f"{'1' if lib == 'twine' else ratio(fire / tf if fire and tf else None)} |")
    out.append("")
    if memory or comem:
        out += ["### 8. Memory", "",
                "Retained bytes per object: heap used after full GC with 10^6 objects kept minus without, / 10^6 "
                "(SerialGC, last of 3 passes).", "",
                "| object | bytes | bytes, compact headers |", "|---|---:|---:|"]
        for name, b in memory:
            out.append(f"| {name} | {float(b):.1f} | {float(compact[name]):.1f} |" if name in compact
                       else f"| {name} | {float(b):.1f} | – |")
        for name, b in comem:
            out.append(f"| {name} | {float(b):.1f} | – |")
        out.append("")
        if comem:
            out += ["Suspended coroutines (CoroutineFootprint): heap used with n coroutines `fromCoroutine(() -> "
                    "await(d) + 1)` suspended on n fresh Deferreds minus with the n Deferreds alone, / n (SerialGC, "
                    "last pass); the raw continuation row is the floor, measured the same way as the rows above.", ""]
    out += diagnostics_section(res, diag)
    out += ["### Targets", "",
            "Computed from the JMH best iterations and, where marked, from the paired comparison "
            "(the more trustworthy of the two for ratios on a loaded machine).", ""] + verdicts(res, deep, memory, paired, diag) \
        + coroutine_verdicts(res, w6paired, comem) + [""]
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
