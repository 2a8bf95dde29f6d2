/**
 * Twine: Twisted's Deferred system in Java. {@link io.twine.defer.Deferred} and
 * {@link io.twine.defer.Failure} in {@code io.twine.defer}; clocks and time-based helpers in
 * {@code io.twine.task}. No dependencies beyond the JDK; {@code jdk.jfr} carries the optional
 * Flight Recorder events of {@link io.twine.defer.Deferreds}.
 */
module io.twine.core {
    requires jdk.jfr;

    exports io.twine.defer;
    exports io.twine.task;
    exports io.twine.reactor;
}
