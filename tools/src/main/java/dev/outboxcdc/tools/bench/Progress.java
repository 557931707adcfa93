package dev.outboxcdc.tools.bench;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Prints which stage runs, how long the bench (or the chaos suite) has run and about how long it has
 * left. The estimate is the planned stage time still to come (drains and service starts make the
 * real run longer).
 */
public final class Progress {
    private final PrintStream out;
    private final long started = System.nanoTime();
    private Duration plannedLeft;

    public Progress(PrintStream out, Duration planned) {
        this.out = out;
        this.plannedLeft = planned;
    }

    public void stage(String name, Duration planned) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        out.printf(
                "== [%d:%02d elapsed, ~%d min left] %s%n",
                elapsed.toMinutes(), elapsed.toSecondsPart(), Math.max(1, (plannedLeft.toSeconds() + 59) / 60), name);
        plannedLeft = plannedLeft.minus(planned).isNegative() ? Duration.ZERO : plannedLeft.minus(planned);
    }

    PrintStream out() {
        return out;
    }
}
