package io.twine.examples.debugging;

import io.twine.defer.Deferred;
import io.twine.defer.Deferreds;
import io.twine.defer.PendingSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program that hangs, and the dump that shows why: two orders go through a small checkout
 * pipeline and neither receipt ever arrives. Nothing is thrown and nothing is logged; the
 * Deferreds are simply never fired.
 *
 * <p>Run it with {@code ./twine tour}'s class path, or from the IDE. It turns on pending tracking
 * itself (the same as {@code -Dtwine.diagnostics=pending}), runs the pipeline, sees that the
 * receipts have not fired, and prints {@link Deferreds#dumpPending()}. With an argument it also
 * writes the wait-for graph as Graphviz DOT to that file ({@code dot -Tpng file -o file.png}).
 *
 * <p>The two bugs: the exchange-rate feed is never started, so the rate every quote waits for
 * never comes (a dead end), and logging in waits for a token refresh that itself waits for the
 * login (a cycle).
 */
public final class HungCheckout {

    /** Exchange rates, pushed by a feed. The bug: nobody calls {@link #start()}. */
    static final class RatesFeed {
        private final Deferred<Double> nextRate = new Deferred<>();

        /** The next USD to EUR rate, when the feed delivers it. */
        Deferred<Double> nextRate() {
            return nextRate;
        }

        void start() {
            nextRate.callback(0.92);
        }
    }

    /** A payment session. The bug: login waits on a token refresh that waits on the login. */
    static final class Session {
        private final Deferred<String> login = new Deferred<>();
        private final Deferred<String> refresh = new Deferred<>();

        Session() {
            login.addCallbackDeferred(user -> refresh);                       // a login needs a fresh token
            refresh.addCallbackDeferred(token -> login.addCallback(u -> token)); // a refresh needs a login
        }

        Deferred<String> login(String user) {
            login.callback(user);
            refresh.callback("token-" + user);
            return login;
        }
    }

    /** The price of an order in EUR, once the rate is known. */
    static Deferred<Double> quote(RatesFeed rates, double usd) {
        return rates.nextRate().addCallback(rate -> usd * rate);
    }

    /** Charges an order: quote, then pay. */
    static Deferred<String> checkout(RatesFeed rates, Session session, String item, double usd) {
        return Deferred.succeed(item)
                .addCallbackDeferred(i -> quote(rates, usd))
                .addCallbackDeferred(eur -> session.login("alice").addCallback(token -> item + ": " + eur + " EUR"));
    }

    /** Pays with a session; no quote needed for a voucher. */
    static Deferred<String> redeemVoucher(Session session, String code) {
        return Deferred.succeed(code)
                .addCallbackDeferred(c -> session.login("alice"))
                .addCallback(token -> "voucher " + code + " redeemed");
    }

    /**
     * Runs the pipeline and prints the dump.
     *
     * @param args optional: a file to write the DOT graph to
     * @throws IOException if the DOT file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Deferreds.enable(Deferreds.Diagnostic.PENDING);

        RatesFeed rates = new RatesFeed();          // never started: the first bug
        Session session = new Session();            // login <-> refresh: the second bug
        Deferred<String> book = checkout(rates, session, "book", 20.0);
        Deferred<String> voucher = redeemVoucher(session, "XMAS");

        book.addCallback(r -> { System.out.println(r); return null; });
        voucher.addCallback(r -> { System.out.println(r); return null; });

        if (!book.called() || book.waitingOn() != null || voucher.waitingOn() != null) {
            System.out.println("The receipts never came. What is everyone waiting for?\n");
            PendingSnapshot snapshot = Deferreds.snapshot();
            System.out.print(snapshot.toText());
            if (args.length > 0) {
                Files.writeString(Path.of(args[0]), snapshot.toDot());
                System.out.println("\nWait-for graph written to " + args[0]);
            }
        }
        // The program holds the pipeline until here, as a server would hold its pending requests.
        java.lang.ref.Reference.reachabilityFence(rates);
        java.lang.ref.Reference.reachabilityFence(session);
    }

    private HungCheckout() {
    }
}
