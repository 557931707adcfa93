package dev.outboxcdc.support.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jspecify.annotations.Nullable;

/**
 * One INSERT or UPDATE with positional parameters, run with plain JDBC on a Jdbi handle's
 * connection, so inside the handle's transaction. For the statements of a hot path only: per
 * statement, Jdbi copies its configuration, parses named parameters and looks up an argument
 * factory per value; on the api's request path that was about a fifth of its CPU (a JFR profile
 * under load). A failure is thrown as Jdbi would throw it ({@link UnableToExecuteStatementException}
 * with the driver's exception as its cause), so callers handle both alike, and is reported to the
 * handle's {@link org.jdbi.v3.core.statement.SqlLogger} as a failure of Jdbi's own statements is,
 * with no statement context ({@code null}: there is none), so that {@link DatabaseWritability} sees
 * these writes refused too. Stateless.
 */
public final class DirectWrite {
    private DirectWrite() {}

    /** Executes {@code sql} with {@code parameters} bound in order ({@code null} binds SQL NULL); returns the rows changed. */
    public static int execute(Handle handle, String sql, @Nullable Object... parameters) {
        try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            handle.getConfig(SqlStatements.class).getSqlLogger().logException(null, e);
            throw new UnableToExecuteStatementException(e.getMessage() + " [statement: \"" + sql + "\"]", e, null);
        }
    }
}
