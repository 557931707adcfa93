package dev.outboxcdc.ctl.console;

import dev.outboxcdc.support.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The console's users ({@code CONSOLE_USERS} or {@code CONSOLE_USERS_FILE}): {@code name:password}
 * entries separated by commas or new lines, each password either a bcrypt hash ({@code $2a$},
 * {@code $2b$} or {@code $2y$}, as {@code outboxctl hash-password} makes it) or, discouraged, clear
 * text. A password that looks like another hash format ({@code $argon2id$...}) is refused at start
 * rather than taken for a clear-text password nobody can type.
 *
 * <p>Checking a password costs the same whoever is named: an unknown name is checked against a
 * dummy hash of the same cost, so that the time of an answer does not tell which names exist.
 */
final class ConsoleUsers {
    static final String VARIABLE = ConsoleConfig.USERS_VARIABLE;
    /** bcrypt's cost for {@code outboxctl hash-password}: 2^12 rounds, about a quarter of a second here. */
    static final int DEFAULT_COST = 12;

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    private static final Pattern OTHER_HASH = Pattern.compile("\\$[A-Za-z0-9-]{1,32}\\$.*");

    /** A user's password as configured. */
    private sealed interface Credential {
        boolean matches(String password);
    }

    private record Bcrypt(String hash) implements Credential {
        @Override
        public boolean matches(String password) {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        }
    }

    private record ClearText(String password) implements Credential {
        @Override
        public boolean matches(String given) {
            return MessageDigest.isEqual(
                    password.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Credential> users;
    /** Checked for a name nobody has: as costly as the configured users' checks. */
    private final Credential unknown;

    private ConsoleUsers(Map<String, Credential> users) {
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        int cost = users.values().stream()
                .filter(Bcrypt.class::isInstance)
                .map(credential -> cost(((Bcrypt) credential).hash()))
                .max(Integer::compare)
                .orElse(0);
        this.unknown = cost == 0 ? new ClearText(randomText()) : new Bcrypt(hash(randomText(), cost));
    }

    static ConsoleUsers none() {
        return new ConsoleUsers(Map.of());
    }

    /** Parses the entries; an entry that is not {@code name:password}, or a hash of an unknown format, is refused naming the user. */
    static ConsoleUsers parse(String raw) {
        Map<String, Credential> users = new LinkedHashMap<>();
        for (String entry : raw.split("[,\n]")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new ConfigException(
                        "Invalid " + VARIABLE + ": an entry is not name:password (the entry's password is not shown)");
            }
            String name = trimmed.substring(0, colon);
            users.put(name, credential(name, trimmed.substring(colon + 1)));
        }
        return new ConsoleUsers(users);
    }

    private static Credential credential(String name, String password) {
        if (BCRYPT.matcher(password).matches()) {
            int cost = cost(password);
            if (cost < 4 || cost > 31) {
                throw new ConfigException("Invalid " + VARIABLE + ": the bcrypt hash of user '" + name + "' has cost "
                        + cost + ", expected 4 to 31 (make one with outboxctl hash-password)");
            }
            return new Bcrypt(password);
        }
        if (OTHER_HASH.matcher(password).matches()) {
            String format = password.substring(0, password.indexOf('$', 1) + 1);
            throw new ConfigException("Invalid " + VARIABLE + ": the password of user '" + name + "' is a hash in a"
                    + " format the console does not check (" + format
                    + "): use bcrypt, made by outboxctl hash-password");
        }
        return new ClearText(password);
    }

    boolean isEmpty() {
        return users.isEmpty();
    }

    /** Whether {@code password} is {@code name}'s; as costly for an unknown name as for a known one. */
    boolean matches(String name, String password) {
        Credential credential = users.get(name);
        boolean matches = (credential == null ? unknown : credential).matches(password);
        return matches && credential != null;
    }

    /** The users whose password is configured in clear text, to be warned about outside development. */
    List<String> withClearTextPasswords() {
        return users.entrySet().stream()
                .filter(user -> user.getValue() instanceof ClearText)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** A bcrypt hash of {@code password} with {@code cost} (2^cost rounds) and a random salt, as {@code $2y$...}. */
    static String hash(String password, int cost) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, cost);
    }

    private static int cost(String hash) {
        Matcher matcher = BCRYPT.matcher(hash);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static String randomText() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
