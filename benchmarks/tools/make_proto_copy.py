# Regenerates benchmarks/src/main/java/io/twine/bench/proto/<Name>.java from twine-core's Deferred.java.
# Usage (from the repository root): python3 benchmarks/tools/make_proto_copy.py CopyDeferred benchmarks/tools/copy-javadoc.txt
#   then: python3 benchmarks/tools/make_proto_copy.py FastDeferred benchmarks/tools/fast-javadoc.txt && python3 benchmarks/tools/make_fast_variant.py
import sys
src=open('twine-core/src/main/java/io/twine/defer/Deferred.java').read().split('\n')
L=lambda a,b: src[a-1:b]
def idx(s, start=0, exact=False):
    for i in range(start, len(src)):
        if (src[i]==s if exact else s in src[i]): return i+1
    raise Exception(s)
cls=idx('public class Deferred<T> {')
dbg=idx('    // Debug mode')-1
fac=idx('    // Factories')-1
add=idx('    // Adding callbacks')-1
pause=idx('    // Pause, cancel, timeout')-1
intro=idx('    // Introspection')-1
eng=idx('    // The engine')-1
succ_start=idx('    public static <T> Deferred<T> succeed(T value) {')
succ_end=idx('    }', succ_start, True)
res_start=idx('    public final Object result() {')
res_end=idx('    }', res_start, True)
name=sys.argv[1]; doc=open(sys.argv[2]).read()
header='''package io.twine.bench.proto;

import io.twine.defer.AlreadyCalledError;
import io.twine.defer.Callback;
import io.twine.defer.Canceller;
import io.twine.defer.Errback;
import io.twine.defer.Failure;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;

'''+doc
body=L(cls, dbg-1) + L(fac, fac+1) + [''] + L(succ_start, succ_end) + [''] + L(add, pause-1) + L(intro, intro+1) + [''] + L(res_start, res_end) + [''] + L(eng, len(src))
out=header+'\n'.join(body)
import re; out=re.sub(r'\bDeferred\b', name, out)
stub='''
    /** Stand-in for twine-core's package-private DebugInfo: same reads and writes, no Cleaner. */
    static final class DebugInfo {
        final Throwable creator;
        volatile Throwable invoker;
        private volatile Failure unhandled;

        DebugInfo(Throwable creator) {
            this.creator = creator;
        }

        void track(Failure f, Object owner) {
            unhandled = f;
        }

        void clear() {
            if (unhandled != null) {
                unhandled = null;
            }
        }

        Failure unhandled() {
            return unhandled;
        }

        static String describe(Throwable creator, Throwable invoker) {
            return "";
        }
    }
}'''
out=out.rstrip()
out=out[:-1]+stub+'\n'
open('benchmarks/src/main/java/io/twine/bench/proto/%s.java'%name,'w').write(out)
