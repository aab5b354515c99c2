package pbgraph.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.server.configuration.ServerSettings;

/**
 * Runs an embedded Neo4j Community DBMS with a Bolt connector on 127.0.0.1 and, when asked,
 * an HTTP connector on 127.0.0.1 that serves Neo4j Browser (its jar on the class path) and
 * the HTTP API.
 *
 * <p>Usage: {@code Neo4jLauncher <home-dir> <bolt-port> [page-cache-size [http-port]]},
 * with the password of user {@code neo4j} in the environment variable
 * {@code NEO4J_PASSWORD}; no HTTP connector unless {@code http-port} is given and not 0.
 * Prints {@code READY bolt://127.0.0.1:PORT} (and {@code HTTP http://127.0.0.1:PORT} before
 * it when there is an HTTP connector) once the DBMS is up and the password is set; SIGTERM
 * (or SIGINT) shuts the DBMS down cleanly.
 *
 * <p>It also offers {@code CALL pbgraph.importOffline(options)} on the system database
 * ({@link ImportProcedure}): Neo4j's offline importer writing the database {@code neo4j},
 * which is stopped meanwhile while the DBMS keeps running ({@link OfflineImport}).
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: Neo4jLauncher <home-dir> <bolt-port> [page-cache-size [http-port]]");
            System.exit(2);
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("ERROR: environment variable NEO4J_PASSWORD is not set");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCache = ByteUnit.parse(args.length > 2 ? args[2] : "256m");
        int httpPort = args.length > 3 ? Integer.parseInt(args[3]) : 0;

        DatabaseManagementService dbms;
        try {
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    // what the Browser is told to connect to (its discovery document)
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    // loopback only, and only when asked: Neo4j Browser and the HTTP API
                    .setConfig(HttpConnector.enabled, httpPort > 0)
                    .setConfig(HttpsConnector.enabled, false)
                    // the Browser sends no usage data to Neo4j (the ledgers stay on the machine)
                    .setConfig(ServerSettings.allow_telemetry, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // No 256 MiB preallocated transaction log per database (system + neo4j).
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    // Bolt waits 5 s twice on shutdown by default, after the databases
                    // have already been checkpointed and closed; 1 s each is plenty here.
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1));
            if (httpPort > 0) {
                builder.setConfig(HttpConnector.listen_address, new SocketAddress("127.0.0.1", httpPort))
                        .setConfig(HttpConnector.advertised_address, new SocketAddress("127.0.0.1", httpPort));
            }
            dbms = builder.build();
        } catch (Throwable t) {
            fail("Neo4j failed to start", t);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            try {
                dbms.shutdown();
            } finally {
                System.out.println("STOPPED");
                System.out.flush();
                stopped.countDown();
            }
        }, "pbgraph-neo4j-shutdown"));

        try {
            setPassword(dbms, password);
        } catch (Throwable t) {
            fail("could not set the password of user neo4j", t); // runs the shutdown hook
        }
        try {
            ImportProcedure.dbms = dbms;
            ImportProcedure.home = home;
            ((GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME))
                    .getDependencyResolver()
                    .resolveDependency(GlobalProcedures.class)
                    .registerProcedure(ImportProcedure.class);
        } catch (Throwable t) {
            fail("could not register pbgraph.importOffline", t);
        }

        if (httpPort > 0) {
            System.out.println("HTTP http://127.0.0.1:" + httpPort);
        }
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    /** Prints the stack trace, then one line with the root cause, and exits with status 1. */
    private static void fail(String what, Throwable t) {
        t.printStackTrace();
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        System.err.println("ERROR: " + what + ": " + root.getMessage());
        System.err.flush();
        System.exit(1);
    }

    /** Makes {@code password} the password of user neo4j, with no change required. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // Restarting on an existing home dir with the same password: nothing to change.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }
}
