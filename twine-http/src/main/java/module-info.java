/**
 * Twine's HTTP client: {@link io.twine.http.Agent} sends requests with the JDK's
 * {@code java.net.http.HttpClient} and delivers each {@link io.twine.http.Response} as a
 * {@code Deferred} fired on a reactor's loop thread.
 */
module io.twine.http {
    requires transitive io.twine.core;
    requires transitive java.net.http;

    exports io.twine.http;
}
