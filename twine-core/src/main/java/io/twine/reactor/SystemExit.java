package io.twine.reactor;

/**
 * Ends a {@link React#react} program with a chosen exit status: when the Deferred returned by the
 * main function fails with a {@code SystemExit}, the status is {@link #code()} and nothing is
 * logged (Python's {@code SystemExit} as Twisted's {@code react} treats it).
 */
public class SystemExit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The exit status asked for. */
    private final int code;

    /**
     * Creates the request to exit.
     *
     * @param code the process exit status
     */
    public SystemExit(int code) {
        super("exit status " + code, null, false, false);
        this.code = code;
    }

    /**
     * The exit status asked for.
     *
     * @return the status
     */
    public int code() {
        return code;
    }
}
