/**
 * The publish history of a package as the registry's full packument records it: per version
 * the publisher, trusted-publisher and provenance flags, gitHead, install scripts and
 * dependencies, and the release lines that comparisons must stay inside. Pure: no I/O, no
 * crypto; a verified evidence level from {@code dev.trustlock.core.attest} can be laid over the
 * advertised one.
 */
package dev.trustlock.core.history;
