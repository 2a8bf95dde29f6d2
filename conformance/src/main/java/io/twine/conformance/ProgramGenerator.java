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
 * Deferreds, so no cycle of waiting can form), and no {@code unpause} without a matching
 * top-level {@code pause}.
 */
public final class ProgramGenerator {

    private static final String[] RAISED = {"ErrA", "ErrB", "ErrC"};
    private static final String[] TRAPPED = {"ErrA", "ErrB", "ErrC", "CancelledError", "TimeoutError",
        "AlreadyCalledError"};
    private static final String[] FAILED = {"ErrA", "ErrB"};

    private final SplittableRandom random;
    private int nextCallbackId;
    private int deferreds;

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
        List<String> ops = new ArrayList<>();
        for (int i = 0; i < deferreds; i++) {
            int roll = random.nextInt(10);
            ops.add(roll == 0 ? "succeed s" + i : "new " + (roll < 5 ? 0 : 1 + random.nextInt(4)));
        }
        int[] pauses = new int[deferreds];
        int count = 3 + random.nextInt(11);
        for (int n = 0; n < count; n++) {
            int d = random.nextInt(deferreds);
            int roll = random.nextInt(100);
            if (roll < 45) {
                ops.add(addition(d));
            } else if (roll < 60) {
                ops.add("fire " + d + " x" + ops.size());
            } else if (roll < 66) {
                ops.add("fail " + d + " " + pick(FAILED));
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
                    ops.add("chain " + d + " " + later(d));
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
            return d < deferreds - 1 ? "ret:" + later(d) : "pass";
        }
        if (roll < 82) {
            return "fire:" + random.nextInt(deferreds) + ":y" + nextCallbackId;
        }
        if (roll < 86) {
            return "fail:" + random.nextInt(deferreds) + ":" + pick(FAILED);
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
