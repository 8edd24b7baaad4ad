package dev.dockerlab.sandbox;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.dockerlab.learner.LearnerCookies;

/**
 * The container name of a learner's sandbox. Docker's DNS on the sandbox network answers a
 * reverse lookup of any address there with the container's name, so a learner can read every
 * neighbour's name; it must not be their learner hash (the name of their push space, their
 * label). The name is the hash encrypted with a key of this server ({@code dockerlab-[instance-]}
 * and 32 hex digits): one per learner, so the engine still refuses a second sandbox for the same
 * learner, and readable back by this server alone, which is how it adopts a claimed pool sandbox
 * (whose labels were fixed before it had a learner) after a restart.
 */
@ApplicationScoped
public class SandboxNames {

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{32}");
    /** The second half of the enciphered block: a name that decrypts without it was not made here. */
    private static final byte[] MARK = { 'd', 'o', 'c', 'k', 'e', 'r', 'l', 'b' };

    private final String instance;
    private final SecretKeySpec key;

    SandboxNames(SandboxConfig config, LearnerCookies cookies) {
        this.instance = config.instance();
        this.key = new SecretKeySpec(Arrays.copyOf(cookies.derivedKey("sandbox-names"), 16), "AES");
    }

    /** The name of this learner's sandbox. */
    public String of(String learnerHash) {
        if (!HASH.matcher(learnerHash).matches()) {
            throw new IllegalArgumentException("not a learner hash");
        }
        byte[] block = new byte[16];
        System.arraycopy(HEX.parseHex(learnerHash), 0, block, 0, 8);
        System.arraycopy(MARK, 0, block, 8, 8);
        return Labels.sandboxName(instance, HEX.formatHex(cipher(Cipher.ENCRYPT_MODE, block)));
    }

    /** The learner whose sandbox has this name, if this server named it. */
    Optional<String> learnerOf(String name) {
        String prefix = Labels.sandboxName(instance, "");
        if (!name.startsWith(prefix) || !TOKEN.matcher(name.substring(prefix.length())).matches()) {
            return Optional.empty();
        }
        byte[] block = cipher(Cipher.DECRYPT_MODE, HEX.parseHex(name.substring(prefix.length())));
        if (!Arrays.equals(block, 8, 16, MARK, 0, 8)) {
            return Optional.empty();
        }
        return Optional.of(HEX.formatHex(block, 0, 8));
    }

    private byte[] cipher(int mode, byte[] block) {
        try {
            // One block of 16 bytes, enciphered alone: ECB is what a keyed one-to-one map of one block is.
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(mode, key);
            return aes.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has AES", e);
        }
    }
}
