package dev.alexos.core.http;

/** HTTP methods a route may use. */
public enum HttpMethod {
    GET, POST, PUT, PATCH, DELETE
}
