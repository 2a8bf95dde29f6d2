package io.twine.http;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A complete HTTP response: status, headers and the whole body (Twisted's {@code IResponse}
 * together with what {@code readBody} gives). Immutable and safe to share between threads.
 *
 * <p>Twisted reads a body with a second Deferred ({@code readBody(response)}); an {@link Agent}
 * fires its Deferred only once the whole body has arrived, so the body is at hand in
 * {@link #body()}, and {@link #text()} is the text helper ({@code treq.text_content}). Any status
 * is a successful response here, 404 and 500 included, as in Twisted; only failing to get a
 * response at all is a Failure.
 */
public final class Response {
    private final int code;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final URI uri;

    /**
     * Creates a response.
     *
     * @param code the status code
     * @param headers the headers, names compared without regard to case
     * @param body the body bytes (copied)
     * @param uri the URI the response came from
     */
    public Response(int code, Map<String, List<String>> headers, byte[] body, URI uri) {
        this.code = code;
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Objects.requireNonNull(headers, "headers").forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.headers = java.util.Collections.unmodifiableMap(h);
        this.body = Objects.requireNonNull(body, "body").clone();
        this.uri = Objects.requireNonNull(uri, "uri");
    }

    /**
     * The status code (Twisted's {@code response.code}).
     *
     * @return e.g. 200
     */
    public int code() {
        return code;
    }

    /**
     * All headers, names compared without regard to case.
     *
     * @return an unmodifiable map from name to values
     */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return the value, or empty if the header is absent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(Objects.requireNonNull(name, "name"));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The body (Twisted's {@code readBody} result).
     *
     * @return a copy of the body bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body decoded as text, with the charset named in {@code Content-Type} or UTF-8 when it
     * names none (or one this JVM does not know).
     *
     * @return the body text
     */
    public String text() {
        return new String(body, charset());
    }

    private Charset charset() {
        String type = header("Content-Type").orElse("");
        for (String part : type.split(";")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).replace("\"", "").trim();
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * Whether the status is 2xx.
     *
     * @return {@code true} for 200 to 299
     */
    public boolean isSuccess() {
        return code >= 200 && code < 300;
    }

    /**
     * The URI the response came from (after redirects, if the client follows them).
     *
     * @return the URI
     */
    public URI uri() {
        return uri;
    }

    @Override
    public String toString() {
        return "Response[" + code + " from " + uri + ", " + body.length + " bytes]";
    }
}
