package dev.outboxcdc.tools.load;

/**
 * One request that got its {@code 201}, in wall-clock microseconds: when it was due to be sent (open
 * loop: its scheduled time, so queueing in the generator counts) and when the answer arrived, that
 * is after the api's commit had returned.
 */
public record RequestTiming(long sentEpochMicros, long answeredEpochMicros) {}
