package io.twine.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code -Dtwine.diagnostics} syntax and the switch word behind {@link Deferreds}. */
class InstrumentationTest {
    private long savedSlow;
    private int savedLong;
    private long savedPending;
    private String savedProperty;

    @BeforeEach
    void save() {
        savedSlow = Instrumentation.slowCallbackNanos;
        savedLong = Instrumentation.longChainCallbacks;
        savedPending = Instrumentation.longPendingNanos;
        savedProperty = System.getProperty(Instrumentation.PROPERTY);
    }

    @AfterEach
    void restore() {
        Instrumentation.slowCallbackNanos = savedSlow;
        Instrumentation.longChainCallbacks = savedLong;
        Instrumentation.longPendingNanos = savedPending;
        if (savedProperty == null) {
            System.clearProperty(Instrumentation.PROPERTY);
        } else {
            System.setProperty(Instrumentation.PROPERTY, savedProperty);
        }
        Deferreds.disable(Deferreds.Diagnostic.values());
    }

    @Nested
    class Entries {
        @Test
        void jfrIsTheJfrSwitch() {
            assertThat(Instrumentation.parse("jfr")).isEqualTo(Instrumentation.JFR);
        }

        @Test
        void allIsEverySwitch() {
            int all = Instrumentation.parse("all");
            for (Deferreds.Diagnostic d : Deferreds.Diagnostic.values()) {
                assertThat(all & d.bit).as(d.name()).isNotZero();
            }
        }

        @Test
        void aSwitchWithoutValueRefusesOne() {
            assertThatThrownBy(() -> Instrumentation.parse("debug=yes"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("debug takes no value, got 'yes'");
            assertThatThrownBy(() -> Instrumentation.parse("all=1"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("all takes no value, got '1'");
        }

        @Test
        void longChainsTakesACount() {
            assertThat(Instrumentation.parse("long-chains=25")).isEqualTo(Instrumentation.LONG_CHAINS);
            assertThat(Instrumentation.longChainCallbacks).isEqualTo(25);
        }

        @Test
        void longChainsRefusesANonNumber() {
            assertThatThrownBy(() -> Instrumentation.parse("long-chains=many"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("long-chains needs a number of callbacks, got 'many'");
            assertThat(Instrumentation.longChainCallbacks).isEqualTo(savedLong);
        }

        @Test
        void longChainsRefusesZero() {
            assertThatThrownBy(() -> Instrumentation.parse("long-chains=0"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("long-chains must be positive, got 0");
        }

        @Test
        void longPendingSetsTheThresholdAndNoSwitch() {
            assertThat(Instrumentation.parse("long-pending=10s")).isZero();
            assertThat(Instrumentation.longPendingNanos).isEqualTo(Duration.ofSeconds(10).toNanos());
        }

        @Test
        void longPendingNeedsAValue() {
            assertThatThrownBy(() -> Instrumentation.parse("long-pending"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("long-pending needs a duration, e.g. long-pending=10s");
        }

        @Test
        void slowCallbacksRefusesANonPositiveDuration() {
            assertThatThrownBy(() -> Instrumentation.parse("slow-callbacks=0ms"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("slow-callbacks must be a positive duration, got PT0S");
            assertThat(Instrumentation.slowCallbackNanos).isEqualTo(savedSlow);
        }

        @Test
        void unknownEntryNamesTheKnownOnes() {
            assertThatThrownBy(() -> Instrumentation.parse("verbose"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unknown diagnostic 'verbose' (known: debug, pending, jfr");
        }
    }

    @Nested
    class Durations {
        @Test
        void millisecondsSecondsMinutesAndIso() {
            assertThat(Instrumentation.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
            assertThat(Instrumentation.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
            assertThat(Instrumentation.parseDuration("3m")).isEqualTo(Duration.ofMinutes(3));
            assertThat(Instrumentation.parseDuration(" PT2S ")).isEqualTo(Duration.ofSeconds(2));
        }

        @Test
        void caseIsIgnored() {
            assertThat(Instrumentation.parseDuration("2S")).isEqualTo(Duration.ofSeconds(2));
            assertThat(Instrumentation.parseDuration("pt1m")).isEqualTo(Duration.ofMinutes(1));
        }

        @Test
        void noUnitIsRefused() {
            assertThatThrownBy(() -> Instrumentation.parseDuration("100"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'100' is not a duration (examples: 250ms, 2s, 1.5s, 3m, PT2S)");
        }

        @Test
        void aBadNumberIsRefusedWithTheSameMessage() {
            assertThatThrownBy(() -> Instrumentation.parseDuration("xs"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'xs' is not a duration");
            assertThatThrownBy(() -> Instrumentation.parseDuration("PTx"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'PTx' is not a duration");
        }
    }

    @Nested
    class SystemProperty {
        @Test
        void absentOrBlankMeansNothingOn() {
            System.clearProperty(Instrumentation.PROPERTY);
            assertThat(Instrumentation.fromSystemProperty()).isZero();
            System.setProperty(Instrumentation.PROPERTY, "  ");
            assertThat(Instrumentation.fromSystemProperty()).isZero();
        }

        @Test
        void aCommaListCombinesItsEntriesSkippingEmptyOnes() {
            System.setProperty(Instrumentation.PROPERTY, "Debug, ,pending,,long-chains=7");
            assertThat(Instrumentation.fromSystemProperty())
                    .isEqualTo(Instrumentation.DEBUG | Instrumentation.PENDING | Instrumentation.LONG_CHAINS);
            assertThat(Instrumentation.longChainCallbacks).isEqualTo(7);
        }

        @Test
        void aBadEntryIsSkippedAndTheOthersApply() {
            System.setProperty(Instrumentation.PROPERTY, "bogus,pending,slow-callbacks=never");
            assertThat(Instrumentation.fromSystemProperty()).isEqualTo(Instrumentation.PENDING);
            assertThat(Instrumentation.slowCallbackNanos).isEqualTo(savedSlow);
        }
    }

    @Nested
    class Switching {
        @Test
        void switchesGoOnAndOffIndependently() {
            Deferreds.enable(Deferreds.Diagnostic.PENDING, Deferreds.Diagnostic.DEBUG);
            Deferreds.disable(Deferreds.Diagnostic.DEBUG);
            assertThat(Deferreds.enabled()).isEqualTo(EnumSet.of(Deferreds.Diagnostic.PENDING));
        }
    }
}
