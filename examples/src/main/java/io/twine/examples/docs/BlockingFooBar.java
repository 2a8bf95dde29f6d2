package io.twine.examples.docs;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The synchronous twin of the seed's two-level coroutine example ({@code foo} awaited by
 * {@code bar}): the same two methods, blocking. Each "operation" takes its answer from a queue,
 * waiting until someone puts one there, as a blocking network call waits for the network.
 */
public final class BlockingFooBar {
    private final BlockingQueue<Integer> someAnswers = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> otherAnswers = new LinkedBlockingQueue<>();

    /** Creates the example with no answers yet. */
    public BlockingFooBar() {
    }

    /**
     * Makes an answer available to {@code someFunctionThatBlocks}.
     *
     * @param answer the answer
     */
    public void answerSome(int answer) {
        someAnswers.add(answer);
    }

    /**
     * Makes an answer available to {@code someOtherFunctionThatBlocks}.
     *
     * @param answer the answer
     */
    public void answerOther(int answer) {
        otherAnswers.add(answer);
    }

    int someFunctionThatBlocks() throws InterruptedException {
        return someAnswers.take();
    }

    int someOtherFunctionThatBlocks() throws InterruptedException {
        return otherAnswers.take();
    }

    // tag::foo[]
    int foo() throws InterruptedException {
        int res = someFunctionThatBlocks();
        return res;
    }
    // end::foo[]

    // tag::bar[]
    int bar() throws InterruptedException {
        int baz = someOtherFunctionThatBlocks();
        int fooResult = foo();
        return baz + fooResult;
    }
    // end::bar[]
}
