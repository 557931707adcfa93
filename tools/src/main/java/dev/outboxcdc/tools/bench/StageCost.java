package dev.outboxcdc.tools.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one stage cost per event: CPU milliseconds of every process of the pipeline, and the
 * database's statements, rows and flushes. Taken from two readings around the stage.
 */
record StageCost(Map<String, Double> cpuMillisPerEvent, Map<String, Double> databasePerEvent) {

    /** Counters at one moment. */
    record Reading(Map<String, Double> cpuSeconds, Map<String, Long> database) {
        static Reading take(ProcessCpu cpu, DatabaseCounters database) {
            return new Reading(cpu.cpuSeconds(), database.read());
        }
    }

    static StageCost between(Reading before, Reading after, long events) {
        double perEvent = 1.0 / Math.max(events, 1);
        Map<String, Double> cpu = new LinkedHashMap<>();
        after.cpuSeconds()
                .forEach((process, seconds) -> cpu.put(
                        process, (seconds - before.cpuSeconds().getOrDefault(process, Double.NaN)) * 1000 * perEvent));
        Map<String, Double> database = new LinkedHashMap<>();
        after.database().forEach((counter, value) -> {
            Long was = before.database().get(counter);
            database.put(counter, was == null ? Double.NaN : (value - was) * perEvent);
        });
        return new StageCost(cpu, database);
    }

    /** CPU ms per event of {@code process}; NaN for a process that was not measured. */
    double cpuOf(String process) {
        return cpuMillisPerEvent.getOrDefault(process, Double.NaN);
    }

    /** {@code counter} per event; NaN for a counter that was not read. */
    double databaseOf(String counter) {
        return databasePerEvent.getOrDefault(counter, Double.NaN);
    }

    double totalCpuMillisPerEvent() {
        return cpuMillisPerEvent.values().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }
}
