package io.medsieve.ingest.service;

import java.util.Set;

/** The document formats MedSieve accepts, as detected from content. */
public final class MediaTypes {

    public static final String PDF = "application/pdf";
    public static final String TIFF = "image/tiff";
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";

    public static final Set<String> ACCEPTED = Set.of(PDF, TIFF, PNG, JPEG);

    private MediaTypes() {
    }
}
