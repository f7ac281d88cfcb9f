package io.medsieve.events;

/** How soon the submitter needs the analysis; urgent documents take the synchronous path. */
public enum Priority {
    ROUTINE,
    URGENT
}
