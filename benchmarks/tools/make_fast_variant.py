# Applies the proposed hot-path changes to a fresh FastDeferred copy (see make_proto_copy.py).
p='benchmarks/src/main/java/io/twine/bench/proto/FastDeferred.java'
s=open(p).read()
def rep(a,b,count=1):
    global s
    assert s.count(a)==count, (a, s.count(a))
    s=s.replace(a,b)
rep('''        if ((s & PAUSES) == 0) {
            unlock(s | CALLED | RUNNING | extraFlags);
            run(this, r, null);
        } else {''','''        if ((s & PAUSES) == 0) {
            // Take the first batch under this lock: the run loop needs no CAS to start.
            Object[] batch = chain;
            int from = next;
            int end = size;
            unlock(s | CALLED | RUNNING | extraFlags);
            run(this, r, null, batch, from, end);
        } else {''')
rep('''    private static void run(FastDeferred<?> start, Object startResult, Object first) {
        FastDeferred cur = start;
        Object res = startResult;
        Object entry = first;
        Object[] batch = null;
        int from = 0;
        int i = 0;
        int end = 0;''','''    private static void run(FastDeferred<?> start, Object startResult, Object first) {
        run(start, startResult, first, null, 0, 0);
    }

    /** As above, starting with the batch {@code firstBatch[firstFrom, firstEnd)} taken by the caller under the lock. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void run(FastDeferred<?> start, Object startResult, Object first,
                            Object[] firstBatch, int firstFrom, int firstEnd) {
        FastDeferred cur = start;
        Object res = startResult;
        Object entry = first;
        Object[] batch = firstBatch;
        int from = firstFrom;
        int i = firstFrom;
        int end = firstEnd;''')
rep('''    public final Object result() {
        int s = lock();''','''    public final Object result() {
        int seen = state;
        if ((seen & (LOCKED | RUNNING | WAITING | CALLED)) == CALLED) {
            Object r = result;
            VarHandle.acquireFence(); // the read of result stays before the re-check
            if (state == seen) {
                return r;
            }
        }
        int s = lock();''')
rep('''    private void consume(int from, int to) {
        if (to > from) {
            Arrays.fill(chain, from, to, null);
            next = to;
        }''','''    private void consume(int from, int to) {
        if (to == size && to > from) {
            // Everything taken: drop the array (callbacks added later to a fired Deferred are
            // run without being stored) instead of nulling each slot.
            chain = null;
            next = 0;
            size = 0;
            return;
        }
        if (to > from) {
            Arrays.fill(chain, from, to, null);
            next = to;
        }''')
rep('''            Object r = result;
            unlock(s | RUNNING);
            run(this, r, entry);
            return;
        }
        append(entry);''', '''            Object r = result;
            unlock(s | RUNNING);
            if (entry instanceof Callback<?, ?> && !(r instanceof Failure)) {
                runOne(entry, r);
            } else {
                run(this, r, entry);
            }
            return;
        }
        append(entry);''')
rep('''    /** Clears the slots of a finished batch; with the lock held. */''', '''    /**
     * The fast path of adding a plain callback to a fired, idle Deferred (we own RUNNING): call it
     * and commit its plain result with one lock, without entering the general loop. A returned
     * Deferred or Failure, or entries appended by other threads meanwhile, go on in {@link #run}
     * (the callback's output handed in as an entry that returns it, so nothing runs twice).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private void runOne(Object entry, Object r) {
        Object out;
        try {
            out = ((Callback) entry).call(r);
        } catch (Throwable t) {
            out = Failure.of(t);
        }
        if (!(out instanceof FastDeferred) && !(out instanceof Failure)) {
            int s = lock();
            if (next == size) {
                // The previous pass ended on a value (r), so no unhandled failure is tracked.
                result = out;
                unlock(s & ~RUNNING);
                return;
            }
            unlock(s);
        }
        Object computed = out;
        run(this, r, (Callback<Object, Object>) ignored -> computed);
    }

    /** Clears the slots of a finished batch; with the lock held. */''')
open(p,'w').write(s)
