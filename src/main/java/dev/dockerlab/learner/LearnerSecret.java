package dev.dockerlab.learner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Where the key that signs learner cookies comes from: the operator's setting, else a file in the
 * data directory made once with 256 random bits. Kept across restarts, so learners keep their
 * cookies (and with them their sandboxes and progress) when the server restarts.
 */
final class LearnerSecret {

    private static final Logger LOG = Logger.getLogger(LearnerSecret.class);

    static final String FILE = "learner-secret";
    static final int MIN_CONFIGURED_LENGTH = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private LearnerSecret() {
    }

    static byte[] load(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            String secret = configured.get().trim();
            if (secret.length() < MIN_CONFIGURED_LENGTH) {
                throw new IllegalStateException("dockerlab.learner.secret is " + secret.length() + " characters long; it needs at"
                        + " least " + MIN_CONFIGURED_LENGTH + " (e.g. the output of: head -c 32 /dev/urandom | base64)."
                        + " Or leave it unset and the server keeps a random one in " + dataDir.resolve(FILE) + ".");
            }
            return secret.getBytes(StandardCharsets.UTF_8);
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] key = Base64.getUrlDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length < 32) {
                throw new IllegalArgumentException("only " + key.length + " bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a learner secret (" + e.getMessage() + "). Delete it to have"
                    + " a new one made at the next start (every learner then gets a new cookie), or set dockerlab.learner.secret.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the learner secret " + file + ": make dockerlab.data-dir"
                    + " writable for the server, or set dockerlab.learner.secret.", e);
        }
    }

    /** Written to a private temporary file and linked into place, so a crash never leaves half a key. */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path temporary = Files.createTempFile(file.getParent(), FILE, ".new", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temporary, Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "\n",
                    StandardCharsets.US_ASCII);
            // a hard link appears whole or not at all, and never replaces a key another server just made
            Files.createLink(file, temporary);
            LOG.infof("Made a new key for learner cookies in %s (keep it: without it every learner gets a new cookie)", file);
        } catch (FileAlreadyExistsException e) {
            // another server sharing this data directory made it first: use theirs
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
