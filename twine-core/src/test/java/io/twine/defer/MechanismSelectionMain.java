package io.twine.defer;

/**
 * Run in a second JVM by {@link MechanismSelectionTest}: prints which coroutine mechanism this
 * JVM chose (or why it could not choose), then resumes one coroutine from this platform thread.
 */
final class MechanismSelectionMain {
    private MechanismSelectionMain() {
    }

    public static void main(String[] args) throws Exception {
        CoroutineMechanism m;
        try {
            m = Coroutines.mechanism();
        } catch (ExceptionInInitializerError e) {
            System.out.println("error " + e.getCause());
            return;
        }
        System.out.println("mechanism " + m);
        Deferred<String> x = new Deferred<>();
        Deferred<String> c = Deferred.fromCoroutine(() -> Coroutines.await(x));
        x.callback("resumed");
        System.out.println("result " + c.result());
    }
}
