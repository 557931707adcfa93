package dev.outboxcdc.ctl.console;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code outboxctl hash-password}: a bcrypt hash of a password, for a {@code CONSOLE_USERS} entry
 * ({@code name:$2y$12$...}). The password is read from the terminal without echo (asked twice), or
 * as the first line of standard input when that is not a terminal; never from the command line,
 * where the shell's history and {@code ps} would keep it.
 */
@Command(
        name = "hash-password",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a bcrypt hash of a password read from the terminal (or the first line of standard input),",
            "for CONSOLE_USERS=name:<hash>. Quote it in a shell and write $$ for each $ in a docker-compose file."
        })
public final class HashPasswordCommand implements Callable<Integer> {
    /** bcrypt reads at most this many bytes of a password; a longer one would be cut without a word. */
    static final int MAX_BYTES = 72;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--cost",
            defaultValue = "" + ConsoleUsers.DEFAULT_COST,
            description = "bcrypt's cost: 2^cost rounds, 10 to 16 (default: ${DEFAULT-VALUE})")
    int cost;

    @Override
    public Integer call() throws IOException {
        if (cost < 10 || cost > 16) {
            throw new ParameterException(spec.commandLine(), "--cost must be from 10 to 16, not " + cost);
        }
        char[] password = read();
        try {
            if (password.length == 0) {
                throw new ParameterException(spec.commandLine(), "the password is empty");
            }
            if (new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
                throw new ParameterException(
                        spec.commandLine(), "the password is longer than bcrypt's " + MAX_BYTES + " bytes");
            }
            spec.commandLine().getOut().println(ConsoleUsers.hash(new String(password), cost));
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            Arrays.fill(password, ' ');
        }
    }

    @SuppressWarnings("SystemConsoleNull") // Java 17: null when not on a terminal (piped input)
    private char[] read() throws IOException {
        Console terminal = System.console();
        if (terminal != null) {
            char[] first = terminal.readPassword("Password: ");
            char[] again = terminal.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new ParameterException(spec.commandLine(), "the two passwords differ");
            }
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
