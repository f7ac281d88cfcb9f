package io.medsieve.ingest.service;

import io.medsieve.api.ProblemException;

/**
 * An upload refused for a stated reason. The detail is written by MedSieve code and never quotes the document,
 * its file name or a parser's message (parsers can echo document content).
 */
public class DocumentRejectedException extends ProblemException {

    private final Rejection rejection;

    public DocumentRejectedException(Rejection rejection, String detail) {
        super(rejection.status(), rejection.code(), rejection.title(), detail);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
