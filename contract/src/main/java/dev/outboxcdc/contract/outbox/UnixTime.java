package dev.outboxcdc.contract.outbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Instants for SQL as {@code FROM_UNIXTIME(?)} takes them: seconds since the epoch with microseconds.
 * Unlike a timestamp literal, they mean the same instant whatever the session's time zone.
 */
public final class UnixTime {
    private UnixTime() {}

    /** What {@code UNIX_TIMESTAMP(column)} returns, as an instant. */
    public static Instant instant(BigDecimal seconds) {
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        return Instant.ofEpochSecond(
                whole.longValueExact(),
                seconds.subtract(whole).movePointRight(9).longValue());
    }

    public static BigDecimal seconds(Instant instant) {
        return BigDecimal.valueOf(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano() / 1_000, 6));
    }
}
