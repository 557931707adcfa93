package dev.outboxcdc.support.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** The server's words for a full disk, as MariaDB and MySQL send them, and what is not one. */
class DatabaseErrorsTest {
    @Test
    void aTableThatCannotGrowIsADiskFullAndTransient() {
        SQLException full = new SQLException("(conn=721) The table 'customers' is full", "HY000", 1114);
        RuntimeException thrown = new UnableToExecuteStatementException("insert failed", full, null);

        assertThat(DatabaseErrors.isDiskFull(thrown)).isTrue();
        assertThat(DatabaseErrors.isUnavailable(thrown))
                .as("retried once space is freed")
                .isTrue();
    }

    @Test
    void theServersOwnDiskFullAndNoSpaceLeftAreDiskFull() {
        assertThat(DatabaseErrors.isDiskFull(new SQLException(
                        "Disk full (./binlog.000002); waiting for someone to free some space...", "HY000", 1021)))
                .isTrue();
        assertThat(DatabaseErrors.isDiskFull(new SQLException(
                        "Error writing file './outbox/#sql-1.frm' (errno: 28 \"No space left on device\")",
                        "HY000",
                        1 /* any code */)))
                .isTrue();
    }

    @Test
    void otherErrorsAreNot() {
        assertThat(DatabaseErrors.isDiskFull(
                        new SQLSyntaxErrorException("Table 'outbox.nope' doesn't exist", "42S02", 1146)))
                .isFalse();
        assertThat(DatabaseErrors.isDiskFull(new SQLException("errno: 280 something else", "HY000", 1)))
                .as("errno 28 exactly")
                .isFalse();
    }
}
