package pbgraph.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.kernel.api.procedure.SystemProcedure;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;

/**
 * {@code CALL pbgraph.importOffline(options)} on the system database: {@link OfflineImport}
 * into the database {@code neo4j} of this DBMS (registered by {@link Neo4jLauncher}; only
 * there, for the user {@code neo4j} on 127.0.0.1).
 */
public final class ImportProcedure {
    static volatile DatabaseManagementService dbms;
    static volatile Path home;

    /** What the call returns: the importer's log. */
    public static final class Output {
        public final String log;

        Output(String log) {
            this.log = log;
        }
    }

    @SystemProcedure
    @Procedure(name = "pbgraph.importOffline", mode = Mode.DBMS)
    @Description("Neo4j's offline importer into the database neo4j of this DBMS (stopped meanwhile).")
    public Stream<Output> importOffline(@Name("options") List<String> options) throws IOException {
        return Stream.of(new Output(OfflineImport.run(dbms, home, options)));
    }
}
