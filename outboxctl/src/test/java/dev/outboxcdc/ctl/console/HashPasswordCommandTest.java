package dev.outboxcdc.ctl.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outboxcdc.ctl.OutboxCtl;
import dev.outboxcdc.support.config.Env;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HashPasswordCommandTest {
    private record Run(int exit, String out, String err) {}

    @Test
    void theHashPrintedChecksThePasswordReadFromStandardInput() {
        Run run = hashPassword("correct horse battery\n", "--cost", "10");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().strip()).startsWith("$2y$10$");
        assertThat(ConsoleUsers.parse("alice:" + run.out().strip()).matches("alice", "correct horse battery"))
                .isTrue();
    }

    @Test
    void anEmptyPasswordATooLongOneAndABadCostAreRefusedWithExitTwo() {
        Run empty = hashPassword("\n");
        Run tooLong = hashPassword("x".repeat(HashPasswordCommand.MAX_BYTES + 1) + "\n", "--cost", "10");
        Run cheap = hashPassword("pw\n", "--cost", "9");

        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("the password is empty");
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).contains("longer than bcrypt's 72 bytes");
        assertThat(cheap.exit()).isEqualTo(2);
        assertThat(cheap.err()).contains("--cost must be from 10 to 16, not 9");
        assertThat(empty.out() + tooLong.out() + cheap.out()).isEmpty();
    }

    private static Run hashPassword(String input, String... options) {
        InputStream stdin = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            CommandLine commandLine = OutboxCtl.commandLine(new Env(Map.of()));
            commandLine.setOut(new PrintWriter(out));
            commandLine.setErr(new PrintWriter(err));
            String[] args = new String[options.length + 1];
            args[0] = "hash-password";
            System.arraycopy(options, 0, args, 1, options.length);
            int exit = commandLine.execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(stdin);
        }
    }
}
