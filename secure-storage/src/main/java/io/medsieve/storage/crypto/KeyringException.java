package io.medsieve.storage.crypto;

/**
 * The local keyring cannot be used: wrong passphrase, corrupt or replaced file, or unsafe parameters. It is
 * thrown at startup so a misconfigured service refuses to run instead of failing on its first document.
 */
public class KeyringException extends RuntimeException {

    public KeyringException(String message) {
        super(message);
    }

    public KeyringException(String message, Throwable cause) {
        super(message, cause);
    }
}
