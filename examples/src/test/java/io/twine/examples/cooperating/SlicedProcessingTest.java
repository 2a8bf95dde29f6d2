package io.twine.examples.cooperating;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The sliced-processing use case computes the right results without starving the loop. */
class SlicedProcessingTest {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final SlicedProcessing.Report report = SlicedProcessing.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    final String printed = bytes.toString(StandardCharsets.UTF_8);

    @Test
    void theJobsComputeTheSameResultsAsAPlainLoop() {
        long total = IntStream.range(0, SlicedProcessing.ORDERS).mapToLong(SlicedProcessing::amount).sum();
        long active = IntStream.range(0, SlicedProcessing.USERS).filter(SlicedProcessing::active).count();
        assertThat(report.orderTotal()).isEqualTo(total);
        assertThat(report.activeUsers()).isEqualTo(active);
    }

    @Test
    void theLoopNeverRunsMoreThanOneSliceWithoutABreak() {
        assertThat(report.longestStretchCooperating()).isEqualTo(SlicedProcessing.UNITS_PER_TURN);
        assertThat(report.longestStretchInOneCallback()).isEqualTo(SlicedProcessing.ORDERS + SlicedProcessing.USERS);
    }

    @Test
    void requestsAreAnsweredWhileTheJobsRun() {
        assertThat(report.requestsAnsweredWhileBusy()).isPositive();
    }

    @Test
    void theWorkIsSpreadOverManyTurns() {
        int units = SlicedProcessing.ORDERS + SlicedProcessing.USERS;
        // Two more turns than the minimum at most per job end, more while a checkpoint is saved.
        assertThat(report.turns()).isGreaterThanOrEqualTo(units / SlicedProcessing.UNITS_PER_TURN);
    }

    @Test
    void theOrdersJobWaitsForEachCheckpointWhileTheUsersJobGoesOn() {
        assertThat(report.checkpoints()).isEqualTo(SlicedProcessing.ORDERS / SlicedProcessing.CHECKPOINT_EVERY);
        int firstCheckpoint = printed.indexOf("checkpoint after 15,000");
        int usersDone = printed.indexOf("users job done");
        int ordersDone = printed.indexOf("orders job done");
        assertThat(firstCheckpoint).isNotNegative().isLessThan(usersDone);
        assertThat(usersDone).isLessThan(ordersDone);
    }

    @Test
    void theOutputIsTheSameOnEveryRun() {
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        SlicedProcessing.run(new PrintStream(again, true, StandardCharsets.UTF_8));
        assertThat(again.toString(StandardCharsets.UTF_8)).isEqualTo(printed);
    }
}
