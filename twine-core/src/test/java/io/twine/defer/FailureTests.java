package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Failure: Twisted's twisted.python.failure.Failure (test_failure.py FailureTests). */
class FailureTests {

    // ------------------------------------------------------------------------------------------
    // Wrapping

    @Test
    void failureWrapsTheOriginalException() {
        IOException e = new IOException("x");
        Failure f = new Failure(e);
        assertThat(f.value()).isSameAs(e);
        assertThat(f.type()).isEqualTo(IOException.class);
        assertThat(f.getCause()).isSameAs(e);
    }

    @Test
    void failureOfAFailureWrapsTheOriginalNotTheFailure() {
        IOException e = new IOException("x");
        Failure inner = new Failure(e);
        Failure outer = new Failure(inner);
        assertThat(outer.value()).isSameAs(e);
        assertThat(outer.type()).isEqualTo(IOException.class);
    }

    @Test
    void ofReturnsAFailureItself() {
        Failure f = new Failure(new RuntimeException());
        assertThat(Failure.of(f)).isSameAs(f);
    }

    @Test
    void ofWrapsAnyOtherThrowable() {
        Error e = new StackOverflowError();
        assertThat(Failure.of(e).value()).isSameAs(e);
    }

    @Test
    void failureOfNullIsRefused() {
        assertThatNullPointerException().isThrownBy(() -> new Failure(null)).withMessageContaining("Failure");
    }

    @Test
    void failureIsAnUncheckedExceptionWithNoStackOfItsOwn() {
        Failure f = new Failure(new IOException());
        assertThat(f).isInstanceOf(RuntimeException.class);
        assertThat(f.getStackTrace()).isEmpty();
        f.addSuppressed(new RuntimeException());
        assertThat(f.getSuppressed()).isEmpty();
    }

