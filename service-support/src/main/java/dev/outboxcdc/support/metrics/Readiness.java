package dev.outboxcdc.support.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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

    /**
     * Reads what a service's {@code /health/ready} answered with {@code httpStatus}; a body that is
     * not this JSON (a proxy's error page) is kept whole as the reason, with status {@code UNKNOWN}.
     */
    public static Readiness read(int httpStatus, String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.path("status").isTextual()) {
                return new Readiness(
                        httpStatus == 200,
                        node.get("status").asText(),
                        node.path("reason").asText(""));
            }
        } catch (JsonProcessingException notJson) {
            // kept whole below
        }
        return new Readiness(false, "UNKNOWN", body);
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
