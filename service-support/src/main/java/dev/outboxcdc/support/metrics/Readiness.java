package dev.outboxcdc.support.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code /health/ready} answers: ready or not, a status word ({@code UP}, {@code STANDBY},
 * {@code DOWN}, …) and why, as one JSON object.
 */
public record Readiness(boolean ready, String status, String reason) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Readiness up() {
        return new Readiness(true, "UP", "");
    }

    public static Readiness down(String status, String reason) {
        return new Readiness(false, status, reason);
    }

    public String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        if (!reason.isEmpty()) {
            body.put("reason", reason);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
