package io.twine.testing;

/**
 * One thing a test left behind: a message for the report and, when there is one, the exception
 * that the report's AssertionError carries as its cause (or suppressed exception).
 *
 * @param message what was left, and how to fix or allow it
 * @param cause the lost exception, or {@code null}
 */
record Leftover(String message, Throwable cause) {
}
