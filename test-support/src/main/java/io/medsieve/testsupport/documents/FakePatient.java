package io.medsieve.testsupport.documents;

import java.time.LocalDate;
import java.util.List;

/**
 * A fictional patient whose every identifier is recognisably fake but shaped like the real thing, so
 * redaction is exercised on realistic formats without any risk of describing a real person: phone
 * numbers are in the 555-01xx range reserved for fiction, e-mail uses the reserved example.org domain,
 * ZIP codes are 00000-series, and identifiers carry a TEST marker.
 *
 * @param name      full name
 * @param dob       date of birth
 * @param mrn       medical record number
 * @param phone     phone number
 * @param address   street address on one line
 * @param email     e-mail address
 * @param memberId  insurance member id
 */
public record FakePatient(String name, LocalDate dob, String mrn, String phone, String address, String email,
        String memberId) {

    /** The fixed patient of the committed samples; fixed so regenerated samples are byte-stable. */
    public static FakePatient demo() {
        return new FakePatient("Zora Quibblewick", LocalDate.of(1958, 3, 14), "MRN-TEST-0042731",
                "(555) 010-4477", "42 Imaginary Lane, Apt 3B, Testville, ZZ 00042", "zora.quibblewick@example.org",
                "ZQW-TEST-900112233");
    }

    /** A patient named with a fresh {@link Canary}, for tests that track where the name ends up. */
    public static FakePatient withCanary() {
        return demo().withName(Canary.newName());
    }

    public FakePatient withName(String newName) {
        String local = newName.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", ".");
        return new FakePatient(newName, dob, mrn, phone, address, local + "@example.org", memberId);
    }

    /** Date of birth as the sample documents print it (US style), which is the form redaction must catch. */
    public String dobText() {
        return String.format("%02d/%02d/%04d", dob.getMonthValue(), dob.getDayOfMonth(), dob.getYear());
    }

    /** Every identifying value as printed in the sample texts, for asserting that none survives redaction. */
    public List<String> identifiers() {
        return List.of(name, dobText(), mrn, phone, address, email, memberId);
    }
}
