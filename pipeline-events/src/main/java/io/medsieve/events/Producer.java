package io.medsieve.events;

import java.util.Objects;

/** The service (and its build version) that emitted an event, so an audit can tell which code ran. */
public record Producer(String service, String version) {

    public Producer {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(version, "version");
    }
}
