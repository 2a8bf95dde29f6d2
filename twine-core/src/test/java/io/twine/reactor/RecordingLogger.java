package io.twine.reactor;

import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A System.Logger that keeps what it is told, so tests can look at a reactor's reports. */
final class RecordingLogger implements System.Logger {
    record Entry(Level level, String message, Throwable error) {
    }

    final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Entry> arrivals = new LinkedBlockingQueue<>();

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        Entry e = new Entry(level, msg, thrown);
        entries.add(e);
        arrivals.add(e);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        log(level, bundle, params == null || params.length == 0 ? format : java.text.MessageFormat.format(format, params),
                (Throwable) null);
    }

    /** Waits (bounded) for an entry that matches; fails the test if none comes. */
    Entry await(Predicate<Entry> p) throws InterruptedException {
        for (Entry e : entries) {
            if (p.test(e)) {
                return e;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (;;) {
            Entry e = arrivals.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no matching log entry within 10 s; got " + entries);
            }
            if (p.test(e)) {
                return e;
            }
        }
    }
}
