package io.medsieve.ingest.rest;

import io.medsieve.api.Problem;
import io.medsieve.testsupport.TestTokens;
import io.medsieve.testsupport.documents.Canary;
import io.medsieve.testsupport.documents.DocumentFixtures;
import io.medsieve.testsupport.documents.FakePatient;
import io.medsieve.testsupport.documents.MalformedDocuments;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The regression run of the parser fuzzing corpus ({@link MalformedDocuments}: truncated, bit-flipped, wrong-magic,
 * zeroed and doubled PDFs, TIFFs, PNGs and JPEGs, bombs, parser-depth attacks) and of malformed multipart bodies
 * against the upload API. Whatever arrives, the service answers: an acceptance, or a 4xx problem+json with a code,
 * never a 5xx or a dropped connection, and no error repeats the planted patient's identifiers. It keeps answering
 * afterwards (liveness), so no input took the service down.
 */
@QuarkusTest
class MalformedUploadFuzzTest {

    private static final FakePatient PATIENT = FakePatient.withCanary();

    @Test
    void everyMalformedFileIsAcceptedOrRefusedWithAProblem() {
        String tenant = Uploads.newTenant("fuzz");
        Map<String, Integer> outcomes = new TreeMap<>();
        for (MalformedDocuments.Case input : MalformedDocuments.corpus(PATIENT, MalformedDocuments.REGRESSION_SEED)) {
            Response response = Uploads.upload(tenant, input.bytes(), "upload.bin", input.mediaType())
                    .extract().response();
            int status = response.statusCode();
            outcomes.merge(status + (status >= 400 ? " " + response.path("code") : ""), 1, Integer::sum);
            if (status == 202 || status == 200) {
                continue; // the mutation left a readable document; later stages must cope, see the OCR fuzz test
            }
            assertProblem(input.toString(), response);
        }
        System.out.println("Ingest fuzz corpus outcomes: " + outcomes);
        assertThat(outcomes.keySet()).as("the corpus is hostile enough to be refused").anyMatch(k -> k.startsWith("4"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void malformedMultipartBodiesAreRefusedWithAProblem() {
        byte[] pdf = DocumentFixtures.digitalPdf(List.of("Patient: " + PATIENT.name())).bytes();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("no file part", multipart("b1", part("b1", "priority", null, "urgent".getBytes()), true));
        bodies.put("no closing boundary", multipart("b1", part("b1", "file", "a.pdf", pdf), false));
        bodies.put("truncated mid-part", java.util.Arrays.copyOf(
                multipart("b1", part("b1", "file", "a.pdf", pdf), true), 120));
        bodies.put("empty body", new byte[0]);
        bodies.put("garbage", "\u0000\u0001 not multipart at all".getBytes(StandardCharsets.ISO_8859_1));
        bodies.put("header without end", ("--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\""
                + "\r\nX-Padding: " + "A".repeat(64 * 1024)).getBytes(StandardCharsets.ISO_8859_1));
        List<String> accepted = new ArrayList<>();
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            Response response = given()
                    .auth().oauth2(TestTokens.forTenant(Uploads.newTenant("fuzz-multipart"), "uploader"))
                    .contentType("multipart/form-data; boundary=b1")
                    .body(body.getValue())
                    .when().post("/v1/documents")
                    .then().extract().response();
            if (response.statusCode() == 202) {
                accepted.add(body.getKey());
                continue;
            }
            assertProblem(body.getKey(), response);
        }
        assertThat(accepted).as("malformed bodies that were taken as uploads").isEmpty();

        // A well-formed body whose file is itself a multipart body wrapping a PDF: the file is what it sniffs as.
        // PDF readers accept a header within the first 1024 bytes, so this one is a readable PDF and may be taken;
        // wrapping an image instead leaves bytes no reader accepts.
        byte[] png = DocumentFixtures.png("Referral to cardiology.", 150).bytes();
        Response nestedImage = given()
                .auth().oauth2(TestTokens.forTenant(Uploads.newTenant("fuzz-multipart"), "uploader"))
                .contentType("multipart/form-data; boundary=b1")
                .body(multipart("b1", part("b1", "file", "nested.bin",
                        multipart("b2", part("b2", "file", "inner.png", png), true)), true))
                .when().post("/v1/documents")
                .then().extract().response();
        assertProblem("nested multipart wrapping an image", nestedImage);
        Response nestedPdf = given()
                .auth().oauth2(TestTokens.forTenant(Uploads.newTenant("fuzz-multipart"), "uploader"))
                .contentType("multipart/form-data; boundary=b1")
                .body(multipart("b1", part("b1", "file", "nested.bin",
                        multipart("b2", part("b2", "file", "inner.pdf", pdf), true)), true))
                .when().post("/v1/documents")
                .then().extract().response();
        if (nestedPdf.statusCode() != 202) {
            assertProblem("nested multipart wrapping a PDF", nestedPdf);
        }
        given().when().get("/q/health/live").then().statusCode(200);
    }

    private static void assertProblem(String input, Response response) {
        assertThat(response.statusCode()).as("status for %s: %s", input, response.asString()).isBetween(400, 499);
        assertThat(response.contentType()).as("content type for %s", input).startsWith(Problem.MEDIA_TYPE);
        assertThat((String) response.path("code")).as("problem code for %s", input).isNotBlank();
        String body = response.asString();
        List<String> identifiers = new ArrayList<>(PATIENT.identifiers());
        identifiers.addAll(Canary.fragments(PATIENT.name()));
        for (String identifier : identifiers) {
            assertThat(body).as("problem for %s", input).doesNotContainIgnoringCase(identifier);
        }
    }

    private static byte[] part(String boundary, String name, String fileName, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"\r\nContent-Type: application/octet-stream")
                + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] multipart(String boundary, byte[] parts, boolean closed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(parts);
        if (closed) {
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }
}
