package io.medsieve.router.policy;

import java.util.List;

/**
 * A policy document that cannot be used, with every problem found (not just the first), so an author fixes them in
 * one round. Messages are written by the parser and quote only field names and the offending policy values, never
 * parser internals.
 */
public class InvalidPolicyException extends RuntimeException {

    private final List<String> errors;

    public InvalidPolicyException(List<String> errors) {
        super(String.join("; ", errors), null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
