package io.twine.examples.reactor;

/**
 * A user as the tour's {@code /users} endpoint serves it.
 *
 * @param id the user's number
 * @param name the user's name
 */
public record User(int id, String name) {
}