    @Test
    void failureMessageNamesTheOriginal() {
        assertThat(new Failure(new IllegalStateException("boom")).getMessage())
                .isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(new Failure(new IllegalStateException()).getMessage()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void countIsUniqueAndIncreasing() {
        Failure a = new Failure(new RuntimeException());
        Failure b = new Failure(new RuntimeException());
        assertThat(a.count()).isPositive();
        assertThat(b.count()).isGreaterThan(a.count());
    }

    // ------------------------------------------------------------------------------------------
    // check / trap

    @Test
    void checkReturnsTheFirstMatchingTypeInArgumentOrder() {
        Failure f = new Failure(new FileNotFoundException());
        assertThat(f.check(IOException.class, Exception.class)).isEqualTo(IOException.class);
        assertThat(f.check(Exception.class, IOException.class)).isEqualTo(Exception.class);
    }

    @Test
    void checkMatchesSuperclasses() {
        Failure f = new Failure(new FileNotFoundException());
        assertThat(f.check(Throwable.class)).isEqualTo(Throwable.class);
    }

    @Test
    void checkReturnsNullWhenNothingMatches() {
        Failure f = new Failure(new IllegalStateException());
        assertThat(f.check(IOException.class, IllegalArgumentException.class)).isNull();
        assertThat(f.check()).isNull();
    }

    @Test
    void checkDoesNotMatchTheFailureTypeItself() {
        // check looks at the original exception, never at the wrapper.
        assertThat(new Failure(new IOException()).check(Failure.class)).isNull();
    }

    @Test
    void checkSkipsNullTypes() {
        Failure f = new Failure(new IOException());
        assertThat(f.check(null, IOException.class)).isEqualTo(IOException.class);
    }

    @Test
    void trapReturnsTheMatchingType() {
        Failure f = new Failure(new FileNotFoundException());
        assertThat(f.trap(IllegalStateException.class, IOException.class)).isEqualTo(IOException.class);
    }

    @Test
    void trapThrowsTheSameFailureWhenNothingMatches() {
        Failure f = new Failure(new IllegalStateException());
        assertThatThrownBy(() -> f.trap(IOException.class)).isSameAs(f);
    }

    // ------------------------------------------------------------------------------------------
    // raiseException

    @Test
    void raiseExceptionThrowsTheOriginalCheckedException() {
        IOException e = new IOException("checked");
        Failure f = new Failure(e);
        assertThatThrownBy(f::raiseException).isSameAs(e);
    }

    @Test
    void raiseExceptionThrowsTheOriginalError() {
        AssertionError e = new AssertionError("error");
        assertThatThrownBy(new Failure(e)::raiseException).isSameAs(e);
    }

    @Test
    void raiseExceptionCanBeUsedInAThrowStatement() {
        Failure f = new Failure(new IllegalArgumentException("x"));
        assertThatThrownBy(() -> {
            throw f.raiseException();
        }).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------
    // Messages and tracebacks

    @Test
    void getErrorMessageIsTheOriginalMessage() {
        assertThat(new Failure(new IOException("disk full")).getErrorMessage()).isEqualTo("disk full");
    }

    @Test
    void getErrorMessageIsEmptyWhenThereIsNone() {
        assertThat(new Failure(new IOException()).getErrorMessage()).isEmpty();
    }

    @Test
    void getErrorMessageSurvivesAGetMessageThatThrows() {
        Failure f = new Failure(new BrokenMessage());
        assertThat(f.getErrorMessage()).contains("getMessage()").contains(BrokenMessage.class.getName())
                .contains("UnsupportedOperationException");
        assertThat(f.getMessage()).contains("getMessage() threw");
    }

    @Test
    void defaultTracebackIsTheJavaStackTraceOfTheOriginal() {
        Failure f = new Failure(raisedInANamedMethod());
        String tb = f.getTraceback();
        assertThat(tb).startsWith("java.lang.IllegalStateException: from a named method")
                .contains("\tat ")
                .contains("raisedInANamedMethod");
        assertThat(f.getTraceback(Failure.Detail.DEFAULT)).isEqualTo(tb);
    }

    @Test
    void defaultTracebackIncludesCauses() {
        Failure f = new Failure(new RuntimeException("outer", new IOException("root cause")));
        assertThat(f.getTraceback()).contains("Caused by: java.io.IOException: root cause");
    }

    @Test
    void tracebackOfAnExceptionWithNoFramesSaysFailure() {
        RuntimeException e = new RuntimeException("no frames");
        e.setStackTrace(new StackTraceElement[0]);
        assertThat(new Failure(e).getTraceback()).isEqualTo("Failure: java.lang.RuntimeException: no frames\n");
    }

    @Test
    void tracebackSurvivesAPrintStackTraceThatThrows() {
        Failure f = new Failure(new BrokenPrinting());
        assertThat(f.getTraceback()).startsWith("Failure: " + BrokenPrinting.class.getName())
                .contains("printing its stack trace threw");
    }

    @Test
    void briefTracebackHasOneLinePerFrame() {
        IllegalStateException e = raisedInANamedMethod();
        Failure f = new Failure(e);
        String brief = f.getTraceback(Failure.Detail.BRIEF);
        String[] lines = brief.split("\n");
        assertThat(lines[0]).isEqualTo("Traceback: java.lang.IllegalStateException: from a named method");
        assertThat(lines).hasSize(1 + e.getStackTrace().length);
        StackTraceElement top = e.getStackTrace()[0];
        assertThat(lines[1]).isEqualTo(top.getFileName() + ":" + top.getLineNumber() + ":"
                + top.getClassName() + "." + top.getMethodName());
        assertThat(f.getBriefTraceback()).isEqualTo(brief);
    }

    @Test
    void briefTracebackOfAnExceptionWithNoFrames() {
        RuntimeException e = new RuntimeException("bare");
        e.setStackTrace(new StackTraceElement[0]);
        assertThat(new Failure(e).getBriefTraceback())
                .isEqualTo("Traceback (failure with no frames): java.lang.RuntimeException: bare\n");
    }

    @Test
    void verboseTracebackIsFramedByFailureMarkers() {
        Failure f = new Failure(new IOException("v"));
        String verbose = f.getTraceback(Failure.Detail.VERBOSE);
        assertThat(verbose).startsWith("*--- Failure #" + f.count() + " ---\n")
                .endsWith("*--- End of Failure #" + f.count() + " ---\n")
                .contains(f.getTraceback());
    }

    @Test
    void getTracebackWithNullDetailIsRefused() {
        assertThatNullPointerException().isThrownBy(() -> new Failure(new IOException()).getTraceback(null));
    }

    @Test
    void printTracebackWritesTheDefaultTraceback() {
        Failure f = new Failure(new IOException("printed"));
        StringWriter out = new StringWriter();
        f.printTraceback(new PrintWriter(out));
        assertThat(out.toString()).isEqualTo(f.getTraceback());
    }

    @Test
    void toStringIsTwistedsFailureInstanceForm() {
        Failure f = new Failure(new IOException("s"));
        assertThat(f.toString()).isEqualTo("[Failure instance: " + f.getBriefTraceback() + "]");
    }

    // ------------------------------------------------------------------------------------------
    // cleanFailure

    @Test
    void cleanFailureFreezesTheTraceback() {
        IOException e = new IOException("frozen");
        Failure f = new Failure(e);
        String before = f.getTraceback();
        assertThat(f.cleanFailure()).isSameAs(f);
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement("Later", "changed", "Later.java", 1)});
        assertThat(f.getTraceback()).isEqualTo(before);
    }

    @Test
    void withoutCleanFailureTheTracebackFollowsTheException() {
        IOException e = new IOException("live");
        Failure f = new Failure(e);
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement("Later", "changed", "Later.java", 1)});
        assertThat(f.getTraceback()).contains("Later.changed");
    }

    @Test
    void cleanFailureKeepsCheckAndValueWorking() {
        Failure f = new Failure(new IOException()).cleanFailure();
        assertThat(f.check(IOException.class)).isEqualTo(IOException.class);
        assertThat(f.value()).isInstanceOf(IOException.class);
    }

    // ------------------------------------------------------------------------------------------
    // Serialization (Twisted's pickling tests)

    @Test
    void serializedFailureKeepsTypeMessageAndCheck() throws Exception {
        Failure f = new Failure(new IOException("over the wire"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(f);
        }
        Failure back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (Failure) in.readObject();
        }
        assertThat(back.type()).isEqualTo(IOException.class);
        assertThat(back.getErrorMessage()).isEqualTo("over the wire");
        assertThat(back.check(IOException.class)).isEqualTo(IOException.class);
        assertThat(back.count()).isEqualTo(f.count());
    }

    private static IllegalStateException raisedInANamedMethod() {
        return new IllegalStateException("from a named method");
    }

    private static final class BrokenMessage extends RuntimeException {
        @Override
        public String getMessage() {
            throw new UnsupportedOperationException("no message for you");
        }
    }

    private static final class BrokenPrinting extends RuntimeException {
        @Override
        public void printStackTrace(PrintWriter s) {
            throw new UnsupportedOperationException("cannot print");
        }
    }
}
