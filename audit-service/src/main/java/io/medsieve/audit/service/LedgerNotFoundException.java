package io.medsieve.audit.service;

import io.medsieve.api.ProblemException;

/**
 * The requested entry, document or tree size does not exist for the caller. Another tenant's looks exactly the
 * same, so the answer never confirms that something exists elsewhere.
 */
public class LedgerNotFoundException extends ProblemException {

    public LedgerNotFoundException() {
        super(404, "not-found", "Not found", "Nothing matches this request for your tenant.");
    }
}
