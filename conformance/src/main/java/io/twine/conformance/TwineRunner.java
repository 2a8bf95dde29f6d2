package io.twine.conformance;

import io.twine.defer.AlreadyCalledError;
import io.twine.defer.CancelledError;
import io.twine.defer.Canceller;
import io.twine.defer.Defer;
import io.twine.defer.Deferred;
import io.twine.defer.DeferredList;
import io.twine.defer.Failure;
import io.twine.defer.FailureGroup;
import io.twine.defer.FirstError;
import io.twine.defer.Indexed;
import io.twine.defer.Outcome;
import io.twine.defer.TimeoutError;
import io.twine.defer.UnhandledErrors;
import io.twine.defer.Callback;
import io.twine.task.ManualClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one conformance program (see {@code conformance/README.md} for the format) against Twine
 * and returns its trace: the same trace {@code conformance/twisted_runner.py} prints for Twisted.
 * Everything runs on the calling thread, with a {@link ManualClock} for timeouts.
 *
 * <p>Combinators map to Twine's API as follows: {@code list L FLAGS} is
 * {@link DeferredList#fireOnOneCallback} when FLAGS has {@code c}, else a {@link DeferredList};
 * {@code gather} is {@link Defer#gatherResults(Iterable, boolean)}; {@code race} is
 * {@link Defer#race}. Their results print as Twisted's do: an {@link Indexed} (from race or
 * fireOnOneCallback) as {@code (index:value)}, which is how the Python runner prints both
 * Twisted's {@code (index, value)} and {@code (value, index)} tuples; an
 * {@link DeferredList.AllOutcomes} as the plain list of outcomes Twisted fires with.
 *
 * <p>Run as a program, it reads programs from standard input, one per line, and prints one trace
 * line per program.
 */
public final class TwineRunner {

    /** Test exception types, named alike in the Python runner. */
    public static final class ErrA extends Exception {
        ErrA(String m) {
            super(m);
        }
    }

    /** Second test exception type. */
    public static final class ErrB extends Exception {
        ErrB(String m) {
            super(m);
        }
    }

    /** Third test exception type (also what raising cancellers throw). */
    public static final class ErrC extends RuntimeException {
        ErrC(String m) {
            super(m);
        }
    }

    private static final Map<String, Class<? extends Throwable>> ERRORS = Map.of(
            "ErrA", ErrA.class, "ErrB", ErrB.class, "ErrC", ErrC.class,
            "CancelledError", CancelledError.class, "AlreadyCalledError", AlreadyCalledError.class,
            "TimeoutError", TimeoutError.class);

    private final List<Deferred<Object>> ds = new ArrayList<>();
    /** Combinators created by callbacks ({@code list:...} behaviours), named eN / EN. */
    private final List<Deferred<Object>> es = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private final ManualClock clock = new ManualClock();

    private TwineRunner() {
    }

    /**
     * Runs {@code program} on a fresh set of Deferreds and returns its trace.
     *
     * @param program one program line
     * @return the trace, events separated by single spaces
     * @throws IllegalArgumentException if the program is malformed
     */
    public static String run(String program) {
        return new TwineRunner().execute(program);
    }

    static Throwable error(String name, String message) {
        return switch (name) {
            case "ErrA" -> new ErrA(message);
            case "ErrB" -> new ErrB(message);
            case "ErrC" -> new ErrC(message);
            case "CancelledError" -> new CancelledError();
            case "AlreadyCalledError" -> new AlreadyCalledError(message);
            case "TimeoutError" -> new TimeoutError(1.0);
            default -> throw new Malformed("unknown error type " + name);
        };
    }

    private static Class<? extends Throwable> errorType(String name) {
        Class<? extends Throwable> c = ERRORS.get(name);
        if (c == null) {
            throw new Malformed("unknown error type " + name);
        }
        return c;
    }

    /** The name shared with Python: the simple class name, unwrapping a thrown Failure. */
    static String typeName(Throwable t) {
        Throwable v = t instanceof Failure f ? f.value() : t;
        return v.getClass().getSimpleName();
    }

    private String render(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Failure f) {
            String name = f.type().getSimpleName();
            if (name.startsWith("Err")) {
                return "F(" + name + ":" + f.value().getMessage() + ")";
            }
            if (f.value() instanceof FirstError e) {
                return "F(FirstError:" + e.index() + ":" + render(e.subFailure()) + ")";
            }
            if (f.value() instanceof FailureGroup g) {
                return "F(FailureGroup:" + render(g.failures()) + ")";
            }
            return "F(" + name + ")";
        }
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : list) {
                b.append(b.length() > 1 ? "," : "").append(render(o));
            }
            return b.append(']').toString();
        }
        if (v instanceof Outcome<?> o) {
            // Twisted's DeferredList entry (success, result).
            return "(" + (o.success() ? "True" : "False") + "," + render(o.result()) + ")";
        }
        if (v instanceof Indexed<?> i) {
            // race's (index, value) and fireOnOneCallback's (value, index) alike, index first.
            return "(" + i.index() + ":" + render(i.value()) + ")";
        }
        if (v instanceof DeferredList.AllOutcomes<?> all) {
            // A fireOnOneCallback list whose inputs all failed: Twisted fires with the plain list.
            return render(all.outcomes());
        }
        if (v instanceof Deferred<?> d) {
            return name(d).toUpperCase(java.util.Locale.ROOT);
        }
        return v.toString();
    }

    private String name(Deferred<?> d) {
        for (int i = 0; i < ds.size(); i++) {
            if (ds.get(i) == d) {
                return "d" + i;
            }
        }
        for (int i = 0; i < es.size(); i++) {
            if (es.get(i) == d) {
                return "e" + i;
            }
        }
        return "d?";
    }

    private Canceller<Object> canceller(int idx, int kind) {
        return d -> {
            trace.add("c" + idx);
            switch (kind) {
                case 2 -> d.callback("c" + idx);
                case 3 -> d.errback(new ErrB("c" + idx));
                case 4 -> throw new ErrC("c" + idx);
                default -> { }
            }
        };
    }

    private Callback<Object, Object> behaviour(String k, String spec) {
        String[] parts = spec.split(":");
        return arg -> {
            trace.add(k + "(" + render(arg) + ")");
            Object out;
            try {
                out = act(k, parts, arg);
            } catch (Throwable t) {
                trace.add(k + "!" + typeName(t));
                throw t;
            }
            trace.add(k + "=" + render(out));
            return out;
        };
    }

    private Object act(String k, String[] parts, Object arg) throws Exception {
        switch (parts[0]) {
            case "pass":
                return arg;
            case "map":
                return "v" + k;
            case "raise":
                throw (Exception) error(parts[1], k);
            case "trap":
                ((Failure) arg).trap(errorType(parts[1]));
                return "t" + k;
            case "ret":
                return ds.get(Integer.parseInt(parts[1]));
            case "fire":
                ds.get(Integer.parseInt(parts[1])).callback(parts[2]);
                return arg;
            case "fail":
                ds.get(Integer.parseInt(parts[1])).errback(error(parts[2], k));
                return arg;
            case "add":
                int j = Integer.parseInt(parts[1]);
                ds.get(j).addCallback(behaviour(parts[2], "map"));
                return arg;
            case "cancel":
                ds.get(Integer.parseInt(parts[1])).cancel();
                return arg;
            case "pu": {
                Deferred<Object> d = ds.get(Integer.parseInt(parts[1]));
                d.pause();
                d.unpause();
                return arg;
            }
            case "list", "gather", "race":
                es.add(combine(parts[0], parts[1], parts.length > 2 ? parts[2] : ""));
                return arg;
            default:
                throw new Malformed("unknown behaviour " + parts[0]);
        }
    }

    /** A program the runner cannot read (as opposed to an error Twine raised while running it). */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }

    private Deferred<Object> deferred(String index) {
        try {
            return ds.get(Integer.parseInt(index));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new Malformed("no Deferred number '" + index + "'");
        }
    }

    private static String word(String[] w, int i) {
        if (i >= w.length) {
            throw new Malformed("'" + w[0] + "' needs " + i + " arguments");
        }
        return w[i];
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new Malformed("not a number: '" + s + "'");
        }
    }

    private List<Deferred<Object>> inputs(String word) {
        List<Deferred<Object>> in = new ArrayList<>();
        if (!word.equals("-")) {
            for (String i : word.split(",")) {
                in.add(deferred(i));
            }
        }
        return in;
    }

    /** A combinator of {@code kind} over the Deferreds {@code subset} (op {@code list L FLAGS} etc.). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Deferred<Object> combine(String kind, String subset, String flags) {
        List<Deferred<Object>> in = inputs(subset);
        boolean consume = flags.contains("x");
        return switch (kind) {
            case "list" -> (Deferred) (flags.contains("c")
                    ? DeferredList.fireOnOneCallback(in, flags.contains("e"), consume)
                    : new DeferredList<>(in, flags.contains("e"), consume));
            case "gather" -> (Deferred) Defer.gatherResults(in, consume);
            case "race" -> (Deferred) Defer.race(in);
            default -> throw new Malformed("unknown combinator " + kind);
        };
    }

    private void op(int n, String[] w) {
        if (w[0].equals("list") || w[0].equals("gather") || w[0].equals("race")) {
            if (w[0].equals("list")) {
                word(w, 2); // a list's FLAGS word is required ("-" for none)
            }
            ds.add(combine(w[0], word(w, 1), w.length > 2 ? w[2] : ""));
            return;
        }
        if (w[0].equals("new")) {
            int kind = (int) number(word(w, 1));
            int idx = ds.size();
            ds.add(kind == 0 ? new Deferred<>() : new Deferred<>(canceller(idx, kind)));
            return;
        }
        if (w[0].equals("succeed")) {
            ds.add(Deferred.succeed(word(w, 1)));
            return;
        }
        if (w[0].equals("advance")) {
            clock.advance(number(word(w, 1)));
            return;
        }
        Deferred<Object> d = deferred(word(w, 1));
        switch (w[0]) {
            case "cb" -> d.addCallback(behaviour(word(w, 2), word(w, 3)));
            case "eb" -> d.addErrback(behaviour(word(w, 2), word(w, 3))::call);
            case "both" -> d.addBoth(behaviour(word(w, 2), word(w, 3)));
            case "cbs" -> d.addCallbacks(behaviour(word(w, 2), word(w, 3)), behaviour(word(w, 2), word(w, 4))::call);
            case "fire" -> d.callback(word(w, 2));
            case "fail" -> d.errback(error(word(w, 2), "#" + n));
            case "pause" -> d.pause();
            case "unpause" -> d.unpause();
            case "cancel" -> d.cancel();
            case "chain" -> d.chainDeferred(deferred(word(w, 2)));
            case "timeout" -> d.addTimeout(number(word(w, 2)), clock);
            default -> throw new Malformed("unknown op '" + w[0] + "'");
        }
    }

    private String execute(String program) {
        String[] ops = program.split(";");
        for (int n = 0; n < ops.length; n++) {
            String[] words = ops[n].trim().split("\\s+");
            try {
                op(n, words);
            } catch (Malformed e) {
                throw new IllegalArgumentException("malformed op " + n + " '" + ops[n] + "': " + e.getMessage(), e);
            } catch (RuntimeException e) {
                trace.add("#" + n + "!" + typeName(e));
            }
        }
        List<Deferred<Object>> all = new ArrayList<>(ds);
        all.addAll(es);
        for (Deferred<Object> d : all) {
            String res = d.called() ? render(d.result()) : "-";
            trace.add(name(d) + "=" + (d.called() ? 1 : 0) + "/" + d.paused() + "/" + res + "/"
                    + (d.hasUnhandledFailure() ? 1 : 0));
        }
        return String.join(" ", trace);
    }

    /**
     * Reads programs from standard input and prints one trace per line.
     *
     * @param args unused
     * @throws IOException if standard input cannot be read
     */
    public static void main(String[] args) throws IOException {
        // Unhandled failures are part of the trace; the log would only repeat them.
        UnhandledErrors.setLogging(false);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            out.println(run(line));
        }
        out.flush();
    }
}
