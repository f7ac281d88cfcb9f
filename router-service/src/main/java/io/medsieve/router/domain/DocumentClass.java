package io.medsieve.router.domain;

/**
 * What kind of document the router believes it holds. The class decides the risk tier through the tenant's policy,
 * so the list is about risk, not about every form a clinic uses: anything that fits none of them is {@link #OTHER},
 * which the policy engine treats as unknown and never lets leave the machine.
 */
public enum DocumentClass {
    IDENTITY_DOCUMENT,
    REFERRAL_LETTER,
    DISCHARGE_SUMMARY,
    ENCOUNTER_SUMMARY,
    LAB_REPORT,
    MEDICATION_LIST,
    PSYCHIATRIC_NOTE,
    IMAGING_REPORT,
    /** Claims, invoices and explanations of benefits. */
    BILLING_CLAIM,
    INSURANCE_CARD,
    /** Many pages of mixed record types: an export of a whole chart. */
    FULL_CHART,
    OTHER
}
