package io.medsieve.redaction.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validators with published good numbers and one-digit-off bad ones. */
class ChecksumTest {

    @Test
    void luhnAcceptsTestCardNumbersAndRejectsOffByOne() {
        assertTrue(Checksum.LUHN.test("4111111111111111"));
        assertTrue(Checksum.LUHN.test("4111 1111 1111 1111"));
        assertTrue(Checksum.LUHN.test("5500-0000-0000-0004"));
        assertTrue(Checksum.LUHN.test("378282246310005"));
        assertFalse(Checksum.LUHN.test("4111111111111112"));
        assertFalse(Checksum.LUHN.test("1234"));
        assertFalse(Checksum.LUHN.test("4111x11111111111"));
    }

    @Test
    void npiUsesLuhnWithThe80840Prefix() {
        assertTrue(Checksum.NPI.test("1234567893"));
        assertTrue(Checksum.NPI.test("1245319599"));
        assertFalse(Checksum.NPI.test("1234567890"));
        assertFalse(Checksum.NPI.test("3234567893"));
        assertFalse(Checksum.NPI.test("123456789"));
    }

    @Test
    void deaCheckDigit() {
        // AB1234563: (1+3+5) + 2*(2+4+6) = 33 -> check digit 3
        assertTrue(Checksum.DEA.test("AB1234563"));
        assertTrue(Checksum.DEA.test("BJ6125341"));
        assertFalse(Checksum.DEA.test("AB1234564"));
        assertFalse(Checksum.DEA.test("1B1234563"));
        assertFalse(Checksum.DEA.test("AB123456"));
    }

    @Test
    void ssnRanges() {
        assertTrue(Checksum.SSN.test("123-45-6789"));
        assertTrue(Checksum.SSN.test("078 05 1120"));
        assertFalse(Checksum.SSN.test("000-12-3456"));
        assertFalse(Checksum.SSN.test("666-12-3456"));
        assertFalse(Checksum.SSN.test("900-12-3456"));
        assertFalse(Checksum.SSN.test("123-00-4567"));
        assertFalse(Checksum.SSN.test("123-45-0000"));
        assertFalse(Checksum.SSN.test("12345678"));
    }
}
