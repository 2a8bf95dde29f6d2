package io.twine.defer;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A context variable that follows a coroutine across its awaits, on whatever thread resumes it:
 * Python's {@code contextvars.ContextVar}, with Twisted's coroutine semantics.
 *
 * <p>Every thread has a context of its own, and every coroutine gets one too: a copy of the
 * context it was started from, taken by {@link Deferred#fromCoroutine} (Twisted's
 * {@code copy_context()}). While its body runs, whether on the thread that started it or on any
 * thread that later resumed it, {@link #get()} reads the coroutine's context. Hence:
 * <ul>
 * <li>a value set before a coroutine starts is visible inside it after every resume;</li>
 * <li>values the coroutine sets are its own: the caller does not see them, and later changes by
 *     the caller are not seen by the coroutine;</li>
 * <li>a {@link Token} from {@link #set} resets the value in the same context, across awaits.</li>
 * </ul>
 * Outside coroutines a ContextVar behaves like a thread-confined variable. Plain Deferred
 * callbacks get no context handling (as in Twisted): they see the context of whatever runs them.
 *
 * <h2>ThreadLocals inside coroutines</h2>
 * A {@link ThreadLocal} read inside a coroutine body gives the value of the thread that runs the
 * body at that moment, which is not stable across an await: with
 * {@link CoroutineMechanism#CONTINUATION} it is the thread that fired the awaited Deferred (so a
 * value can change, or vanish, at every await); with {@link CoroutineMechanism#VIRTUAL_THREAD} it is
 * the coroutine's own virtual thread (so values set by the caller are invisible, apart from
 * {@link InheritableThreadLocal}s inherited when it started). Use a ContextVar for anything a
 * coroutine must carry across awaits.
 *
 * <p>A ContextVar object itself is immutable and may be shared freely; the values live in contexts.
 *
 * @param <T> the value type; {@code null} is a valid value
 */
public final class ContextVar<T> {
    private static final Object MISSING = new Object();

    private final String name;
    private final Object defaultValue;

    /**
     * A variable without default: {@link #get()} throws until a value is set.
     *
     * @param name for messages and {@link #toString()}
     */
    public ContextVar(String name) {
        this.name = Objects.requireNonNull(name, "a ContextVar needs a name");
        this.defaultValue = MISSING;
    }

    /**
     * A variable whose {@link #get()} gives {@code defaultValue} where no value was set.
     *
     * @param name for messages and {@link #toString()}
     * @param defaultValue the default, may be {@code null}
     */
    public ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "a ContextVar needs a name");
        this.defaultValue = defaultValue;
    }

    /**
     * The name given at construction.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The value in the current context (the running coroutine's, else the current thread's).
     *
     * @return the value, else the default
     * @throws NoSuchElementException if there is neither (Python's {@code LookupError})
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = Context.current().lookup(this);
        if (v == MISSING) {
            v = defaultValue;
            if (v == MISSING) {
                throw new NoSuchElementException("ContextVar '" + name + "' has no value in this context and no default");
            }
        }
        return (T) v;
    }

    /**
     * The value in the current context, or {@code fallback} if there is none (the variable's own
     * default is not consulted, as in Python's {@code get(default)}).
     *
     * @param fallback what to return when no value was set
     * @return the value or {@code fallback}
     */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Object v = Context.current().lookup(this);
        return v == MISSING ? fallback : (T) v;
    }

    /**
     * Sets the value in the current context only.
     *
     * @param value the new value, may be {@code null}
     * @return a token that {@link #reset} uses to restore the previous state
     */
    public Token<T> set(T value) {
        Context c = Context.current();
        Object old = c.lookup(this);
        c.put(this, value);
        return new Token<>(this, c, old);
    }

    /**
     * Restores the value this variable had before the {@link #set} that made {@code token}; works
     * across awaits, since the coroutine's context stays the same.
     *
     * @param token from {@link #set} on this variable, in the current context, not used before
     * @throws IllegalArgumentException if the token belongs to another variable or was made in
     *         another context
     * @throws IllegalStateException if the token has already been used
     */
    public void reset(Token<T> token) {
        Objects.requireNonNull(token, "reset needs a token, got null");
        if (token.var != this) {
            throw new IllegalArgumentException("the token was made by ContextVar '" + token.var.name
                    + "', not by '" + name + "'");
        }
        Context c = Context.current();
        if (token.context != c) {
            throw new IllegalArgumentException("the token for ContextVar '" + name + "' was made in a different context");
        }
        if (token.used) {
            throw new IllegalStateException("the token for ContextVar '" + name + "' has already been used");
        }
        token.used = true;
        if (token.old == MISSING) {
            c.remove(this);
        } else {
            c.put(this, token.old);
        }
    }

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'>";
    }

    /**
     * What {@link #set} returns: the way back to the previous state, usable once.
     *
     * @param <T> the variable's value type
     */
    public static final class Token<T> {
        private final ContextVar<T> var;
        private final Context context;
        private final Object old;
        private boolean used;

        private Token(ContextVar<T> var, Context context, Object old) {
            this.var = var;
            this.context = context;
            this.old = old;
        }

        /**
         * The variable that made this token.
         *
         * @return the variable
         */
        public ContextVar<T> var() {
            return var;
        }

        /**
         * Whether the variable had a value in this context before the {@code set}.
         *
         * @return {@code false} if the {@code set} created the value
         */
        public boolean hadOldValue() {
            return old != MISSING;
        }
    }

    /**
     * One context: a thread's or a coroutine's. It is only ever used by one thread at a time (the
     * thread, or whichever thread runs the coroutine, with the coroutine hand-offs as
     * happens-before edges), so it needs no locking. Entries are an immutable array
     * {@code [var0, value0, var1, value1, ...]} replaced on every change, so copying a context (at
     * each coroutine start) costs one field read; contexts hold few variables.
     */
    static final class Context {
        private static final Object[] EMPTY = {};
        private Object[] entries;

        private Context(Object[] entries) {
            this.entries = entries;
        }

        /**
         * The running coroutine's context, else this thread's own; either is made on first use (a
         * coroutine started from an empty context has none until then).
         */
        static Context current() {
            Coroutine.ThreadState ts = Coroutine.ThreadState.get();
            Context c = ts.context;
            if (c == null) {
                Coroutine<?> running = ts.current;
                c = running != null ? running.context() : empty();
                ts.context = c;
            }
            return c;
        }

        /** A new, empty context. */
        static Context empty() {
            return new Context(EMPTY);
        }

        /**
         * For a coroutine about to start: a copy of the current context whose later changes are
         * independent of it, or {@code null} if the current context is empty (the coroutine then
         * makes its own on first use, so the common case costs no object per coroutine).
         */
        static Context copyOfCurrent() {
            Context c = Coroutine.ThreadState.get().context;
            return c == null || c.entries.length == 0 ? null : new Context(c.entries);
        }

        Object lookup(ContextVar<?> var) {
            Object[] e = entries;
            for (int i = 0; i < e.length; i += 2) {
                if (e[i] == var) {
                    return e[i + 1];
                }
            }
            return MISSING;
        }

        void put(ContextVar<?> var, Object value) {
            Object[] e = entries;
            for (int i = 0; i < e.length; i += 2) {
                if (e[i] == var) {
                    Object[] n = e.clone();
                    n[i + 1] = value;
                    entries = n;
                    return;
                }
            }
            Object[] n = java.util.Arrays.copyOf(e, e.length + 2);
            n[e.length] = var;
            n[e.length + 1] = value;
            entries = n;
        }

        void remove(ContextVar<?> var) {
            Object[] e = entries;
            for (int i = 0; i < e.length; i += 2) {
                if (e[i] == var) {
                    Object[] n = new Object[e.length - 2];
                    System.arraycopy(e, 0, n, 0, i);
                    System.arraycopy(e, i + 2, n, i, e.length - i - 2);
                    entries = n;
                    return;
                }
            }
        }
    }
}
