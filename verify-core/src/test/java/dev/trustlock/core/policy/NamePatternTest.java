package dev.trustlock.core.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamePatternTest {

    @Test
    void scopeGlobMatchesOnlyThatScope() {
        NamePattern p = new NamePattern("@aws-sdk/*");
        assertTrue(p.matches("@aws-sdk/client-s3"));
        assertFalse(p.matches("@aws-sdk-evil/client-s3"));
        assertFalse(p.matches("@aws-sdk/client-s3/extra"));
        assertFalse(p.matches("aws-sdk"));
    }

    @Test
    void singleStarStaysInOneSegmentDoubleStarDoesNot() {
        assertTrue(new NamePattern("*").matches("axios"));
        assertFalse(new NamePattern("*").matches("@types/node"));
        assertTrue(new NamePattern("**").matches("@types/node"));
        assertTrue(new NamePattern("@types/no?e").matches("@types/node"));
        assertTrue(new NamePattern("lodash.*").matches("lodash.merge"));
    }

    @Test
    void exactNamesAreExactAndCaseSensitive() {
        assertTrue(new NamePattern("axios").matches("axios"));
        assertFalse(new NamePattern("axios").matches("Axios"));
        assertFalse(new NamePattern("axios").matches("axios-retry"));
    }
}
