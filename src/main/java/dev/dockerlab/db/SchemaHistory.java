package dev.dockerlab.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;

/**
 * Whether the progress database already holds every migration this build carries, applied and
 * unchanged, told without Flyway: one query of Flyway's history table and the checksums of the
 * build's migrations, computed as Flyway computes them. Flyway's own check at every start cost
 * 0.1 to 0.17 s of the path to ready on 2 cores (setting up its parser, its date formats and its
 * database support). Anything else (a new database, a migration to apply, one that changed
 * since it was applied, one that failed, any row this class does not know) is left to Flyway,
 * which applies, or refuses with its reason, as before.
 * <p>
 * It knows SQL migrations only, in {@link #LOCATION} itself: a sub-folder or a script of another
 * name there leaves the check to Flyway, and the project has no Java migrations (ArchitectureTest
 * keeps it so: one would be invisible here).
 */
final class SchemaHistory {

    /** Where the migrations are, in this build's own jar or classes folder (Flyway's default location). */
    static final String LOCATION = "db/migration";
    /** Flyway's history table, by its default name. */
    static final String TABLE = "flyway_schema_history";
    /** Rows of the history that record no migration: Flyway made the table, or the schema. */
    private static final Set<String> MARKERS = Set.of("TABLE", "SCHEMA");
    /** A versioned SQL migration's file name: V, the version (parts joined by _ or .), two _, the description. */
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

    private SchemaHistory() {
    }

    /** One versioned migration, as Flyway names and checks it. */
    record Migration(String version, String description, int checksum) {
    }

    /**
     * The schema's version when its history holds exactly {@code carried}, each applied with
     * success and with the same checksum and description; empty otherwise, or when the history
     * cannot be read (no table yet).
     */
    static Optional<String> upToDate(Connection connection, List<Migration> carried) {
        Map<String, Migration> applied = new HashMap<>();
        try (var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select \"version\", \"description\", \"type\", \"checksum\", \"success\" from \""
                        + TABLE + "\"")) {
            while (rs.next()) {
                String type = rs.getString("type");
                if (MARKERS.contains(type)) {
                    // Flyway's note that it made the history table (or the schema): no migration
                    continue;
                }
                String version = rs.getString("version");
                int checksum = rs.getInt("checksum");
                boolean noChecksum = rs.wasNull();
                if (!"SQL".equals(type) || version == null || noChecksum || !rs.getBoolean("success")) {
                    // a baseline, a repeatable or failed migration, an undo: Flyway knows what to do with these
                    return Optional.empty();
                }
                applied.put(version, new Migration(version, rs.getString("description"), checksum));
            }
        } catch (SQLException e) {
            // no history table (a new database) or one of another shape: Flyway's work
            return Optional.empty();
        }
        if (applied.size() != carried.size() || !carried.stream().allMatch(m -> m.equals(applied.get(m.version())))) {
            return Optional.empty();
        }
        return carried.stream().map(Migration::version).max(SchemaHistory::compareVersions);
    }

    /**
     * The versioned migrations in this build ({@link #LOCATION} beside this class, in its jar or
     * classes folder); empty when they cannot be read from there.
     */
    static List<Migration> carried() {
        CodeSource source = SchemaHistory.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return List.of();
        }
        try {
            Path origin = Path.of(source.getLocation().toURI());
            Map<String, String> scripts = Files.isDirectory(origin) ? fromFolder(origin.resolve(LOCATION)) : fromJar(origin);
            List<Migration> migrations = new ArrayList<>();
            for (var script : scripts.entrySet()) {
                Matcher m = VERSIONED.matcher(script.getKey());
                if (!m.matches()) {
                    // a repeatable or otherwise named script: Flyway's work
                    return List.of();
                }
                migrations.add(new Migration(m.group(1).replace('_', '.'), m.group(2).replace('_', ' '),
                        ChecksumCalculator.calculate(new StringResource(script.getValue()))));
            }
            return migrations;
        } catch (IOException | URISyntaxException | IllegalArgumentException | UnsupportedOperationException e) {
            return List.of();
        }
    }

    private static Map<String, String> fromFolder(Path folder) throws IOException {
        Map<String, String> scripts = new HashMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    if (!Files.isRegularFile(file)) {
                        // Flyway looks into sub-folders too: leave it to Flyway
                        throw new UnsupportedOperationException("a sub-folder in " + LOCATION);
                    }
                    scripts.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return scripts;
    }

    private static Map<String, String> fromJar(Path jarFile) throws IOException {
        Map<String, String> scripts = new HashMap<>();
        String prefix = LOCATION + "/";
        try (JarFile jar = new JarFile(jarFile.toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith(prefix) || name.equals(prefix)) {
                    continue;
                }
                if (name.indexOf('/', prefix.length()) >= 0) {
                    // Flyway looks into sub-folders too: leave it to Flyway
                    throw new UnsupportedOperationException("a sub-folder in " + LOCATION);
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    scripts.put(name.substring(prefix.length()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return scripts;
    }

    /** Versions as Flyway orders them (part by part, as numbers). */
    static int compareVersions(String a, String b) {
        return MigrationVersion.fromVersion(a).compareTo(MigrationVersion.fromVersion(b));
    }
}
