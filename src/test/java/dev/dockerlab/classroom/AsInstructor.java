package dev.dockerlab.classroom;


import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The tests' instructor: the test profile's token (application.properties, %test) as a Bearer. */
final class AsInstructor {

    static final String TOKEN = "test-instructor-token-0123456789";

    private AsInstructor() {
    }

    static RequestSpecification given() {
        return io.restassured.RestAssured.given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    /** Creates a workshop and answers {id, code}. */
    static Map<String, String> create(String name, List<String> lessons) {
        return given().body(Map.of("name", name, "lessons", lessons)).post("/api/workshops").then().statusCode(201)
                .extract().jsonPath().getMap("", String.class, String.class);
    }

    static RequestSpecification anonymous() {
        return io.restassured.RestAssured.given().contentType(ContentType.JSON);
    }
}
