package dev.outboxcdc.api.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request carrying an {@code Idempotency-Key}, with the fingerprint that tells a retry (same
 * fingerprint) from a different request reusing the key: SHA-256 of the method, the path and the
 * body in canonical form (so that a retry that orders its JSON fields differently is still a retry).
 */
public record IdempotentRequest(IdempotencyKey key, String fingerprint) {

    public static IdempotentRequest of(IdempotencyKey key, String method, String path, byte[] canonicalBody) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return new IdempotentRequest(key, HexFormat.of().formatHex(sha256.digest(canonicalBody)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
