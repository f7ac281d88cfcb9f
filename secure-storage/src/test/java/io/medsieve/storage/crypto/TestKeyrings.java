package io.medsieve.storage.crypto;

import java.nio.file.Path;

/** Fast keyrings for tests: production PBKDF2 cost would make every test take seconds. */
public final class TestKeyrings {

    public static final int TEST_ITERATIONS = 1_000;

    private TestKeyrings() {
    }

    public static LocalKeyring open(Path file, String passphrase) {
        return new LocalKeyring(file, passphrase.toCharArray(), TEST_ITERATIONS);
    }
}
