package io.twine.defer;

/**
 * Run by {@link WithoutJfrTest} in a JVM whose runtime has no {@code jdk.jfr} module: shows what
 * turning on Flight Recorder events does there, and that Deferreds still work.
 */
final class WithoutJfrMain {
    private WithoutJfrMain() {
    }

    public static void main(String[] args) {
        Deferred<String> d = new Deferred<>();
        d.callback("deferreds work");
        System.out.println(d.result());
        System.out.println("on at start-up: " + Deferreds.enabled());
        try {
            Deferreds.enable(Deferreds.Diagnostic.JFR);
            System.out.println("enabled");
        } catch (IllegalStateException e) {
            System.out.println("enable failed: " + e.getMessage());
        }
        System.out.println("on after enable: " + Deferreds.enabled());
        UnhandledErrors.setLogging(false);
        UnhandledErrors.report(new UnhandledError(new Failure(new IllegalStateException("lost")), "Deferred@1", null, null));
        System.out.println("reported");
    }
}
