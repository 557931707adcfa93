package dev.outboxcdc.testsupport;

import dev.outboxcdc.harness.FallbackInfrastructure;
import dev.outboxcdc.harness.ProjectRoot;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * MySQL 8.4 and RabbitMQ in containers, configured from the same mysql-config/ files as
 * docker-compose.yml and the local MariaDB. Used where a Docker engine exists: as the
 * {@link FallbackInfrastructure} of {@link dev.outboxcdc.harness.TestEnvironment}, and by the tests
 * that need MySQL itself.
 */
public final class ContainerInfrastructure implements FallbackInfrastructure {
    /** Where the containers started for this JVM are; they run until it ends (Testcontainers' reaper). */
    private static @Nullable Map<String, String> started;

    /** For {@link java.util.ServiceLoader}; the state is per JVM. */
    public ContainerInfrastructure() {}

    @Override
    public boolean available() {
        return dockerAvailable();
    }

    @Override
    public Map<String, String> start() {
        return startOnce();
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Starts both containers once per JVM; returns the environment variables pointing at them. */
    private static synchronized Map<String, String> startOnce() {
        Map<String, String> environment = started;
        if (environment == null) {
            Path config = mysqlConfig();
            MySQLContainer<?> mysql = new MySQLContainer<>(DockerImageName.parse("mysql:8.4"))
                    .withDatabaseName("outbox")
                    .withCopyFileToContainer(
                            MountableFile.forHostPath(config.resolve("outbox-binlog.cnf")),
                            "/etc/mysql/conf.d/outbox-binlog.cnf")
                    .withCopyFileToContainer(
                            MountableFile.forHostPath(config.resolve("init.sql")),
                            "/docker-entrypoint-initdb.d/init.sql");
            mysql.start();
            RabbitMQContainer rabbit = new RabbitMQContainer(DockerImageName.parse("rabbitmq:3.13-management"));
            rabbit.start();
            environment = Map.of(
                    "DB_HOST", mysql.getHost(),
                    "DB_PORT", Integer.toString(mysql.getMappedPort(3306)),
                    "AMQP_URI", rabbit.getAmqpUrl().replace("amqp://", "amqp://guest:guest@") + "/%2F");
            started = environment;
        }
        return environment;
    }

    /** A fresh MySQL 8.4 server of its own, for the tests that must run against MySQL itself. */
    public static MySQLContainer<?> newMySql() {
        Path config = mysqlConfig();
        return new MySQLContainer<>(DockerImageName.parse("mysql:8.4"))
                .withDatabaseName("outbox")
                .withCopyFileToContainer(
                        MountableFile.forHostPath(config.resolve("outbox-binlog.cnf")),
                        "/etc/mysql/conf.d/outbox-binlog.cnf")
                .withCopyFileToContainer(
                        MountableFile.forHostPath(config.resolve("init.sql")), "/docker-entrypoint-initdb.d/init.sql");
    }

    private static Path mysqlConfig() {
        return ProjectRoot.find().resolve("mysql-config");
    }
}
