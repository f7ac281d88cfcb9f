package io.medsieve.storage.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.medsieve.storage.crypto.KeyringFile.Kdf;
import io.medsieve.storage.crypto.KeyringFile.RetiredKey;
import io.medsieve.storage.crypto.KeyringFile.TenantEntry;
import io.medsieve.storage.crypto.KeyringFile.Verifier;
import io.medsieve.storage.fs.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jboss.logging.Logger;

/**
 * Embedded {@link KeyProvider}: tenant keys live in one passphrase-encrypted JSON file shared by all service
 * processes on a machine, because there is no Vault server in the embedded setup.
 *
 * <p>Concurrency: processes coordinate through an exclusive lock on a sibling {@code .lock} file around every
 * read-modify-write, and the file is always replaced atomically, so readers need no lock. Each process derives
 * the KEK once (PBKDF2 is deliberately slow) and caches decrypted tenant keys; before each use it checks
 * whether the file changed, so a tenant destroyed by another process stops working here too.
 *
 * <p>Rotation: {@link #rotateTenantKey} makes a new current key and keeps the old ones (encrypted, in the
 * tenant's {@code retired} list) so existing envelopes still open; only the current key wraps new data keys.
 * The HMAC secret is derived from the tenant's first key so placeholders survive rotation. Shredding drops every
 * version at once.
 */
