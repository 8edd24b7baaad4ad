package dev.dockerlab.classroom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the instructor token comes from: the operator's setting, else a file in the data
 * directory made once with 256 random bits. {@link Loaded#made()} says the file was made just
 * now, the one time the token is printed to the log.
 */
final class InstructorToken {

    static final String FILE = "instructor-token";
    static final int MIN_CONFIGURED_LENGTH = 16;

    record Loaded(String token, Path file, boolean made) {
    }

    private InstructorToken() {
    }

    static Loaded load(Optional<String> configured, Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (configured.isPresent() && !configured.get().isBlank()) {
            String token = configured.get().trim();
            if (token.length() < MIN_CONFIGURED_LENGTH) {
                throw new IllegalStateException("dockerlab.instructor.token is " + token.length() + " characters long; it needs at"
                        + " least " + MIN_CONFIGURED_LENGTH + " (e.g. the output of: head -c 32 /dev/urandom | base64)."
                        + " Or leave it unset and the server makes one and keeps it in " + file + ".");
            }
            return new Loaded(token, null, false);
        }
        try {
            boolean made = !Files.exists(file) && create(file);
            String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (token.length() < MIN_CONFIGURED_LENGTH) {
                throw new IllegalStateException(file + " does not hold an instructor token (" + token.length() + " characters)."
                        + " Delete it to have a new one made at the next start, or set dockerlab.instructor.token.");
            }
            return new Loaded(token, file, made);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the instructor token " + file + ": make dockerlab.data-dir"
                    + " writable for the server, or set dockerlab.instructor.token.", e);
        }
    }

    /** Written to a private temporary file and linked into place, so a crash never leaves half a token. */
    private static boolean create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path temporary = Files.createTempFile(file.getParent(), FILE, ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n",
                    StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            // another server sharing this data directory made it first: use theirs
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
