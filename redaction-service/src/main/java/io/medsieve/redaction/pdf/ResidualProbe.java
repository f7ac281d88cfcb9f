package io.medsieve.redaction.pdf;

/**
 * What must not be readable after redaction: a value of a type on a page (never logged).
 *
 * @param type  the identifier's type (the stage passes its PHI type name); it is what {@link ResidualCheck} counts by
 * @param page  1-based page the value was found on
 * @param value the identifier as it was read from the original
 */
public record ResidualProbe(String type, int page, String value) {

    /** Leaves the value out: a probe that ends up in a log or an exception message must not carry PHI with it. */
    @Override
    public String toString() {
        return "ResidualProbe[type=" + type + ", page=" + page + ", value=<" + value.length() + " chars>]";
    }
}
