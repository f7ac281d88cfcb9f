package io.medsieve.events;

/** How the text of a page was obtained. */
public enum ExtractionMethod {
    /** The PDF's own text layer. */
    TEXT_LAYER,
    /** Optical character recognition of the rendered or scanned page. */
    OCR
}
