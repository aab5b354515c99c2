package pbgraph.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.database.DatabaseContext;
import org.neo4j.dbms.database.DatabaseContextProvider;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.database.AbstractDatabase;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j's offline bulk importer ({@code neo4j-admin database import full} of the same Neo4j,
 * run in this JVM through its public entry point {@link AdminTool}) writing the database
 * {@code neo4j} of the running DBMS: the database is stopped (the DBMS, its Bolt connector
 * and the system database keep running), its folders are moved aside, the importer writes a
 * new store in their place, and the database is started again on it. If the import fails,
 * what it wrote is deleted and the folders moved aside are put back before the database
 * starts again. While it runs, {@code import.json} in the home says so: should the DBMS be
 * killed meanwhile, the next start (pbgraph/stores/neo4j_offline.py) puts the database back.
 *
 * <p>The folder names are pbgraph/stores/neo4j_offline.py's: {@code import.json},
 * {@code import-backup/}, {@code import.log} (the importer's output).
 */
final class OfflineImport {
    static final String DATABASE = "neo4j";
    private static final String[] PARTS = {"databases", "transactions"};

    private OfflineImport() {}

    /**
     * Imports with {@code options} (those of {@code neo4j-admin database import full}; the
     * files they name must be in folders {@code import-*} of {@code home}).
     *
     * @return the import's log
     * @throws IllegalArgumentException for an option that is not allowed
     * @throws IOException if the import failed (the database is as it was)
     */
    static synchronized String run(DatabaseManagementService dbms, Path home, List<String> options)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("database", "import", "full"));
        for (String option : options) {
            command.add(checked(home, option));
        }
        command.add("--report-file=" + home.resolve("import.report"));
        command.add(DATABASE);
        AbstractDatabase database = database(dbms);
        database.stop();
        Path log = home.resolve("import.log");
        try {
            moveAside(home);
            int status;
            try (OutputStream file = Files.newOutputStream(log);
                    PrintStream out = new PrintStream(file, true, StandardCharsets.UTF_8);
                    DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction()) {
                ExecutionContext context = new ExecutionContext(home, home.resolve("conf"), out, out, fs);
                status = AdminTool.execute(context, command.toArray(new String[0]));
            }
            if (status != 0) {
                restore(home);
                throw new IOException("the import failed (exit code " + status + ")");
            }
            deleteTree(home.resolve("import-backup"));
            Files.deleteIfExists(home.resolve("import.json"));
        } catch (IOException | RuntimeException | Error e) {
            if (Files.exists(home.resolve("import.json"))) {
                restore(home);
            }
            throw e;
        } finally {
            database.start();
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static AbstractDatabase database(DatabaseManagementService dbms) {
        GraphDatabaseAPI system = (GraphDatabaseAPI) dbms.database("system");
        DatabaseContextProvider<?> provider =
                system.getDependencyResolver().resolveDependency(DatabaseContextProvider.class);
        DatabaseContext context = provider.getDatabaseContext(DATABASE).orElseThrow();
        return context.database();
    }

    /** An option the importer may be given here: files in {@code home/import-*}, no others. */
    private static String checked(Path home, String option) {
        for (String kind : new String[] {"--nodes=", "--relationships="}) {
            if (option.startsWith(kind)) {
                String value = option.substring(kind.length());
                Path file = Path.of(value.substring(value.indexOf('=') + 1)).toAbsolutePath().normalize();
                Path folder = file.getParent();
                if (folder == null || !home.equals(folder.getParent())
                        || !folder.getFileName().toString().startsWith("import-")) {
                    throw new IllegalArgumentException("not a file of an import folder: " + file);
                }
                return option;
            }
        }
        if (option.startsWith("--multiline-fields=") || option.startsWith("--max-off-heap-memory=")
                || option.startsWith("--threads=")) {
            return option;
        }
        throw new IllegalArgumentException("option not allowed: " + option);
    }

    private static Path part(Path home, String part) {
        return home.resolve("data").resolve(part).resolve(DATABASE);
    }

    private static void moveAside(Path home) throws IOException {
        Path backup = home.resolve("import-backup");
        deleteTree(backup);
        Files.createDirectories(backup);
        Path marker = home.resolve("import.json.tmp");
        Files.writeString(marker, "{\"database\": \"" + DATABASE + "\", \"importer\": null}\n");
        Files.move(marker, home.resolve("import.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        for (String part : PARTS) {
            if (Files.exists(part(home, part))) {
                Files.move(part(home, part), backup.resolve(part));
            }
        }
    }

    /** The database moved aside back in place of what the importer wrote. */
    private static void restore(Path home) throws IOException {
        Path backup = home.resolve("import-backup");
        for (String part : PARTS) {
            if (Files.exists(backup.resolve(part))) {
                deleteTree(part(home, part));
                Files.move(backup.resolve(part), part(home, part));
            }
        }
        deleteTree(backup);
        Files.deleteIfExists(home.resolve("import.json"));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
