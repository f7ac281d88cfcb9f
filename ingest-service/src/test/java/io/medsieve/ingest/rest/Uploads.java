package io.medsieve.ingest.rest;

import io.medsieve.testsupport.TestTokens;
import io.restassured.response.ValidatableResponse;

import static io.restassured.RestAssured.given;

/** Sends uploads the way a client would, with a file name and declared type the service must ignore. */
final class Uploads {

    private Uploads() {
    }

    static ValidatableResponse upload(String tenant, byte[] bytes, String clientFileName, String clientType) {
        return given()
                .auth().oauth2(TestTokens.forTenant(tenant, "uploader"))
                .multiPart("file", clientFileName, bytes, clientType)
                .when().post("/v1/documents")
                .then();
    }

    static ValidatableResponse status(String tenant, String documentId) {
        return given()
                .auth().oauth2(TestTokens.forTenant(tenant, "uploader"))
                .when().get("/v1/documents/{id}", documentId)
                .then();
    }

    static String newTenant(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }
}