public class LocalKeyring implements KeyProvider, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalKeyring.class);

    /** OWASP (2023) recommendation for PBKDF2-HMAC-SHA256; used for new keyring files. */
    static final int DEFAULT_ITERATIONS = 600_000;
    /** Files weaker than this are refused in production, so a test keyring can never slip into service. */
    static final int MIN_ITERATIONS = 310_000;
    static final String KDF_ALGORITHM = "PBKDF2WithHmacSHA256";

    private static final int SALT_BYTES = 16;
    private static final int HMAC_KEY_BYTES = 32;
    private static final int WRAPPED_KEY_BYTES = Gcm.NONCE_BYTES + Gcm.KEY_BYTES + Gcm.TAG_BYTES;
    private static final byte[] VERIFIER_AAD = "medsieve-keyring-verifier-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HMAC_SALT = "medsieve-hmac-key-v1".getBytes(StandardCharsets.US_ASCII);
    private static final String MISSING_PASSPHRASE =
            "keyring passphrase is empty; set medsieve.keyring.passphrase (env MEDSIEVE_KEYRING_PASSPHRASE)";

    private static final Set<StandardOpenOption> LOCK_FILE_OPTIONS =
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    /** FileChannel locks belong to the whole JVM, so threads and instances in one JVM must also queue here. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final SecureRandom random = new SecureRandom();
    private final Map<String, TenantKeys> cache = new ConcurrentHashMap<>();
    private final Path file;
    private final Path lockFile;
    private final byte[] salt;
    private final byte[] kek;
    /** Identity of the file version the cache was last reconciled with. */
    private volatile FileStamp seen;
    private volatile boolean closed;

    /**
     * Opens the keyring, creating it if absent, and verifies the passphrase right away so a misconfigured
     * service fails at startup. The caller keeps ownership of {@code passphrase} and should clear it afterwards.
     *
     * @throws KeyringException if the passphrase is empty or wrong, or the file is corrupt or too weak
     */
    public LocalKeyring(Path file, char[] passphrase) {
        this(file, passphrase, DEFAULT_ITERATIONS);
    }

    /** Lets tests use a cheap iteration count; production always goes through the public constructor. */
    LocalKeyring(Path file, char[] passphrase, int iterations) {
        Objects.requireNonNull(file, "file");
        if (passphrase == null || isBlank(passphrase)) {
            throw new KeyringException(MISSING_PASSPHRASE);
        }
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        try {
            DurableFiles.createPrivateDirectories(this.file.getParent());
            Opened opened = openOrCreate(passphrase, iterations);
            this.salt = opened.content().kdf().salt();
            this.kek = opened.kek();
            LOG.infof("opened keyring %s (%d tenant entries)", this.file, opened.content().tenants().size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open keyring file", e);
        }
    }

    @Override
    public DataKey newDataKey(String tenantId) {
        TenantKey tenantKey = liveKey(tenantId, true).current();
        byte[] dataKey = randomBytes(Gcm.KEY_BYTES);
        return new DataKey(tenantKey.keyId(), dataKey, wrap(tenantId, tenantKey, dataKey));
    }

    /** Wrapped form: nonce followed by the GCM ciphertext of the data key, bound to tenant and key id. */
    private byte[] wrap(String tenantId, TenantKey tenantKey, byte[] dataKey) {
        byte[] nonce = randomBytes(Gcm.NONCE_BYTES);
        byte[] sealed = tenantKey.use(key -> Gcm.encrypt(key, nonce, dataKey, wrapAad(tenantId, tenantKey.keyId())));
        return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
    }

    @Override
    public byte[] unwrapDataKey(String tenantId, String keyId, byte[] wrappedKey) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        TenantKeys tenantKeys;
        try {
            tenantKeys = liveKey(tenantId, false);
        } catch (KeyUnavailableException e) {
            throw new KeyUnavailableException(keyId);
        }
        if (tenantKeys == null) {
            throw new KeyUnavailableException(keyId);
        }
        TenantKey tenantKey = tenantKeys.version(keyId);
        if (tenantKey == null) {
            // A live tenant without this key version: the envelope was altered or belongs to another tenant.
            throw new TamperedEnvelopeException("data key was not wrapped by this tenant's key");
        }
        if (wrappedKey.length != WRAPPED_KEY_BYTES) {
            throw new TamperedEnvelopeException("wrapped data key has the wrong length");
        }
        byte[] nonce = Arrays.copyOf(wrappedKey, Gcm.NONCE_BYTES);
        try {
            return tenantKey.use(key -> Gcm.decrypt(key, nonce, wrappedKey, Gcm.NONCE_BYTES,
                    wrappedKey.length - Gcm.NONCE_BYTES, wrapAad(tenantId, keyId)));
        } catch (AEADBadTagException e) {
            throw new TamperedEnvelopeException("wrapped data key failed authentication", e);
        }
    }

    @Override
    public byte[] hmacKey(String tenantId, String purpose) {
        requireText(purpose, "purpose");
        TenantKey tenantKey = liveKey(tenantId, true).first();
        byte[] info = LengthPrefixed.encode("hmac", tenantId, purpose);
        return tenantKey.use(key -> Hkdf.derive(key, HMAC_SALT, info, HMAC_KEY_BYTES));
    }

    @Override
    public void destroyTenantKey(String tenantId) {
        requireText(tenantId, "tenantId");
        ensureOpen();
        synchronized (this) {
            withFileLock(() -> {
                KeyringFile latest = readExisting();
                TenantEntry entry = latest.tenants().get(tenantId);
                KeyringFile current = latest;
                if (entry == null || !entry.destroyed()) {
                    String now = Instant.now().toString();
                    TenantEntry tombstone = entry == null
                            ? new TenantEntry(null, null, null, null, true, now, null)
                            : entry.tombstone(now);
                    Map<String, TenantEntry> tenants = new TreeMap<>(latest.tenants());
                    tenants.put(tenantId, tombstone);
                    current = latest.withTenants(tenants);
                    write(current);
                    LOG.infof("destroyed tenant key %s", tombstone.keyId() == null ? "(none)" : tombstone.keyId());
                }
                reconcile(current);
                seen = stamp();
                return null;
            });
        }
    }

    /**
     * Replaces the tenant's current key under the file lock, so concurrent rotations by several processes each
     * add a version instead of losing one. Data keys wrapped before stay unwrappable via the retired versions.
     */
    @Override
    public String rotateTenantKey(String tenantId) {
        requireText(tenantId, "tenantId");
        ensureOpen();
        synchronized (this) {
            return withFileLock(() -> {
                KeyringFile latest = readExisting();
                reconcile(latest);
                TenantEntry entry = latest.tenants().get(tenantId);
                if (entry == null) {
                    throw new KeyUnavailableException(null);
                }
                if (entry.destroyed()) {
                    throw new KeyUnavailableException(entry.keyId());
                }
                byte[] key = randomBytes(Gcm.KEY_BYTES);
                String keyId = newKeyId();
                byte[] nonce = randomBytes(Gcm.NONCE_BYTES);
                byte[] encrypted = Gcm.encrypt(kek, nonce, key, entryAad(tenantId, keyId));
                Map<String, TenantEntry> tenants = new TreeMap<>(latest.tenants());
                tenants.put(tenantId, entry.rotate(keyId, nonce, encrypted, Instant.now().toString()));
                write(latest.withTenants(tenants));
                // Extend the cached versions instead of dropping them, so threads using them are not disturbed.
                TenantKeys cached = cache.get(tenantId);
                if (cached != null) {
                    cache.put(tenantId, cached.plus(new TenantKey(keyId, key)));
                } else {
                    Arrays.fill(key, (byte) 0);
                }
                seen = stamp();
                LOG.infof("rotated tenant key %s to %s", entry.keyId(), keyId);
                return keyId;
            });
        }
    }

    /** Unwraps with whichever version wrapped the key and wraps again with the current version. */
    @Override
    public WrappedDataKey rewrapDataKey(String tenantId, String keyId, byte[] wrappedKey) {
        byte[] dataKey = unwrapDataKey(tenantId, keyId, wrappedKey);
        try {
            TenantKeys tenantKeys = liveKey(tenantId, false);
            if (tenantKeys == null) {
                throw new KeyUnavailableException(keyId);
            }
            TenantKey current = tenantKeys.current();
            return new WrappedDataKey(current.keyId(), wrap(tenantId, current, dataKey));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Wipes the KEK and cached tenant keys when the service shuts down. */
    @Override
    public synchronized void close() {
        closed = true;
        cache.values().forEach(TenantKeys::wipe);
        cache.clear();
        Arrays.fill(kek, (byte) 0);
    }

    // --- tenant key lookup -------------------------------------------------------------------------------

    /** Returns the tenant's live keys, loading or (if {@code create}) creating them; null if absent and not created. */
    private TenantKeys liveKey(String tenantId, boolean create) {
        requireText(tenantId, "tenantId");
        ensureOpen();
        if (!stamp().equals(seen)) {
            reload();
        }
        TenantKeys cached = cache.get(tenantId);
        return cached != null ? cached : loadOrCreate(tenantId, create);
    }

    private synchronized void reload() {
        FileStamp before = stamp();
        reconcile(readExisting());
        seen = before;
    }

    /** Slow path on a cache miss: re-read the file, and create the key under the file lock if still absent. */
    private synchronized TenantKeys loadOrCreate(String tenantId, boolean create) {
        TenantKeys cached = cache.get(tenantId);
        if (cached != null) {
            return cached;
        }
        FileStamp before = stamp();
        KeyringFile content = readExisting();
        reconcile(content);
        seen = before;
        TenantEntry entry = content.tenants().get(tenantId);
        if (entry != null) {
            return adopt(tenantId, entry);
        }
        if (!create) {
            return null;
        }
        return withFileLock(() -> {
            KeyringFile latest = readExisting();
            reconcile(latest);
            TenantEntry raced = latest.tenants().get(tenantId);
            if (raced != null) {
                seen = stamp();
                return adopt(tenantId, raced); // another process created it first: use theirs
            }
            byte[] key = randomBytes(Gcm.KEY_BYTES);
            String keyId = newKeyId();
            byte[] nonce = randomBytes(Gcm.NONCE_BYTES);
            byte[] encrypted = Gcm.encrypt(kek, nonce, key, entryAad(tenantId, keyId));
            Map<String, TenantEntry> tenants = new TreeMap<>(latest.tenants());
            tenants.put(tenantId, TenantEntry.live(keyId, nonce, encrypted, Instant.now().toString()));
            write(latest.withTenants(tenants));
            seen = stamp();
            TenantKeys created = TenantKeys.single(new TenantKey(keyId, key));
            cache.put(tenantId, created);
            LOG.infof("created tenant key %s", keyId);
            return created;
        });
    }

    /** Decrypts a file entry into the cache; a tombstone means the tenant was crypto-shredded. */
    private TenantKeys adopt(String tenantId, TenantEntry entry) {
        if (entry.destroyed()) {
            throw new KeyUnavailableException(entry.keyId());
        }
        List<TenantKey> versions = new ArrayList<>();
        for (RetiredKey retired : entry.retiredOrEmpty()) {
            versions.add(decryptEntryKey(tenantId, retired.keyId(), retired.nonce(), retired.encryptedKey()));
        }
        versions.add(decryptEntryKey(tenantId, entry.keyId(), entry.nonce(), entry.encryptedKey()));
        TenantKeys tenantKeys = new TenantKeys(versions);
        cache.put(tenantId, tenantKeys);
        return tenantKeys;
    }

    private TenantKey decryptEntryKey(String tenantId, String keyId, byte[] nonce, byte[] encryptedKey) {
        try {
            return new TenantKey(keyId, Gcm.decrypt(kek, nonce, encryptedKey, entryAad(tenantId, keyId)));
        } catch (AEADBadTagException | RuntimeException e) {
            throw new KeyringException("keyring entry failed authentication: keyId=" + keyId);
        }
    }

    /** Drops cached keys that the file no longer backs (destroyed by any process, or replaced). */
    private void reconcile(KeyringFile content) {
        if (!Arrays.equals(content.kdf().salt(), salt)) {
            throw new KeyringException("keyring file " + file + " was replaced by a different keyring");
        }
        cache.entrySet().removeIf(cached -> {
            TenantEntry entry = content.tenants().get(cached.getKey());
            boolean gone = entry == null || entry.destroyed();
            if (gone) {
                cached.getValue().wipe();
                return true;
            }
            // Rotated elsewhere: reload on next use, but leave the old versions intact for threads still using
            // them (they remain valid versions of this tenant's key).
            return !cached.getValue().current().keyId().equals(entry.keyId());
        });
    }

    // --- opening -----------------------------------------------------------------------------------------

    private Opened openOrCreate(char[] passphrase, int iterations) throws IOException {
        KeyringFile existing = read();
        if (existing == null) {
            Opened created = withFileLock(() -> {
                KeyringFile again = read();
                return again != null ? new Opened(again, null) : create(passphrase, iterations);
            });
            if (created.kek() != null) {
                return created;
            }
            existing = created.content(); // another process created it meanwhile
        }
        Kdf kdf = existing.kdf();
        if (!KDF_ALGORITHM.equals(kdf.algorithm()) || kdf.salt() == null || kdf.salt().length < SALT_BYTES) {
            throw new KeyringException("keyring file " + file + " has unsupported KDF parameters");
        }
        if (kdf.iterations() < Math.min(iterations, MIN_ITERATIONS)) {
            throw new KeyringException("keyring file " + file + " uses too few PBKDF2 iterations ("
                    + kdf.iterations() + "); at least " + MIN_ITERATIONS + " are required");
        }
        byte[] derived = deriveKek(passphrase, kdf.salt(), kdf.iterations());
        try {
            Gcm.decrypt(derived, existing.verifier().nonce(), existing.verifier().tag(), VERIFIER_AAD);
        } catch (AEADBadTagException | RuntimeException e) {
            Arrays.fill(derived, (byte) 0);
            throw new KeyringException("keyring passphrase is wrong for " + file
                    + " (check MEDSIEVE_KEYRING_PASSPHRASE / medsieve.keyring.passphrase)");
        }
        return new Opened(existing, derived);
    }

    private Opened create(char[] passphrase, int iterations) throws IOException {
        byte[] newSalt = randomBytes(SALT_BYTES);
        byte[] derived = deriveKek(passphrase, newSalt, iterations);
        byte[] nonce = randomBytes(Gcm.NONCE_BYTES);
        byte[] tag = Gcm.encrypt(derived, nonce, new byte[0], VERIFIER_AAD);
        KeyringFile content = new KeyringFile(KeyringFile.VERSION_WITHOUT_ROTATION,
                new Kdf(KDF_ALGORITHM, iterations, newSalt), new Verifier(nonce, tag), new TreeMap<>());
        write(content);
        LOG.infof("created keyring %s", file);
        return new Opened(content, derived);
    }

    private static byte[] deriveKek(char[] passphrase, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, Gcm.KEY_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(KDF_ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(KDF_ALGORITHM + " unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }

    // --- file access -------------------------------------------------------------------------------------

    /** Returns null if the file does not exist yet. */
    private KeyringFile read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keyring file", e);
        }
        KeyringFile content;
        try {
            content = json.readValue(bytes, KeyringFile.class);
        } catch (IOException e) {
            throw new KeyringException("keyring file " + file + " is corrupt");
        }
        if (content.version() != KeyringFile.VERSION_WITHOUT_ROTATION
                && content.version() != KeyringFile.VERSION_WITH_ROTATION) {
            throw new KeyringException("keyring file " + file + " has unsupported version " + content.version());
        }
        if (content.kdf() == null || content.verifier() == null || content.tenants() == null) {
            throw new KeyringException("keyring file " + file + " is incomplete");
        }
        return content;
    }

    private KeyringFile readExisting() {
        KeyringFile content = read();
        if (content == null) {
            throw new KeyringException("keyring file " + file + " disappeared; all tenant keys are lost");
        }
        return content;
    }

    /** Callers must hold the file lock. */
    private void write(KeyringFile content) {
        try {
            DurableFiles.writeAtomically(file, json.writeValueAsBytes(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise keyring", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keyring file", e);
        }
    }

    private FileStamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            throw new KeyringException("keyring file " + file + " disappeared; all tenant keys are lost");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat keyring file", e);
        }
    }

    /** Runs {@code action} holding both the in-JVM lock and the cross-process lock on the sibling lock file. */
    private <T> T withFileLock(IoAction<T> action) {
        try (FileChannel channel = FileChannel.open(lockFile, LOCK_FILE_OPTIONS,
                DurableFiles.fileAttributes(lockFile.getParent()))) {
            ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile.toRealPath(), p -> new ReentrantLock());
            jvmLock.lock();
            try (FileLock ignored = channel.lock()) {
                return action.run();
            } finally {
                jvmLock.unlock();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock keyring file", e);
        }
    }

    // --- small helpers -----------------------------------------------------------------------------------

    private static byte[] entryAad(String tenantId, String keyId) {
        return LengthPrefixed.encode("tenant-key", tenantId, keyId);
    }

    private String newKeyId() {
        return "tk-" + HexFormat.of().formatHex(randomBytes(16));
    }

    private static byte[] wrapAad(String tenantId, String keyId) {
        return LengthPrefixed.encode("data-key", tenantId, keyId);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("keyring is closed");
        }
    }

    private static boolean isBlank(char[] chars) {
        for (char c : chars) {
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }

    @FunctionalInterface
    private interface KeyOperation<T, E extends Exception> {
        T apply(byte[] key) throws E;
    }

    private record Opened(KeyringFile content, byte[] kek) {
    }

    /** Which version of the file we saw; atomic replacement changes the inode, so this detects other writers. */
    private record FileStamp(Object fileKey, FileTime modified, long size) {
    }

    /**
     * All live versions of one tenant's key, oldest first: the last wraps new data keys, the first derives the
     * HMAC secret, any of them unwraps.
     */
    private static final class TenantKeys {

        private final List<TenantKey> versions;
        private final Map<String, TenantKey> byId = new LinkedHashMap<>();

        TenantKeys(List<TenantKey> versions) {
            this.versions = List.copyOf(versions);
            this.versions.forEach(version -> byId.put(version.keyId(), version));
        }

        static TenantKeys single(TenantKey key) {
            return new TenantKeys(List.of(key));
        }

        /** The same versions plus a new current one. */
        TenantKeys plus(TenantKey newCurrent) {
            List<TenantKey> extended = new ArrayList<>(versions);
            extended.add(newCurrent);
            return new TenantKeys(extended);
        }

        TenantKey current() {
            return versions.get(versions.size() - 1);
        }

        TenantKey first() {
            return versions.get(0);
        }

        /** Null when the key id is not one of this tenant's versions. */
        TenantKey version(String keyId) {
            return byId.get(keyId);
        }

        void wipe() {
            versions.forEach(TenantKey::wipe);
        }
    }

    /**
     * A cached tenant key. Access is serialised with wiping, so a key destroyed mid-operation is never used
     * half-zeroed: the operation either completes first or sees the key as unavailable.
     */
    private static final class TenantKey {

        private final String keyId;
        private byte[] key;

        TenantKey(String keyId, byte[] key) {
            this.keyId = keyId;
            this.key = key;
        }

        String keyId() {
            return keyId;
        }

        synchronized <T, E extends Exception> T use(KeyOperation<T, E> operation) throws E {
            if (key == null) {
                throw new KeyUnavailableException(keyId);
            }
            return operation.apply(key);
        }

        synchronized void wipe() {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
                key = null;
            }
        }
    }
}
