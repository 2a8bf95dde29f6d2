package io.twine.conformance;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates random conformance programs (format in {@code conformance/README.md}) from a seed:
 * the same seed always gives the same programs.
 *
 * <p>Programs stay inside the behaviour both implementations promise to share. The generator
 * never writes what Twine deliberately refuses (see {@code docs/differences.md}): no
 * {@code callback(aDeferred)}, no callback returning its own Deferred (a callback may only return
 * a Deferred created after the one it is attached to, and {@code chain} only targets later
 * Deferreds), and no {@code unpause} without a matching top-level {@code pause}.
 *
 * <p>About one program in five also creates combinators ({@code list}, {@code gather},
 * {@code race}) over random subsets of the Deferreds created so far. A combinator waits on its
 * inputs, so the generator keeps a graph of who may wait on whom (returned Deferreds, chains,
 * inputs) and never writes a {@code ret} or {@code chain} that would close a cycle: Twisted's
 * {@code cancel} would recurse through it without end. A race's result is never fired from
 * outside, nor a gatherResults Deferred with a value (see {@link #firable}).
 */
public final class ProgramGenerator {

    private static final String[] RAISED = {"ErrA", "ErrB", "ErrC"};
    private static final String[] TRAPPED = {"ErrA", "ErrB", "ErrC", "CancelledError", "TimeoutError",
        "AlreadyCalledError"};
    private static final String[] FAILED = {"ErrA", "ErrB"};

    /** At most this many combinators per program. */
    private static final int MAX_COMBINATORS = 2;
    private static final int LIST = 1;
    private static final int GATHER = 2;
    private static final int RACE = 3;

    private final SplittableRandom random;
    private int nextCallbackId;
    /** How many Deferreds the program has created so far. */
    private int deferreds;
    /** Per Deferred: 0 created by new/succeed, else LIST, GATHER or RACE. */
    private int[] kinds;
    /**
     * Per Deferred, a bit set of the Deferreds it may wait on or watch: a callback's {@code ret}
     * target, a {@code chain} source, a combinator's inputs. Kept free of cycles.
     */
    private long[] edges;
    /** Whether this program rolled combinators: then callbacks may create some too. */
    private boolean combining;

    /**
     * A generator whose programs are determined by {@code seed}.
     *
     * @param seed the seed
     */
    public ProgramGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * The next program.
     *
     * @return one program line
     */
    public String next() {
        nextCallbackId = 0;
        deferreds = 1 + random.nextInt(4);
        kinds = new int[deferreds + MAX_COMBINATORS];
        edges = new long[kinds.length];
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < deferreds; i++) {
            int roll = random.nextInt(10);
            ops.add(roll == 0 ? "succeed s" + i : "new " + (roll < 5 ? 0 : 1 + random.nextInt(4)));
        }
        int[] pauses = new int[kinds.length];
        int count = 3 + random.nextInt(11);
        // The combinator roll: about one program in five combines some of its Deferreds.
        int combinators = random.nextInt(5) == 0 ? 1 + random.nextInt(MAX_COMBINATORS) : 0;
        combining = combinators > 0;
        for (int n = 0; n < count; n++) {
            if (combinators > 0 && random.nextInt(count - n) < combinators) {
                combinators--;
                combinator(ops);
                continue;
            }
            int d = random.nextInt(deferreds);
            int roll = random.nextInt(100);
            if (roll < 45) {
                ops.add(addition(d));
            } else if (roll < 60) {
                if (firable(d, true)) {
                    ops.add("fire " + d + " x" + ops.size());
                }
            } else if (roll < 66) {
                if (firable(d, false)) {
                    ops.add("fail " + d + " " + pick(FAILED));
                }
            } else if (roll < 72) {
                pauses[d]++;
                ops.add("pause " + d);
            } else if (roll < 78) {
                int p = pausedOne(pauses);
                if (p >= 0) {
                    pauses[p]--;
                    ops.add("unpause " + p);
                }
            } else if (roll < 85) {
                ops.add("cancel " + d);
            } else if (roll < 89) {
                if (d < deferreds - 1) {
                    int e = later(d);
                    if (firable(e, true) && firable(e, false) && !reaches(d, e)) {
                        edges[e] |= 1L << d;
                        ops.add("chain " + d + " " + e);
                    }
                }
            } else if (roll < 94) {
                ops.add("timeout " + d + " " + (1 + random.nextInt(3)));
            } else {
                ops.add("advance " + (1 + random.nextInt(2)));
            }
        }
        // Usually let every pause go at the end, so that most programs run to completion.
        if (random.nextInt(4) != 0) {
            for (int d = 0; d < deferreds; d++) {
                while (pauses[d]-- > 0) {
                    ops.add("unpause " + d);
                }
            }
        }
        return String.join(";", ops);
    }

    /**
     * Adds a combinator over a random subset of the Deferreds created so far, and sometimes an op
     * on it right away.
     */
    private void combinator(List<String> ops) {
        long[] inputs = new long[1];
        String[] w = combinatorWords(inputs);
        ops.add(String.join(" ", w));
        int self = deferreds++;
        kinds[self] = switch (w[0]) {
            case "list" -> LIST;
            case "gather" -> GATHER;
            default -> RACE;
        };
        edges[self] = inputs[0];
        int roll = random.nextInt(8);
        if (roll == 0) {
            ops.add("cancel " + self);
        } else if (roll == 1) {
            ops.add(addition(self));
        }
    }

    /**
     * A random combinator: its kind ({@code list} half of the time), its inputs (1 to 4 of the
     * Deferreds created so far, fired or not, combinators included; now and then none, or one
     * twice) and, but for a race, its flags ({@code -} for none). Sets {@code inputs[0]} to the
     * inputs as a bit set.
     */
    private String[] combinatorWords(long[] inputs) {
        int size = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(Math.min(4, deferreds));
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < deferreds; i++) {
            pool.add(i);
        }
        StringBuilder subset = new StringBuilder();
        for (int i = 0; i < size; i++) {
            int pick = random.nextInt(10) == 0 ? random.nextInt(deferreds) : pool.remove(random.nextInt(pool.size()));
            subset.append(i == 0 ? "" : ",").append(pick);
            inputs[0] |= 1L << pick;
        }
        String in = size == 0 ? "-" : subset.toString();
        int kind = random.nextInt(4);
        if (kind == 2) {
            return new String[] {"gather", in, random.nextBoolean() ? "x" : "-"};
        }
        if (kind == 3) {
            return new String[] {"race", in};
        }
        StringBuilder flags = new StringBuilder();
        if (random.nextInt(3) == 0) {
            flags.append('c');
        }
        if (random.nextInt(3) == 0) {
            flags.append('e');
        }
        if (random.nextInt(2) == 0) {
            flags.append('x');
        }
        return new String[] {"list", in, flags.isEmpty() ? "-" : flags.toString()};
    }

    /**
     * Whether the program may fire Deferred {@code d} directly ({@code success}: with a value, else
     * with a failure). A race's result is never fired from outside: Twisted's race then raises
     * AlreadyCalledError into the chain of the input that settles it later, which Twine ignores
     * (docs/differences.md). A gatherResults Deferred is never fired with a value: Twisted's
     * result-parsing callback fails on a non-list with a Python error Java has no name for.
     */
    private boolean firable(int d, boolean success) {
        return kinds[d] != RACE && (kinds[d] != GATHER || !success);
    }

    /**
     * Whether Deferred {@code from} may (transitively) wait on or watch {@code to}. A callback on
     * {@code to} must not then return {@code from}: that cycle (say a callback returning a
     * DeferredList over its own Deferred) makes Twisted's cancel recurse without end.
     */
    private boolean reaches(int from, int to) {
        long seen = 0;
        long todo = 1L << from;
        while (todo != 0) {
            int n = Long.numberOfTrailingZeros(todo);
            todo &= todo - 1;
            if (n == to) {
                return true;
            }
            if ((seen & (1L << n)) == 0) {
                seen |= 1L << n;
                todo |= edges[n] & ~seen;
            }
        }
        return false;
    }

    private int pausedOne(int[] pauses) {
        int start = random.nextInt(pauses.length);
        for (int i = 0; i < pauses.length; i++) {
            int d = (start + i) % pauses.length;
            if (pauses[d] > 0) {
                return d;
            }
        }
        return -1;
    }

    private int later(int d) {
        return d + 1 + random.nextInt(deferreds - d - 1);
    }

    private String pick(String[] from) {
        return from[random.nextInt(from.length)];
    }

    private String id() {
        return "k" + nextCallbackId++;
    }

    private String addition(int d) {
        int kind = random.nextInt(4);
        return switch (kind) {
            case 0 -> "cb " + d + " " + id() + " " + behaviour(d, false);
            case 1 -> "eb " + d + " " + id() + " " + behaviour(d, true);
            case 2 -> "both " + d + " " + id() + " " + behaviour(d, false);
            default -> "cbs " + d + " " + id() + " " + behaviour(d, false) + " " + behaviour(d, true);
        };
    }

    /** A behaviour for a callback attached to Deferred {@code d}; {@code failure}: it gets Failures only. */
    private String behaviour(int d, boolean failure) {
        if (combining && random.nextInt(12) == 0) {
            // A combinator made while a callback runs, maybe over that callback's own Deferred.
            // Nothing refers to it later (its number is only known at run time: eN).
            return String.join(":", combinatorWords(new long[1]));
        }
        int roll = random.nextInt(100);
        if (roll < 18) {
            return "pass";
        }
        if (roll < 36) {
            return "map";
        }
        if (roll < 50) {
            return "raise:" + pick(RAISED);
        }
        if (roll < 62) {
            return failure ? "trap:" + pick(TRAPPED) : "map";
        }
        if (roll < 74) {
            if (d < deferreds - 1) {
                int j = later(d);
                if (!reaches(j, d)) {
                    edges[d] |= 1L << j;
                    return "ret:" + j;
                }
            }
            return "pass";
        }
        if (roll < 82) {
            int j = random.nextInt(deferreds);
            return firable(j, true) ? "fire:" + j + ":y" + nextCallbackId : "pass";
        }
        if (roll < 86) {
            int j = random.nextInt(deferreds);
            return firable(j, false) ? "fail:" + j + ":" + pick(FAILED) : "pass";
        }
        if (roll < 92) {
            return "add:" + random.nextInt(deferreds) + ":" + id();
        }
        if (roll < 96) {
            return "pu:" + random.nextInt(deferreds);
        }
        return "cancel:" + random.nextInt(deferreds);
    }

    /**
     * Prints {@code count} programs from {@code seed}: {@code ProgramGenerator count seed}.
     *
     * @param args the count and the seed
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ProgramGenerator <count> <seed>");
            System.exit(2);
        }
        int count = Integer.parseInt(args[0]);
        ProgramGenerator g = new ProgramGenerator(Long.parseLong(args[1]));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            out.println(g.next());
        }
        out.flush();
    }
}
