package dev.outboxcdc.support.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way the project's command lines read a duration: a whole number and a unit, {@code ms},
 * {@code s}, {@code m}, {@code h} or {@code d} ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h},
 * {@code 7d}); a bare number is seconds. The load test's {@code --duration} and outboxctl's
 * {@code --older-than} both read it (picocli: {@code registerConverter(Duration.class, DurationText::parse)}).
 */
public final class DurationText {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private DurationText() {}

    /** The duration {@code text} says; {@link IllegalArgumentException} naming the grammar otherwise. */
    public static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: a whole number and ms, s, m, h or d, e.g. 500ms, 30s, 2h, 7d");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
