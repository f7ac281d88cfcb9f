package io.medsieve.redaction.detect;

/**
 * What kind of identifier a span is, one constant per HIPAA Safe Harbor category (45 CFR 164.514(b)(2)).
 *
 * <p>Why a finer split than the 18 letters of the rule: the tenant policy sets thresholds per type, and a
 * reviewer needs to see which kind of identifier was removed. The mapping to the Safe Harbor list is:
 * (A) names: {@link #NAME}; (B) geographic subdivisions smaller than a state: {@link #STREET_ADDRESS},
 * {@link #CITY}, {@link #LOCATION} (hospitals, facilities, other named places), {@link #ZIP};
 * (C) all elements of dates except the year, and ages over 89: {@link #DATE}, {@link #AGE_OVER_89};
 * (D) {@link #PHONE}; (E) {@link #FAX}; (F) {@link #EMAIL}; (G) {@link #SSN}; (H) {@link #MRN};
 * (I) {@link #HEALTH_PLAN_ID}; (J) {@link #ACCOUNT_NUMBER} (also card numbers and IBANs);
 * (K) {@link #LICENSE_NUMBER} (certificates and licences, NPI and DEA numbers); (L) {@link #VEHICLE_ID};
 * (M) {@link #DEVICE_ID}; (N) {@link #URL}; (O) {@link #IP_ADDRESS}; (P) {@link #BIOMETRIC_ID};
 * (Q) {@link #PHOTO_REFERENCE}; (R) any other unique identifying number or code: {@link #OTHER_ID}.
 * A year alone is deliberately not a type: Safe Harbor allows it.
 */
public enum PhiType {
    NAME,
    STREET_ADDRESS,
    CITY,
    LOCATION,
    ZIP,
    DATE,
    AGE_OVER_89,
    PHONE,
    FAX,
    EMAIL,
    SSN,
    MRN,
    HEALTH_PLAN_ID,
    ACCOUNT_NUMBER,
    LICENSE_NUMBER,
    VEHICLE_ID,
    DEVICE_ID,
    URL,
    IP_ADDRESS,
    BIOMETRIC_ID,
    PHOTO_REFERENCE,
    OTHER_ID
}
